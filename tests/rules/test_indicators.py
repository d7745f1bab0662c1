"""Indicators: rates, QĐ 766 points and Biểu 06, plus the identities on random registers."""

import datetime as dt

import pytest
from helpers.registers import TEST_CATALOG, engine_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tthc_xl.rules import indicators as ind
from tthc_xl.rules import scorecard
from tthc_xl.rules.catalog import Catalog, Procedure, Unit


def test_progress_points_match_the_published_example():
    # 99.55% early/on time/within gives 19,91 of 20 (docs/rules.md, QĐ 766)
    c = {"early": 9000, "on_time": 955, "pending_within": 0, "total": 10000}
    assert scorecard.progress_points(c) == pytest.approx(19.91)
    assert scorecard.progress_points({**c, "total": 0}) is None


def test_online_service_points():
    # A = 3/4 -> min(2, 1.875); B = 1 -> 4; C = 0.9996 -> min(6, 11.99) = 6
    assert scorecard.OnlineServiceParts(0.75, 1.0, 0.9996).points == pytest.approx(11.875)
    # C = 0.25 -> 3 points; A = 0.9 -> capped at 2; B = 0.5 -> 2
    assert scorecard.OnlineServiceParts(0.9, 0.5, 0.25).points == pytest.approx(7.0)
    assert scorecard.OnlineServiceParts(0.9, None, 0.25).points is None


def test_online_service_parts_from_dossiers():
    catalog = Catalog(
        {
            p.code: p
            for p in (
                Procedure("1.000001", "A", "X", 1, Unit.WORKING_DAYS, "Toàn trình"),
                Procedure("1.000002", "B", "X", 1, Unit.WORKING_DAYS, "Một phần"),
                Procedure("1.000003", "C", "X", 1, Unit.WORKING_DAYS, "Không"),
                Procedure("1.000004", "D", "X", 1, Unit.WORKING_DAYS, "Toàn trình"),
            )
        }
    )
    engine = engine_of(
        {"procedure_code": "1.000001", "received_at": "02/03/2026 08:00", "channel": 2},
        {"procedure_code": "1.000002", "received_at": "02/03/2026 08:00", "channel": 1},
        {"procedure_code": "1.000003", "received_at": "02/03/2026 08:00", "channel": 2},
        {"procedure_code": "1.000004", "received_at": "02/12/2025 08:00", "channel": 2},
        catalog=catalog,
    )
    parts = engine.evaluate("2026-Q1").online_service
    # A: 3 of 4 have an online service; B: only 1.000001 of those 3 got an online dossier
    # in the period (1.000004's was carried over); C: 2 of 3 new dossiers online
    assert (parts.a, parts.b, parts.c) == (0.75, pytest.approx(1 / 3), pytest.approx(2 / 3))
    assert parts.points == pytest.approx(min(2, 2 * 0.75 / 0.8) + 4 / 3 + 6)


def test_satisfaction_first_part():
    c = {"late": 1, "pending_overdue": 0, "total": 100}
    assert scorecard.satisfaction_points(c) == pytest.approx(6.0)  # r = 0.99 >= 0.9
    c = {"late": 20, "pending_overdue": 0, "total": 100}
    assert scorecard.satisfaction_points(c) == pytest.approx(6 * 0.8 / 0.9)


def test_bieu06_rows_by_field():
    engine = engine_of(
        {
            "procedure_code": "1.004873",
            "received_at": "16/03/2026 10:00",
            "channel": 2,
            "finished_at": "18/03/2026 10:00",
        },
        {"procedure_code": "1.004873", "received_at": "16/03/2026 10:00", "channel": 1},
        {
            "procedure_code": "2.001150",
            "received_at": "16/03/2026 10:00",
            "channel": 3,
            "finished_at": "20/03/2026 10:00",
        },
        {"procedure_code": "2.001150", "received_at": "15/12/2025 10:00", "channel": 2},
    )
    rows = engine.evaluate("2026-Q1").bieu06()
    # STT, field, 3 total, 4 online, 5 direct+postal, 6 carried, 7 resolved, 8 early,
    # 9 on time, 10 late, 11 pending, 12 within, 13 overdue
    assert rows == [
        [1, "Chứng thực", 2, 0, 1, 1, 1, 0, 0, 1, 1, 0, 1],
        [2, "Hộ tịch", 2, 1, 1, 0, 1, 1, 0, 0, 1, 0, 1],
        ["", "Tổng cộng", 4, 1, 2, 1, 2, 1, 0, 1, 2, 0, 2],
    ]


def test_blank_field_is_taken_from_the_catalog():
    engine = engine_of(
        {"procedure_code": "1.004873", "received_at": "16/03/2026 10:00", "field": ""}
    )
    assert list(engine.evaluate("2026-Q1").by_field) == ["Hộ tịch"]


# ------------------------------------------------------------------ properties

DAY0 = dt.datetime(2025, 12, 1)
codes = st.sampled_from([*TEST_CATALOG.procedures, "9.999999"])
moments = st.integers(0, 150 * 24 * 60).map(lambda m: DAY0 + dt.timedelta(minutes=m))
maybe = lambda s: st.one_of(st.none(), s)  # noqa: E731


@st.composite
def dossier(draw):
    received = draw(moments)
    finished = draw(maybe(st.integers(0, 40 * 24 * 60)))
    requested = draw(maybe(st.integers(0, 10 * 24 * 60)))
    supplied = draw(maybe(st.integers(0, 10 * 24 * 60)))
    return {
        "procedure_code": draw(codes),
        "field": draw(st.sampled_from(["", "Hộ tịch", "Chứng thực", "Đất đai"])),
        "channel": draw(st.sampled_from(["", 1, 2, 3, "Trực tuyến", "x"])),
        "status": draw(st.sampled_from(["", 1, 2, 3, 4, 5, 9, 10, "Đã trả kết quả"])),
        "received_at": draw(st.sampled_from([received, received.strftime("%d/%m/%Y %H:%M")])),
        "due_at": draw(maybe(moments)),
        "finished_at": None if finished is None else received + dt.timedelta(minutes=finished),
        "supplement_requested_at": None
        if requested is None
        else received + dt.timedelta(minutes=requested),
        "supplement_received_at": None
        if requested is None or supplied is None
        else received + dt.timedelta(minutes=requested + supplied),
        "supplement_count": draw(st.sampled_from([None, 0, 1, 2])),
    }


def _check_identities(c):
    assert c["total"] == c["resolved"] + c["pending"]
    assert c["total"] == c["carried_over"] + c["received_new"]
    assert c["received_new"] == c["received_online"] + c["received_direct"] + c["received_postal"]
    assert c["resolved"] == c["early"] + c["on_time"] + c["late"]
    assert c["pending"] == c["pending_within"] + c["pending_overdue"]
    assert 0 <= c["due_soon"] <= c["pending_within"]


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    dossiers=st.lists(dossier(), min_size=0, max_size=25),
    period=st.sampled_from(["2026-Q1", "2026-01", "2026-02", "2025-12", "2026"]),
    mode=st.sampled_from(["date", "moment"]),
    as_of_day=st.one_of(st.none(), st.integers(0, 27)),
)
def test_totals_and_bieu06_identities_hold(dossiers, period, mode, as_of_day):
    engine = engine_of(*dossiers) if dossiers else engine_of()
    p = engine.evaluate(period).period
    as_of = None if as_of_day is None else p.start + dt.timedelta(days=as_of_day, hours=10)
    result = engine.evaluate(p, as_of, mode)
    _check_identities(result.counts)
    for c in result.by_field.values():
        _check_identities(c)
    # by-field counts add up to the totals
    for key in ind.COUNT_KEYS:
        assert sum(c[key] for c in result.by_field.values()) == result.counts[key]
    rows = result.bieu06()
    for row in rows:
        col = dict(zip(range(1, 14), row, strict=True))
        assert col[3] == col[4] + col[5] + col[6]
        assert col[7] == col[8] + col[9] + col[10]
        assert col[11] == col[12] + col[13]
        assert col[3] == col[7] + col[11]
    total = rows[-1]
    for i in range(2, 13):
        assert total[i] == sum(r[i] for r in rows[:-1])
    # every in-scope dossier has exactly one outcome
    outcomes = [r["outcome"] for r in result.dossier_records()]
    assert sum(o != "out_of_scope" for o in outcomes) == result.counts["total"]

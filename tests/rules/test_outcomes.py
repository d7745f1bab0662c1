"""Outcomes for a period, worked out by hand from docs/rules.md, outcomes.

The 3-working-day procedure received Mon 16/3/2026 10:00 is due Thu 19/3/2026 10:00.
"""

import datetime as dt

import pytest
from helpers.registers import engine_of

THREE_DAYS = "1.004873"
BASE = {"procedure_code": THREE_DAYS, "received_at": "16/03/2026 10:00", "channel": "Trực tuyến"}


def outcome(mode="date", as_of=None, period="2026-Q1", **fields):
    engine = engine_of({**BASE, **fields})
    return engine.evaluate(period, as_of, mode).dossier_records()[0]["outcome"]


@pytest.mark.parametrize(
    ("finished", "date_mode", "moment_mode"),
    [
        ("18/03/2026 16:00", "early", "early"),
        ("19/03/2026 09:00", "on_time", "on_time"),
        ("19/03/2026 10:00", "on_time", "on_time"),
        ("19/03/2026 15:00", "on_time", "late"),  # same date, later moment
        ("20/03/2026 08:00", "late", "late"),
    ],
)
def test_resolved_in_both_modes(finished, date_mode, moment_mode):
    assert outcome("date", finished_at=finished) == date_mode
    assert outcome("moment", finished_at=finished) == moment_mode


def test_returned_date_is_the_end_when_finished_is_blank():
    assert outcome(returned_at="18/03/2026 16:00") == "early"
    assert outcome(finished_at="18/03/2026 16:00", returned_at="25/03/2026 16:00") == "early"


def test_two_supplement_requests_make_it_late():
    assert outcome(finished_at="18/03/2026 16:00", supplement_count=2) == "late"
    assert outcome(supplement_count=2) == "pending_overdue"
    assert outcome(finished_at="18/03/2026 16:00", supplement_count=1) == "early"


def test_pending_overdue_at_period_end():
    assert outcome() == "pending_overdue"
    # finished after the period end: still pending at the period end
    assert outcome(finished_at="02/04/2026 08:00") == "pending_overdue"


def test_as_of_on_the_due_day_differs_by_mode():
    as_of = dt.datetime(2026, 3, 19, 12, 0)
    assert outcome("date", as_of) == "pending_within"
    assert outcome("moment", as_of) == "pending_overdue"


def test_as_of_snapshot_ignores_later_events():
    as_of = dt.datetime(2026, 3, 17, 12, 0)
    assert outcome(as_of=as_of, finished_at="18/03/2026 08:00") == "pending_within"
    assert outcome(as_of=as_of, received_at="17/03/2026 13:00") == "out_of_scope"


def test_awaiting_supplement_is_judged_at_the_request():
    # requested before the due date and never received: within, even weeks later
    assert outcome(supplement_requested_at="18/03/2026 09:00") == "pending_within"
    # requested after the due date: overdue
    assert outcome(supplement_requested_at="20/03/2026 09:00") == "pending_overdue"
    # moment mode compares the request with the due moment (19/3 10:00)
    assert outcome("date", supplement_requested_at="19/03/2026 15:00") == "pending_within"
    assert outcome("moment", supplement_requested_at="19/03/2026 15:00") == "pending_overdue"


def test_supplement_received_after_as_of_is_still_awaited():
    # pause 18/3 09:00 -> 25/3 09:00 moves the due date to 26/3 10:00; at 24/3 the
    # supplement is still awaited and the request was in time
    fields = {
        "supplement_requested_at": "18/03/2026 09:00",
        "supplement_received_at": "25/03/2026 09:00",
    }
    engine = engine_of({**BASE, **fields})
    record = engine.evaluate("2026-Q1", dt.datetime(2026, 3, 24, 12, 0)).dossier_records()[0]
    assert record["due_at"] == "2026-03-26T10:00"
    assert record["outcome"] == "pending_within"
    # after it arrived the clock runs again against the moved due date
    assert outcome(as_of=dt.datetime(2026, 3, 27, 8, 0), **fields) == "pending_overdue"


def test_carried_over_and_scope():
    # 30/12/2025 10:00 + 3 working days: 31/12, 5/1, 6/1 (1-4 January are off)
    engine = engine_of(
        {
            "procedure_code": THREE_DAYS,
            "received_at": "30/12/2025 10:00",
            "finished_at": "05/01/2026 09:00",
        },
        {
            "procedure_code": THREE_DAYS,
            "received_at": "30/12/2025 10:00",
            "finished_at": "31/12/2025 09:00",
        },
        {"procedure_code": THREE_DAYS, "received_at": "30/12/2025 10:00"},
        {"procedure_code": THREE_DAYS, "received_at": "05/01/2026 10:00", "status": 1},
        {
            "procedure_code": THREE_DAYS,
            "received_at": "05/01/2026 10:00",
            "status": "Không được tiếp nhận",
        },
        {
            "procedure_code": THREE_DAYS,
            "received_at": "05/01/2026 10:00",
            "status": "khong duoc tiep nhan",
        },
    )
    result = engine.evaluate("2026-Q1")
    records = result.dossier_records()
    assert records[0]["due_at"] == "2026-01-06T10:00"
    assert [r["outcome"] for r in records] == [
        "early",
        "out_of_scope",
        "pending_overdue",
        "out_of_scope",
        "out_of_scope",
        "out_of_scope",
    ]
    c = result.counts
    assert (c["carried_over"], c["received_new"], c["total"]) == (2, 0, 2)
    assert (c["resolved"], c["pending"]) == (1, 1)


def test_no_due_date_counts_on_time_or_within_and_is_listed():
    engine = engine_of(
        {
            "procedure_code": "9.999999",
            "received_at": "16/03/2026 10:00",
            "finished_at": "30/03/2026 10:00",
        },
        {"procedure_code": "9.999999", "received_at": "16/03/2026 10:00"},
    )
    records = engine.evaluate("2026-Q1").dossier_records()
    assert [r["outcome"] for r in records] == ["on_time", "pending_within"]
    assert all(r["due_at"] is None and r["warnings"] for r in records)


def test_end_status_without_end_date_is_pending_with_a_warning():
    engine = engine_of({**BASE, "status": "Đã trả kết quả"})
    (record,) = engine.evaluate("2026-Q1").dossier_records()
    assert record["outcome"] == "pending_overdue"
    assert any("chưa giải quyết" in w for w in record["warnings"])


def test_channel_split_and_online_rate():
    engine = engine_of(
        {**BASE, "channel": "Trực tuyến"},
        {**BASE, "channel": 2},
        {**BASE, "channel": "truc tiep"},
        {**BASE, "channel": ""},  # blank counts as direct
        {**BASE, "channel": "3"},
    )
    result = engine.evaluate("2026-Q1")
    c = result.counts
    assert (c["received_online"], c["received_direct"], c["received_postal"]) == (2, 2, 1)
    assert result.rates["online_rate"] == pytest.approx(2 / 5)


def test_zero_denominators_give_no_value():
    engine = engine_of({**BASE, "received_at": "16/03/2025 10:00", "finished_at": "17/03/2025"})
    result = engine.evaluate("2026-Q1")
    assert result.counts["total"] == 0
    assert result.rates == {"online_rate": None, "early_rate": None, "on_time_or_early_rate": None}
    index = result.kpi()["index766"]
    assert set(index) >= {"progress", "online_service"} and set(index.values()) == {None}
    # pending only: no resolved dossier, so no early rate, but an online rate
    result = engine_of(BASE).evaluate("2026-Q1")
    assert result.rates["early_rate"] is None and result.rates["online_rate"] == 1.0


def test_due_soon_within_k_working_days():
    # as of Tue 17/3 12:00, K = 1: the horizon is Wed 18/3 12:00
    as_of = dt.datetime(2026, 3, 17, 12, 0)
    due_dates = ["18/03/2026 10:00", "18/03/2026 17:00", "19/03/2026 10:00", "17/03/2026 08:00"]
    engine = engine_of(*({**BASE, "due_at": d} for d in due_dates))
    date = engine.evaluate("2026-Q1", as_of, "date").dossiers()
    moment = engine.evaluate("2026-Q1", as_of, "moment").dossiers()
    assert date["due_soon"].tolist() == [True, True, False, True]
    # in moment mode 18/3 17:00 is past the horizon and 17/3 08:00 is already overdue
    assert moment["due_soon"].tolist() == [True, False, False, False]


def test_warning_days_is_a_setting():
    from tthc_xl.rules.settings import Settings

    as_of = dt.datetime(2026, 3, 17, 12, 0)
    engine = engine_of({**BASE, "due_at": "19/03/2026 10:00"}, settings=Settings(warning_days=2))
    assert engine.evaluate("2026-Q1", as_of).counts["due_soon"] == 1


def test_period_kinds():
    engine = engine_of({**BASE, "finished_at": "18/03/2026 16:00"})
    for period in (
        "2026-03",
        "2026-Q1",
        "2026-H1",
        "2026",
        "2026-03-16..2026-03-31",
        "16/03/2026..18/03/2026",
    ):
        assert engine.evaluate(period).counts["early"] == 1, period
    assert engine.evaluate("2026-02").counts["total"] == 0
    assert engine.evaluate("2026-04").counts["total"] == 0  # finished before April


def test_as_of_outside_the_period_is_refused():
    engine = engine_of(BASE)
    with pytest.raises(ValueError, match="phải nằm trong kỳ"):
        engine.evaluate("2026-Q1", dt.datetime(2026, 4, 2))


def test_compare_mode_defaults_to_the_setting():
    from tthc_xl.rules.settings import CompareMode, Settings

    fields = {**BASE, "finished_at": "19/03/2026 15:00"}
    assert engine_of(fields).evaluate("2026-Q1").counts["on_time"] == 1
    engine = engine_of(fields, settings=Settings(compare_mode=CompareMode.MOMENT))
    assert engine.evaluate("2026-Q1").counts["late"] == 1

"""The QĐ 766 scorecard: one table, and every surface that reads it.

A group is one entry of `scorecard.GROUPS_766`; these tests pin that the indicator table,
`Result.kpi()`, CauHinh's rows, the report's standing and placeholders, the city's columns
and ranking all follow the table, and what each kind of group (computed, typed, computed
in part) gives.
"""

import datetime as dt
from dataclasses import replace

import pytest
from helpers.registers import engine_of

from tthc_xl.city import store
from tthc_xl.report.template import PLACEHOLDER_NAMES
from tthc_xl.rules import index766, labels, scorecard
from tthc_xl.rules.portal import portal_view
from tthc_xl.rules.scorecard import GROUP_766, GROUPS_766, Source
from tthc_xl.rules.settings import PORTAL_LABELS, Settings

T = dt.datetime


@pytest.fixture(scope="module")
def result():
    """Four dossiers of Q1 2026 (3 working days): two early, one late, one pending within
    its deadline at the as-of moment."""
    code = "1.004873"
    engine = engine_of(
        {"procedure_code": code, "received_at": T(2026, 1, 5, 8), "finished_at": T(2026, 1, 5, 9),
         "channel": "Trực tuyến"},
        {"procedure_code": code, "received_at": T(2026, 1, 6, 8), "finished_at": T(2026, 1, 6, 9),
         "channel": "Trực tiếp"},
        {"procedure_code": code, "received_at": T(2026, 1, 7, 8),
         "finished_at": T(2026, 3, 20, 9), "channel": "Trực tuyến"},
        {"procedure_code": code, "received_at": T(2026, 3, 30, 8), "channel": "Trực tuyến"},
    )  # fmt: skip
    return engine.evaluate("2026-Q1", as_of=T(2026, 3, 31, 12))


def test_each_group_has_one_kind_and_the_table_adds_up():
    kinds = {g.key: g.source for g in GROUPS_766}
    assert kinds == {
        "transparency": Source.TYPED,
        "progress": Source.COMPUTED,
        "online_service": Source.COMPUTED,
        "online_payment": Source.TYPED,
        "satisfaction": Source.MIXED,
        "digitisation": Source.TYPED,
    }
    assert [g.key for g in scorecard.COMPUTED_766] == ["progress", "online_service"]
    assert scorecard.TOTAL_766 == sum(g.max_points for g in GROUPS_766) == 100
    assert index766.TOTAL_NAME == "Tổng điểm (100)"


def test_the_indicator_table_and_kpi_list_the_computed_groups(result):
    rows = [i for i in labels.INDICATORS if i.section == "index766"]
    assert [i.key for i in rows] == [g.key for g in scorecard.COMPUTED_766]
    assert [i.formula for i in rows] == ["INDEX766_PROGRESS({t},{p})", "INDEX766_ONLINE({t},{p})"]
    kpi = result.kpi()["index766"]
    assert list(kpi) == ["progress", "online_service"]
    # 2 early + 1 pending within of 4: 20 x 3/4
    assert kpi["progress"] == pytest.approx(15.0)
    assert kpi["online_service"] == result.online_service.points


def test_a_group_without_a_named_function_gets_the_generic_one():
    made_up = scorecard.Group766("speed", "Made up", 5.0, score=lambda r, typed: 1.0)
    assert made_up.computed and made_up.call == 'INDEX766({t},{p},"speed")'
    assert made_up.own_placeholder == "diem_speed" and made_up.portal_placeholder == "cong_speed"


def test_cauhinh_rows_come_from_the_groups():
    for g in GROUPS_766:
        assert g.portal_label in PORTAL_LABELS
        assert (g.own_label in PORTAL_LABELS) == (g.source is Source.TYPED)
    satisfaction = GROUP_766["satisfaction"]
    typed_parts = [p.typed_label for p in satisfaction.parts if p.typed]
    assert typed_parts == [
        "Điểm xử lý phản ánh, kiến nghị (6)",
        "Điểm thời gian xử lý phản ánh, kiến nghị (6)",
    ]
    assert set(typed_parts) <= set(PORTAL_LABELS)


def _settings(**typed: str) -> Settings:
    return replace(Settings(), portal=typed)


def test_standing_without_anything_typed(result):
    standing = index766.standing(result, Settings(), portal_view(result))
    own = {r.key: r.own for r in standing.rows}
    assert own["progress"] == pytest.approx(15.0)
    # typed groups and the satisfaction (its complaint parts are typed) are unknown
    assert own["transparency"] is own["satisfaction"] is own["digitisation"] is None
    assert standing.total is None and standing.portal_total is None
    assert [r.source for r in standing.rows] == [g.source.value for g in GROUPS_766]
    # what the portal will see: progress (from its own list) and online service
    assert [r.key for r in standing.rows if r.shows_seen] == ["progress", "online_service"]
    assert standing.row("progress").seen is None  # no portal list imported


def test_standing_with_everything_typed(result):
    settings = _settings(
        **{
            GROUP_766["transparency"].own_label: "17,5",
            GROUP_766["online_payment"].own_label: "9",
            GROUP_766["digitisation"].own_label: "20",
            "Điểm xử lý phản ánh, kiến nghị (6)": "6",
            "Điểm thời gian xử lý phản ánh, kiến nghị (6)": "5.5",
            "Tỷ lệ hồ sơ có phản ánh, kiến nghị": "10%",
            "Cổng DVCQG - Tiến độ giải quyết (20)": "19,91",
            scorecard.PORTAL_TOTAL_LABEL: "88",
        }
    )
    standing = index766.standing(result, settings, portal_view(result))
    first = scorecard.satisfaction_points(result.counts, 0.10)
    assert standing.row("satisfaction").own == pytest.approx(first + 6 + 5.5)
    assert standing.row("transparency").own == 17.5
    assert standing.row("progress").portal == pytest.approx(19.91)
    values = [r.own for r in standing.rows]
    assert standing.total == pytest.approx(sum(values))
    numbers = standing.placeholders()
    assert numbers["diem_hai_long_1"] == pytest.approx(first)
    assert numbers["diem_thoi_gian_phan_anh"] == 5.5
    assert numbers["diem_cong_khai"] == 17.5
    assert numbers["cong_tien_do"] == pytest.approx(19.91)
    assert numbers["cong_tong_diem"] == 88
    assert numbers["tong_diem_766"] == pytest.approx(standing.total)


def test_every_standing_number_has_a_template_placeholder(result):
    numbers = index766.standing(result, Settings(), portal_view(result)).placeholders()
    assert set(numbers) <= PLACEHOLDER_NAMES
    assert {g.own_placeholder for g in GROUPS_766} <= PLACEHOLDER_NAMES


def test_the_city_ranks_by_the_computed_groups():
    assert store.POINT_KEYS == ("progress", "online_service")
    assert store.RANK_ORDER[0] == (
        "round(coalesce(progress, 0) + coalesce(online_service, 0), 6) DESC"
    )
    assert "(Tiến độ giải quyết + Dịch vụ công trực tuyến)" in store.RANK_RULE
    # a city's summed counts score progress, not online service (its parts are not sums)
    assert list(scorecard.city_points({"early": 1, "on_time": 0, "pending_within": 0,
                                       "total": 2})) == ["progress"]  # fmt: skip

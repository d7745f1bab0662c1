"""city.workbook directly: the ranking workbook written from a city view, read back."""

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from helpers.communes import small_commune as commune
from openpyxl.utils import get_column_letter

from tthc_xl.city.communes import Failure
from tthc_xl.city.view import assemble
from tthc_xl.city.workbook import write_city_workbook
from tthc_xl.rules.period import parse_period
from tthc_xl.rules.scorecard import COMPUTED_766, progress_points
from tthc_xl.style.numbers import truncate

AS_OF = dt.datetime(2026, 3, 31, 17)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    items = [
        commune("Xã An", 3, 1),
        commune("Xã Ba", 4, 0),
        Failure("hong.xlsx", "Không đọc được sổ 'hong.xlsx': tệp hỏng."),
    ]
    view = assemble(items, parse_period("2026-Q1"), AS_OF, Path("."))
    out = tmp_path_factory.mktemp("city") / "XepHang.xlsx"
    out.write_bytes(b"an older ranking")  # replaced whole
    assert write_city_workbook(view, out) == out
    return view, out, openpyxl.load_workbook(out)


def test_sheets_and_nothing_left_beside_the_file(written):
    _, out, wb = written
    assert wb.sheetnames == ["XepHang", "BieuDo", "QuaHan", "TepLoi"]
    assert [p.name for p in out.parent.iterdir()] == ["XepHang.xlsx"]  # no temp file


def test_the_ranking_table_has_a_points_column_per_computed_group(written):
    view, _, wb = written
    ws = wb["XepHang"]
    header = [c.value for c in ws[4]]
    assert header[:2] == ["Hạng", "Đơn vị"]
    points = [f"Điểm {g.short_name} ({g.max_points:g})" for g in COMPUTED_766]
    most = sum(g.max_points for g in COMPUTED_766)
    assert header[-len(points) - 1 :] == [*points, f"Tổng điểm ({most:g})"]
    assert {"Điểm Tiến độ (20)", "Điểm DVC trực tuyến (12)"} <= set(points)
    assert [ws.cell(row=r, column=2).value for r in (5, 6)] == ["Xã Ba", "Xã An"]
    first = len(header) - len(points)  # the first points column, 1-based
    progress = first + [g.key for g in COMPUTED_766].index("progress")
    assert [ws.cell(row=r, column=progress).value for r in (5, 6)] == [20.0, 15.0]
    # the total sums the points columns in Excel, "—" when one is missing
    cells = "+".join(f"{get_column_letter(c)}5" for c in range(first, first + len(points)))
    assert ws.cell(row=5, column=len(header)).value == f'=IFERROR({cells},"—")'


def test_the_city_row_scores_what_summed_counts_can(written):
    view, _, wb = written
    ws = wb["XepHang"]
    header = [c.value for c in ws[4]]
    city = dict(zip(header, [c.value for c in ws[7]], strict=True))
    assert city["Đơn vị"] == "Toàn thành phố (2 đơn vị)"
    assert city["Điểm Tiến độ (20)"] == truncate(progress_points(view.city_counts)) == 17.5
    assert city["Điểm DVC trực tuyến (12)"] == "—"  # online service: not a sum
    assert city[header[-1]] == "—"
    notes = " ".join(str(ws.cell(row=r, column=1).value) for r in range(9, 12))
    names = [g.name for g in COMPUTED_766]
    assert f"{', '.join(names[:-1])} và {names[-1]};" in notes
    assert "Tiến độ giải quyết" in names and "Dịch vụ công trực tuyến" in names
    assert "Điểm DVC trực tuyến của toàn thành phố không cộng được" in notes
    assert view.rank_rule in notes


def test_one_chart_of_the_computed_groups(written):
    _, _, wb = written
    charts = wb["BieuDo"]._charts
    assert len(charts) == 1
    series = [s.tx.v for s in charts[0].series]
    assert series == [f"{g.legend_name} ({g.max_points:g})" for g in COMPUTED_766]
    assert series[:2] == ["Tiến độ giải quyết (20)", "DVC trực tuyến (12)"]
    assert charts[0].y_axis.scaling.max == sum(g.max_points for g in COMPUTED_766)


def test_late_dossiers_and_failed_files(written):
    view, _, wb = written
    late = wb["QuaHan"]
    rows = [[c.value for c in r] for r in late.iter_rows(min_row=5) if r[0].value is not None]
    assert len(rows) == len(view.late) == 1
    assert rows[0][1] == "Xã An" and rows[0][8] == "Quá hạn"
    failed = wb["TepLoi"]
    assert failed["A5"].value == "hong.xlsx" and "tệp hỏng" in failed["B5"].value

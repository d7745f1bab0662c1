"""KPI, called as its module: the dashboard drawn on a blank sheet with the period's
values, drawn only when needed, what a clerk typed kept, and its place in the copy."""

from __future__ import annotations

import datetime as dt

import openpyxl
from helpers.imports import make_workbook
from python_calamine import CalamineWorkbook

from tthc_xl.book.filebook import FileBook
from tthc_xl.sheets import kpi
from tthc_xl.sheets.base import Shipped

ROW = {item[2]: kpi.KPI_FIRST_ROW + i for i, item in enumerate(kpi.KPI_ITEMS)}


def test_a_missing_dashboard_is_drawn_with_the_values(figures, draw):
    page = kpi.page(figures, [])
    assert page.fresh and page.before is not None
    drawn = draw(page, "KPI")
    assert drawn.value("A1") == kpi.KPI_TITLE and drawn.value(kpi.KPI_PERIOD_CELL) == "2026-Q1"
    assert drawn.value(f"C{ROW['counts.received_new']}") == 6  # by hand: six in Q1
    assert drawn.value(f"C{ROW['counts.resolved']}") == 2
    assert drawn.value(f"C{ROW['counts.pending_overdue']}") == 1
    assert drawn.value(f"C{ROW['counts.due_soon']}") == 2
    live = drawn.value(f"B{ROW['counts.due_soon']}")
    assert live.startswith('=IFERROR(TRUNC(KPI_VALUE($E$4,"counts.due_soon"),0),')
    assert drawn.value(kpi.KPI_KEY_CELL) == "=KPI_KEY(HoSo[#All],$B$3)"  # the one transfer
    assert "10/03/2026 10:00" in drawn.value(f"A{kpi.KPI_STAMP_ROW}")
    assert drawn.value(kpi.KPI_NOTE_CELL) is None  # the unit is filled in: no reminder
    assert int(drawn.ws.page_setup.paperSize) == 9  # A4
    assert "A1:D1" in drawn.merged()
    assert kpi.kpi_laid_out(drawn.rows)


def test_a_laid_out_dashboard_gets_columns_a_and_c_only(figures, draw):
    rows = draw(kpi.page(figures, []), "KPI").rows
    page = kpi.page(figures, rows)
    assert not page.fresh and page.before is None and page.after is None
    assert {b.left for b in page.blocks} == {1, 3, 5}  # A, C and the hidden marker E


def test_an_old_layout_is_drawn_anew_keeping_the_typed_period(figures, draw):
    old = [["Chỉ số cũ"], [], ["Kỳ báo cáo", " 2026-03 "]]
    assert not kpi.kpi_laid_out(old) and kpi.period_in(old) == "2026-03"
    drawn = draw(kpi.page(figures, old), "KPI")
    assert drawn.value(kpi.KPI_PERIOD_CELL) == "2026-03"


def test_an_earlier_versions_dashboard_is_redrawn_keeping_the_clerks_plans(figures, draw):
    """A dashboard an earlier version drew (same rows, its footnote) had formulas showing
    99.89% under English (US) settings: redrawn, with the period and the plans she typed
    in column D; the rows whose plan is a CauHinh target keep ours."""
    rows = [list(r) for r in draw(kpi.page(figures, []), "KPI").rows]
    note_row = kpi.KPI_FIRST_ROW + len(kpi.KPI_ITEMS) + 1
    rows[note_row - 1][0] = "Cột B tự tính khi Excel chạy được Python (xlwings)."  # older
    rows[2][1] = "2026-03"
    for r in (ROW["counts.resolved"], ROW["rates.online_rate"]):
        rows[r - 1] += [None] * (4 - len(rows[r - 1]))
        rows[r - 1][3] = 40
    assert not kpi.kpi_laid_out(rows)
    drawn = draw(kpi.page(figures, rows), "KPI")
    assert kpi.kpi_laid_out(drawn.rows) and drawn.value(kpi.KPI_PERIOD_CELL) == "2026-03"
    assert drawn.value(f"D{ROW['counts.resolved']}") == 40  # hers, written back
    target = drawn.value(f"D{ROW['rates.online_rate']}")
    assert isinstance(target, str) and target.startswith("=IF(ISNUMBER(CauHinh!")  # ours
    # by hand: six received, no channel given (direct): none online
    assert drawn.value(f"C{ROW['rates.online_rate']}") == "0,00%"


def test_refresh_keeps_a_plan_the_clerk_typed(figures, tmp_path):
    path = make_workbook(tmp_path / "So.xlsx")
    book = FileBook(path, backups=0)
    assert kpi.refresh(book, figures) == len(kpi.KPI_ITEMS)  # drawn: the sheet was missing
    book.save()
    row = ROW["counts.resolved"]
    book = FileBook(path, backups=0)
    book.write("KPI", row, [[40]], left=4)  # her own plan, column D
    kpi.refresh(book, figures)
    book.save()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("KPI").to_python()
    assert rows[row - 1][3] == 40 and rows[row - 1][2] == 2
    assert kpi.period_cell(FileBook(path, readonly=True)) == "2026-Q1"


def test_in_the_copy_a_cell_excel_could_not_compute_is_filled(figures):
    row = ROW["counts.due_soon"]
    grid = [[] for _ in range(row)]
    grid[row - 1] = ["Sắp đến hạn", "#NAME?", 7]
    kpi.SHEET.copy.shown(grid, figures.result)
    assert grid[row - 1][1] == 7  # the value of the last refresh, column C
    grid[row - 1] = ["Sắp đến hạn", "=DUE_SOON_COUNT(x)", None]
    kpi.SHEET.copy.shown(grid, figures.result)
    assert grid[row - 1][1] == 2  # else the engine's
    live = kpi.SHEET.copy.live(figures.result)
    assert live[(row, 2)] == 2 and kpi.SHEET.copy.columns == (1, 2, 4)


def test_the_build_draws_the_empty_dashboard(draw):
    drawn = draw(build=lambda ws: kpi.SHEET.build(ws, Shipped({})), sheet="KPI")
    assert kpi.kpi_laid_out(drawn.rows) and drawn.value(f"C{kpi.KPI_FIRST_ROW}") is None


# ------------------------------------------------------------------ where no Python runs


def _recalculated(path, soffice) -> dict[str, object]:
    """The KPI sheet as LibreOffice computes it (no Python: every function fails)."""
    ws = openpyxl.load_workbook(soffice(path, "xlsx"), data_only=True)["KPI"]
    return {cell.coordinate: cell.value for row in ws.iter_rows() for cell in row}


def test_the_fallback_shows_the_last_values_only_for_their_period(figures, tmp_path, soffice):
    path = make_workbook(tmp_path / "So.xlsx")
    book = FileBook(path, backups=0)
    kpi.refresh(book, figures)  # Q1's figures into column C
    book.save()
    rows = ROW.values()
    same = _recalculated(path, soffice)
    # the period the figures were computed for: column B shows them (by hand: six in Q1)
    assert same[f"B{ROW['counts.received_new']}"] == 6
    assert all(same[f"B{r}"] == same[f"C{r}"] for r in rows)
    assert same["C3"] == kpi.KPI_PERIOD_HINT
    for other in ("2026-Q2", dt.datetime(2026, 3, 1)):  # typed, or as Excel turns 2026-03
        wb = openpyxl.load_workbook(path)
        wb["KPI"][kpi.KPI_PERIOD_CELL] = other
        changed = tmp_path / f"So_{len(str(other))}.xlsx"
        wb.save(changed)
        shown = _recalculated(changed, soffice)
        assert {shown[f"B{r}"] for r in rows} == {"—"}, other  # no Q1 figure passes as another
        assert shown["C3"] == kpi.KPI_STALE_NOTE  # in red: the sheet was not refreshed for it
    ws = openpyxl.load_workbook(path)["KPI"]
    (rule,) = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert rule.formula == ["$B$3<>$E$3"] and rule.dxf.font.color.rgb.endswith("C00000")
    assert ws["C3"].font.i  # the note in red italics, the hint in grey
    last = kpi.KPI_FIRST_ROW + len(kpi.KPI_ITEMS) + 1  # the footnote
    assert ws.column_dimensions["E"].hidden and ws.print_area == f"'KPI'!$A$1:$D${last}"

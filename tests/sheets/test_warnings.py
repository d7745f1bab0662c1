"""CanhBao, called as its module: overdue first, then due soon, drawn whole on a blank
sheet with its red and amber rows, and its looks when the copy has only values."""

from __future__ import annotations

import datetime as dt

import openpyxl
from helpers.imports import make_workbook
from python_calamine import CalamineWorkbook

from tthc_xl.book.filebook import FileBook
from tthc_xl.book.layout import DATE_FORMAT
from tthc_xl.sheets import warnings
from tthc_xl.sheets.base import Shipped


def test_overdue_first_then_due_soon_by_due_date(figures):
    rows = warnings.warning_rows(figures.result)
    assert [r[0] for r in rows] == ["E", "A", "C"]  # worked by hand: due 05/03, 10/03, 11/03
    assert rows[0][5].startswith(warnings.OVERDUE + ": đã qua ngày hẹn trả")  # and why
    assert rows[1][5].startswith(warnings.DUE_SOON)


def test_the_page_draws_the_list_with_its_look(figures, draw):
    drawn = draw(warnings.page(figures.result, figures.now), "CanhBao")
    assert drawn.value("A1") == warnings.WARNINGS_TITLE
    assert [drawn.value(f"A{r}") for r in (5, 6, 7)] == ["E", "A", "C"]
    assert drawn.value("A8") is None
    assert (
        isinstance(drawn.value("E5"), dt.datetime) and drawn.ws["E5"].number_format == DATE_FORMAT
    )
    assert drawn.ws.freeze_panes == "A5" and drawn.ws.page_setup.orientation == "landscape"
    assert drawn.ws.print_title_rows == "$4:$4"
    rules = [r for cf in drawn.ws.conditional_formatting for r in cf.rules]
    fills = {r.formula[0]: r.dxf.fill.fgColor.rgb for r in rules}
    assert fills == {
        'LEFT($F5,24)="Quá hạn, đang giải quyết"': "00F8CBAD",
        'LEFT($F5,11)="Sắp đến hạn"': "00FFE699",
    }


def test_nothing_to_warn_says_so(figures, draw):
    early = figures.result.engine.evaluate("2026-Q1", dt.datetime(2026, 1, 5), None, figures.now)
    drawn = draw(warnings.page(early, figures.now), "CanhBao")
    assert drawn.value("A5") == warnings.NOTHING


def test_refresh_writes_it_anew_through_the_book(figures, tmp_path):
    path = make_workbook(tmp_path / "So.xlsx")
    book = FileBook(path, backups=0)
    book.write("CanhBao", 40, [["cũ"]])
    assert warnings.refresh(book, figures) == 3
    book.save()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("CanhBao").to_python()
    assert len(rows) == 7 and rows[4][0] == "E"  # the old row 40 is gone


def test_copy_looks_without_the_file(figures):
    ws = openpyxl.Workbook().active
    ws["D5"] = dt.datetime(2026, 3, 5)
    warnings.SHEET.copy.default_looks(ws)
    assert ws["D5"].number_format == DATE_FORMAT and ws.column_dimensions["B"].width == 40


def test_the_build_shows_which_button_fills_it(draw):
    shipped = Shipped({"refresh": "Cập nhật chỉ số"})
    drawn = draw(build=lambda ws: warnings.SHEET.build(ws, shipped), sheet="CanhBao")
    assert "Cập nhật chỉ số" in drawn.value("A2")

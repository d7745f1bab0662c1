"""Rows streamed into a saved sheet read back as openpyxl, calamine and LibreOffice see them."""

import datetime as dt
import math

import openpyxl
import pandas as pd
import pytest
from helpers.office import pdf_text
from openpyxl.styles import Border, Side
from python_calamine import CalamineWorkbook

from tthc_xl.book.stream import append_rows

THIN = Side(style="thin")


@pytest.fixture
def saved(tmp_path):
    """A workbook with a title, a header and one styled template row (row 3)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DS"
    ws["A1"] = "Danh sách"
    ws.append(["Mã", "Tên", "Ngày", "Số"])
    ws.append(["HS-1", "An", dt.datetime(2026, 1, 5, 8, 30), 1])
    for cell in ws[3]:
        cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
    ws["C3"].number_format = "dd/mm/yyyy hh:mm"
    wb.create_sheet("Khac")["A1"] = "không đụng đến"
    path = tmp_path / "ds.xlsx"
    wb.save(path)
    return path


ROWS = [
    ["HS-2", '=HYPERLINK("http://x")', pd.Timestamp("2026-03-31 23:59:59"), 2],
    ["HS-3", "Bà\x07 Lan <b>&amp;", dt.datetime(2025, 12, 31, 0, 0), 3.5],
    ["HS-4", "giữ _x000B_ nguyên", pd.NaT, None],
    ["HS-5", "  cách đầu  ", None, math.nan],
    ["HS-6", "", dt.datetime(2026, 2, 28, 17, 0, 0), True, "cột thứ năm"],
]


def test_rows_read_back_with_their_values_and_the_template_style(saved):
    last = append_rows(saved, "DS", ROWS, template_row=3)
    assert last == 8
    wb = openpyxl.load_workbook(saved)
    ws = wb["DS"]
    got = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=8, max_col=5)]
    assert got == [
        ["HS-2", '=HYPERLINK("http://x")', dt.datetime(2026, 3, 31, 23, 59, 59), 2, None],
        ["HS-3", "Bà Lan <b>&amp;", dt.datetime(2025, 12, 31), 3.5, None],
        ["HS-4", "giữ _x005F_x000B_ nguyên", None, None, None],  # Excel shows _x000B_
        ["HS-5", "  cách đầu  ", None, None, None],
        ["HS-6", None, dt.datetime(2026, 2, 28, 17), True, "cột thứ năm"],
    ]
    assert ws["B4"].data_type == "s"  # text that looks like a formula stays text
    assert ws["C4"].number_format == "dd/mm/yyyy hh:mm"
    assert ws["C6"].border.left.style == "thin"  # an empty cell keeps its column's style
    assert ws.dimensions == "A1:E8"
    assert wb["Khac"]["A1"].value == "không đụng đến"
    with CalamineWorkbook.from_path(str(saved)) as book:
        rows = book.get_sheet_by_name("DS").to_python()
    assert rows[3][:4] == [
        "HS-2",
        '=HYPERLINK("http://x")',
        dt.datetime(2026, 3, 31, 23, 59, 59),
        2,
    ]
    assert rows[5][1] == "giữ _x000B_ nguyên"  # a literal, not a control character
    assert rows[7][4] == "cột thứ năm"


def test_no_rows_leaves_the_sheet_as_saved(saved):
    assert append_rows(saved, "DS", [], template_row=3) == 3
    assert openpyxl.load_workbook(saved)["DS"].max_row == 3


def test_an_unknown_sheet_or_row_is_refused_and_the_file_kept(saved):
    before = saved.read_bytes()
    with pytest.raises(ValueError):
        append_rows(saved, "KhongCo", ROWS, template_row=3)
    with pytest.raises(ValueError):
        append_rows(saved, "DS", ROWS, template_row=9)
    assert saved.read_bytes() == before
    assert [p.name for p in saved.parent.iterdir()] == [saved.name]


def test_libreoffice_opens_the_rows(saved, soffice):
    append_rows(saved, "DS", ROWS, template_row=3)
    text = pdf_text(soffice(saved, "pdf"))
    assert "HS-6" in text and "cột thứ năm" in text and "HYPERLINK" in text

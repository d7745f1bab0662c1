"""Bieu06, called as its module: Biểu số 06/VPCP/KSTT drawn whole on a blank sheet."""

from __future__ import annotations

from helpers.imports import make_workbook

from tthc_xl.book.filebook import FileBook
from tthc_xl.sheets import bieu06
from tthc_xl.sheets.base import Shipped


def test_the_form_is_drawn_with_its_header_total_and_signature(figures, draw):
    drawn = draw(bieu06.page(figures.result, figures.settings, figures.now), "Bieu06")
    assert drawn.value("A1") == "Biểu số 06/VPCP/KSTT"
    assert drawn.value("I1") == "Đơn vị báo cáo: UBND xã Thử"
    assert {"C6:F6", "G6:J6", "K6:M6", "A6:A7", "I1:M1"} <= drawn.merged()
    assert [drawn.value(f"{c}8") for c in "AM"] == ["(1)", "(13)"]
    assert drawn.value("B9") == "Hộ tịch" and drawn.value("B10") == "Tổng cộng"
    assert drawn.value("C10") == 6 and drawn.ws["C10"].font.b  # six received, bold total
    tail = bieu06.bieu06_tail_row(2)
    assert drawn.value(f"A{tail}").startswith("Tỷ lệ tiếp nhận trực tuyến:")
    assert drawn.value(f"I{tail + 2}") == "Xã Thử, ngày 10 tháng 3 năm 2026"
    assert drawn.value(f"A{tail + 3}") == "NGƯỜI LẬP BIỂU"
    assert drawn.ws.page_setup.orientation == "landscape" and drawn.ws.print_title_rows == "$6:$8"
    assert drawn.ws.oddFooter.left.text == "Quý I năm 2026"


def test_refresh_draws_the_cut_off_window(figures, tmp_path):
    path = make_workbook(tmp_path / "So.xlsx")
    book = FileBook(path, backups=0)
    assert bieu06.refresh(book, figures) == 2  # one field and the total
    assert "Bieu06" in book.sheet_names()


def test_the_build_shows_which_button_fills_it(draw):
    shipped = Shipped({"refresh": "Cập nhật chỉ số"})
    drawn = draw(build=lambda ws: bieu06.SHEET.build(ws, shipped), sheet="Bieu06")
    assert drawn.value("A1").startswith("BIỂU SỐ 06") and "Cập nhật chỉ số" in drawn.value("A2")

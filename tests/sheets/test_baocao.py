"""BaoCao, called as its module: the report's grid with its look as plain data, drawn whole
on a blank sheet with the chart data block, and our charts over it in the saved file."""

from __future__ import annotations

import zipfile

import openpyxl
from helpers.imports import make_workbook
from python_calamine import CalamineWorkbook

from tthc_xl.book.charts import CHARTS, DATA_TITLE, MONTHS, table_header_row
from tthc_xl.book.filebook import FileBook
from tthc_xl.report import blocks as bc
from tthc_xl.report.chartdata import chart_blocks, tables_of
from tthc_xl.report.sheet import lay_out
from tthc_xl.sheets import baocao
from tthc_xl.sheets.base import Shipped

BLOCKS = [
    bc.Header("UBND HUYỆN THỬ", "ỦY BAN NHÂN DÂN\nXÃ THỬ", "Số: 05/BC-UBND", "Xã Thử, ngày 1"),
    bc.Centered("BÁO CÁO"),
    bc.Heading("I. KẾT QUẢ"),
    bc.Paragraph("Một đoạn văn."),
    bc.Table(("STT", "Chỉ tiêu"), (("1", "Hồ sơ"),), (1, 6), (False, True)),
    bc.Chart("months", CHARTS[0].caption),
    bc.Signature(("Như trên",), ("KT. CHỦ TỊCH",), "Nguyễn Văn A"),
]


def test_the_look_is_plain_data_both_back_ends_apply():
    lay = lay_out(BLOCKS)
    look = baocao.styled(lay)
    heading = next(s for s in look.spans if s.row == 7)  # header 5 rows, then the title
    assert heading.bold and heading.span == baocao.PRINT_COLUMNS
    assert heading.font == "Times New Roman"
    cells = [s for s in look.spans if s.border]  # the table: header, text, number
    assert [(s.horizontal, s.indent) for s in cells] == [
        ("center", 0),
        ("center", 0),
        ("left", 0),
        ("right", 1),
    ]
    assert look.widths[1] == baocao.COLUMN_WIDTHS[0] and look.page.print_columns == 7
    assert look.page.print_rows == len(lay.values) and not look.page.landscape


def test_the_page_draws_the_report_and_its_chart_data(figures, draw):
    lay = lay_out(BLOCKS)
    tables = tables_of(chart_blocks(figures.result))
    drawn = draw(baocao.page(lay, tables), "BaoCao")
    assert drawn.value("D1") == bc.MOTTO[0] and "D1:G1" in drawn.merged()
    assert drawn.ws.print_area == "'BaoCao'!$A$1:$G$" + str(len(lay.values))
    assert drawn.ws.sheet_view.showGridLines is False and drawn.ws.oddHeader.center.text == "&P"
    assert drawn.value("T2") == DATA_TITLE
    months = table_header_row(MONTHS)
    assert drawn.value(f"T{months}") == "Tháng" and drawn.value(f"T{months + 3}") == "Tháng 3"
    assert drawn.value(f"U{months + 3}") == 0  # no dossier received online in March
    row, _ = lay.anchors["months"]
    assert drawn.value("U3") == row  # where the chart stands, for every later save


def test_written_through_a_file_the_charts_stand_where_the_report_put_them(figures, tmp_path):
    path = make_workbook(tmp_path / "So.xlsx")
    book = FileBook(path, backups=0)
    lay = lay_out(BLOCKS)
    baocao.write(book, lay, tables_of(chart_blocks(figures.result)))
    book.save()
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        drawing = next(z.read(n) for n in z.namelist() if n.startswith("xl/drawings/drawing"))
    assert len(charts) == 3  # months, fields, weekdays
    row, _ = lay.anchors["months"]
    assert f"<row>{row - 1}</row>".encode() in drawing  # the caption's next row
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("BaoCao").to_python()
    assert rows[5][0] == "BÁO CÁO"


def test_the_data_block_alone_keeps_the_report(figures, tmp_path):
    path = make_workbook(tmp_path / "So.xlsx")
    book = FileBook(path, backups=0)
    baocao.write(book, lay_out(BLOCKS), {})
    assert baocao.write_data_block(book, tables_of(chart_blocks(figures.result))) == "BaoCao"
    book.save()
    ws = openpyxl.load_workbook(path)["BaoCao"]
    assert ws["A6"].value == "BÁO CÁO" and ws[f"T{table_header_row(MONTHS) + 1}"].value


def test_in_the_copy_the_charts_are_drawn_again(figures, draw):
    lay = lay_out(BLOCKS)
    drawn = draw(baocao.page(lay, tables_of(chart_blocks(figures.result))), "BaoCao")
    wb = openpyxl.load_workbook(drawn.path)
    baocao.SHEET.copy.finish(wb["BaoCao"], figures.result)
    assert len(wb["BaoCao"]._charts) == 3 and baocao.SHEET.copy.order == 0


def test_the_build_shows_which_button_fills_it(draw):
    shipped = Shipped({"build_report": "Lập báo cáo"})
    drawn = draw(build=lambda ws: baocao.SHEET.build(ws, shipped), sheet="BaoCao")
    assert "Lập báo cáo" in drawn.value("A2")

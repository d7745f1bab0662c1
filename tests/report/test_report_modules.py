"""report.sheet and report.baocao called directly (typed periods and compare modes, any
Book), and book.charts and book.forms, the looks the sheets share."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import pytest
from helpers.excel import remote_book
from helpers.imports import make_workbook
from helpers.registers import rows_of
from python_calamine import CalamineWorkbook

from tthc_xl.book import charts, forms
from tthc_xl.book.filebook import FileBook
from tthc_xl.book.xlbook import XlwingsBook
from tthc_xl.report import blocks as bc
from tthc_xl.report import sheet as report_sheet
from tthc_xl.report.baocao import build_report
from tthc_xl.rules.period import parse_period
from tthc_xl.rules.settings import CompareMode

T = dt.datetime
XMAR = "1.004873"  # 3 working days
DOSSIERS = (
    {"dossier_id": "A", "procedure_code": XMAR, "received_at": T(2026, 3, 5, 9), "status": 4},
    {"dossier_id": "E", "procedure_code": XMAR, "received_at": T(2026, 3, 2, 9), "status": 4},
    {
        "dossier_id": "D",
        "procedure_code": XMAR,
        "received_at": T(2026, 3, 2, 9),
        "finished_at": T(2026, 3, 4, 9),
        "status": 10,
    },
)


# ------------------------------------------------------------------ report.sheet


def test_a_chart_that_would_be_cut_starts_a_new_page_with_its_caption():
    prose = [bc.Paragraph("Một đoạn văn dài. " * 40) for _ in range(7)]  # two pages less a bit
    lay = report_sheet.lay_out([*prose, bc.Chart("months", "Biểu đồ 1")])
    row, col = lay.anchors["months"]
    assert col == 1 and lay.values[row - 2][0] == "Biểu đồ 1"  # the caption just above
    assert lay.breaks == [row - 1]  # the page breaks before the caption, not inside
    assert len(lay.values) == row - 1 + bc.CHART_ROWS


def test_the_default_wording_is_laid_out_where_the_report_reads_it(tmp_path):
    from tthc_xl.report import template

    path = make_workbook(tmp_path / "So.xlsx")
    book = FileBook(path, backups=0)
    report_sheet.write_template(book)
    book.save()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("MauBaoCao").to_python()
    lines = template.parse(rows)
    assert [ln.kind for ln in lines][:2] == [template.KIND_NUMBER, template.KIND_DATE]
    ws = openpyxl.load_workbook(path)["MauBaoCao"]
    assert ws.cell(row=template.TEMPLATE_FIRST_ROW - 1, column=1).font.b


# ------------------------------------------------------------------ report.baocao


@pytest.fixture
def register(tmp_path):
    return make_workbook(tmp_path / "So.xlsx", rows_of(*DOSSIERS))


def test_build_report_takes_a_period_and_a_compare_mode(register):
    book = FileBook(register, backups=0)
    now = T(2026, 3, 10, 10)
    summary = build_report(book, parse_period("2026-Q1"), None, CompareMode.MOMENT, now)
    assert summary.result.mode is CompareMode.MOMENT and summary.period_label == "2026-Q1"
    assert summary.template_written and not summary.final  # the quarter runs to 31/03
    assert summary.previous.period.label == "2025-Q4"
    book.save()
    rows = CalamineWorkbook.from_path(str(register)).get_sheet_by_name("BaoCao").to_python()
    text = " ".join(str(v) for r in rows for v in r[:7] if v)
    assert "BÁO CÁO" in text and "/20 điểm" in text  # the forecast, out of QĐ 766's 20
    assert "Đã tạo sheet MauBaoCao" in summary.message()
    assert {"KPI", "CanhBao", "Bieu06", "BaoCao", "MauBaoCao"} <= set(
        CalamineWorkbook.from_path(str(register)).sheet_names
    )


def test_what_the_book_could_not_apply_is_in_the_reports_message():
    sheets = {"HoSo": rows_of(*DOSSIERS), "KPI": [[], [], ["Kỳ báo cáo", "2026-Q1"]]}
    summary = build_report(XlwingsBook(remote_book(sheets)), now=T(2026, 3, 10, 10))
    assert summary.period_label == "2026-Q1"  # the KPI sheet's period
    (note,) = summary.notes
    assert "BaoCao" in note and note in summary.message()


# ------------------------------------------------------------------ book.charts


def test_our_charts_are_drawn_over_the_data_block_and_known_as_ours(tmp_path):
    from tthc_xl.report.chartdata import chart_blocks, tables_of
    from tthc_xl.sheets import baocao

    path = make_workbook(tmp_path / "So.xlsx", rows_of(*DOSSIERS))
    book = FileBook(path, backups=0)
    result = build_report(book, parse_period("2026-Q1"), now=T(2026, 3, 10, 10)).result
    ws = openpyxl.Workbook().active
    ws.title = "BaoCao"
    baocao.page(
        report_sheet.lay_out([bc.Chart("fields", "x")]), tables_of(chart_blocks(result))
    ).draw(ws)
    assert charts.has_data_block(ws) and charts.draw_charts(ws) == 3
    assert charts.draw_charts(ws) == 3 and len(ws._charts) == 3  # afresh, not added again
    book.save()
    with zipfile.ZipFile(path) as z:
        own = charts.own_chart_parts(z)
    assert sum(1 for p in own if p.startswith("xl/charts/chart")) == 3


def test_a_sheet_name_with_a_space_is_quoted_in_the_ranges():
    ranges = charts.chart_ranges(charts.CHARTS[2], 7, "Bao cao")
    assert ranges.categories.startswith("'Bao cao'!$T$")
    assert charts.anchor_of(charts.CHARTS[0], 61.0) == "A61"
    assert charts.anchor_of(charts.CHARTS[0], "x") == charts.CHARTS[0].anchor


# ------------------------------------------------------------------ book.forms


def test_the_shared_page_set_up_is_nd30_on_a4():
    ws = openpyxl.Workbook().active
    forms.page_setup(ws, landscape=True, title_rows="1:2", footer="Quý I & II")
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape"
    assert ws.page_margins.left == pytest.approx(30 / 25.4)
    assert ws.page_margins.right == pytest.approx(15 / 25.4)
    assert ws.page_margins.top == pytest.approx(20 / 25.4)
    assert ws.oddFooter.left.text == "Quý I && II"  # & is a code in a footer
    assert ws.print_title_rows == "$1:$2"


def test_the_default_font_is_named():
    wb = openpyxl.Workbook()
    forms.name_default_font(wb)
    assert wb._fonts[0].name == forms.DATA_FONT
    cells = [wb.active.cell(row=1, column=c, value="x") for c in (1, 2)]
    forms.style_header(cells, forms.FORM_FONT)
    assert cells[0].font.name == forms.FORM_FONT and cells[0].font.b and cells[1].border.top.style

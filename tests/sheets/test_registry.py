"""The registry of sheets: one module each, in the workbook's order, and the one list the
build, a refresh and the email copy go through, so a new sheet is one module and one line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from helpers.imports import make_workbook
from helpers.office import is_a4, pdf_page_sizes, pdf_text
from helpers.registers import rows_of
from python_calamine import CalamineWorkbook
from test_baocao import BLOCKS

import tthc_xl
from tthc_xl import sheets
from tthc_xl.book import names
from tthc_xl.book.base import Book
from tthc_xl.book.page import Block, Page
from tthc_xl.report.chartdata import chart_blocks, tables_of
from tthc_xl.report.sheet import lay_out
from tthc_xl.sheets import (
    CopySpec,
    Figures,
    Sheet,
    Shipped,
    baocao,
    bieu06,
    kpi,
    settings,
    warnings,
)

ROOM = Path(tthc_xl.__file__).parent / "sheets"
NOT_SHEETS = {"__init__", "base", "data", "placeholder"}


def test_one_module_a_sheet_each_registered_once_in_the_workbooks_order():
    modules = sorted(p.stem for p in ROOM.glob("*.py") if p.stem not in NOT_SHEETS)
    registered = sorted(
        next(m for m in modules if getattr(getattr(sheets, m), "SHEET", None) is s)
        for s in sheets.SHEETS
    )
    assert registered == modules
    shipped = CalamineWorkbook.from_path(str(Path(tthc_xl.__file__).parent / "data/TTHC_Q.xlsm"))
    assert [s.name for s in sheets.SHEETS] == list(shipped.sheet_names)
    assert len({s.name for s in sheets.SHEETS}) == len(sheets.SHEETS)
    assert sheets.SHEETS[1].name == names.SHEET_REGISTER  # the importer's names stay in book
    copied = [s.name for s in sheets.in_copy()]
    assert copied[:4] == ["BaoCao", "Bieu06", "KPI", "CanhBao"]  # a new sheet may follow
    assert [s.name for s in sheets.filled_by("refresh")][:3] == ["KPI", "CanhBao", "Bieu06"]


# ------------------------------------------------------------------ a new sheet

SHEET_NEW = "ThuMoi"  # a made-up sheet


def _build(ws, shipped: Shipped) -> None:
    ws["A1"] = "THỬ (chưa có số liệu)"


def _refresh(book: Book, figures: Figures) -> int:
    rows = [["Tiếp nhận mới", figures.result.counts["received_new"]]]
    book.lay_out(SHEET_NEW, Page((Block(1, [["THỬ"], *rows]),)))
    return len(rows)


NEW = Sheet(name=SHEET_NEW, build=_build, refresh=_refresh, macro="refresh", copy=CopySpec(order=4))


def test_a_new_sheet_is_one_module_and_one_registry_line(monkeypatch, tmp_path):
    """The build lays it out, a refresh writes it, the copy carries it: nothing else."""
    from tthc_xl.excel.build import lay_out as build_sheets
    from tthc_xl.excel.build import template_path
    from tthc_xl.report.publish import publish_file
    from tthc_xl.report.refresh import refresh
    from tthc_xl.rules.period import parse_period

    monkeypatch.setattr(sheets, "SHEETS", (*sheets.SHEETS, NEW))  # the one line
    shutil.copyfile(template_path(), tmp_path / "0.xlsm")
    built = build_sheets(tmp_path / "0.xlsm", tmp_path / "1.xlsm")
    assert built[-1] == SHEET_NEW
    assert openpyxl.load_workbook(tmp_path / "1.xlsm")[SHEET_NEW]["A1"].value.startswith("THỬ")

    dossier = {"dossier_id": "D1", "procedure_code": "1.001193", "received_at": "05/01/2026"}
    path = make_workbook(tmp_path / "So.xlsx", rows_of(dossier))
    from tthc_xl.book.filebook import FileBook

    book = FileBook(path, backups=0)
    summary = refresh(book, parse_period("2026-Q1"))
    book.save()
    assert summary.written[SHEET_NEW] == 1
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET_NEW).to_python()
    assert rows == [["THỬ", ""], ["Tiếp nhận mới", 1]]

    done = publish_file(path, parse_period("2026-Q1"), tmp_path / "gui.xlsx")
    assert done.sheets[-1] == SHEET_NEW


# ------------------------------------------------------------------ LibreOffice


def test_every_output_page_opens_in_libreoffice_on_a4(figures, tmp_path, soffice):
    """The pages as their modules draw them, on blank sheets of one new workbook."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    pages = {
        "KPI": kpi.page(figures, []),
        "CanhBao": warnings.page(figures.result, figures.now),
        "Bieu06": bieu06.page(figures.result, figures.settings, figures.now),
        "BaoCao": baocao.page(lay_out(BLOCKS), tables_of(chart_blocks(figures.result))),
    }
    for name, page in pages.items():
        page.draw(wb.create_sheet(name))
    settings.SHEET.build(wb.create_sheet("CauHinh"), Shipped({}))  # KPI's plans link to it
    path = tmp_path / "trang.xlsx"
    wb.save(path)
    pdf = soffice(path, "pdf")
    sizes = pdf_page_sizes(pdf)
    assert sizes and all(is_a4(s) for s in sizes)
    text = pdf_text(pdf, layout=False)
    assert "#NAME?" not in text and "###" not in text
    for words in ("CHỈ SỐ GIẢI QUYẾT", "CẢNH BÁO HỒ SƠ", "Biểu số 06/VPCP/KSTT", "BÁO CÁO"):
        assert words in text

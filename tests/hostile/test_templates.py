"""MauBaoCao rows Excel would cut without a word are refused with their row numbers, and
a template of 10,000 rows is laid out in time linear in its rows."""

from __future__ import annotations

import hashlib

import openpyxl
import pytest
from click.testing import CliRunner
from helpers.imports import make_workbook
from openpyxl.worksheet.cell_range import CellRange

from tthc_xl.book.page import PrintSetup, Span, Styled
from tthc_xl.cli import cli

FIRST_FREE_ROW = 60  # below the default template's rows


def report(*args):
    return CliRunner().invoke(cli, ["report", *map(str, args)])


@pytest.fixture
def book(tmp_path):
    path = make_workbook(tmp_path / "M.xlsx")
    assert report(path, "--period", "2026-Q1").exit_code == 0  # writes MauBaoCao
    return path


def add_paragraphs(path, texts: dict[int, str]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["MauBaoCao"]
    for row, text in texts.items():
        ws.cell(row=row, column=1, value="Đoạn")
        ws.cell(row=row, column=2, value=text)
    wb.save(path)


def test_rows_over_what_a_cell_holds_or_taller_than_excel_allows_are_refused(book, tmp_path):
    words = "Trung tâm tiếp nhận hồ sơ trực tuyến. "
    add_paragraphs(
        book,
        {
            FIRST_FREE_ROW: words * 2700,  # ~100,000 characters: Excel keeps 32,767
            FIRST_FREE_ROW + 1: "Một đoạn bình thường.",
            FIRST_FREE_ROW + 2: words * 160,  # ~6,000 characters: hundreds of lines
        },
    )
    before = hashlib.sha256(book.read_bytes()).hexdigest()
    result = report(book, "--period", "2026-Q1", "--docx", tmp_path / "B.docx")
    assert result.exit_code == 2, result.output
    message = result.output
    assert f"dòng {FIRST_FREE_ROW} " in message and "32.767" in message
    assert f"dòng {FIRST_FREE_ROW + 2} " in message and "409" in message
    assert f"dòng {FIRST_FREE_ROW + 1} " not in message
    assert "MauBaoCao" in message and "chia" in message
    assert hashlib.sha256(book.read_bytes()).hexdigest() == before
    assert not (tmp_path / "B.docx").exists()


def test_a_long_paragraph_within_the_limits_is_laid_out(book):
    add_paragraphs(book, {FIRST_FREE_ROW: "Đoạn văn dài vừa phải. " * 60})  # ~1,400 chars
    result = report(book, "--period", "2026-Q1")
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(book)["BaoCao"]
    heights = [d.height for d in ws.row_dimensions.values() if d.height]
    assert max(heights) <= 409


def test_merging_many_report_lines_does_not_compare_each_with_all_before(monkeypatch):
    """openpyxl's merge_cells checks a new range against every merged one (10,000 report
    lines took minutes); the page's look merges them in one pass."""
    compared = 0
    real = CellRange.issubset

    def counting(self, other):
        nonlocal compared
        compared += 1
        return real(self, other)

    monkeypatch.setattr(CellRange, "issubset", counting)
    monkeypatch.setattr(CellRange, "__le__", counting)
    rows = 1000
    spans = tuple(Span(row=r, col=1, span=7) for r in range(1, rows + 1))
    look = Styled("báo cáo", "Times New Roman", spans, {}, {}, PrintSetup(7, rows))
    ws = openpyxl.Workbook().active
    look.draw(ws)
    assert len(ws.merged_cells.ranges) == rows
    assert compared <= rows  # openpyxl alone: rows * (rows - 1) / 2
    look.draw(ws)  # drawn again over itself: no range twice
    assert len(ws.merged_cells.ranges) == rows


def test_each_cell_of_a_drawn_look_has_its_spans_font_and_alignment():
    """The style indexes reused for speed give every cell the look of its own span."""
    spans = (
        Span(row=1, col=1, span=3, size=14, bold=True, horizontal="center"),
        Span(row=2, col=1, span=7, size=13, italic=True, horizontal="justify"),
        Span(row=3, col=1, span=3, size=14, bold=True, horizontal="center", border=True),
        Span(row=4, col=2, size=11),
    )
    look = Styled("báo cáo", "Times New Roman", spans, {}, {}, PrintSetup(7, 4))
    wb = openpyxl.Workbook()
    look.draw(wb.active)
    path_cells = {}
    for s in spans:
        cell = wb.active.cell(row=s.row, column=s.col)
        path_cells[s.row] = cell
        assert (cell.font.sz, cell.font.b, cell.font.i) == (s.size, s.bold, s.italic)
        assert cell.alignment.horizontal == s.horizontal and cell.alignment.wrap_text
        assert (cell.border.left.style == "thin") == s.border
    assert path_cells[4].font.name == "Times New Roman"

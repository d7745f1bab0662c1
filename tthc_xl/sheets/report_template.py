"""MauBaoCao: the report's wording, the clerk's to rewrite (report/template.py reads it).

Its rows come from the report room (this room sits below it): the build draws the page
:attr:`Shipped.report_template` holds, and a report written into a workbook made before
the report existed lays out the same page.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Alignment, Font

from tthc_xl.book.forms import page_setup
from tthc_xl.book.names import SHEET_REPORT_TEMPLATE
from tthc_xl.book.page import Block, Page

from .base import Sheet, Shipped


def page(
    rows: Sequence[Sequence[object]],
    placeholders: Sequence[Sequence[object]],
    header_row: int,
    placeholder_column: int,
) -> Page:
    """The wording from row 1 (its header on `header_row`), the list of placeholders on
    the right of it from `placeholder_column`, in widths that let the clerk read them."""

    def look(ws) -> None:
        ws.column_dimensions["A"].width = 14
        ws.column_dimensions["B"].width = 100
        ws.column_dimensions["C"].width = 3
        ws.column_dimensions["D"].width = 30
        ws.column_dimensions["E"].width = 60
        ws["A1"].font = Font(bold=True, size=13)
        for row in ws.iter_rows(min_row=header_row):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in ws[header_row]:
            cell.font = Font(bold=True)
        # how to use: one wrapped block over A:B; each row as tall as its wrapped text
        ws.merge_cells("A2:B2")
        ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[2].height = 15 * (len(str(ws["A2"].value or "")) // 105 + 1)
        for r in range(header_row + 1, ws.max_row + 1):
            text = str(ws.cell(row=r, column=2).value or "")
            ws.row_dimensions[r].height = 15 * max(1, -(-len(text) // 95))
        # prints on A4 landscape: the wording (A:B) one page wide, its header repeated;
        # the list of placeholders on the right is for the screen
        page_setup(ws, landscape=True, title_rows=f"{header_row}:{header_row}")
        ws.print_area = f"A1:B{max(ws.max_row, header_row)}"

    blocks = (Block(1, rows), Block(header_row, placeholders, left=placeholder_column))
    return Page(blocks, after=look)


def _build(ws, shipped: Shipped) -> None:
    if shipped.report_template is not None:
        shipped.report_template.draw(ws)


SHEET = Sheet(name=SHEET_REPORT_TEMPLATE, build=_build)

"""The look of a sheet a ribbon button fills, in the workbook the build ships."""

from __future__ import annotations

from openpyxl.styles import Font

from tthc_xl.book.layout import TITLE_FONT, set_cell


def write_placeholder(ws, title: str, button: str) -> None:
    """A sheet a command fills later: its title and which ribbon button fills it."""
    cell = ws.cell(row=1, column=1, value=title)
    cell.font = TITLE_FONT
    ws.column_dimensions["A"].width = 90
    note = set_cell(ws, 2, 1, f'Sheet này được điền khi bấm nút "{button}" trên thẻ TTHC.')
    note.font = Font(name="Arial", italic=True)

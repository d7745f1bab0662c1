"""What one call puts on a sheet (`Book.lay_out`): its values, and its look.

A :class:`Page` holds everything a sheet we own shows, independent of the rest of the
workbook: blocks of values, the look drawn on a blank openpyxl worksheet before and after
them, and, where Excel must show the same look, a :class:`Styled` description that both
back ends apply (openpyxl here, Excel's object model in :mod:`tthc_xl.book.xlbook`).
:meth:`Page.draw` renders the whole page on one blank worksheet, so a file back end can
build the sheet anywhere (a scratch workbook whose parts are spliced into the package).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .forms import HEADER_FOOTER_MM, MM, ND30_MARGINS_MM

Draw = Callable[[Any], None]  # an openpyxl Worksheet -> None


@dataclass(frozen=True)
class Block:
    """Values at (top, left), 1-based, as `Book.write` takes them."""

    top: int
    rows: Sequence[Sequence[object]]
    left: int = 1
    formats: Sequence[str | None] | None = None
    clear_below: bool = False


@dataclass(frozen=True)
class Span:
    """One styled range of a row: `span` cells from (row, col), merged when wider than one."""

    row: int
    col: int
    span: int = 1
    font: str = "Times New Roman"
    size: float = 11
    bold: bool = False
    italic: bool = False
    horizontal: str = "left"  # left, center, right, justify
    vertical: str = "top"  # top, center
    wrap: bool = True
    indent: int = 0
    border: bool = False


@dataclass(frozen=True)
class PrintSetup:
    """A4, one page wide, ND 30 margins; what prints and where pages break."""

    print_columns: int  # the print area is A1 to this column of the last row
    print_rows: int
    landscape: bool = False
    margins_mm: Mapping[str, float] = field(default_factory=lambda: dict(ND30_MARGINS_MM))
    row_breaks: tuple[int, ...] = ()  # rows that start a printed page
    page_number_header: bool = True  # "&P" in the header, none on the first page
    gridlines: bool = False


@dataclass(frozen=True)
class Styled:
    """A look as plain data, which every back end can apply: fonts, alignment, borders,
    merges, widths, heights and the page set-up."""

    what: str  # the look in words, for the message when it cannot be applied
    font: str
    spans: tuple[Span, ...]
    widths: Mapping[int, float]  # column (1-based) -> width in characters
    heights: Mapping[int, float]  # row -> height in points
    page: PrintSetup

    def draw(self, ws) -> None:
        """The look on an openpyxl worksheet whose values are in place."""
        from openpyxl.styles import Alignment, Border, Font, Side
        from openpyxl.styles.cell_style import StyleArray
        from openpyxl.utils import get_column_letter

        thin = Side(style="thin")
        box = Border(left=thin, right=thin, top=thin, bottom=thin)
        for col, width in self.widths.items():
            ws.column_dimensions[get_column_letter(col)].width = width
        for row, height in self.heights.items():
            ws.row_dimensions[row].height = height
        # A style is registered once and its index reused: openpyxl hashes and compares a
        # Font and an Alignment on every assignment, most of a long report's time.
        known: dict[tuple, tuple[int, int, int]] = {}
        for s in self.spans:
            key = (s.font, s.size, s.bold, s.italic, s.horizontal, s.vertical, s.wrap, s.indent)
            for k in range(s.span):
                cell = ws.cell(row=s.row, column=s.col + k)
                ids = known.get(key)
                if ids is None:
                    cell.font = Font(name=s.font, size=s.size, bold=s.bold, italic=s.italic)
                    cell.alignment = Alignment(
                        horizontal=s.horizontal,
                        vertical=s.vertical,
                        wrap_text=s.wrap,
                        indent=s.indent,
                    )
                    known[key] = ids = (cell._style.fontId, cell._style.alignmentId, 0)
                else:
                    if cell._style is None:
                        cell._style = StyleArray()
                    cell._style.fontId, cell._style.alignmentId = ids[0], ids[1]
                if s.border:
                    cell.border = box
        merge_cells(
            ws, [(s.row, s.col, s.row, s.col + s.span - 1) for s in self.spans if s.span > 1]
        )
        self._page_setup(ws)

    def _page_setup(self, ws) -> None:
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.pagebreak import Break
        from openpyxl.worksheet.properties import PageSetupProperties

        p = self.page
        ws.print_area = f"A1:{get_column_letter(p.print_columns)}{max(p.print_rows, 1)}"
        for row in p.row_breaks:
            ws.row_breaks.append(Break(id=row - 1))  # the break goes below row id
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if p.landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_margins.top = p.margins_mm["top"] * MM
        ws.page_margins.bottom = p.margins_mm["bottom"] * MM
        ws.page_margins.left = p.margins_mm["left"] * MM
        ws.page_margins.right = p.margins_mm["right"] * MM
        ws.page_margins.header = HEADER_FOOTER_MM * MM
        ws.page_margins.footer = HEADER_FOOTER_MM * MM
        if p.page_number_header:
            ws.HeaderFooter.differentFirst = True
            ws.oddHeader.center.text = "&P"
            ws.oddHeader.center.font = self.font
        ws.sheet_view.showGridLines = p.gridlines


def merge_cells(ws, ranges: Sequence[tuple[int, int, int, int]]) -> None:
    """Merge each (top, left, bottom, right) range of an openpyxl sheet, in time linear in
    their number.

    `Worksheet.merge_cells` checks a new range against every merged range already on the
    sheet, so 10,000 report lines took minutes (issue 21); here a range already inside a
    merged one on its top row is skipped as openpyxl would, the others added directly.
    """
    from openpyxl.worksheet.merge import MergedCellRange

    by_row: dict[int, list[tuple[int, int, int, int]]] = {}
    for m in ws.merged_cells.ranges:
        by_row.setdefault(m.min_row, []).append((m.min_row, m.min_col, m.max_row, m.max_col))
    for top, left, bottom, right in ranges:
        inside = any(
            t <= top and bottom <= b and lf <= left and right <= r
            for t, lf, b, r in by_row.get(top, ())
        )
        if inside:
            continue
        merged = MergedCellRange(ws, f"{_ref(top, left)}:{_ref(bottom, right)}")
        ws.merged_cells.ranges.add(merged)
        ws._clean_merge_range(merged)  # the cells under the range become MergedCells
        by_row.setdefault(top, []).append((top, left, bottom, right))


def _ref(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


@dataclass(frozen=True)
class Page:
    """A sheet's values and look, for `Book.lay_out`.

    `fresh`: the sheet is drawn anew (last time's cells, merges and looks go; it keeps its
    place among the tabs); otherwise the page is drawn over the sheet as it is.
    `before`: the look the values go into (widths, merged title cells, borders, page
    set-up), drawn with openpyxl on the blank sheet; `after`: a look that needs the values
    in place. Both are for the file back end: the workbook the build ships carries them
    into Excel. `styled`: a look both back ends apply over the values. The looks change no
    value: what a page writes is in its blocks (or, for a fresh page, drawn by `before`).
    """

    blocks: tuple[Block, ...] = ()
    before: Draw | None = None
    after: Draw | None = None
    styled: Styled | None = None
    fresh: bool = True

    def draw(self, ws) -> None:
        """The whole page on one openpyxl worksheet (blank when the page is fresh)."""
        if self.before is not None:
            self.before(ws)
        for block in self.blocks:
            write_block(ws, block)
        if self.after is not None:
            self.after(ws)
        if self.styled is not None:
            self.styled.draw(ws)


def write_block(ws, block: Block) -> None:
    """A block of values into an openpyxl worksheet, as `Book.write` does it."""
    from .layout import set_cell

    rows, top, left, formats = block.rows, block.top, block.left, block.formats
    width = max((len(r) for r in rows), default=0)
    for r, row in enumerate(rows, start=top):
        for c, value in enumerate(row):
            fmt = formats[c] if formats and c < len(formats) else None
            set_cell(ws, r, left + c, value, fmt)
    if block.clear_below:
        last = ws.max_row
        right = max(left + width - 1, ws.max_column)
        for r in range(top + len(rows), last + 1):
            for c in range(left, right + 1):
                cell = ws.cell(row=r, column=c)
                if cell.__class__.__name__ != "MergedCell":  # a laid-out block below
                    cell.value = None

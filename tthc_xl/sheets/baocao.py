"""BaoCao: the quarterly report as a print-ready sheet (ND 30/2020 on A4), and its charts.

The report's words are laid out in report/sheet.py into a :class:`Layout`: a grid of
values over the printed columns A..G, each filled cell with a style name. This module
turns it into a page: the values, the chart data block right of the printed columns (the
three small tables the charts read, book/charts.py), and the look as a
:class:`~tthc_xl.book.page.Styled` description, which the file back end draws with
openpyxl and the Excel back end applies through Excel's object model. The charts follow:
a file re-creates them at every save, the open workbook adds or moves them now.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tthc_xl.book.base import Book
from tthc_xl.book.charts import (
    ANCHOR_LABEL,
    ANCHOR_ROW,
    CHARTS,
    DATA_TITLE,
    DATA_WIDTH,
    RATE_FORMAT,
    TABLES,
    TableSpec,
    anchor_of,
    data_origin,
    draw_charts,
    table_header_row,
)
from tthc_xl.book.names import SHEET_REPORT, find_sheet
from tthc_xl.book.page import ND30_MARGINS_MM, Block, Page, PrintSetup, Span, Styled
from tthc_xl.rules.engine import Result

from .base import CopySpec, Sheet, Shipped
from .placeholder import write_placeholder

MACRO = "build_report"  # the ribbon macro whose button fills it
FONT = "Times New Roman"
BODY_SIZE = 13
LINE_PT = 17.5
MARGINS_MM = dict(ND30_MARGINS_MM)
# -- the printed area: columns A..G
PRINT_COLUMNS = 7
COLUMN_WIDTHS = (6.0, 24.0, 9.0, 10.0, 12.0, 10.0, 11.0)
LOOK = "định dạng và trang in của báo cáo"

# style name -> (horizontal, vertical) alignment
ALIGN = {
    "body": ("justify", "top"),
    "left": ("left", "top"),
    "center": ("center", "center"),
    "center_bold": ("center", "center"),
    "center_italic": ("center", "center"),
    "heading": ("left", "center"),
    "th": ("center", "center"),
    "td": ("left", "center"),
    "td_num": ("right", "center"),
}
BOLD_STYLES = ("center_bold", "heading", "th")
BOXED_STYLES = ("th", "td", "td_num")


@dataclass
class Cell:
    row: int
    col: int
    span: int = 1
    style: str = "body"  # a key of ALIGN
    size: int = BODY_SIZE
    bold: bool = False
    italic: bool = False
    rows: int = 1  # merged down


@dataclass
class Layout:
    """The report on the printed columns: values, styled cells, row heights, where each
    chart stands (key -> (row, column)) and the rows that start a printed page."""

    values: list[list[object]] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    heights: dict[int, float] = field(default_factory=dict)
    anchors: dict[str, tuple[int, int]] = field(default_factory=dict)
    breaks: list[int] = field(default_factory=list)

    @property
    def next_row(self) -> int:
        return len(self.values) + 1

    def add_row(self, height: float | None = None) -> int:
        self.values.append([None] * PRINT_COLUMNS)
        row = len(self.values)
        if height:
            self.heights[row] = height
        return row

    def put(self, row: int, col: int, value: object, **style) -> Cell:
        self.values[row - 1][col - 1] = value
        cell = Cell(row, col, **style)
        self.cells.append(cell)
        return cell


def styled(lay: Layout) -> Styled:
    """The report's look as plain data: Times New Roman, merged spans, borders on the
    tables, the print area A..G, page breaks before a chart that would be cut, A4."""
    spans = []
    for c in lay.cells:
        horizontal, vertical = ALIGN[c.style]
        spans.append(
            Span(
                c.row,
                c.col,
                c.span,
                font=FONT,
                size=c.size,
                bold=c.bold or c.style in BOLD_STYLES,
                italic=c.italic or c.style == "center_italic",
                horizontal=horizontal,
                vertical=vertical,
                indent=1 if c.style == "td_num" else 0,
                border=c.style in BOXED_STYLES,
            )
        )
    widths = dict(enumerate(COLUMN_WIDTHS, start=1))
    first = data_origin()[1]
    for col in range(first, first + max(len(t.headers) for t in TABLES)):
        widths[col] = DATA_WIDTH
    page = PrintSetup(
        print_columns=PRINT_COLUMNS,
        print_rows=len(lay.values),
        margins_mm=MARGINS_MM,
        row_breaks=tuple(lay.breaks),
    )
    return Styled(LOOK, FONT, tuple(spans), widths, dict(lay.heights), page)


# ------------------------------------------------------------------ the chart data block


def table_formats(table: TableSpec) -> list[str | None]:
    """A rate column (and the target) as a percentage; counts as they are."""
    return [RATE_FORMAT if h.startswith(("Tỷ lệ", "Chỉ tiêu")) else None for h in table.headers]


def data_blocks(
    tables: Mapping[str, Sequence[Sequence[object]]], chart_rows: Mapping[str, int] | None
) -> list[Block]:
    """The chart data block at its fixed place: each table padded with empty rows to its
    reserved size (older rows go, nothing below moves). `chart_rows` (chart key -> BaoCao
    row) goes into the anchor row, where every later save finds where the charts stand;
    without it the rows a previous report wrote stay."""
    row, left = data_origin()
    blocks = [Block(row, [[DATA_TITLE]], left=left)]
    if chart_rows is not None:
        anchors = [[ANCHOR_LABEL, *(chart_rows.get(c.key) for c in CHARTS)]]
        blocks.append(Block(ANCHOR_ROW, anchors, left=left))
    for table in TABLES:
        width = len(table.headers)
        rows = tables.get(table.key, [])
        body = [list(r) + [None] * (width - len(r)) for r in rows[: table.rows]]
        body += [[None] * width for _ in range(table.rows - len(body))]
        top = table_header_row(table)
        blocks.append(Block(top, [list(table.headers)], left=left))
        blocks.append(Block(top + 1, body, left=left, formats=table_formats(table)))
    return blocks


def _sync(
    book: Book,
    sheet: str,
    tables: Mapping[str, Sequence[Sequence[object]]],
    chart_rows: Mapping[str, int] | None,
) -> None:
    filled = {t.key: len(tables.get(t.key, [])[: t.rows]) for t in TABLES if t.key in tables}
    anchors = {c.key: anchor_of(c, chart_rows.get(c.key)) for c in CHARTS} if chart_rows else None
    book.sync_charts(sheet, filled, anchors)


# ------------------------------------------------------------------ writing


def page(lay: Layout, tables: Mapping[str, Sequence[Sequence[object]]]) -> Page:
    """BaoCao anew: the report's values, the chart data block with the rows the charts
    stand at, and the report's look over them."""
    chart_rows = {k: r for k, (r, _) in lay.anchors.items()}
    blocks = [Block(1, lay.values, clear_below=True), *data_blocks(tables, chart_rows)]
    return Page(tuple(blocks), styled=styled(lay))


def write(book: Book, lay: Layout, tables: Mapping[str, Sequence[Sequence[object]]]) -> None:
    """BaoCao through any Book, then our charts over its data block."""
    book.lay_out(SHEET_REPORT, page(lay, tables))
    _sync(book, SHEET_REPORT, tables, {k: r for k, (r, _) in lay.anchors.items()})


def write_data_block(
    book: Book,
    tables: Mapping[str, Sequence[Sequence[object]]],
    chart_rows: Mapping[str, int] | None = None,
) -> str:
    """The chart data block alone, on BaoCao as it is; returns the sheet name used."""
    sheet = find_sheet(book.sheet_names(), SHEET_REPORT) or SHEET_REPORT
    book.lay_out(sheet, Page(tuple(data_blocks(tables, chart_rows)), fresh=False))
    _sync(book, sheet, tables, chart_rows)
    return sheet


def _build(ws, shipped: Shipped) -> None:
    title = "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    write_placeholder(ws, title, shipped.buttons[MACRO])


def _charts_in_copy(ws, result: Result) -> None:
    """The native charts again, over the copied chart data block."""
    draw_charts(ws)


SHEET = Sheet(
    name=SHEET_REPORT,
    build=_build,
    macro=MACRO,
    copy=CopySpec(order=0, finish=_charts_in_copy),
)

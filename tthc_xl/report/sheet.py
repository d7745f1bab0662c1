"""BaoCao laid out: the report's blocks on the printed columns A..G of A4 (ND 30/2020).

:func:`lay_out` turns the blocks (report/blocks.py) into a
:class:`~tthc_xl.sheets.baocao.Layout` (values, styled cells, heights, where each chart
stands, page breaks); the BaoCao sheet module writes it through any Book with its look.
The default MauBaoCao (the clerk's wording) is laid out here too, for the build and for a
workbook made before the report existed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tthc_xl.book.base import Book
from tthc_xl.book.names import SHEET_REPORT_TEMPLATE
from tthc_xl.book.page import Page
from tthc_xl.report import blocks as bc
from tthc_xl.report import template
from tthc_xl.sheets import baocao, report_template
from tthc_xl.sheets.baocao import FONT, LINE_PT, MARGINS_MM, Layout  # noqa: F401 - word.py


def _width(col: int, span: int) -> float:
    return sum(bc.COLUMN_WIDTHS[col - 1 : col - 1 + span])


def lay_out(blocks: list[bc.Block]) -> Layout:
    lay = Layout()
    full = bc.PRINT_COLUMNS
    for block in blocks:
        if isinstance(block, bc.Header):
            r = lay.add_row(LINE_PT)
            lay.put(r, 1, block.parent, span=3, style="center", size=13)
            lay.put(r, 4, bc.MOTTO[0], span=4, style="center_bold", size=12)
            r = lay.add_row(LINE_PT * 2)
            lay.put(r, 1, block.unit, span=3, style="center_bold", size=13)
            lay.put(r, 4, bc.MOTTO[1], span=4, style="center_bold", size=13)
            r = lay.add_row(10)
            lay.put(r, 1, "──────", span=3, style="center", size=8)
            lay.put(r, 4, "────────────────", span=4, style="center", size=8)
            r = lay.add_row(LINE_PT)
            lay.put(r, 1, block.number, span=3, style="center", size=13)
            lay.put(r, 4, block.date_line, span=4, style="center_italic", size=13)
            lay.add_row(LINE_PT / 2)
        elif isinstance(block, bc.Centered):
            lines = bc.estimated_lines(block.text, _width(1, full))
            r = lay.add_row(LINE_PT * lines)
            lay.put(r, 1, block.text, span=full, style="center_bold", size=14)
        elif isinstance(block, bc.Heading):
            lines = bc.estimated_lines(block.text, _width(1, full))
            r = lay.add_row(LINE_PT * lines + 4)
            lay.put(r, 1, block.text, span=full, style="heading")
        elif isinstance(block, bc.Paragraph):
            r = lay.add_row(bc.paragraph_height(block.text))
            lay.put(r, 1, block.text, span=full, style="body", italic=block.italic)
        elif isinstance(block, bc.Table):
            _table(lay, block)
            lay.add_row(6)
        elif isinstance(block, bc.Chart):
            r = lay.add_row(LINE_PT)
            lay.put(r, 1, block.title, span=full, style="center_italic", size=12)
            lay.anchors[block.key] = (lay.next_row, 1)
            for _ in range(bc.CHART_ROWS):
                lay.add_row(bc.CHART_ROW_PT)
        elif isinstance(block, bc.Signature):
            _signature(lay, block)
    lay.breaks = page_breaks(lay)
    return lay


# A4 (297 mm) less the ND 30 top and bottom margins, in points; a little kept spare for
# the renderer's own rounding of row heights.
PAGE_PT = (297 - MARGINS_MM["top"] - MARGINS_MM["bottom"]) * 72 / 25.4 - 12
DEFAULT_ROW_PT = 15.0


def page_breaks(lay: Layout) -> list[int]:
    """Rows before which a page must start so that no chart is split: the printed page
    fills row by row (the columns fit the width at 100 %), and a chart's caption moves to
    a new page with its chart when both would not fit on the current one."""
    chart_rows = {row - 1 for row, _ in lay.anchors.values()}  # the caption rows
    chart_pt = LINE_PT + bc.CHART_ROWS * bc.CHART_ROW_PT
    breaks: list[int] = []
    used = 0.0
    for row in range(1, len(lay.values) + 1):
        height = lay.heights.get(row, DEFAULT_ROW_PT)
        need = chart_pt if row in chart_rows else height
        if used and used + need > PAGE_PT:
            if row in chart_rows:
                breaks.append(row)
            used = 0.0
        used += height
    return breaks


def _table(lay: Layout, t: bc.Table) -> None:
    def row_of(values: tuple[str, ...], style: str, bold: bool = False) -> None:
        col = 1
        lines = 1
        for value, span in zip(values, t.spans, strict=True):
            lines = max(lines, bc.estimated_lines(value, _width(col, span) * 1.15))
            col += span
        r = lay.add_row(16 * lines + 3)
        col = 1
        for i, (value, span) in enumerate(zip(values, t.spans, strict=True)):
            cell_style = "td_num" if style == "td" and t.numeric[i] else style
            lay.put(r, col, value, span=span, style=cell_style, size=11, bold=bold)
            col += span

    row_of(t.headers, "th", bold=True)
    for i, values in enumerate(t.rows):
        row_of(values, "td", bold=t.bold_last and i == len(t.rows) - 1)


def _signature(lay: Layout, s: bc.Signature) -> None:
    lay.add_row(LINE_PT / 2)
    left = ["Nơi nhận:", *s.recipients]
    right = [*s.lines, "", "", "", s.signer]
    for i in range(max(len(left), len(right))):
        r = lay.add_row(LINE_PT)
        if i < len(left):
            lay.put(
                r,
                1,
                left[i],
                span=3,
                style="left",
                size=12 if i == 0 else 11,
                bold=i == 0,
                italic=i == 0,
            )
        if i < len(right) and right[i]:
            lay.put(r, 4, right[i], span=4, style="center_bold", size=13)


# ------------------------------------------------------------------ writing


def write_report(
    book: Book,
    blocks: list[bc.Block],
    tables: Mapping[str, Sequence[Sequence[object]]] | None = None,
) -> dict[str, tuple[int, int]]:
    """BaoCao through any Book: the laid-out report, the chart data block (`tables`:
    chart table key -> rows) and its look, then the charts.

    Returns where each chart stands (key -> (row, column)).
    """
    lay = lay_out(blocks)
    baocao.write(book, lay, tables or {})
    return lay.anchors


def template_page() -> Page:
    """The default MauBaoCao: the wording, and the placeholders beside it."""
    return report_template.page(
        template.sheet_rows(),
        template.placeholder_rows(),
        template.TEMPLATE_FIRST_ROW - 1,
        template.PLACEHOLDER_COLUMN,
    )


def write_template(book: Book) -> None:
    """The default MauBaoCao, for a workbook made before the report existed."""
    book.lay_out(SHEET_REPORT_TEMPLATE, template_page())

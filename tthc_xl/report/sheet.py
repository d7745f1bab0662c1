"""BaoCao as a print-ready sheet: the report's blocks laid out on A4 (ND 30/2020).

Values go through the Book interface (file or Excel alike). The look (merged cells, Times
New Roman, borders, row heights, page set-up) is applied by the back end that can: openpyxl
for a file, Excel's object model for the open workbook (skipped where there is none).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from tthc_xl.book.names import SHEET_REPORT, SHEET_REPORT_TEMPLATE
from tthc_xl.report import blocks as bc
from tthc_xl.report import template

FONT = "Times New Roman"
BODY_SIZE = 13
LINE_PT = 17.5
MM = 1 / 25.4  # inches
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}


@dataclass
class Cell:
    row: int
    col: int
    span: int = 1
    style: str = "body"  # body, center, center_bold, center_italic, heading, th, td, td_num
    size: int = BODY_SIZE
    bold: bool = False
    italic: bool = False
    rows: int = 1  # merged down


@dataclass
class Layout:
    values: list[list[object]] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    heights: dict[int, float] = field(default_factory=dict)
    anchors: dict[str, tuple[int, int]] = field(default_factory=dict)
    breaks: list[int] = field(default_factory=list)  # rows that start a printed page

    @property
    def next_row(self) -> int:
        return len(self.values) + 1

    def add_row(self, height: float | None = None) -> int:
        self.values.append([None] * bc.PRINT_COLUMNS)
        row = len(self.values)
        if height:
            self.heights[row] = height
        return row

    def put(self, row: int, col: int, value: object, **style) -> Cell:
        self.values[row - 1][col - 1] = value
        cell = Cell(row, col, **style)
        self.cells.append(cell)
        return cell


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
            lines = bc.estimated_lines("      " + block.text, _width(1, full))
            r = lay.add_row(LINE_PT * lines + 4)
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
    start = lay.next_row
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
    del start


# ------------------------------------------------------------------ writing


def write_report(book, blocks: list[bc.Block]) -> dict[str, tuple[int, int]]:
    """BaoCao: values through the Book, then the look by whichever back end can.

    Returns where each chart stands (key -> (row, column)); the caller writes the chart
    data block (report/chartdata.py) with those rows.
    """
    lay = lay_out(blocks)
    _reset(book)
    book.write(SHEET_REPORT, 1, lay.values, clear_below=True)
    _style(book, lay)
    return lay.anchors


def write_template(book) -> None:
    """The default MauBaoCao, for a workbook made before the report existed."""
    book.write(SHEET_REPORT_TEMPLATE, 1, template.sheet_rows())
    book.write(
        SHEET_REPORT_TEMPLATE,
        template.TEMPLATE_FIRST_ROW - 1,
        template.placeholder_rows(),
        left=template.PLACEHOLDER_COLUMN,
    )
    wb = _openpyxl_book(book)
    if wb is not None:
        style_template_sheet(wb[SHEET_REPORT_TEMPLATE])


def write_template_sheet(ws) -> None:
    """The default MauBaoCao into an openpyxl sheet (the workbook build)."""
    from tthc_xl.book.layout import set_cell

    for r, row in enumerate(template.sheet_rows(), start=1):
        for c, value in enumerate(row, start=1):
            set_cell(ws, r, c, value)
    for r, row in enumerate(template.placeholder_rows(), start=template.TEMPLATE_FIRST_ROW - 1):
        for c, value in enumerate(row, start=template.PLACEHOLDER_COLUMN):
            set_cell(ws, r, c, value)
    style_template_sheet(ws)


def style_template_sheet(ws) -> None:
    """Widths and wrapping of MauBaoCao (openpyxl), so the clerk can read and edit it."""
    from openpyxl.styles import Alignment, Font

    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 100
    ws.column_dimensions["C"].width = 3
    ws.column_dimensions["D"].width = 30
    ws.column_dimensions["E"].width = 60
    ws["A1"].font = Font(bold=True, size=13)
    for row in ws.iter_rows(min_row=template.TEMPLATE_FIRST_ROW - 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[template.TEMPLATE_FIRST_ROW - 1]:
        cell.font = Font(bold=True)


def _openpyxl_book(book):
    from tthc_xl.book.filebook import FileBook

    return book.wb if isinstance(book, FileBook) else None


def _reset(book) -> None:
    """A fresh BaoCao: last time's merges and looks go (the sheet keeps its place)."""
    wb = _openpyxl_book(book)
    if wb is not None:
        if SHEET_REPORT in wb.sheetnames:
            index = wb.sheetnames.index(SHEET_REPORT)
            wb.remove(wb[SHEET_REPORT])
            wb.create_sheet(SHEET_REPORT, index)
        book.ensure_sheet(SHEET_REPORT)
        return
    ws = _excel_sheet(book)
    if ws is not None:
        with contextlib.suppress(Exception):
            ws.api.Cells.UnMerge()
            ws.api.Cells.ClearFormats()


def _excel_sheet(book):
    inner = getattr(book, "book", None)
    if inner is None:
        return None
    with contextlib.suppress(Exception):
        return inner.sheets[SHEET_REPORT]
    return None


def _style(book, lay: Layout) -> None:
    wb = _openpyxl_book(book)
    if wb is not None:
        _style_openpyxl(wb[SHEET_REPORT], lay)
        return
    ws = _excel_sheet(book)
    if ws is not None:
        with contextlib.suppress(Exception):  # the remote test Book has no object model
            _style_excel(ws, lay)


_ALIGN = {
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


def _style_openpyxl(ws, lay: Layout) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break
    from openpyxl.worksheet.properties import PageSetupProperties

    from tthc_xl.book.charts import DATA_WIDTH, TABLES, data_origin

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for i, width in enumerate(bc.COLUMN_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    first = data_origin()[1]
    for col in range(first, first + max(len(t.headers) for t in TABLES)):
        ws.column_dimensions[get_column_letter(col)].width = DATA_WIDTH
    for row, height in lay.heights.items():
        ws.row_dimensions[row].height = height
    for c in lay.cells:
        horizontal, vertical = _ALIGN[c.style]
        bold = c.bold or c.style in ("center_bold", "heading", "th")
        italic = c.italic or c.style == "center_italic"
        indent = 1 if c.style == "td_num" else 0
        cells = [ws.cell(row=c.row, column=c.col + k) for k in range(c.span)]
        for k, cell in enumerate(cells):
            cell.font = Font(name=FONT, size=c.size, bold=bold, italic=italic)
            cell.alignment = Alignment(
                horizontal=horizontal,
                vertical=vertical,
                wrap_text=True,
                indent=indent if k == 0 or c.style == "td_num" else 0,
            )
            if c.style in ("th", "td", "td_num"):
                cell.border = box
        if c.span > 1:
            ws.merge_cells(
                start_row=c.row, start_column=c.col, end_row=c.row, end_column=c.col + c.span - 1
            )
    last = max(len(lay.values), 1)
    ws.print_area = f"A1:{get_column_letter(bc.PRINT_COLUMNS)}{last}"
    for row in lay.breaks:
        ws.row_breaks.append(Break(id=row - 1))  # the break goes below row id
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.top = MARGINS_MM["top"] * MM
    ws.page_margins.bottom = MARGINS_MM["bottom"] * MM
    ws.page_margins.left = MARGINS_MM["left"] * MM
    ws.page_margins.right = MARGINS_MM["right"] * MM
    ws.page_margins.header = 8 * MM
    ws.page_margins.footer = 8 * MM
    ws.HeaderFooter.differentFirst = True
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.font = FONT
    ws.sheet_view.showGridLines = False


def _style_excel(ws, lay: Layout) -> None:
    """The same look through Excel's object model (xlwings on Windows)."""
    api = ws.api
    api.Cells.Font.Name = FONT
    for i, width in enumerate(bc.COLUMN_WIDTHS, start=1):
        api.Columns(i).ColumnWidth = width
    for row, height in lay.heights.items():
        api.Rows(row).RowHeight = height
    h_align = {"left": -4131, "center": -4108, "right": -4152, "justify": -4130}
    v_align = {"top": -4160, "center": -4108}
    for c in lay.cells:
        rng = api.Range(api.Cells(c.row, c.col), api.Cells(c.row, c.col + c.span - 1))
        if c.span > 1:
            rng.Merge()
        horizontal, vertical = _ALIGN[c.style]
        rng.HorizontalAlignment = h_align[horizontal]
        rng.VerticalAlignment = v_align[vertical]
        rng.WrapText = True
        rng.Font.Size = c.size
        rng.Font.Bold = c.bold or c.style in ("center_bold", "heading", "th")
        rng.Font.Italic = c.italic or c.style == "center_italic"
        if c.style in ("th", "td", "td_num"):
            rng.Borders.LineStyle = 1
    api.ResetAllPageBreaks()
    for row in lay.breaks:
        api.HPageBreaks.Add(api.Rows(row))
    setup = api.PageSetup
    setup.PrintArea = f"$A$1:$G${max(len(lay.values), 1)}"
    setup.PaperSize = 9  # xlPaperA4
    setup.Orientation = 1  # portrait
    setup.Zoom = False
    setup.FitToPagesWide = 1
    setup.FitToPagesTall = False
    points_per_mm = 72 / 25.4
    setup.TopMargin = MARGINS_MM["top"] * points_per_mm
    setup.BottomMargin = MARGINS_MM["bottom"] * points_per_mm
    setup.LeftMargin = MARGINS_MM["left"] * points_per_mm
    setup.RightMargin = MARGINS_MM["right"] * points_per_mm
    setup.DifferentFirstPageHeaderFooter = True
    setup.CenterHeader = "&P"

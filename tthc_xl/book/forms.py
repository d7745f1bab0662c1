"""The printed look every sheet shares: page set-up, fonts, header cells and borders.

The sheets (tthc_xl/sheets/) draw their looks with these. Page setup follows Nghị định
30/2020/NĐ-CP Phụ lục I (docs/rules.md section 11): A4, margins top/bottom 20 mm, left
30 mm, right 15 mm; official forms in Times New Roman, data sheets in Arial (Liberation
Sans, metric-compatible, where Arial is missing).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

FORM_FONT = "Times New Roman"  # official forms: KPI, Bieu06, BaoCao
DATA_FONT = "Arial"  # data sheets: HoSo, CanhBao, DanhMuc, NgayNghi, CauHinh, logs
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# counts with a literal dot for thousands (2.918), whatever the PC's regional settings: a
# plain #,##0 shows 2,918 under English (United States); the value stays a number
COUNT_FORMAT = '[>=1000000]#"."###"."###;[>=1000]#"."###;0'
# Rates and points have no such format: a fraction always shows the PC's decimal mark
# (99.89%). Where they must read 99,89% on any PC they are shown as text, built by these
# formulas: FIXED without thousands gives the PC's decimal mark, which becomes a comma.


def rate_text_formula(expr: str) -> str:
    """Excel formula text (no '='): a fraction `expr` (a call or a reference), already
    truncated, as '99,89%'."""
    return f'SUBSTITUTE(FIXED({expr}*100,2,TRUE),".",",")&"%"'


def points_text_formula(expr: str) -> str:
    """Excel formula text (no '='): points `expr`, already truncated, as '19,62'."""
    return f'SUBSTITUTE(FIXED({expr},2,TRUE),".",",")'


MM = 1 / 25.4  # inches per millimetre: openpyxl margins are in inches
ND30_MARGINS_MM = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
HEADER_FOOTER_MM = 8.0


def font(family: str, size: float = 11, **kw) -> Font:
    return Font(name=family, size=size, **kw)


def page_setup(
    ws: Worksheet,
    *,
    landscape: bool,
    title_rows: str | None = None,
    footer: str = "",
    family: str = DATA_FONT,
) -> None:
    """A4, one page wide, ND 30 margins, repeated header rows, page number and period below."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ND30_MARGINS_MM["left"] * MM
    ws.page_margins.right = ND30_MARGINS_MM["right"] * MM
    ws.page_margins.top = ND30_MARGINS_MM["top"] * MM
    ws.page_margins.bottom = ND30_MARGINS_MM["bottom"] * MM
    ws.page_margins.header = HEADER_FOOTER_MM * MM
    ws.page_margins.footer = HEADER_FOOTER_MM * MM
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = f"{family},Regular"
    ws.oddFooter.center.size = 9
    if footer:
        ws.oddFooter.left.text = footer.replace("&", "&&")
        ws.oddFooter.left.font = f"{family},Regular"
        ws.oddFooter.left.size = 9


def style_header(cells: Sequence, family: str = DATA_FONT, size: float = 11) -> None:
    for cell in cells:
        cell.font = font(family, size, bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = BOX


def name_default_font(wb, family: str = DATA_FONT) -> None:
    """The workbook's default font (style 0, every unstyled cell) named explicitly, so a PC
    without Calibri does not fall back to a font that clips Vietnamese capitals' marks."""
    from openpyxl.utils.indexed_list import IndexedList

    fonts = list(wb._fonts)
    if fonts and fonts[0].name != family:
        fonts[0] = Font(name=family, size=11, family=2)
        wb._fonts = IndexedList(fonts)


# ------------------------------------------------------------------ row heights

# a character's advance in ems, Arial/Times alike (Vietnamese marks add no width); a
# little generous, so a row made as tall as the lines counted shows every line
_NARROW = set(" .,:;!|'()[]-/iljIìíỉĩịfrt")
_WIDE = set("mwMWĐ")
POINTS_PER_WIDTH = 6.0  # a column width unit (the default Arial 11's digit) in points
CELL_PADDING = 5.0  # points a cell keeps free of text, both sides together


def _em(ch: str) -> float:
    if ch in _NARROW:
        return 0.32
    if ch in _WIDE or ch.isupper():
        return 0.74
    return 0.57


def text_lines(text: str, width: float, size: float = 11, bold: bool = False) -> int:
    """How many lines `text` takes, wrapped at spaces, in a column `width` wide (Excel's
    unit). LibreOffice does not fit a row to wrapped text as Excel does: a row we make
    this many lines tall prints all of it in both."""
    room = max(width * POINTS_PER_WIDTH - CELL_PADDING, size)
    scale = size * (1.08 if bold else 1.0)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            w = sum(_em(ch) for ch in word) * scale
            gap = _em(" ") * scale if used else 0.0
            if used and used + gap + w > room:
                lines += 1
                used = 0.0
                gap = 0.0
            while w > room:  # a word wider than the column breaks where it must
                lines += 1
                w -= room
            used += gap + w
    return lines


def lines_height(lines: int, size: float = 11) -> float:
    """A row's height in points for `lines` lines of `size`-point text."""
    return round(lines * size * 1.3 + 2, 1)


def column_width(ws: Worksheet, letter: str) -> float:
    """A column's width as Excel shows it (8.43 where none is set)."""
    dim = ws.column_dimensions.get(letter)
    return float(dim.width) if dim is not None and dim.customWidth and dim.width else 8.43


def fit_row(ws: Worksheet, row: int, minimum: float | None = None) -> None:
    """Row `row` made as tall as its wrapped cells need (merged cells: their whole width),
    never shorter than `minimum`; one-line rows keep Excel's own height."""
    from openpyxl.utils import get_column_letter

    spans = {
        (m.min_row, m.min_col): range(m.min_col, m.max_col + 1)
        for m in ws.merged_cells.ranges
        if m.min_row == row
    }
    need = 0.0
    for cell in ws[row]:
        if not isinstance(cell.value, str) or not cell.value or cell.alignment is None:
            continue
        if not cell.alignment.wrap_text:
            continue
        cols = spans.get((row, cell.column), range(cell.column, cell.column + 1))
        width = sum(column_width(ws, get_column_letter(c)) for c in cols)
        size = float(cell.font.sz or 11) if cell.font is not None else 11.0
        bold = bool(cell.font is not None and cell.font.b)
        lines = text_lines(cell.value, width, size, bold)
        if lines > 1:
            need = max(need, lines_height(lines, size))
    height = max(need, minimum or 0.0)
    if height:
        ws.row_dimensions[row].height = height


def fit_rows(first: int, last: int) -> Callable[[Worksheet], None]:
    """A page's `after`: rows `first` to `last` as tall as their wrapped cells need."""

    def fit(ws: Worksheet) -> None:
        for row in range(first, last + 1):
            fit_row(ws, row)

    return fit

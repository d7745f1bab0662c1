"""The printed look of the output sheets: CanhBao and Bieu06 as forms, page setup and fonts.

Values are written through any Book (refresh); this module gives a sheet its look with
openpyxl, so the file back end (`tthc-xl refresh`, the build) lays a sheet out in full
each time, and the workbook the build ships carries the same look into Excel.

Page setup follows Nghị định 30/2020/NĐ-CP Phụ lục I (docs/rules.md section 11): A4,
margins top/bottom 20 mm, left 30 mm, right 15 mm; official forms in Times New Roman, data
sheets in Arial (Liberation Sans, metric-compatible, where Arial is missing).
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from tthc_xl.rules.columns import DATE_FORMAT
from tthc_xl.rules.indicators import BIEU06_COLUMNS

from .names import WARNING_HEADERS

FORM_FONT = "Times New Roman"  # official forms: KPI, Bieu06, BaoCao
DATA_FONT = "Arial"  # data sheets: HoSo, CanhBao, DanhMuc, NgayNghi, CauHinh, logs
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MM = 1 / 25.4  # inches per millimetre: openpyxl margins are in inches
COUNT_FORMAT = "#,##0"

# CanhBao: title rows, then the header row and the dossiers under it.
WARNINGS_HEADER_ROW = 4
WARNINGS_WIDTHS = (26, 46, 24, 17, 17, 26, 44)
WARNING_STATES = {  # the state text refresh writes -> row fill (red, amber)
    "Quá hạn, đang giải quyết": "F8CBAD",
    "Sắp đến hạn": "FFE699",
}

# Bieu06: title block, two header rows, the column numbers, then one row per field.
BIEU06_GROUP_ROW = 6
BIEU06_FIRST_ROW = 9
BIEU06_WIDTHS = (5, 30, 9, 10, 11, 9, 9, 9, 9, 9, 9, 9, 9)
BIEU06_GROUPS = (  # (first column, last column, text) of the upper header row
    (3, 6, "Số hồ sơ nhận giải quyết"),
    (7, 10, "Số hồ sơ đã giải quyết"),
    (11, 13, "Số hồ sơ đang giải quyết"),
)


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
    ws.page_margins.left = 30 * MM
    ws.page_margins.right = 15 * MM
    ws.page_margins.top = 20 * MM
    ws.page_margins.bottom = 20 * MM
    ws.page_margins.header = 8 * MM
    ws.page_margins.footer = 8 * MM
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


def fonts_on(ws: Worksheet, family: str, first_row: int = 1) -> None:
    """Name the font on every filled cell that has none of its own (Calibri by default)."""
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if cell.value is not None and cell.font.name in (None, "Calibri"):
                f = cell.font
                cell.font = Font(
                    name=family,
                    size=f.size or 11,
                    bold=f.bold,
                    italic=f.italic,
                    color=f.color,
                    underline=f.underline,
                )


def lay_out_warnings(ws: Worksheet, n_rows: int, footer: str = "") -> None:
    """CanhBao: title, styled frozen header, widths that fit, red and amber rows."""
    ws["A1"].font = font(DATA_FONT, 14, bold=True, color="1F4E78")
    ws["A2"].font = font(DATA_FONT, 10, italic=True)
    for c, width in enumerate(WARNINGS_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    row = WARNINGS_HEADER_ROW
    for c, header in enumerate(WARNING_HEADERS, start=1):
        ws.cell(row=row, column=c, value=header)
    style_header([ws.cell(row=row, column=c) for c in range(1, len(WARNING_HEADERS) + 1)])
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    last = row + max(n_rows, 1)
    wrap = Alignment(wrap_text=True, vertical="top")
    for r in range(row + 1, last + 1):
        for c in range(1, len(WARNING_HEADERS) + 1):
            cell = ws.cell(row=r, column=c)
            cell.font = font(DATA_FONT, 10)
            cell.alignment = wrap
            cell.border = BOX
            if c in (4, 5):
                cell.number_format = DATE_FORMAT
                cell.alignment = Alignment(horizontal="center", vertical="top")
    ref = f"A{row + 1}:{get_column_letter(len(WARNING_HEADERS))}{last}"
    for state, color in WARNING_STATES.items():
        ws.conditional_formatting.add(
            ref,
            FormulaRule(
                formula=[f'LEFT($F{row + 1},{len(state)})="{state}"'],
                fill=PatternFill("solid", fgColor=color, bgColor=color),
            ),
        )
    page_setup(ws, landscape=True, title_rows=f"{row}:{row}", footer=footer)


def lay_out_bieu06(ws: Worksheet, n_rows: int, footer: str = "") -> None:
    """Bieu06 as Biểu số 06/VPCP/KSTT: merged two-level header, column numbers (1)..(13),
    borders, a bold total row (the last of `n_rows`), then the signature block's place."""
    ncol = 2 + len(BIEU06_COLUMNS)
    last_letter = get_column_letter(ncol)
    for c, width in enumerate(BIEU06_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws["A1"].font = font(FORM_FONT, 11, bold=True, italic=True)
    for r in (1, 2):
        ws.merge_cells(f"I{r}:{last_letter}{r}")
        ws[f"I{r}"].font = font(FORM_FONT, 11)
        ws[f"I{r}"].alignment = Alignment(horizontal="left", wrap_text=True)
    for r, size, style in ((3, 13, {"bold": True}), (4, 12, {"italic": True})):
        ws.merge_cells(f"A{r}:{last_letter}{r}")
        ws[f"A{r}"].font = font(FORM_FONT, size, **style)
        ws[f"A{r}"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[3].height = 36
    ws.merge_cells(f"A5:{last_letter}5")
    ws["A5"].font = font(FORM_FONT, 11, italic=True)
    ws["A5"].alignment = Alignment(horizontal="right")

    top, sub, numbers = BIEU06_GROUP_ROW, BIEU06_GROUP_ROW + 1, BIEU06_GROUP_ROW + 2
    for c in (1, 2):
        ws.merge_cells(start_row=top, start_column=c, end_row=sub, end_column=c)
    for first, last, _text in BIEU06_GROUPS:
        ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=last)
    head = font(FORM_FONT, 11, bold=True)
    for r in (top, sub, numbers):
        for c in range(1, ncol + 1):
            cell = ws.cell(row=r, column=c)
            cell.font = head if r != numbers else font(FORM_FONT, 10, italic=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = BOX
    ws.row_dimensions[sub].height = 48
    ws.freeze_panes = ws.cell(row=BIEU06_FIRST_ROW, column=3)

    total_row = BIEU06_FIRST_ROW + max(n_rows, 1) - 1
    for r in range(BIEU06_FIRST_ROW, total_row + 1):
        bold = r == total_row
        for c in range(1, ncol + 1):
            cell = ws.cell(row=r, column=c)
            cell.font = font(FORM_FONT, 11, bold=bold)
            cell.border = BOX
            cell.alignment = Alignment(
                horizontal="left" if c == 2 else "center" if c == 1 else "right",
                vertical="center",
                wrap_text=c == 2,
            )
            if c > 2:
                cell.number_format = COUNT_FORMAT
    after = total_row + 2
    ws.merge_cells(f"A{after}:{last_letter}{after}")
    ws[f"A{after}"].font = font(FORM_FONT, 11, italic=True)
    ws[f"A{after}"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[after].height = 30
    sign = after + 2
    spans = (("A", "E"), ("I", last_letter))
    for r, style in ((sign, {"italic": True}), (sign + 1, {"bold": True}), (sign + 2, {})):
        for left, right in spans:
            ws.merge_cells(f"{left}{r}:{right}{r}")
            ws[f"{left}{r}"].font = font(FORM_FONT, 12, **style)
            ws[f"{left}{r}"].alignment = Alignment(horizontal="center")
        ws[f"A{r}"].font = font(FORM_FONT, 12, **({"bold": True} if r == sign + 1 else style))
    ws[f"A{sign + 2}"].font = font(FORM_FONT, 11, italic=True)
    ws[f"I{sign + 2}"].font = font(FORM_FONT, 11, italic=True)
    page_setup(ws, landscape=True, title_rows=f"{top}:{numbers}", footer=footer, family=FORM_FONT)


def bieu06_tail_row(n_rows: int) -> int:
    """The row of the rates line under the table; the signature block starts two below."""
    return BIEU06_FIRST_ROW + max(n_rows, 1) + 1


def name_default_font(wb, family: str = DATA_FONT) -> None:
    """The workbook's default font (style 0, every unstyled cell) named explicitly, so a PC
    without Calibri does not fall back to a font that clips Vietnamese capitals' marks."""
    from openpyxl.utils.indexed_list import IndexedList

    fonts = list(wb._fonts)
    if fonts and fonts[0].name != family:
        fonts[0] = Font(name=family, size=11, family=2)
        wb._fonts = IndexedList(fonts)

"""Bieu06: Biểu số 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP), drawn anew each refresh.

Title block, a merged two-level header with the column numbers (1)..(13), one row per field
and a bold total, the rates line, the place and date line and the signature block, printed
landscape in Times New Roman (docs/rules.md section 11).
"""

from __future__ import annotations

import datetime as dt

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from tthc_xl.book.base import Book
from tthc_xl.book.forms import BOX, COUNT_FORMAT, FORM_FONT, font, page_setup
from tthc_xl.book.names import SHEET_BIEU06
from tthc_xl.book.page import Block, Page
from tthc_xl.rules.engine import Result
from tthc_xl.rules.indicators import BIEU06_COLUMNS
from tthc_xl.rules.settings import Settings
from tthc_xl.style.numbers import percent

from .base import CopySpec, Figures, Sheet, Shipped
from .placeholder import write_placeholder

MACRO = "refresh"  # the ribbon macro whose button fills it
BIEU06_GROUP_ROW = 6
BIEU06_FIRST_ROW = 9
BIEU06_WIDTHS = (5, 30, 9, 10, 11, 9, 9, 9, 9, 9, 9, 9, 9)
BIEU06_GROUPS = (  # (first column, last column, text) of the upper header row
    (3, 6, "Số hồ sơ nhận giải quyết"),
    (7, 10, "Số hồ sơ đã giải quyết"),
    (11, 13, "Số hồ sơ đang giải quyết"),
)
# the upper header row: column -> text (BIEU06_GROUPS merges the blocks)
BIEU06_HEAD = {1: "STT", 2: "Lĩnh vực", **{first: text for first, _, text in BIEU06_GROUPS}}
RIGHT = 9  # the right-hand blocks (the units, the head of the unit) start in column I
TITLE = (
    "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP "
    "GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
)


def _title_block(ws, last_letter: str) -> None:
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


def _header(ws, ncol: int) -> None:
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


def _signature_block(ws, after: int, last_letter: str) -> None:
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


def lay_out_bieu06(ws, n_rows: int, footer: str = "") -> None:
    """Bieu06's look on a blank sheet: merged two-level header, column numbers (1)..(13),
    borders, a bold total row (the last of `n_rows`), then the signature block's place."""
    ncol = 2 + len(BIEU06_COLUMNS)
    last_letter = get_column_letter(ncol)
    for c, width in enumerate(BIEU06_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    _title_block(ws, last_letter)
    _header(ws, ncol)
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
    _signature_block(ws, total_row + 2, last_letter)
    top, numbers = BIEU06_GROUP_ROW, BIEU06_GROUP_ROW + 2
    page_setup(ws, landscape=True, title_rows=f"{top}:{numbers}", footer=footer, family=FORM_FONT)


def bieu06_tail_row(n_rows: int) -> int:
    """The row of the rates line under the table; the signature block starts two below."""
    return BIEU06_FIRST_ROW + max(n_rows, 1) + 1


def page(
    result: Result, settings: Settings, now: dt.datetime, body: list[list[object]] | None = None
) -> Page:
    """Biểu 06 of `result`: its look for as many fields as it has, and its values
    (`body`: its rows, when already taken from the result)."""
    p = result.period
    body = result.bieu06() if body is None else body
    top = BIEU06_FIRST_ROW - 3
    subs = ["Tổng số", "Trực tuyến", "Trực tiếp, bưu chính", "Từ kỳ trước"]
    subs += [name for name, _ in BIEU06_COLUMNS[4:]]
    rates = result.rates
    tail = bieu06_tail_row(len(body))
    sign = tail + 2
    month = f"{now.month:02d}" if now.month < 3 else str(now.month)  # ND 30: 01, 02, 3 ... 12
    place = f"{settings.place}, ngày {now:%d} tháng {month} năm {now.year}"
    blocks = [
        Block(1, [["Biểu số 06/VPCP/KSTT"]]),
        Block(1, [[f"Đơn vị báo cáo: {settings.unit_name}"]], left=RIGHT),
        Block(2, [[f"Đơn vị nhận báo cáo: {settings.parent_body}"]], left=RIGHT),
        Block(
            3,
            [
                [TITLE],
                [f"Kỳ báo cáo: {p.with_days()}; số liệu tính đến {result.as_of:%d/%m/%Y %H:%M}"],
                ["Đơn vị tính: hồ sơ"],
            ],
        ),
        # only the merged blocks' first cells
        *(Block(top, [[text]], left=column) for column, text in BIEU06_HEAD.items()),
        Block(top + 1, [subs], left=3),
        Block(top + 2, [[f"({i})" for i in range(1, 14)]]),
        Block(BIEU06_FIRST_ROW, body, clear_below=True),
        Block(
            tail,
            [
                [
                    f"Tỷ lệ tiếp nhận trực tuyến: {percent(rates['online_rate'])}; "
                    f"tỷ lệ giải quyết trước hạn: {percent(rates['early_rate'])}; "
                    f"tỷ lệ giải quyết đúng và trước hạn: "
                    f"{percent(rates['on_time_or_early_rate'])}."
                ]
            ],
        ),
        Block(sign + 1, [["NGƯỜI LẬP BIỂU"], ["(Ký, ghi rõ họ tên)"]]),
        Block(
            sign,
            [[place], ["THỦ TRƯỞNG ĐƠN VỊ"], ["(Ký, ghi rõ họ tên, đóng dấu)"]],
            left=RIGHT,
        ),
    ]
    footer = p.describe()

    def look(ws) -> None:
        lay_out_bieu06(ws, len(body), footer)

    return Page(tuple(blocks), before=look)


def refresh(book: Book, figures: Figures) -> int:
    """Biểu 06 anew (for the cut-off window when CauHinh sets a cut-off day)."""
    body = figures.form.bieu06()
    book.lay_out(SHEET_BIEU06, page(figures.form, figures.settings, figures.now, body))
    return len(body)


def _build(ws, shipped: Shipped) -> None:
    title = "BIỂU SỐ 06/VPCP/KSTT - TÌNH HÌNH GIẢI QUYẾT TTHC THEO LĨNH VỰC"
    write_placeholder(ws, title, shipped.buttons[MACRO])


SHEET = Sheet(
    name=SHEET_BIEU06,
    build=_build,
    refresh=refresh,
    macro=MACRO,
    copy=CopySpec(order=1),
)

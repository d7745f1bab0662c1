"""The Excel back end of :class:`~tthc_xl.book.base.Book`: the workbook open in Excel,
through xlwings (or a remote-interpreter Book in tests).

Which engine holds the workbook decides what it can take, here and nowhere else:

- desktop Excel (engine "excel", on Windows through COM): values, number formats, tables
  and charts through xlwings, and the looks of a :class:`~tthc_xl.book.page.Styled` page
  (fonts, merges, borders, widths, heights, page set-up) through Excel's object model. An
  error Excel raises there (``pywintypes.com_error``: no printer installed, a protected
  sheet) leaves the values written and becomes a note saying what was not applied;
- the remote interpreter (``xw.Book(json=...)``: xlwings Server, the tests) has no object
  model: it takes the values, formats, tables and charts; a styled look is not applied and
  a note says so; it has no status bar and recalculates on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .base import Book, clean_text, looks_live

if TYPE_CHECKING:
    from .page import Page, Styled

# Text Excel would turn into something else when assigned to a cell: a formula (=, +, -,
# @), a number ("1.004870", "000123"), a date ("03/04/2026"), a percentage, TRUE/FALSE.
_COERCIBLE = re.compile(r"^\s*(?:[=+\-@(.,$%]|\d|(?:true|false)\s*$)", re.IGNORECASE)
OBJECT_MODEL_ENGINE = "excel"  # xlwings' desktop engine: Excel's object model (COM)


def _excel_text(value: object) -> object:
    """A leading apostrophe makes Excel keep such text as typed (it does not show)."""
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    if looks_live(value) or _COERCIBLE.match(value):
        return "'" + value
    return value


def has_object_model(book) -> bool:
    """Whether Excel's object model is behind an xlwings Book (desktop Excel)."""
    return str(book.app.engine.name) == OBJECT_MODEL_ENGINE


def excel_error_types() -> tuple[type[BaseException], ...]:
    """The errors Excel's object model raises: pywin32's com_error, where pywin32 is."""
    try:
        import pywintypes  # pywin32, on Windows
    except ImportError:
        return ()
    return (pywintypes.com_error,)


def excel_reason(exc: BaseException) -> str:
    """What Excel said: a com_error's description (its excepinfo), else its text."""
    args: tuple[Any, ...] = tuple(exc.args)
    if len(args) >= 3 and isinstance(args[2], tuple) and len(args[2]) > 2 and args[2][2]:
        return str(args[2][2]).strip()
    if len(args) >= 2 and isinstance(args[1], str) and args[1]:
        return args[1].strip()
    return str(exc) or type(exc).__name__


class XlwingsBook(Book):
    """The workbook open in Excel (or a remote-interpreter Book in tests)."""

    def __init__(self, book) -> None:
        self.book = book
        self.name = book.name
        self.notes: list[str] = []
        self.object_model = has_object_model(book)

    # -- reading

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def read(self, sheet: str) -> list[list[object]]:
        if sheet not in self.sheet_names():
            return []
        ws = self.book.sheets[sheet]
        last = ws.used_range.last_cell
        # Anchored at A1 so list positions are sheet rows; (row, col) tuples, because the
        # remote engine reads range("A1", <Range>) as A1 alone.
        value = ws.range((1, 1), (last.row, last.column)).options(ndim=2).value
        return [list(r) for r in value or []]

    # -- writing values

    def ensure_sheet(self, sheet: str) -> None:
        if sheet not in self.sheet_names():
            self.book.sheets.add(sheet, after=self.book.sheets[-1])

    def write(self, sheet, top, rows, *, left=1, formats=None, clear_below=False) -> None:
        self.ensure_sheet(sheet)
        self._wrote(sheet)
        ws = self.book.sheets[sheet]
        width = max((len(r) for r in rows), default=0)
        if clear_below:
            last = ws.used_range.last_cell.row
            if last >= top + len(rows):
                right = max(left + width - 1, ws.used_range.last_cell.column)
                ws.range((top + len(rows), left), (last, right)).clear_contents()
        if not rows:
            return
        # Formats first: a date typed into a date-formatted cell stays a date, and the
        # text format of a code column is in place before the value arrives.
        for c, fmt in enumerate((formats or [])[:width]):
            if fmt:
                ws.range((top, left + c), (top + len(rows) - 1, left + c)).number_format = fmt
        block = [[_excel_text(v) for v in r] + [None] * (width - len(r)) for r in rows]
        ws.range((top, left)).value = block

    def resize_table(self, sheet: str, table: str, last_row: int, last_col: int) -> None:
        ws = self.book.sheets[sheet]
        names = [t.name for t in ws.tables]
        if table in names:
            ws.tables[table].resize(ws.range((1, 1), (max(last_row, 2), last_col)))

    # -- looks

    def lay_out(self, sheet: str, page: Page) -> None:
        """The page's values; its styled look through Excel's object model. The looks drawn
        with openpyxl (`before`, `after`) are the built workbook's, already in Excel."""
        styled = page.styled
        if styled is not None and page.fresh:
            self._apply(sheet, styled, "xóa định dạng cũ", _clear_looks)
        for block in page.blocks:
            self.write(
                sheet,
                block.top,
                block.rows,
                left=block.left,
                formats=block.formats,
                clear_below=block.clear_below,
            )
        if styled is not None:
            self._apply(sheet, styled, "định dạng ô (phông chữ, gộp ô, khung)", _style_cells)
            self._apply(sheet, styled, "trang in (khổ A4, lề, ngắt trang)", _page_setup)

    def _apply(
        self, sheet: str, styled: Styled, part: str, step: Callable[[Any, Styled], None]
    ) -> None:
        """One step of a look through the object model: Excel's refusal becomes a note and
        the job goes on; a book without an object model gets the values alone, said once."""
        if not self.object_model:
            note = (
                f"Sheet {sheet}: đã ghi số liệu nhưng chưa áp dụng {styled.what} (môi trường "
                "này không điều khiển được Excel); mở sổ trong Excel rồi bấm lại nút."
            )
            if note not in self.notes:
                self.notes.append(note)
            return
        self.ensure_sheet(sheet)
        try:
            step(self.book.sheets[sheet].api, styled)
        except excel_error_types() as exc:
            self.notes.append(
                f"Sheet {sheet}: đã ghi số liệu nhưng chưa áp dụng được {part} của "
                f"{styled.what}: Excel báo «{excel_reason(exc)}». Thường do máy chưa cài máy "
                "in hoặc sheet đang được bảo vệ (Review > Unprotect Sheet); sửa rồi bấm lại nút."
            )

    def sync_charts(
        self, sheet: str, filled: dict[str, int], anchors: dict[str, str] | None = None
    ) -> None:
        """Add our BaoCao charts when the sheet has none.

        Excel keeps a chart and its ranges as they are (the data block never moves), so
        charts already on the sheet, ours or the clerk's, keep their ranges; ours move to
        `anchors` (chart key -> cell) where the engine allows it.
        """
        from .charts import add_excel_charts

        try:
            add_excel_charts(self.book.sheets[sheet], filled, anchors, move=self.object_model)
        except excel_error_types() as exc:  # a protected sheet, a chart Excel refuses
            self.notes.append(
                f"Sheet {sheet}: đã ghi số liệu nhưng chưa thêm hoặc đặt lại được biểu đồ: "
                f"Excel báo «{excel_reason(exc)}». Lưu sổ rồi chạy lệnh tthc-xl report để "
                "vẽ lại biểu đồ."
            )

    # -- the application

    def status(self, text: str | None) -> None:
        set_status(self.book, text)

    def recalculate(self) -> None:
        """Every live formula (they do not depend on DanhMuc/NgayNghi/CauHinh, so Excel
        would not recompute them by itself); the remote client recalculates on its own."""
        if self.object_model:
            self.book.app.api.CalculateFull()

    def save(self) -> None:
        """The clerk saves the open workbook; Excel keeps its own parts."""
        return None


def set_status(book, text: str | None) -> None:
    """Excel's status bar; None hands it back to Excel. Only desktop Excel has one."""
    if has_object_model(book):
        book.app.status_bar = text if text is not None else False


# ------------------------------------------------------------------ Excel's object model

_H_ALIGN = {"left": -4131, "center": -4108, "right": -4152, "justify": -4130}
_V_ALIGN = {"top": -4160, "center": -4108}
XL_PAPER_A4 = 9
XL_PORTRAIT, XL_LANDSCAPE = 1, 2
POINTS_PER_MM = 72 / 25.4


def _clear_looks(api, styled: Styled) -> None:
    """Last time's merges and looks go (the sheet keeps its values until they are written)."""
    api.Cells.UnMerge()
    api.Cells.ClearFormats()


def _style_cells(api, styled: Styled) -> None:
    """Fonts, merges, alignment, borders, widths and heights (Excel's Worksheet object)."""
    api.Cells.Font.Name = styled.font
    for col, width in styled.widths.items():
        api.Columns(col).ColumnWidth = width
    for row, height in styled.heights.items():
        api.Rows(row).RowHeight = height
    for s in styled.spans:
        rng = api.Range(api.Cells(s.row, s.col), api.Cells(s.row, s.col + s.span - 1))
        if s.span > 1:
            rng.Merge()
        rng.HorizontalAlignment = _H_ALIGN[s.horizontal]
        rng.VerticalAlignment = _V_ALIGN[s.vertical]
        rng.WrapText = s.wrap
        if s.indent:
            rng.IndentLevel = s.indent
        rng.Font.Name = s.font
        rng.Font.Size = s.size
        rng.Font.Bold = s.bold
        rng.Font.Italic = s.italic
        if s.border:
            rng.Borders.LineStyle = 1


def _page_setup(api, styled: Styled) -> None:
    """Print area, page breaks, A4, margins and the page number (Excel's PageSetup)."""
    from openpyxl.utils import get_column_letter

    p = styled.page
    api.ResetAllPageBreaks()
    for row in p.row_breaks:
        api.HPageBreaks.Add(api.Rows(row))
    setup = api.PageSetup
    setup.PrintArea = f"$A$1:${get_column_letter(p.print_columns)}${max(p.print_rows, 1)}"
    setup.PaperSize = XL_PAPER_A4
    setup.Orientation = XL_LANDSCAPE if p.landscape else XL_PORTRAIT
    setup.Zoom = False
    setup.FitToPagesWide = 1
    setup.FitToPagesTall = False
    setup.TopMargin = p.margins_mm["top"] * POINTS_PER_MM
    setup.BottomMargin = p.margins_mm["bottom"] * POINTS_PER_MM
    setup.LeftMargin = p.margins_mm["left"] * POINTS_PER_MM
    setup.RightMargin = p.margins_mm["right"] * POINTS_PER_MM
    if p.page_number_header:
        setup.DifferentFirstPageHeaderFooter = True
        setup.CenterHeader = "&P"

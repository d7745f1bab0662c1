"""HoSo: the register, an Excel table of one dossier a row (the import writes it)."""

from __future__ import annotations

from tthc_xl.book.base import Book
from tthc_xl.book.forms import page_setup
from tthc_xl.book.layout import format_register_columns, write_register
from tthc_xl.book.names import SHEET_REGISTER
from tthc_xl.book.page import Page
from tthc_xl.rules.register import COLUMNS

from .base import Sheet, Shipped

# xlwings' standalone template holds one sheet with the document module its VBA expects
TEMPLATE_SHEET = "Sheet1"


def _build(ws, shipped: Shipped) -> None:
    """An empty register: the header, the table, formats on whole columns, lists."""
    headers = [c.header for c in COLUMNS]
    write_register(ws, headers, [])
    format_register_columns(ws, headers)
    # the look Excel prints with (the buttons lay out no print set-up); the rows it will
    # hold are not known yet: the area reaches far down (blank rows print not), short of
    # whole columns, which Excel and LibreOffice save as $A:$M and openpyxl cannot read
    _print_reader_columns(ws, last_row=PRINTED_ROWS)


def _complete(book: Book) -> None:
    # one lay-out: a second one of a sheet written in place would replace the first's look
    if SHEET_REGISTER in book.sheet_names():
        book.lay_out(SHEET_REGISTER, Page(after=_print_reader_columns, fresh=False))


# what a printed register shows: the dossier, its dates and its status, up to Trạng thái;
# the personal and bookkeeping columns after it (and the portal's) stay on the screen
_KEYS = [c.key for c in COLUMNS]
_PRINTED = [c.header for c in COLUMNS][: _KEYS.index("status") + 1]
# its thirteen columns print on two facing pages a band of rows: the dossier, its
# procedure and its receipt; then, after the dossier id again, its supplements, its result
# and its status. Fitting them on one page's width needs about 5-pt type.
SECOND_PAGE = _KEYS.index("supplement_requested_at") + 1  # its first column (1-based)
PRINTED_ROWS = 1_000_000  # the shipped workbook's print area, before a command sets it
PRINT_SCALE = 75  # %: 11-pt cells print at 8.25 pt


def _print_reader_columns(ws, last_row: int | None = None) -> None:
    """HoSo prints landscape, A4, its reader's columns at a readable size, header row and
    id column repeated."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    page_setup(ws, landscape=True, title_rows="1:1")
    ws.print_title_cols = "A:A"
    # a set scale: Excel and LibreOffice ignore a page break set by hand when fitting
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = PRINT_SCALE
    ws.page_setup.pageOrder = "overThenDown"  # the two pages of a band one after the other
    ws.col_breaks.append(Break(id=SECOND_PAGE - 1))  # the break goes left of column id+1
    ws.print_area = f"A1:{get_column_letter(len(_PRINTED))}{last_row or max(ws.max_row, 1)}"


SHEET = Sheet(
    name=SHEET_REGISTER,
    build=_build,
    takes_over=TEMPLATE_SHEET,
    complete=_complete,
    macro="import_files",
)

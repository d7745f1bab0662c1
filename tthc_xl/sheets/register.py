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


def _complete(book: Book) -> None:
    # one lay-out: a second one of a sheet written in place would replace the first's look
    if SHEET_REGISTER in book.sheet_names():
        book.lay_out(SHEET_REGISTER, Page(after=_print_reader_columns, fresh=False))


# what a printed register shows: the dossier, its dates and its status, up to Trạng thái;
# the personal and bookkeeping columns after it stay on the screen
_PRINTED = [c.header for c in COLUMNS][: [c.key for c in COLUMNS].index("status") + 1]


def _print_reader_columns(ws) -> None:
    """HoSo prints landscape, A4, its reader's columns at a readable size, header repeated."""
    from openpyxl.utils import get_column_letter

    page_setup(ws, landscape=True, title_rows="1:1")
    ws.print_area = f"A1:{get_column_letter(len(_PRINTED))}{max(ws.max_row, 1)}"


SHEET = Sheet(
    name=SHEET_REGISTER,
    build=_build,
    takes_over=TEMPLATE_SHEET,
    complete=_complete,
    macro="import_files",
)

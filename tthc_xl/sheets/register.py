"""HoSo: the register, an Excel table of one dossier a row (the import writes it)."""

from __future__ import annotations

from tthc_xl.book.base import Book
from tthc_xl.book.layout import format_register_columns, write_register
from tthc_xl.book.names import SHEET_REGISTER
from tthc_xl.rules.register import COLUMNS

from .base import Sheet, Shipped
from .data import print_setup

# xlwings' standalone template holds one sheet with the document module its VBA expects
TEMPLATE_SHEET = "Sheet1"


def _build(ws, shipped: Shipped) -> None:
    """An empty register: the header, the table, formats on whole columns, lists."""
    headers = [c.header for c in COLUMNS]
    write_register(ws, headers, [])
    format_register_columns(ws, headers)


def _complete(book: Book) -> None:
    print_setup(book, SHEET_REGISTER)


SHEET = Sheet(
    name=SHEET_REGISTER,
    build=_build,
    takes_over=TEMPLATE_SHEET,
    complete=_complete,
    macro="import_files",
)

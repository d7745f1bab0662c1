"""LoiNhap: one line per row an import refused or warned about (the import appends)."""

from __future__ import annotations

from tthc_xl.book.base import Book
from tthc_xl.book.layout import write_log_headers
from tthc_xl.book.names import IMPORT_ERROR_HEADERS, SHEET_IMPORT_ERRORS

from .base import Sheet, Shipped
from .data import print_setup


def _build(ws, shipped: Shipped) -> None:
    write_log_headers(ws, IMPORT_ERROR_HEADERS)


def _complete(book: Book) -> None:
    print_setup(book, SHEET_IMPORT_ERRORS)


SHEET = Sheet(name=SHEET_IMPORT_ERRORS, build=_build, complete=_complete, macro="import_files")

"""NhatKy: the audit log, one line per change an import made (and per copy with personal
data sent by email)."""

from __future__ import annotations

from tthc_xl.book.base import Book
from tthc_xl.book.layout import write_log_headers
from tthc_xl.book.names import AUDIT_HEADERS, SHEET_AUDIT

from .base import Sheet, Shipped
from .data import print_setup


def _build(ws, shipped: Shipped) -> None:
    write_log_headers(ws, AUDIT_HEADERS)


def _complete(book: Book) -> None:
    print_setup(book, SHEET_AUDIT)


SHEET = Sheet(name=SHEET_AUDIT, build=_build, complete=_complete, macro="import_files")

"""NgayNghi: days off and make-up working days beyond the public holidays."""

from __future__ import annotations

from tthc_xl.book.base import Book
from tthc_xl.book.layout import write_holidays
from tthc_xl.book.names import SHEET_HOLIDAYS

from .base import Sheet, Shipped
from .data import defaults_or_header


def _defaults(ws) -> None:
    write_holidays(ws)


def _build(ws, shipped: Shipped) -> None:
    _defaults(ws)


def _complete(book: Book) -> None:
    defaults_or_header(book, SHEET_HOLIDAYS, _defaults)


SHEET = Sheet(name=SHEET_HOLIDAYS, build=_build, complete=_complete)

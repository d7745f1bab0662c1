"""CauHinh: the unit, working hours, the way deadlines are compared, targets, backups."""

from __future__ import annotations

from tthc_xl.book.base import Book
from tthc_xl.book.layout import write_settings
from tthc_xl.book.names import SHEET_SETTINGS
from tthc_xl.rules.settings import Settings

from .base import Sheet, Shipped
from .data import defaults_or_header


def _defaults(ws) -> None:
    write_settings(ws, Settings())


def _build(ws, shipped: Shipped) -> None:
    _defaults(ws)


def _complete(book: Book) -> None:
    defaults_or_header(book, SHEET_SETTINGS, _defaults)


SHEET = Sheet(name=SHEET_SETTINGS, build=_build, complete=_complete)

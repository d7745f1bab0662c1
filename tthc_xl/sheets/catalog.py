"""DanhMuc: the procedure catalog (deadlines, units, online levels), the clerk's to edit."""

from __future__ import annotations

from tthc_xl.book.base import Book
from tthc_xl.book.layout import write_catalog
from tthc_xl.book.names import SHEET_CATALOG
from tthc_xl.rules.catalog import Catalog

from .base import Sheet, Shipped
from .data import defaults_or_header


def _defaults(ws) -> None:
    write_catalog(ws, Catalog.default())


def _build(ws, shipped: Shipped) -> None:
    _defaults(ws)


def _complete(book: Book) -> None:
    defaults_or_header(book, SHEET_CATALOG, _defaults)


SHEET = Sheet(name=SHEET_CATALOG, build=_build, complete=_complete)

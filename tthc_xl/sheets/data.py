"""What a refresh does to a data sheet the clerk fills (the register, the logs, the
context sheets) when a register lacks it or holds it as plain data."""

from __future__ import annotations

from tthc_xl.book.base import Book
from tthc_xl.book.forms import page_setup
from tthc_xl.book.layout import style_headers
from tthc_xl.book.page import Page

from .base import Draw


def print_setup(book: Book, sheet: str) -> None:
    """A data sheet the workbook has prints on A4, one page wide, its header repeated."""
    if sheet in book.sheet_names():
        book.lay_out(sheet, Page(after=_print_setup, fresh=False))


def _print_setup(ws) -> None:
    page_setup(ws, landscape=ws.max_column > 4, title_rows="1:1")


def defaults_or_header(book: Book, sheet: str, defaults: Draw) -> None:
    """A context sheet: made with its defaults when missing or empty; a plain one holding
    data keeps it and gets a styled header."""
    if sheet in book.sheet_names() and len(book.read(sheet)) > 1:
        book.lay_out(sheet, Page(after=_styled_header, fresh=False))
    else:
        book.lay_out(sheet, Page(before=defaults))


def _styled_header(ws) -> None:
    if all(c.font.b for c in ws[1] if c.value is not None):
        return
    style_headers(ws, [str(c.value) if c.value is not None else "" for c in ws[1]])

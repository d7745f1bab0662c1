"""CauHinh, DanhMuc and NgayNghi: everything the engine needs besides the register.

One reader serves every surface (refresh, the UDFs, the CLI), through any :class:`Book`
or from sheet rows already read, with the one sheet-name rule of :func:`names.find_sheet`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tthc_xl.rules import catalog as catalog_mod
from tthc_xl.rules import settings as settings_mod
from tthc_xl.rules.catalog import Catalog
from tthc_xl.rules.settings import Settings
from tthc_xl.rules.workcalendar import default_overrides, overrides_from_rows

from .names import SHEET_CATALOG, SHEET_HOLIDAYS, SHEET_SETTINGS, Rows, find_sheet

if TYPE_CHECKING:
    from .base import Book

CONTEXT_SHEETS = (SHEET_CATALOG, SHEET_HOLIDAYS, SHEET_SETTINGS)


@dataclass
class Context:
    """Everything but the register: catalog, calendar overrides, settings."""

    catalog: Catalog
    overrides: dict[dt.date, bool]
    settings: Settings
    problems: list[str] = field(default_factory=list)


def context_sheets(book: Book, wanted: tuple[str, ...] = CONTEXT_SHEETS) -> dict[str, Rows]:
    """The rows of the `wanted` sheets a book has, under their canonical names."""
    names = book.sheet_names()
    found = {want: find_sheet(names, want) for want in wanted}
    return {want: book.read(name) for want, name in found.items() if name is not None}


def read_context(book: Book) -> Context:
    """DanhMuc, NgayNghi and CauHinh of a book (built-in defaults for a missing sheet)."""
    return context_from_sheets(
        context_sheets(book, (SHEET_CATALOG, SHEET_HOLIDAYS)), book.settings_read()
    )


def read_settings(book: Book) -> Settings:
    """CauHinh alone (read once per book: `Book.settings`)."""
    return book.settings()


def _sheet(sheets: dict[str, Rows], name: str) -> Rows | None:
    found = find_sheet(sheets, name)
    return sheets[found] if found is not None else None


def context_from_sheets(
    sheets: dict[str, Rows], settings: tuple[Settings, list[str]] | None = None
) -> Context:
    """DanhMuc, NgayNghi and CauHinh rows; a missing sheet means the built-in defaults.
    `settings`: CauHinh already read (`Book.settings_read`), instead of its rows."""
    problems: list[str] = []
    cat_rows = _sheet(sheets, SHEET_CATALOG)
    if cat_rows is None or not _has_data(cat_rows):
        catalog = Catalog.default()
    else:
        catalog = catalog_mod.from_rows(_from_header(cat_rows))
        problems += catalog.problems

    hol_rows = _sheet(sheets, SHEET_HOLIDAYS)
    if hol_rows is None:
        overrides = default_overrides()
    else:
        body = _from_header(hol_rows)
        first = len(hol_rows) - len(body) + 2
        overrides, bad = overrides_from_rows(body[1:], first)
        problems += [f"{SHEET_HOLIDAYS} dòng {n}: {msg}" for n, msg in bad]

    read = settings or settings_mod.from_rows(_sheet(sheets, SHEET_SETTINGS) or [])
    cauhinh, bad_settings = read
    problems += bad_settings
    return Context(catalog, overrides, cauhinh, problems)


def _has_data(rows: Rows) -> bool:
    return sum(1 for r in rows if any(v not in (None, "") for v in r)) > 1


def _from_header(rows: Rows) -> Rows:
    """Drop empty rows above the header, keeping the data below it."""
    for i, row in enumerate(rows):
        if any(v not in (None, "") for v in row):
            return rows[i:]
    return []

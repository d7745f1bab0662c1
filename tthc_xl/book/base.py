"""The one interface every job that writes into a workbook talks to.

- :class:`~tthc_xl.book.filebook.FileBook` edits a workbook file with openpyxl (the CLI);
- :class:`~tthc_xl.book.xlbook.XlwingsBook` edits the workbook open in Excel (the buttons).

Refresh, import and the report run one code path against either. The interface holds no
openpyxl or xlwings object: values, :class:`~tthc_xl.book.page.Page` descriptions, text.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tthc_xl.rules import settings as settings_mod
from tthc_xl.rules.settings import Settings
from tthc_xl.rules.text import fold

from .names import SHEET_SETTINGS, find_sheet
from .text import (  # noqa: F401 - the cell text rules, long imported from here
    ERROR_TEXTS,
    FORMULA_START,
    ILLEGAL_XML_CHARS,
    clean_text,
    file_text,
    looks_live,
)

if TYPE_CHECKING:
    from .page import Page


class Book(ABC):
    """What a job may do to a workbook: everything its callers use, and nothing else.

    Each back end implements all of it, as xlwings' engines implement its base classes:
    :class:`~tthc_xl.book.filebook.FileBook` (a file, openpyxl) and
    :class:`~tthc_xl.book.xlbook.XlwingsBook` (the workbook open in Excel). A caller never
    asks which one it holds. What a back end cannot apply (Excel refusing a page set-up: no
    printer, a protected sheet) does not stop the job: it is said in `notes`, in
    Vietnamese, and the job's message carries it to the clerk.
    """

    name: str
    notes: list[str]  # what was written but not applied, for the job's message
    _settings: tuple[Settings, list[str]] | None = None  # CauHinh as read, and its problems

    # -- CauHinh, read once

    def settings(self) -> Settings:
        """CauHinh as this book holds it: read once, and again only after a write to it.
        Every step of a command (the figures, the save's backups) takes it from here."""
        return self.settings_read()[0]

    def settings_read(self) -> tuple[Settings, list[str]]:
        """CauHinh and what was wrong in its rows (built-in defaults without the sheet)."""
        if self._settings is None:
            name = find_sheet(self.sheet_names(), SHEET_SETTINGS)
            self._settings = settings_mod.from_rows(self.read(name) if name else [])
        return self._settings

    def _wrote(self, sheet: str) -> None:
        """A back end calls this for each sheet it writes: CauHinh is read anew after it."""
        if fold(sheet) == fold(SHEET_SETTINGS):
            self._settings = None

    # -- reading

    @abstractmethod
    def sheet_names(self) -> list[str]:
        """The workbook's sheets, in tab order."""

    @abstractmethod
    def read(self, sheet: str) -> list[list[object]]:
        """A sheet's values as rows from A1 ([] when there is no such sheet)."""

    # -- writing values

    @abstractmethod
    def ensure_sheet(self, sheet: str) -> None:
        """Add the sheet (after the last one) when the workbook has none of that name."""

    @abstractmethod
    def write(
        self,
        sheet: str,
        top: int,
        rows: Sequence[Sequence[object]],
        *,
        left: int = 1,
        formats: Sequence[str | None] | None = None,
        clear_below: bool = False,
    ) -> None:
        """Write a block of values at (top, left), 1-based; `formats` per column.

        With clear_below, older contents under the block (from `left` rightwards) go.
        Text that looks like a formula (=, +, -, @) is stored as text, never evaluated.
        """

    @abstractmethod
    def resize_table(self, sheet: str, table: str, last_row: int, last_col: int) -> None:
        """Make an Excel table (ListObject) span A1 to (last_row, last_col)."""

    # -- looks

    @abstractmethod
    def lay_out(self, sheet: str, page: Page) -> None:
        """Put a page on `sheet`: its values and, where this back end can, its look.

        The file back end draws the whole page (look and values) on a blank sheet at the
        sheet's place, or over the sheet as it is when the page is not `fresh`; the
        Excel back end writes the values and applies the page's `styled` look (the other
        looks are the built workbook's, which Excel already shows).
        """

    @abstractmethod
    def sync_charts(
        self, sheet: str, filled: dict[str, int], anchors: dict[str, str] | None = None
    ) -> None:
        """Our charts on `sheet` over the rows of the chart data block just written
        (chart key -> rows filled; `anchors`: chart key -> the cell it stands at)."""

    # -- the application

    @abstractmethod
    def status(self, text: str | None) -> None:
        """Progress for the clerk (Excel's status bar); None hands it back."""

    @abstractmethod
    def recalculate(self) -> None:
        """Recompute the live formulas for what was just written."""

    @abstractmethod
    def save(self) -> Path | None:
        """Keep what was written: the file written safely (its path), or None where the
        clerk saves (Excel)."""

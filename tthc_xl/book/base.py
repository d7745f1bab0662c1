"""The one interface every job that writes into a workbook talks to.

- :class:`~tthc_xl.book.filebook.FileBook` edits a workbook file with openpyxl (the CLI);
- :class:`~tthc_xl.book.xlbook.XlwingsBook` edits the workbook open in Excel (the buttons).

Refresh, import and the report run one code path against either.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

FORMULA_START = ("=", "+", "-", "@")  # text starting so is stored as text, never a formula


class Book(Protocol):
    """What a job may do to a workbook."""

    name: str

    def sheet_names(self) -> list[str]: ...

    def read(self, sheet: str) -> list[list[object]]: ...

    def ensure_sheet(self, sheet: str) -> None: ...

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

    def resize_table(self, sheet: str, table: str, last_row: int, last_col: int) -> None: ...

    def status(self, text: str | None) -> None: ...

    def save(self) -> Path | None: ...

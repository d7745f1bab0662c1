"""The one interface every job that writes into a workbook talks to.

- :class:`~tthc_xl.book.filebook.FileBook` edits a workbook file with openpyxl (the CLI);
- :class:`~tthc_xl.book.xlbook.XlwingsBook` edits the workbook open in Excel (the buttons).

Refresh, import and the report run one code path against either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

FORMULA_START = ("=", "+", "-", "@")  # text starting so is stored as text, never a formula
# Text Excel (and openpyxl) would turn into an error value when typed or assigned as is.
ERROR_TEXTS = frozenset(
    (
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#UNKNOWN!",
        "#CONNECT!",
        "#BUSY!",
    )
)
# Characters an .xlsx cannot hold (XML 1.0 forbids them); openpyxl refuses them outright.
ILLEGAL_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def looks_live(text: str) -> bool:
    """Whether text would become a formula or an error value if written as is."""
    return text.startswith(FORMULA_START) or text.strip().upper() in ERROR_TEXTS


def clean_text(text: str) -> str:
    """Text with the characters a workbook file cannot hold removed."""
    return ILLEGAL_XML_CHARS.sub("", text) if ILLEGAL_XML_CHARS.search(text) else text


_OOXML_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")


def file_text(text: str) -> str:
    """Text as a cell of an .xlsx holds it: characters a file cannot hold dropped, and a
    literal "_x000B_" escaped (readers would turn it into a control character)."""
    text = clean_text(text)
    return _OOXML_ESCAPE.sub(r"_x005F\g<0>", text) if "_x" in text else text


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

"""A Book whose reads see its own writes, over any other Book.

The remote Excel of the tests (and a slow link to Excel) hands back a sheet as it was
before the job wrote to it; a job that writes a sheet and then copies it (the email copy
of the open workbook) reads through this wrapper instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tthc_xl.rules.settings import Settings

from .base import Book
from .page import Block, Page


class RecordingBook(Book):
    """Every call goes to `book`; reads are overlaid with the values written since."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.name = book.name
        self.cells: dict[str, dict[tuple[int, int], object]] = {}

    @property
    def notes(self) -> list[str]:  # type: ignore[override]
        return self.book.notes

    def sheet_names(self) -> list[str]:
        return self.book.sheet_names()

    def settings_read(self) -> tuple[Settings, list[str]]:
        return self.book.settings_read()

    def read(self, sheet: str) -> list[list[object]]:
        grid = [list(r) for r in self.book.read(sheet)]
        for (r, c), value in self.cells.get(sheet, {}).items():
            while len(grid) < r:
                grid.append([])
            row = grid[r - 1]
            row += [None] * (c - len(row))
            row[c - 1] = value
        return grid

    def ensure_sheet(self, sheet: str) -> None:
        self.book.ensure_sheet(sheet)

    def write(self, sheet, top, rows, *, left=1, formats=None, clear_below=False) -> None:
        self._record(sheet, Block(top, rows, left, formats, clear_below))
        self.book.write(sheet, top, rows, left=left, formats=formats, clear_below=clear_below)

    def _record(self, sheet: str, block: Block) -> None:
        rows: Sequence[Sequence[object]] = block.rows
        mine = self.cells.setdefault(sheet, {})
        if block.clear_below:
            grid = self.read(sheet)
            width = max((len(r) for r in rows), default=0)
            right = max([block.left + width - 1, *(len(r) for r in grid)])
            for r in range(block.top + len(rows), len(grid) + 1):
                for c in range(block.left, right + 1):
                    mine[(r, c)] = None
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                mine[(block.top + i, block.left + j)] = value

    def resize_table(self, sheet: str, table: str, last_row: int, last_col: int) -> None:
        self.book.resize_table(sheet, table, last_row, last_col)

    def lay_out(self, sheet: str, page: Page) -> None:
        for block in page.blocks:
            self._record(sheet, block)
        self.book.lay_out(sheet, page)

    def sync_charts(
        self, sheet: str, filled: dict[str, int], anchors: dict[str, str] | None = None
    ) -> None:
        self.book.sync_charts(sheet, filled, anchors)

    def status(self, text: str | None) -> None:
        self.book.status(text)

    def recalculate(self) -> None:
        self.book.recalculate()

    def save(self) -> Path | None:
        return self.book.save()

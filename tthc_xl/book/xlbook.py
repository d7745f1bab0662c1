"""The Excel back end of :class:`~tthc_xl.book.base.Book`: the workbook open in Excel,
through xlwings (or a remote-interpreter Book in tests)."""

from __future__ import annotations

import contextlib
import re

from .base import clean_text, looks_live

# Text Excel would turn into something else when assigned to a cell: a formula (=, +, -,
# @), a number ("1.004870", "000123"), a date ("03/04/2026"), a percentage, TRUE/FALSE.
_COERCIBLE = re.compile(r"^\s*(?:[=+\-@(.,$%]|\d|(?:true|false)\s*$)", re.IGNORECASE)


def _excel_text(value: object) -> object:
    """A leading apostrophe makes Excel keep such text as typed (it does not show)."""
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    if looks_live(value) or _COERCIBLE.match(value):
        return "'" + value
    return value


class XlwingsBook:
    """The workbook open in Excel (or a remote-interpreter Book in tests)."""

    def __init__(self, book) -> None:
        self.book = book
        self.name = book.name

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def read(self, sheet: str) -> list[list[object]]:
        if sheet not in self.sheet_names():
            return []
        ws = self.book.sheets[sheet]
        last = ws.used_range.last_cell
        # Anchored at A1 so list positions are sheet rows; (row, col) tuples, because the
        # remote engine reads range("A1", <Range>) as A1 alone.
        value = ws.range((1, 1), (last.row, last.column)).options(ndim=2).value
        return [list(r) for r in value or []]

    def ensure_sheet(self, sheet: str) -> None:
        if sheet not in self.sheet_names():
            self.book.sheets.add(sheet, after=self.book.sheets[-1])

    def write(self, sheet, top, rows, *, left=1, formats=None, clear_below=False) -> None:
        self.ensure_sheet(sheet)
        ws = self.book.sheets[sheet]
        width = max((len(r) for r in rows), default=0)
        if clear_below:
            last = ws.used_range.last_cell.row
            if last >= top + len(rows):
                right = max(left + width - 1, ws.used_range.last_cell.column)
                ws.range((top + len(rows), left), (last, right)).clear_contents()
        if not rows:
            return
        # Formats first: a date typed into a date-formatted cell stays a date, and the
        # text format of a code column is in place before the value arrives.
        for c, fmt in enumerate((formats or [])[:width]):
            if fmt:
                ws.range((top, left + c), (top + len(rows) - 1, left + c)).number_format = fmt
        block = [[_excel_text(v) for v in r] + [None] * (width - len(r)) for r in rows]
        ws.range((top, left)).value = block

    def lay_out(self, sheet: str, form: str, n_rows: int = 0, footer: str = "") -> None:
        """The workbook the build ships carries the layouts into Excel; values are written."""
        return None

    def resize_table(self, sheet: str, table: str, last_row: int, last_col: int) -> None:
        ws = self.book.sheets[sheet]
        names = [t.name for t in ws.tables]
        if table in names:
            ws.tables[table].resize(ws.range((1, 1), (max(last_row, 2), last_col)))

    def status(self, text: str | None) -> None:
        set_status(self.book, text)

    def sync_charts(
        self, sheet: str, filled: dict[str, int], anchors: dict[str, str] | None = None
    ) -> list[str]:
        """Add our BaoCao charts when the sheet has none; returns the names added.

        Excel keeps a chart and its ranges as they are (the data block never moves), so
        charts already on the sheet, ours or the clerk's, keep their ranges; ours move to
        `anchors` (chart key -> cell) where the engine allows it.
        """
        from .charts import add_excel_charts

        return add_excel_charts(self.book.sheets[sheet], filled, anchors)

    def save(self) -> None:
        """The clerk saves the open workbook; Excel keeps its own parts."""
        return None


def set_status(book, text: str | None) -> None:
    """Excel's status bar; None hands it back to Excel. Engines without one are skipped."""
    with contextlib.suppress(NotImplementedError, AttributeError):
        book.app.status_bar = text if text is not None else False

"""'Cập nhật chỉ số': the period's figures into every sheet a refresh writes (KPI, CanhBao,
Bieu06: the sheets of tthc_xl/sheets/ with a refresh writer).

Runs through the :class:`~tthc_xl.book.base.Book` interface, so the same code serves the
ribbon button (the workbook open in Excel) and `tthc-xl refresh` (a file). The KPI sheet's
live formulas need Python; the values written here are what any PC (and LibreOffice)
shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tthc_xl import sheets as registry
from tthc_xl.book.base import Book
from tthc_xl.book.context import context_sheets
from tthc_xl.book.names import SHEET_CATALOG, SHEET_HOLIDAYS, SHEET_REGISTER, SHEET_WARNINGS
from tthc_xl.book.reader import WorkbookData, from_sheets, require_register
from tthc_xl.rules import clock
from tthc_xl.rules.engine import Engine, Result
from tthc_xl.rules.period import Period, parse_period
from tthc_xl.rules.settings import CompareMode, Settings
from tthc_xl.sheets import Figures
from tthc_xl.sheets.kpi import period_cell
from tthc_xl.style.numbers import thousands

__all__ = ["RefreshSummary", "complete", "current_quarter", "period_cell", "read_data", "refresh"]


@dataclass
class RefreshSummary:
    period: Period
    result: Result
    written: dict[str, int]  # sheet -> rows it lists
    data: WorkbookData
    notes: list[str] = field(default_factory=list)  # what the book could not apply

    @property
    def settings(self) -> Settings:
        """CauHinh as this refresh read it (once): what later steps use."""
        return self.data.settings

    @property
    def warnings_listed(self) -> int:
        return self.written.get(SHEET_WARNINGS, 0)

    def message(self) -> str:
        c = self.result.counts
        text = (
            f"Đã cập nhật chỉ số {self.period.describe()}, tính đến "
            f"{self.result.as_of:%d/%m/%Y %H:%M}: {thousands(c['total'])} hồ sơ, "
            f"{thousands(c['resolved'])} đã giải quyết, {thousands(c['pending'])} đang giải "
            f"quyết ({thousands(c['pending_overdue'])} quá hạn, {thousands(c['due_soon'])} sắp "
            f"đến hạn). Sheet {SHEET_WARNINGS} liệt kê {thousands(self.warnings_listed)} hồ sơ "
            f"cần chú ý."
        )
        return "\n".join([text, *self.notes])


def current_quarter(today: dt.date | None = None) -> str:
    today = today or clock.now().date()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def read_data(book: Book) -> WorkbookData:
    """The register and its context, through any Book; anything else is refused. CauHinh
    comes from the book, read once for the whole command (`Book.settings`)."""
    require_register(book.sheet_names(), book.name)
    sheets = context_sheets(book, (SHEET_REGISTER, SHEET_CATALOG, SHEET_HOLIDAYS))
    return from_sheets(sheets, settings=book.settings_read())


def complete(book: Book) -> None:
    """Lay out in full the sheets a register may lack or hold only as data (a plain .xlsx
    becomes a whole workbook, not a patched one): each sheet's own completion."""
    for sheet in registry.SHEETS:
        if sheet.complete is not None:
            sheet.complete(book)


def the_period(book: Book, period: Period | None, now: dt.datetime) -> Period:
    """The period asked for, else the one typed on the KPI sheet, else the current quarter."""
    if period is not None:
        return period
    return parse_period(period_cell(book) or current_quarter(now.date()))


def refresh(
    book: Book,
    period: Period | None = None,
    as_of: dt.datetime | None = None,
    compare: CompareMode | None = None,
    now: dt.datetime | None = None,
    data: WorkbookData | None = None,
) -> RefreshSummary:
    """Compute the period's figures and write them; the caller saves the book. `data`: the
    register and its context when already read (the email copy reads them from the file
    and writes into a view of it without the register's rows)."""
    now = now or clock.now()
    book.status("Đang đọc sổ hồ sơ...")
    data = data if data is not None else read_data(book)
    engine = Engine.from_workbook(data)
    p = the_period(book, period, now)
    book.status("Đang tính chỉ số...")
    result = engine.evaluate(p, as_of, compare, now)
    cutoff = data.settings.period_cutoff_day
    # Biểu 06 counts over the cut-off window of the same period (rules/period.py)
    form = result
    if cutoff:
        form = engine.evaluate(parse_period(p.label, cutoff), None, compare, now)
    figures = Figures(result, form, data.settings, now)
    complete(book)
    written: dict[str, int] = {}
    for sheet in registry.SHEETS:
        if sheet.refresh is not None:
            book.status(f"Đang ghi sheet {sheet.name}...")
            written[sheet.name] = sheet.refresh(book, figures)
    book.status(None)
    return RefreshSummary(p, result, written, data, list(book.notes))

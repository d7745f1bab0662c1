"""The sheets the tool lays out, one module each, in their order in the workbook.

Each module declares one :class:`~tthc_xl.sheets.base.Sheet`: its name, its look in the
workbook the build ships, what a refresh does when a register lacks it, the values a
refresh writes, the ribbon macro that fills it and how it goes into the email copy.
`SHEETS` is the one registry the build (excel/build.py), a refresh's completion and its
writes (report/refresh.py) and the email copy (report/copy) iterate: a new sheet is one
module and one line here (they read `SHEETS` when they run). Above book/, below report/
and importer/.
"""

from __future__ import annotations

from . import (
    audit,
    baocao,
    bieu06,
    catalog,
    holidays,
    import_errors,
    kpi,
    reconciliation,
    register,
    report_template,
    settings,
    warnings,
    xlwings_conf,
)
from .base import CopySpec, Figures, Sheet, Shipped

SHEETS: tuple[Sheet, ...] = (
    kpi.SHEET,
    register.SHEET,
    warnings.SHEET,
    bieu06.SHEET,
    baocao.SHEET,
    reconciliation.SHEET,
    report_template.SHEET,
    catalog.SHEET,
    holidays.SHEET,
    settings.SHEET,
    import_errors.SHEET,
    audit.SHEET,
    xlwings_conf.SHEET,
)


def by_name(name: str) -> Sheet | None:
    """The sheet of that name in the registry."""
    return next((s for s in SHEETS if s.name == name), None)


def in_copy() -> list[Sheet]:
    """The sheets of the email copy, in the copy's order."""
    copied = [s for s in SHEETS if s.copy is not None]
    return sorted(copied, key=lambda s: s.copy.order if s.copy else 0)


def filled_by(macro: str) -> list[Sheet]:
    """The sheets a ribbon macro fills, in the workbook's order."""
    return [s for s in SHEETS if s.macro == macro]


__all__ = ["SHEETS", "CopySpec", "Figures", "Sheet", "Shipped", "by_name", "filled_by", "in_copy"]

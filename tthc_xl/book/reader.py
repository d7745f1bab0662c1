"""Reading the workbook's sheets (HoSo, DanhMuc, NgayNghi, CauHinh) with python-calamine.

The sheet names are the workbook's contract with the clerk; a missing DanhMuc or NgayNghi
means the built-in defaults, a missing HoSo is an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tthc_xl.rules import catalog as catalog_mod
from tthc_xl.rules import register as register_mod
from tthc_xl.rules import settings as settings_mod
from tthc_xl.rules.catalog import Catalog
from tthc_xl.rules.register import Register
from tthc_xl.rules.settings import Settings
from tthc_xl.rules.text import fold
from tthc_xl.rules.workcalendar import default_overrides, overrides_from_rows

SHEET_REGISTER = "HoSo"
SHEET_CATALOG = "DanhMuc"
SHEET_HOLIDAYS = "NgayNghi"
SHEET_SETTINGS = "CauHinh"
HOLIDAY_HEADERS = ("Ngày", "Loại", "Ghi chú")

Rows = list[list[object]]


class WorkbookError(Exception):
    """The workbook cannot be used; the message is for the clerk, in Vietnamese."""


@dataclass
class WorkbookData:
    register: Register
    catalog: Catalog
    overrides: dict[dt.date, bool]
    settings: Settings
    problems: list[str] = field(default_factory=list)  # about DanhMuc/NgayNghi/CauHinh rows
    path: Path | None = None


def read_sheets(path: str | Path) -> dict[str, Rows]:
    """Every sheet's cells as rows, row 1 first (empty leading rows kept for row numbers)."""
    from python_calamine import CalamineWorkbook

    p = Path(path)
    if not p.exists():
        raise WorkbookError(f"Không tìm thấy tệp '{p}'.")
    try:
        with CalamineWorkbook.from_path(str(p)) as wb:
            return {
                name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
                for name in wb.sheet_names
            }
    except Exception as exc:  # calamine raises several types for broken files
        raise WorkbookError(
            f"Không đọc được tệp '{p.name}': tệp hỏng, có mật khẩu hoặc không phải bảng tính "
            f"Excel ({type(exc).__name__}: {exc})."
        ) from exc


def _sheet(sheets: dict[str, Rows], name: str) -> Rows | None:
    for sheet_name, rows in sheets.items():
        if fold(sheet_name) == fold(name):
            return rows
    return None


@dataclass
class Context:
    """Everything but the register: catalog, calendar overrides, settings."""

    catalog: Catalog
    overrides: dict[dt.date, bool]
    settings: Settings
    problems: list[str] = field(default_factory=list)


def context_from_sheets(sheets: dict[str, Rows]) -> Context:
    """DanhMuc, NgayNghi and CauHinh rows; a missing sheet means the built-in defaults."""
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

    settings, bad_settings = settings_mod.from_rows(_sheet(sheets, SHEET_SETTINGS) or [])
    problems += bad_settings
    return Context(catalog, overrides, settings, problems)


def register_from_sheets(sheets: dict[str, Rows]) -> Register:
    reg_rows = _sheet(sheets, SHEET_REGISTER)
    if reg_rows is None:  # a workbook whose register sheet was renamed: look for the header
        reg_rows = next(
            (rows for rows in sheets.values() if register_mod.find_header_row(rows) is not None),
            None,
        )
    if reg_rows is None:
        raise WorkbookError(
            f"Không thấy sheet '{SHEET_REGISTER}' (sổ theo dõi hồ sơ có cột 'Mã hồ sơ')."
        )
    try:
        return register_mod.from_rows(reg_rows)
    except register_mod.RegisterError as exc:
        raise WorkbookError(f"Sheet {SHEET_REGISTER}: {exc}") from exc


def from_sheets(sheets: dict[str, Rows], path: Path | None = None) -> WorkbookData:
    """Build WorkbookData from sheet rows; also used for the open workbook through xlwings."""
    ctx = context_from_sheets(sheets)
    register = register_from_sheets(sheets)
    return WorkbookData(register, ctx.catalog, ctx.overrides, ctx.settings, ctx.problems, path)


def _has_data(rows: Rows) -> bool:
    return sum(1 for r in rows if any(v not in (None, "") for v in r)) > 1


def _from_header(rows: Rows) -> Rows:
    """Drop empty rows above the header, keeping the data below it."""
    for i, row in enumerate(rows):
        if any(v not in (None, "") for v in row):
            return rows[i:]
    return []


def read_workbook(path: str | Path) -> WorkbookData:
    return from_sheets(read_sheets(path), Path(path))


def holiday_rows(overrides: dict[dt.date, bool] | None = None) -> Sequence[list[object]]:
    """NgayNghi rows (without header) for the default 2026 overrides."""
    from tthc_xl.rules.workcalendar import DEFAULT_OVERRIDES, OVERRIDE_DAY_OFF, OVERRIDE_WORKING

    if overrides is None:
        return [
            [d, OVERRIDE_WORKING if w else OVERRIDE_DAY_OFF, note]
            for d, w, note in DEFAULT_OVERRIDES
        ]
    return [
        [d, OVERRIDE_WORKING if w else OVERRIDE_DAY_OFF, ""] for d, w in sorted(overrides.items())
    ]

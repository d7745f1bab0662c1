"""Reading a workbook file's sheets with python-calamine (fast, read-only).

A missing DanhMuc or NgayNghi means the built-in defaults (see :mod:`.context`); a missing
HoSo is an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from tthc_xl.rules import register as register_mod
from tthc_xl.rules.catalog import Catalog
from tthc_xl.rules.register import Register
from tthc_xl.rules.settings import Settings

from .context import CONTEXT_SHEETS, context_from_sheets
from .errors import NotARegisterError, WorkbookError, missing_workbook
from .extent import ExtentError, check_extent
from .names import SHEET_KPI, SHEET_REGISTER, SHEET_REPORT, Rows, find_sheet
from .typed import typed_register


@dataclass
class WorkbookData:
    """What the engine needs from a workbook: register, catalog, calendar, settings."""

    register: Register
    catalog: Catalog
    overrides: dict[dt.date, bool]
    settings: Settings
    problems: list[str] = field(default_factory=list)  # about DanhMuc/NgayNghi/CauHinh rows
    path: Path | None = None


# The sheets the figures are made of: the register and what the engine reads beside it.
REGISTER_SHEETS = (SHEET_REGISTER, *CONTEXT_SHEETS)


def _chosen(names: list[str], wanted: Iterable[str] | None) -> list[str]:
    """The workbook's names of the `wanted` sheets it has (every sheet when None). Without a
    sheet named HoSo the register is looked for by its header in every sheet, so a job
    that wants the register then reads them all."""
    if wanted is None:
        return names
    wanted = list(wanted)
    if SHEET_REGISTER in wanted and find_sheet(names, SHEET_REGISTER) is None:
        return names
    found = {find_sheet(names, w) for w in wanted}
    return [n for n in names if n in found]


def read_sheets(path: str | Path, wanted: Iterable[str] | None = None) -> dict[str, Rows]:
    """The sheets' cells as rows, row 1 first (empty leading rows kept for row numbers).

    `wanted`: only these sheets (by the sheet-name rule of `find_sheet`; see `_chosen`),
    e.g. `REGISTER_SHEETS`; reading and the size check skip the others (a full TTHC_Q
    workbook also carries KPI, BaoCao, NhatKy...)."""
    return _read(Path(path), wanted, typed=False)[0]


def read_register_sheets(path: str | Path) -> tuple[dict[str, Rows], Register | None]:
    """`read_sheets(path, REGISTER_SHEETS)`, with the register itself read from typed
    columns when that gives the same register (book/typed.py): then the HoSo entry holds
    no rows and the Register comes beside it, for `from_sheets(..., register=)`."""
    return _read(Path(path), REGISTER_SHEETS, typed=True)


def _read(
    p: Path, wanted: Iterable[str] | None, typed: bool
) -> tuple[dict[str, Rows], Register | None]:
    from python_calamine import CalamineWorkbook

    if not p.exists():
        raise WorkbookError(missing_workbook(p))
    if p.is_dir():
        raise WorkbookError(f"'{p}' là thư mục, không phải tệp sổ Excel.")
    try:
        with CalamineWorkbook.from_path(str(p)) as wb:  # opening reads no sheet yet
            names = _chosen(list(wb.sheet_names), wanted)
            check_extent(p, names if wanted is not None else None)
            register = None
            hoso = find_sheet(names, SHEET_REGISTER) if typed else None
            if hoso is not None:
                register = typed_register(p, hoso)
            return {
                name: []
                if register is not None and name == hoso
                else cast(Rows, wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
                for name in names
            }, register
    except ExtentError as exc:
        raise WorkbookError(f"Không đọc sổ '{p.name}': {exc}") from exc
    except MemoryError:
        raise
    except Exception as exc:  # calamine raises several types for broken files
        raise WorkbookError(
            f"Không đọc được tệp '{p.name}': tệp hỏng, có mật khẩu hoặc không phải bảng tính "
            "Excel. Hãy mở thử bằng Excel, hoặc lấy lại tệp."
        ) from exc


def register_from_sheets(sheets: dict[str, Rows]) -> Register:
    name = find_sheet(sheets, SHEET_REGISTER)
    reg_rows = sheets[name] if name is not None else None
    if reg_rows is None:  # a workbook whose register sheet was renamed: look for the header
        reg_rows = next(
            (rows for rows in sheets.values() if register_mod.find_header(rows) is not None),
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


def from_sheets(
    sheets: dict[str, Rows],
    path: Path | None = None,
    register: Register | None = None,
    settings: tuple[Settings, list[str]] | None = None,
) -> WorkbookData:
    """Build WorkbookData from sheet rows; also used for the open workbook through xlwings.
    `register`: the register already read (read_register_sheets), else parsed from rows;
    `settings`: CauHinh already read (`Book.settings_read`), else parsed from its rows."""
    ctx = context_from_sheets(sheets, settings)
    register = register if register is not None else register_from_sheets(sheets)
    return WorkbookData(register, ctx.catalog, ctx.overrides, ctx.settings, ctx.problems, path)


TEXT_SUFFIXES = (".csv", ".txt", ".tsv")


def not_a_register(name: str, looks_like_copy: bool = False) -> NotARegisterError:
    """What to do with a file that is not a register: an export goes into the register
    first; an email copy or a ranking is never imported, the figures come from the
    register it was made from."""
    if looks_like_copy:
        return NotARegisterError(
            f"'{name}' là bản gửi email (hoặc bảng xếp hạng) do tthc-xl tạo để xem, không "
            "phải sổ theo dõi hồ sơ: không tính số liệu từ nó và không nhập nó vào sổ. Hãy "
            "chạy lệnh trên sổ gốc của xã (ví dụ: tthc-xl kpi TTHC_Q.xlsm --period 2026-Q1)."
        )
    return NotARegisterError(
        f"'{name}' không phải sổ theo dõi hồ sơ (sổ có sheet {SHEET_REGISTER}): có vẻ là tệp "
        "xuất từ hệ thống hoặc sổ khác, nên không tính số liệu từ nó. Hãy nhập tệp này vào "
        f"sổ trước: tthc-xl import TTHC_Q.xlsm {name}"
    )


def _looks_like_copy(sheets: dict[str, Rows] | list[str]) -> bool:
    """The sheets an email copy has (KPI, BaoCao...) without a register's own."""
    return find_sheet(sheets, SHEET_REGISTER) is None and (
        find_sheet(sheets, SHEET_KPI) is not None or find_sheet(sheets, SHEET_REPORT) is not None
    )


def require_register(sheets: dict[str, Rows] | list[str], name: str) -> None:
    """Refuse anything but a register (a workbook with a HoSo sheet): an export read as one
    gives wrong figures silently (its footer counted as a dossier, its channel unread).
    Every reading command (kpi, dossiers, refresh, warn, report) calls this first."""
    if find_sheet(sheets, SHEET_REGISTER) is None:
        raise not_a_register(name, _looks_like_copy(sheets))


def read_register(path: str | Path) -> WorkbookData:
    """A register file, refused with a pointer to `tthc-xl import` when it is not one, or
    to the register itself when it is an email copy or a ranking (even one with HoSo)."""
    from .marker import Kind, marked_kind

    p = Path(path)
    if p.suffix.lower() in TEXT_SUFFIXES and p.exists():
        raise not_a_register(p.name)
    if p.is_file() and marked_kind(p) in (Kind.COPY, Kind.RANKING):
        raise not_a_register(p.name, looks_like_copy=True)
    sheets, register = read_register_sheets(p)
    require_register(sheets, p.name)
    return from_sheets(sheets, p, register)


def read_workbook(path: str | Path) -> WorkbookData:
    return from_sheets(read_sheets(path), Path(path))

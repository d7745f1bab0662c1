"""Reading one commune's workbook: its name, the engine's figures and its dossier rows.

Runs in a worker process (the city reads two workbooks at a time), so it takes and returns
plain picklable values.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from tthc_xl.book.errors import WorkbookError
from tthc_xl.book.marker import Kind, kind_of
from tthc_xl.book.names import SHEET_SETTINGS, Rows, find_sheet
from tthc_xl.book.reader import from_sheets, read_register_sheets, require_register
from tthc_xl.rules.engine import Engine, Result
from tthc_xl.rules.period import Period
from tthc_xl.rules.settings import LABELS, CompareMode
from tthc_xl.rules.text import fold
from tthc_xl.rules.values import cell_text, is_blank
from tthc_xl.rules.workcalendar import from_seconds

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
UNIT_LABEL = fold(next(label for attr, label, _ in LABELS if attr == "unit_name"))


@dataclass
class Commune:
    """One commune as the engine sees it for the period."""

    file: str
    name: str  # CauHinh 'Tên đơn vị', else the file name without its suffix
    named_by_file: bool
    kpi: dict  # Result.kpi(), the `tthc-xl kpi --json` object
    dossiers: pd.DataFrame  # one row per register row, with the engine's outcome
    notes: list[str] = field(default_factory=list)  # CauHinh/DanhMuc/NgayNghi problems
    modified: float = 0.0  # the file's modification time: of two files of one unit, the newer


@dataclass
class Failure:
    """A file in the folder that is not a usable commune workbook, and why."""

    file: str
    reason: str


def unit_name(sheets: dict[str, Rows]) -> str | None:
    """The 'Tên đơn vị' of CauHinh, or None when the sheet or the value is missing
    (the built-in default names a demo commune and must not name anyone's file)."""
    name = find_sheet(sheets, SHEET_SETTINGS)
    for row in sheets.get(name, []) if name else []:
        if len(row) >= 2 and fold(row[0]) == UNIT_LABEL and not is_blank(row[1]):
            return " ".join(cell_text(row[1]).split())
    return None


def read_commune(
    path: Path,
    period: Period,
    as_of: dt.datetime | None,
    compare: CompareMode | None,
    now: dt.datetime,
) -> Commune | Failure:
    """The engine's figures of one workbook; a file that cannot serve is a Failure."""
    problem = entry_problem(path)
    if problem is not None:
        return Failure(path.name, problem)
    try:
        sheets, register = read_register_sheets(path)
        require_register(sheets, path.name)
        data = from_sheets(sheets, path, register)
    except WorkbookError as exc:
        return Failure(path.name, str(exc))
    try:
        result = Engine.from_workbook(data).evaluate(period, as_of, compare, now)
    except ValueError as exc:
        return Failure(path.name, str(exc))
    named = unit_name(sheets)
    commune = commune_of(result, path.name, named or path.stem, named is None, data.problems)
    commune.modified = path.stat().st_mtime
    return commune


def entry_problem(path: Path) -> str | None:
    """Why an entry of the folder is no register to rank, read from what it is, not from
    its sheets (a FIFO or a link loop is never opened); None when it may be one."""
    if path.is_symlink():
        try:
            path.resolve(strict=True)
        except FileNotFoundError:
            return "Liên kết (symlink) hỏng: tệp nó trỏ tới không còn. Bỏ qua."
        except (RuntimeError, OSError):
            return "Liên kết (symlink) vòng, không trỏ tới tệp nào. Bỏ qua."
    try:
        mode = path.stat().st_mode
    except OSError:
        return "Không đọc được thông tin tệp (thiếu quyền hoặc tệp vừa bị xóa). Bỏ qua."
    if stat.S_ISDIR(mode):
        return "Thư mục con: lệnh chỉ đọc các sổ nằm ngay trong thư mục. Bỏ qua."
    if not stat.S_ISREG(mode):
        return "Không phải tệp thường (FIFO, socket hoặc thiết bị): không đọc. Bỏ qua."
    if not os.access(path, os.R_OK):
        return "Không có quyền đọc tệp này. Bỏ qua."
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        return "Không phải tệp Excel (.xlsx, .xlsm): bỏ qua."
    if zipfile.is_zipfile(path):  # a broken file: reading it says what is wrong
        kind = kind_of(path)
        if kind is Kind.OTHER:
            return (
                "Không phải sổ theo dõi hồ sơ của một đơn vị (không có sheet HoSo): có vẻ là "
                "tệp xuất từ hệ thống hoặc bảng tính khác. Bỏ qua."
            )
        if kind is not Kind.REGISTER:
            return f"Là {kind.label}, không phải sổ theo dõi hồ sơ của một đơn vị. Bỏ qua."
    return None


def _text(values: pd.Series) -> pd.Series:
    """A text column as Python strings ('' where empty), kept as objects: converting to
    and from pandas' Arrow text cost more than the rest of a commune's rows."""
    return pd.Series(values.to_numpy(dtype=object, na_value=""), dtype=object)


def commune_of(
    result: Result,
    file: str,
    name: str,
    named_by_file: bool = False,
    notes: list[str] | None = None,
) -> Commune:
    """The engine's result of one commune as the city keeps it."""
    frame = result.engine.frame
    outcomes = result.outcomes
    dossiers = pd.DataFrame(
        {
            "dossier_id": _text(frame["dossier_id"]),
            "procedure_code": _text(frame["procedure_code"]),
            "procedure_name": _text(frame["procedure_name"]),
            "field": _text(frame["field"]),
            "channel": np.asarray(frame["channel"], dtype=np.int8),
            "received_at": pd.to_datetime(frame["received_at"]).to_numpy("datetime64[us]"),
            "due_at": from_seconds(result.engine.due.due).astype("datetime64[us]"),
            "outcome": np.asarray(outcomes.outcome, dtype=np.int8),
            "due_soon": np.asarray(outcomes.due_soon, dtype=bool),
        }
    )
    return Commune(file, name, named_by_file, result.kpi(), dossiers, notes or [])

"""Sheet layouts written with openpyxl: HoSo, DanhMuc, NgayNghi, CauHinh.

One definition of each sheet's look serves the workbook build, the demo and every command
that writes the register back, so the clerk always sees the same headers and formats.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from . import settings as settings_mod
from .catalog import HEADERS as CATALOG_HEADERS
from .catalog import ONLINE_LEVELS, UNIT_LABELS, Catalog
from .register import COLUMNS, Column
from .settings import Settings
from .values import CHANNEL_LABELS, STATUS_LABELS, Channel, Status
from .workbook import (
    HOLIDAY_HEADERS,
    SHEET_CATALOG,
    SHEET_HOLIDAYS,
    SHEET_REGISTER,
    SHEET_SETTINGS,
    holiday_rows,
)

REGISTER_TABLE = "HoSo"
SHEET_KPI = "KPI"
SHEET_WARNINGS = "CanhBao"
SHEET_REPORT = "BaoCao"
SHEET_BIEU06 = "Bieu06"
SHEET_IMPORT_ERRORS = "LoiNhap"
SHEET_AUDIT = "NhatKy"
# Optional: spellings a clerk adds for a new system's export, without code (see importer).
SHEET_MAPPING = "AnhXaCot"
SHEET_XLWINGS = "xlwings.conf"

# KPI dashboard: the period cell the live formulas read, and one row per indicator from
# KPI_FIRST_ROW: A label, B live formula (xlwings UDF), C value at the last "Cập nhật chỉ
# số" (written by refresh, readable without Python), D plan target where there is one.
KPI_PERIOD_CELL = "B3"
KPI_HEADER_ROW = 5
KPI_FIRST_ROW = 6
KPI_HEADERS = ("Chỉ tiêu", "Công thức (tự cập nhật)", "Lần cập nhật gần nhất", "Kế hoạch")
# (label, formula with {t} = register table and {p} = period cell, result key, format)
KPI_ITEMS: tuple[tuple[str, str, str, str], ...] = (
    ("Tiếp nhận mới trong kỳ", "=RECEIVED_COUNT({t},{p})", "counts.received_new", "#,##0"),
    ("  - Trực tuyến", '=RECEIVED_COUNT({t},{p},"Trực tuyến")', "counts.received_online", "#,##0"),
    ("  - Trực tiếp", '=RECEIVED_COUNT({t},{p},"Trực tiếp")', "counts.received_direct", "#,##0"),
    (
        "  - Bưu chính công ích",
        '=RECEIVED_COUNT({t},{p},"Bưu chính")',
        "counts.received_postal",
        "#,##0",
    ),
    ("Đã giải quyết", "=RESOLVED_COUNT({t},{p})", "counts.resolved", "#,##0"),
    ("  - Trước hạn", '=RESOLVED_COUNT({t},{p},"trước hạn")', "counts.early", "#,##0"),
    ("  - Đúng hạn", '=RESOLVED_COUNT({t},{p},"đúng hạn")', "counts.on_time", "#,##0"),
    ("  - Quá hạn", '=RESOLVED_COUNT({t},{p},"quá hạn")', "counts.late", "#,##0"),
    ("Đang giải quyết", "=PENDING_COUNT({t},{p})", "counts.pending", "#,##0"),
    ("  - Trong hạn", '=PENDING_COUNT({t},{p},"trong hạn")', "counts.pending_within", "#,##0"),
    ("  - Quá hạn", '=PENDING_COUNT({t},{p},"quá hạn")', "counts.pending_overdue", "#,##0"),
    ("Sắp đến hạn", "=DUE_SOON_COUNT({t},{p})", "counts.due_soon", "#,##0"),
    ("Tỷ lệ tiếp nhận trực tuyến", "=ONLINE_RATE({t},{p})", "rates.online_rate", "0.00%"),
    ("Tỷ lệ giải quyết trước hạn", "=EARLY_RATE({t},{p})", "rates.early_rate", "0.00%"),
    (
        "Tỷ lệ giải quyết đúng và trước hạn",
        "=ON_TIME_RATE({t},{p})",
        "rates.on_time_or_early_rate",
        "0.00%",
    ),
    (
        "Chỉ số 766 - Tiến độ giải quyết (20)",
        "=INDEX766_PROGRESS({t},{p})",
        "index766.progress",
        "0.00",
    ),
    (
        "Chỉ số 766 - Dịch vụ công trực tuyến (12)",
        "=INDEX766_ONLINE({t},{p})",
        "index766.online_service",
        "0.00",
    ),
)
KPI_TABLE_REF = "HoSo[#All]"

WARNING_HEADERS = (
    "Mã hồ sơ",
    "Tên thủ tục",
    "Lĩnh vực",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Tình trạng",
    "Cảnh báo",
)
IMPORT_ERROR_HEADERS = (
    "Thời gian nhập",
    "Tệp",
    "Dòng",
    "Cột",
    "Giá trị",
    "Lý do",
    "Dữ liệu gốc của dòng",
)
AUDIT_HEADERS = ("Thời gian", "Tệp", "Mã hồ sơ", "Trường", "Giá trị cũ", "Giá trị mới")
MAPPING_HEADERS = ("Tên cột trong tệp", "Cột của sổ")
DATE_FORMAT = "dd/mm/yyyy hh:mm"
DAY_FORMAT = "dd/mm/yyyy"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
FORMULA_START = ("=", "+", "-", "@")

_WIDTHS = {
    "id": 16,
    "code": 11,
    "date": 17,
    "text": 24,
    "channel": 14,
    "status": 22,
    "count": 10,
    "bool": 10,
}


def set_cell(ws: Worksheet, row: int, col: int, value: object, number_format: str | None = None):
    """Write one value; strings starting with = + - @ are stored as text, never formulas."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell


def _header_row(ws: Worksheet, headers: Sequence[str], row: int = 1) -> None:
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def _moment(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return None
        return pd.Timestamp(value).to_pydatetime()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


_CHANNEL_CELLS = np.array([None] + [CHANNEL_LABELS[c] for c in Channel], dtype=object)
_STATUS_CELLS = np.array([None] + [STATUS_LABELS[s] for s in Status], dtype=object)


def cell_values(col: Column, series: pd.Series) -> list[object]:
    """One canonical column's parsed values as HoSo cells (labels, datetimes, Có/Không)."""
    if col.kind == "date":
        return series.to_numpy(dtype="datetime64[s]").astype(object).tolist()  # NaT -> None
    if col.kind == "channel":
        return _CHANNEL_CELLS[series.to_numpy(dtype=np.int64)].tolist()
    if col.kind == "status":
        return _STATUS_CELLS[series.to_numpy(dtype=np.int64)].tolist()
    if col.kind == "bool":
        return [None if pd.isna(v) else ("Có" if v else "Không") for v in series]
    if col.kind == "count":
        return [int(v) if v and v > 0 else None for v in series]
    return [None if (v is None or v == "") else v for v in series]


def extra_cell_values(series: pd.Series) -> list[object]:
    """An extra column's raw values as cells (numpy/pandas timestamps as datetimes)."""
    return [_moment(v) if not isinstance(v, str) else v for v in series]


def register_rows(frame: pd.DataFrame) -> tuple[list[str], list[list[object]]]:
    """Headers and cell values for HoSo: canonical columns in order, then extra columns."""
    headers = [c.header for c in COLUMNS]
    extras = [c for c in frame.columns if c not in {col.key for col in COLUMNS}]
    columns: list[list[object]] = []
    for col in COLUMNS:
        series = frame[col.key] if col.key in frame.columns else pd.Series([None] * len(frame))
        if col.kind in ("date", "channel", "status") and col.key not in frame.columns:
            columns.append([None] * len(frame))
            continue
        columns.append(cell_values(col, series))
    for name in extras:
        columns.append(extra_cell_values(frame[name]))
        headers.append(str(name))
    rows = [list(r) for r in zip(*columns, strict=True)] if columns else []
    return headers, rows


def write_register(ws: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """HoSo as an Excel Table named HoSo, with date formats and list validation."""
    kinds = {c.header: c.kind for c in COLUMNS}
    _header_row(ws, headers)
    formats = [DATE_FORMAT if kinds.get(h) == "date" else None for h in headers]
    text_cols = {i for i, h in enumerate(headers) if kinds.get(h) in ("id", "code")}
    n = 0
    for r, row in enumerate(rows, start=2):
        n += 1
        for c, value in enumerate(row):
            if value is None:
                continue
            cell = set_cell(ws, r, c + 1, value, formats[c])
            if c in text_cols:
                cell.number_format = "@"
    last_row = max(2, n + 1)
    last_col = get_column_letter(len(headers))
    ref = f"A1:{last_col}{last_row}"
    table = Table(displayName=REGISTER_TABLE, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(kinds.get(header, ""), 16)
    _list_validation(ws, headers, "Kênh nộp", list(CHANNEL_LABELS.values()), last_row)
    _list_validation(ws, headers, "Trạng thái", list(STATUS_LABELS.values()), last_row)


def _list_validation(
    ws: Worksheet, headers: Sequence[str], header: str, choices: list[str], last_row: int
) -> None:
    if header not in headers:
        return
    letter = get_column_letter(list(headers).index(header) + 1)
    formula = '"' + ",".join(choices) + '"'
    dv = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error=f"Chọn {header} trong danh sách.",
    )
    dv.add(f"{letter}2:{letter}{max(last_row, 5000)}")
    ws.add_data_validation(dv)


def write_catalog(ws: Worksheet, catalog: Catalog) -> None:
    _header_row(ws, CATALOG_HEADERS)
    for r, row in enumerate(catalog.rows(), start=2):
        for c, value in enumerate(row, start=1):
            set_cell(ws, r, c, value, "@" if c == 1 else None)
    for letter, width in zip("ABCDEFG", (11, 40, 16, 9, 15, 18, 14), strict=True):
        ws.column_dimensions[letter].width = width
    last = max(ws.max_row, 200)
    units = '"' + ",".join(UNIT_LABELS.values()) + '"'
    for letter, formula in (
        ("E", units),
        ("F", '"' + ",".join(ONLINE_LEVELS) + '"'),
        ("G", '"Có,Không"'),
    ):
        dv = DataValidation(type="list", formula1=formula, allow_blank=True)
        dv.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(dv)


def write_holidays(ws: Worksheet, rows: Iterable[Sequence[object]] | None = None) -> None:
    _header_row(ws, HOLIDAY_HEADERS)
    for r, (day, kind, note) in enumerate(rows if rows is not None else holiday_rows(), start=2):
        set_cell(ws, r, 1, day, DAY_FORMAT)
        set_cell(ws, r, 2, kind)
        set_cell(ws, r, 3, note)
    for letter, width in zip("ABC", (13, 11, 50), strict=True):
        ws.column_dimensions[letter].width = width
    dv = DataValidation(type="list", formula1='"Nghỉ,Làm việc"', allow_blank=True)
    dv.add("B2:B500")
    ws.add_data_validation(dv)


def write_settings(ws: Worksheet, settings: Settings) -> None:
    _header_row(ws, ("Mục", "Giá trị", "Giải thích"))
    percent_rows = {label for attr, label, _ in settings_mod.LABELS if attr.startswith("target")}
    for r, (label, value, help_text) in enumerate(settings_mod.rows(settings), start=2):
        set_cell(ws, r, 1, label)
        fmt = "0%" if label in percent_rows else ("@" if isinstance(value, str) else None)
        set_cell(ws, r, 2, value, fmt)
        set_cell(ws, r, 3, help_text)
    for letter, width in zip("ABC", (44, 26, 70), strict=True):
        ws.column_dimensions[letter].width = width


def new_workbook(frame: pd.DataFrame, catalog: Catalog, settings: Settings) -> Workbook:
    """A plain data workbook (no macros) with the four sheets the engine reads."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_REGISTER
    headers, rows = register_rows(frame)
    write_register(ws, headers, rows)
    write_catalog(wb.create_sheet(SHEET_CATALOG), catalog)
    write_holidays(wb.create_sheet(SHEET_HOLIDAYS))
    write_settings(wb.create_sheet(SHEET_SETTINGS), settings)
    return wb

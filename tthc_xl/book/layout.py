"""Sheet layouts written with openpyxl: HoSo, DanhMuc, NgayNghi, CauHinh, the KPI
dashboard, the placeholder and log sheets, and the xlwings.conf settings.

One definition of each sheet's look serves the workbook build, the demo and every command
that writes the register back, so the clerk always sees the same headers and formats.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from tthc_xl.rules import settings as settings_mod
from tthc_xl.rules.catalog import HEADERS as CATALOG_HEADERS
from tthc_xl.rules.catalog import ONLINE_LEVELS, UNIT_LABELS, Catalog
from tthc_xl.rules.columns import DATE_FORMAT as DATE_FORMAT  # the register's date format
from tthc_xl.rules.columns import ColumnType
from tthc_xl.rules.labels import label as indicator_label
from tthc_xl.rules.register import COLUMNS, Column
from tthc_xl.rules.settings import Settings
from tthc_xl.rules.values import CHANNEL_LABELS, STATUS_LABELS
from tthc_xl.rules.workcalendar import DEFAULT_OVERRIDES, OVERRIDE_DAY_OFF, OVERRIDE_WORKING

from .base import clean_text, looks_live
from .names import (
    HOLIDAY_HEADERS,
    KPI_HEADERS,
    KPI_TABLE_REF,
    REGISTER_TABLE,
    SHEET_CATALOG,
    SHEET_HOLIDAYS,
    SHEET_REGISTER,
    SHEET_SETTINGS,
)

# KPI dashboard: the period cell the live formulas read, and one row per indicator from
# KPI_FIRST_ROW: A label, B live formula (xlwings UDF), C value at the last "Cập nhật chỉ
# số" (written by refresh, readable without Python), D plan target where there is one.
KPI_PERIOD_CELL = "B3"
KPI_HEADER_ROW = 5
KPI_FIRST_ROW = 6
# (formula with {t} = register table and {p} = period cell, result key, format); the
# label shown in column A is the CLI's, from the one table in rules/labels.py.
KPI_ROWS: tuple[tuple[str, str, str], ...] = (
    ("=RECEIVED_COUNT({t},{p})", "counts.received_new", "#,##0"),
    ('=RECEIVED_COUNT({t},{p},"Trực tuyến")', "counts.received_online", "#,##0"),
    ('=RECEIVED_COUNT({t},{p},"Trực tiếp")', "counts.received_direct", "#,##0"),
    ('=RECEIVED_COUNT({t},{p},"Bưu chính")', "counts.received_postal", "#,##0"),
    ("=RESOLVED_COUNT({t},{p})", "counts.resolved", "#,##0"),
    ('=RESOLVED_COUNT({t},{p},"trước hạn")', "counts.early", "#,##0"),
    ('=RESOLVED_COUNT({t},{p},"đúng hạn")', "counts.on_time", "#,##0"),
    ('=RESOLVED_COUNT({t},{p},"quá hạn")', "counts.late", "#,##0"),
    ("=PENDING_COUNT({t},{p})", "counts.pending", "#,##0"),
    ('=PENDING_COUNT({t},{p},"trong hạn")', "counts.pending_within", "#,##0"),
    ('=PENDING_COUNT({t},{p},"quá hạn")', "counts.pending_overdue", "#,##0"),
    ("=DUE_SOON_COUNT({t},{p})", "counts.due_soon", "#,##0"),
    ("=ONLINE_RATE({t},{p})", "rates.online_rate", "0.00%"),
    ("=EARLY_RATE({t},{p})", "rates.early_rate", "0.00%"),
    ("=ON_TIME_RATE({t},{p})", "rates.on_time_or_early_rate", "0.00%"),
    ("=INDEX766_PROGRESS({t},{p})", "index766.progress", "0.00"),
    ("=INDEX766_ONLINE({t},{p})", "index766.online_service", "0.00"),
)
# (label, formula, result key, format)
KPI_ITEMS: tuple[tuple[str, str, str, str], ...] = tuple(
    (indicator_label(path), formula, path, number_format)
    for formula, path, number_format in KPI_ROWS
)

DAY_FORMAT = "dd/mm/yyyy"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
EXCEL_MAX_ROW = 1_048_576

_OTHER_WIDTH = 16  # an extra column's width


_OOXML_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")


def set_cell(ws: Worksheet, row: int, col: int, value: object, number_format: str | None = None):
    """Write one value; text that looks like a formula (= + - @) or an error (#N/A, ...)
    is stored as text, never evaluated; characters a file cannot hold are dropped."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = clean_text(value)
        if "_x" in value:  # literal "_x000B_" would be read back as a control character
            value = _OOXML_ESCAPE.sub(r"_x005F\g<0>", value)
        cell.value = value
        if looks_live(value):
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


def cell_values(col: Column, series: pd.Series) -> list[object]:
    """One canonical column's parsed values as HoSo cells (labels, datetimes, Có/Không)."""
    return col.type.cells(series)


def extra_cell_values(series: pd.Series) -> list[object]:
    """An extra column's raw values as cells (numpy/pandas timestamps as datetimes)."""
    return [_moment(v) if not isinstance(v, str) else v for v in series]


def register_rows(frame: pd.DataFrame) -> tuple[list[str], list[list[object]]]:
    """Headers and cell values for HoSo: canonical columns in order, then extra columns."""
    headers = [c.header for c in COLUMNS]
    extras = [c for c in frame.columns if c not in {col.key for col in COLUMNS}]
    columns: list[list[object]] = []
    for col in COLUMNS:
        if col.key not in frame.columns:
            columns.append([None] * len(frame))
            continue
        columns.append(col.type.cells(frame[col.key]))
    for name in extras:
        columns.append(extra_cell_values(frame[name]))
        headers.append(str(name))
    rows = [list(r) for r in zip(*columns, strict=True)] if columns else []
    return headers, rows


def _column_types(headers: Sequence[str]) -> list[ColumnType | None]:
    """The type of each HoSo column, by its canonical header (None: an extra column)."""
    by_header = {c.header: c.type for c in COLUMNS}
    return [by_header.get(h) for h in headers]


def write_register(ws: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """HoSo as an Excel Table named HoSo, with date formats and list validation."""
    types = _column_types(headers)
    _header_row(ws, headers)
    formats = [t.number_format if t is not None else None for t in types]
    n = 0
    for r, row in enumerate(rows, start=2):
        n += 1
        for c, value in enumerate(row):
            if value is None:
                continue
            set_cell(ws, r, c + 1, value, formats[c])
    last_row = max(2, n + 1)
    last_col = get_column_letter(len(headers))
    ref = f"A1:{last_col}{last_row}"
    table = Table(displayName=REGISTER_TABLE, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    for i, column_type in enumerate(types, start=1):
        width = column_type.width if column_type is not None else _OTHER_WIDTH
        ws.column_dimensions[get_column_letter(i)].width = width
    _list_validation(ws, headers, "Kênh nộp", list(CHANNEL_LABELS.values()))
    _list_validation(ws, headers, "Trạng thái", list(STATUS_LABELS.values()))


def format_register_columns(ws: Worksheet, headers: Sequence[str]) -> None:
    """Date and text formats on whole HoSo columns, so rows the clerk types get them too.

    write_register formats the cells it fills; an empty register (the built workbook)
    has none, and Excel would show a typed date as a serial number or strip the leading
    zeros of a code.
    """
    for i, column_type in enumerate(_column_types(headers), start=1):
        fmt = column_type.number_format if column_type is not None else None
        if fmt is None:
            continue
        ws.column_dimensions[get_column_letter(i)].number_format = fmt
        for row in range(2, max(ws.max_row, 2) + 1):
            cell = ws.cell(row=row, column=i)
            if cell.value is None:
                cell.number_format = fmt


def _list_validation(
    ws: Worksheet, headers: Sequence[str], header: str, choices: list[str]
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
    dv.add(f"{letter}2:{letter}{EXCEL_MAX_ROW}")  # whole column: imports add rows later
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


def holiday_rows(overrides: dict[dt.date, bool] | None = None) -> list[list[object]]:
    """NgayNghi rows (without header): the default 2026 overrides, or the given ones."""
    if overrides is None:
        return [
            [d, OVERRIDE_WORKING if w else OVERRIDE_DAY_OFF, note]
            for d, w, note in DEFAULT_OVERRIDES
        ]
    return [
        [d, OVERRIDE_WORKING if w else OVERRIDE_DAY_OFF, ""] for d, w in sorted(overrides.items())
    ]


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


KPI_TITLE = "CHỈ SỐ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH"
KPI_PERIOD_LABEL = "Kỳ báo cáo"
KPI_PERIOD_HINT = (
    "Nhập kỳ: 2026-Q1 (quý), 2026-03 (tháng), 2026-H1 (6 tháng) hoặc 2026 (năm). "
    "Cột B tự tính khi Excel chạy được Python (xlwings); cột C được ghi khi bấm "
    '"Cập nhật chỉ số".'
)
DEFAULT_PERIOD = "2026-Q1"
# KPI rows whose plan target is a CauHinh setting: result key -> Settings attribute.
KPI_TARGETS = {"rates.online_rate": "target_online", "rates.early_rate": "target_early"}
TITLE_FONT = Font(bold=True, size=14, color="1F4E78")

# xlwings.conf: the interpreter RunPython starts and the module the UDFs live in.
XLWINGS_INTERPRETER_WIN = r"%LOCALAPPDATA%\Programs\Python\Python311\pythonw.exe"
XLWINGS_UDF_MODULES = "tthc_xl.udfs"
XLWINGS_NOTES = {
    "INTERPRETER_WIN": (
        "Đường dẫn tới pythonw.exe của bản Python đã cài tthc-xl trên máy này "
        "(%LOCALAPPDATA% là thư mục AppData\\Local của người dùng)."
    ),
    "UDF MODULES": "Mô-đun Python chứa các hàm công thức (ONLINE_RATE...). Không sửa.",
}


def settings_cell(attr: str) -> str:
    """Absolute reference to a setting's value in CauHinh, as write_settings lays it out."""
    row = 2 + [name for name, _, _ in settings_mod.LABELS].index(attr)
    return f"{SHEET_SETTINGS}!$B${row}"


def _title(ws: Worksheet, text: str) -> None:
    cell = ws.cell(row=1, column=1, value=text)
    cell.font = TITLE_FONT


def write_kpi_dashboard(ws: Worksheet, period: str = DEFAULT_PERIOD) -> None:
    """KPI: the period cell, then per indicator a label, its live formula, an empty
    cell for the value refresh writes, and the plan target (a link to CauHinh)."""
    _title(ws, KPI_TITLE)
    letter, row = coordinate_from_string(KPI_PERIOD_CELL)
    col = column_index_from_string(letter)
    ws.cell(row=row, column=col - 1, value=KPI_PERIOD_LABEL).font = Font(bold=True)
    period_cell = set_cell(ws, row, col, period, "@")  # text: Excel would make 2026-03 a date
    period_cell.font = Font(bold=True, color="C00000")
    set_cell(ws, row, col + 1, KPI_PERIOD_HINT).font = Font(italic=True, color="595959")
    period_ref = f"${letter}${row}"
    for c, header in enumerate(KPI_HEADERS, start=1):
        cell = ws.cell(row=KPI_HEADER_ROW, column=c, value=header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for r, (label, formula, key, number_format) in enumerate(KPI_ITEMS, start=KPI_FIRST_ROW):
        set_cell(ws, r, 1, label)
        live = ws.cell(row=r, column=2, value=formula.format(t=KPI_TABLE_REF, p=period_ref))
        live.number_format = number_format
        ws.cell(row=r, column=3).number_format = number_format
        if key in KPI_TARGETS:
            target = ws.cell(row=r, column=4, value="=" + settings_cell(KPI_TARGETS[key]))
            target.number_format = number_format
    for letter_, width in zip("ABCD", (44, 24, 24, 12), strict=True):
        ws.column_dimensions[letter_].width = width


def write_placeholder(ws: Worksheet, title: str, button: str) -> None:
    """A sheet a command fills later: its title and which ribbon button fills it."""
    _title(ws, title)
    set_cell(ws, 2, 1, f'Sheet này được điền khi bấm nút "{button}" trên thẻ TTHC.')


def write_log_headers(ws: Worksheet, headers: Sequence[str]) -> None:
    """An empty log (LoiNhap, NhatKy): the header row, rows appended below it."""
    _header_row(ws, headers)
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(len(header) + 6, 12), 40)


def write_xlwings_conf(ws: Worksheet, values: Mapping[str, str]) -> None:
    """Set keys of the xlwings.conf sheet, keeping its other rows.

    xlwings reads column A (key, case-insensitive) and B (value) from A1 down to the
    first blank cell; a missing key is added at the end of that block.
    """
    rows: dict[str, int] = {}
    row = 1
    while ws.cell(row=row, column=1).value not in (None, ""):
        rows[str(ws.cell(row=row, column=1).value).upper()] = row
        row += 1
    for key, value in values.items():
        r = rows.get(key.upper())
        if r is None:
            r = rows[key.upper()] = row
            set_cell(ws, r, 1, key)
            row += 1
        set_cell(ws, r, 2, value)
        if key.upper() in XLWINGS_NOTES:
            set_cell(ws, r, 3, XLWINGS_NOTES[key.upper()]).font = Font(italic=True)
    ws.column_dimensions["B"].width = 58


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

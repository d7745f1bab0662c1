"""The data sheets' layouts written with openpyxl: HoSo, DanhMuc, NgayNghi, CauHinh, the
logs and the xlwings.conf settings, and the one guarded cell setter.

One definition of each sheet's look serves the workbook build (through tthc_xl/sheets/),
the demo, plain data workbooks (`new_workbook`) and every command that writes the register
back, so the clerk always sees the same headers and formats. The output sheets' looks
live in their own modules of tthc_xl/sheets/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from tthc_xl.rules import settings as settings_mod
from tthc_xl.rules.catalog import HEADERS as CATALOG_HEADERS
from tthc_xl.rules.catalog import ONLINE_LEVELS, UNIT_LABELS, Catalog
from tthc_xl.rules.columns import DATE_FORMAT as DATE_FORMAT  # the register's date format
from tthc_xl.rules.columns import ColumnType
from tthc_xl.rules.register import BY_KEY, COLUMNS, PORTAL_COLUMNS, Column
from tthc_xl.rules.settings import Settings
from tthc_xl.rules.values import CHANNEL_LABELS, STATUS_LABELS
from tthc_xl.rules.workcalendar import DEFAULT_OVERRIDES, OVERRIDE_DAY_OFF, OVERRIDE_WORKING

from .names import (
    HOLIDAY_HEADERS,
    REGISTER_TABLE,
    SHEET_CATALOG,
    SHEET_HOLIDAYS,
    SHEET_REGISTER,
    SHEET_SETTINGS,
)
from .text import file_text, looks_live

DAY_FORMAT = "dd/mm/yyyy"
HEADER_FONT = Font(name="Arial", bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
EXCEL_MAX_ROW = 1_048_576

_OTHER_WIDTH = 16  # an extra column's width
# HoSo's widths where its content is narrower or wider than its type's: a procedure's name
# (the longest a commune files fit, longer ones wrap), a sector, a channel, a status
_REGISTER_WIDTHS = {
    "procedure_code": 10,
    "procedure_name": 34,
    "field": 13,
    "channel": 12,
    "status": 20,
}
# columns whose text wraps (top-aligned, so a row Excel did not make taller still shows
# the first line): on the column too, so rows an import appends in place wrap alike
_REGISTER_WRAPPED = ("procedure_name", "channel", "status")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")  # the register's other columns, level with a wrapped name


def set_cell(ws: Worksheet, row: int, col: int, value: object, number_format: str | None = None):
    """Write one value; text that looks like a formula (= + - @) or an error (#N/A, ...)
    is stored as text, never evaluated; characters a file cannot hold are dropped."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = file_text(value)
        cell.value = value
        if looks_live(value):
            cell.data_type = "s"
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell


def style_headers(ws: Worksheet, headers: Sequence[str]) -> None:
    """A data-only sheet's first row styled as a header, with widths and page setup."""
    _header_row(ws, headers)
    for i, header in enumerate(headers, start=1):
        letter = get_column_letter(i)
        if ws.column_dimensions[letter].width in (None, 13.0):
            ws.column_dimensions[letter].width = min(max(len(header) + 6, 12), 50)
    fit_header(ws)


def fit_header(ws: Worksheet, row: int = 1) -> None:
    """The header row as tall as its wrapped headers, once the widths are set."""
    from .forms import fit_row

    fit_row(ws, row)


def _header_row(ws: Worksheet, headers: Sequence[str], row: int = 1) -> None:
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    _print_setup(ws, len(headers), row)


def _print_setup(ws: Worksheet, n_columns: int, header_row: int = 1) -> None:
    """A data sheet prints on A4, one page wide (landscape when wide), header repeated."""
    from .forms import page_setup

    page_setup(ws, landscape=n_columns > 4, title_rows=f"{header_row}:{header_row}")


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
    # the portal's own columns only when a portal list filled them (rules/schema.py)
    shown = COLUMNS + tuple(
        c for c in PORTAL_COLUMNS if c.key in frame.columns and frame[c.key].notna().any()
    )
    headers = [c.header for c in shown]
    extras = [c for c in frame.columns if c not in BY_KEY]
    columns: list[list[object]] = []
    for col in shown:
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
    by_header = {c.header: c.type for c in BY_KEY.values()}
    return [by_header.get(h) for h in headers]


def _alignments(headers: Sequence[str]) -> dict[int, Alignment]:
    """HoSo's columns (0-based) and their alignment: the canonical ones top-aligned, the
    long texts among them wrapped."""
    wrapped = {BY_KEY[k].header for k in _REGISTER_WRAPPED}
    canonical = {c.header for c in BY_KEY.values()}
    return {i: _WRAP_TOP if h in wrapped else _TOP for i, h in enumerate(headers) if h in canonical}


def _register_widths(headers: Sequence[str]) -> list[float]:
    """HoSo's column widths: its type's, or where its content differs, its own."""
    own = {BY_KEY[k].header: w for k, w in _REGISTER_WIDTHS.items()}
    return [
        own.get(h, t.width if t is not None else _OTHER_WIDTH)
        for h, t in zip(headers, _column_types(headers), strict=True)
    ]


def _fit_register_row(
    ws: Worksheet, r: int, row: Sequence[object], wrapped: Mapping[int, float]
) -> None:
    """A row as tall as its wrapped texts (a long name, a long status) need: LibreOffice
    does not fit it as Excel does."""
    from .forms import lines_height, text_lines

    lines = 1
    for c, width in wrapped.items():
        value = row[c] if c < len(row) else None
        if isinstance(value, str) and value:
            lines = max(lines, text_lines(value, width))
    if lines > 1:
        ws.row_dimensions[r].height = lines_height(lines)


def write_register(ws: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """HoSo as an Excel Table named HoSo, with date formats and list validation."""
    types = _column_types(headers)
    _header_row(ws, headers)
    formats = [t.number_format if t is not None else None for t in types]
    aligned = _alignments(headers)
    widths = _register_widths(headers)
    wrapped = {c: widths[c] for c, a in aligned.items() if a.wrap_text}
    n = 0
    for r, row in enumerate(rows, start=2):
        n += 1
        for c, value in enumerate(row):
            if value is None:
                continue
            cell = set_cell(ws, r, c + 1, value, formats[c])
            if c in aligned:
                cell.alignment = aligned[c]
        _fit_register_row(ws, r, row, wrapped)
    last_row = max(2, n + 1)
    last_col = get_column_letter(len(headers))
    ref = f"A1:{last_col}{last_row}"
    table = Table(displayName=REGISTER_TABLE, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for i, alignment in aligned.items():  # rows an import appends in place take these
        ws.column_dimensions[get_column_letter(i + 1)].alignment = alignment
    fit_header(ws)
    _list_validation(ws, headers, "Kênh nộp", list(CHANNEL_LABELS.values()))
    _list_validation(ws, headers, "Trạng thái", list(STATUS_LABELS.values()))


def format_register_columns(ws: Worksheet, headers: Sequence[str]) -> None:
    """Date and text formats on whole HoSo columns, so rows the clerk types get them too.

    write_register formats the cells it fills; an empty register (the built workbook)
    has none, and Excel would show a typed date as a serial number or strip the leading
    zeros of a code.
    """
    aligned = _alignments(headers)
    for i, column_type in enumerate(_column_types(headers), start=1):
        fmt = column_type.number_format if column_type is not None else None
        if fmt is None:
            continue
        ws.column_dimensions[get_column_letter(i)].number_format = fmt
        for row in range(2, max(ws.max_row, 2) + 1):
            cell = ws.cell(row=row, column=i)
            if cell.value is None:
                cell.number_format = fmt
                if i - 1 in aligned:  # as the column: rows an import fills in place
                    cell.alignment = aligned[i - 1]


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
    fit_header(ws)
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
    fit_header(ws)
    dv = DataValidation(type="list", formula1='"Nghỉ,Làm việc"', allow_blank=True)
    dv.add("B2:B500")
    ws.add_data_validation(dv)


def write_settings(ws: Worksheet, settings: Settings) -> None:
    _header_row(ws, ("Mục", "Giá trị", "Giải thích"))
    percent_rows = {label for attr, label, _ in settings_mod.LABELS if attr.startswith("target")}
    for r, (label, value, help_text) in enumerate(settings_mod.rows(settings), start=2):
        set_cell(ws, r, 1, label).alignment = Alignment(vertical="top")
        fmt = "0%" if label in percent_rows else ("@" if isinstance(value, str) else None)
        set_cell(ws, r, 2, value, fmt).alignment = _WRAP_TOP
        set_cell(ws, r, 3, help_text).alignment = _WRAP_TOP
    for letter, width in zip("ABC", (44, 30, 56), strict=True):
        ws.column_dimensions[letter].width = width
    ws.page_setup.orientation = "landscape"  # portrait, one page wide, would print 6-pt type
    for r in range(1, ws.max_row + 1):  # LibreOffice does not fit a row to its wrapped text
        fit_header(ws, r)
    ws.print_area = f"A1:C{ws.max_row}"  # the explanations wrap in C: nothing spills wider


TITLE_FONT = Font(name="Times New Roman", bold=True, size=14, color="1F4E78")

# xlwings.conf: the interpreter RunPython starts and the module the UDFs live in.
# Python installed into an ASCII folder (README): xlwings loads its DLL through an ANSI
# path, so a user folder such as C:\Users\Nguyễn... would break it.
XLWINGS_INTERPRETER_WIN = r"C:\TTHC\Python311\pythonw.exe"
XLWINGS_UDF_MODULES = "tthc_xl.udfs"
XLWINGS_NOTES = {
    "INTERPRETER_WIN": (
        "Đường dẫn tới pythonw.exe của bản Python đã cài tthc-xl trên máy này, chỉ chữ "
        "không dấu. Lệnh tthc-xl setup <sổ> ghi đúng đường dẫn; tthc-xl doctor <sổ> kiểm tra."
    ),
    "UDF MODULES": "Mô-đun Python chứa các hàm công thức (ONLINE_RATE...). Không sửa.",
}


def settings_cell(attr: str) -> str:
    """Absolute reference to a setting's value in CauHinh, as write_settings lays it out."""
    row = 2 + [name for name, _, _ in settings_mod.LABELS].index(attr)
    return f"{SHEET_SETTINGS}!$B${row}"


def write_log_headers(ws: Worksheet, headers: Sequence[str]) -> None:
    """An empty log (LoiNhap, NhatKy): the header row, rows appended below it."""
    _header_row(ws, headers)
    for i, header in enumerate(headers, start=1):
        # a dossier id (000.05.31.H23-260101-0001) and a file name print whole
        wide = 30 if header in ("Mã hồ sơ", "Tệp") else 12
        ws.column_dimensions[get_column_letter(i)].width = min(max(len(header) + 6, wide), 40)
    fit_header(ws)


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
            note = set_cell(ws, r, 3, XLWINGS_NOTES[key.upper()])
            note.font = Font(name="Arial", italic=True)
            note.alignment = _WRAP_TOP  # the notes wrap inside the printed page
    for letter, width in zip("ABC", (18, 36, 64), strict=True):
        ws.column_dimensions[letter].width = width
    from .forms import fit_row, page_setup

    for r in range(1, row):
        for c in (1, 2):  # level with the wrapped note beside them
            ws.cell(row=r, column=c).alignment = _TOP
        fit_row(ws, r)
    page_setup(ws, landscape=True)  # A4, not the template's Letter
    ws.print_area = f"A1:C{max(row, 1)}"  # the keys; the template's notes below stay on screen


def new_workbook(frame: pd.DataFrame, catalog: Catalog, settings: Settings) -> Workbook:
    """A plain data workbook (no macros) with the four sheets the engine reads."""
    from .forms import name_default_font
    from .marker import Kind, mark

    wb = Workbook()
    name_default_font(wb)
    ws = wb.active
    ws.title = SHEET_REGISTER
    headers, rows = register_rows(frame)
    write_register(ws, headers, rows)
    write_catalog(wb.create_sheet(SHEET_CATALOG), catalog)
    write_holidays(wb.create_sheet(SHEET_HOLIDAYS))
    write_settings(wb.create_sheet(SHEET_SETTINGS), settings)
    mark(wb, Kind.REGISTER)
    return wb

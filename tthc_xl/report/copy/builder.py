"""The copy is a NEW workbook, filled sheet by sheet with the values and looks (styles,
number formats, merged cells, widths, heights, page set-up, print titles) of the sheets the
registry (tthc_xl/sheets) puts in it, and, when asked, a masked HoSo (redact.py). Nothing
is loaded-and-stripped: hidden sheets, defined names, comments, document properties,
external links and the VBA project of the workbook never reach the copy, by construction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from copy import copy
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tthc_xl.book.atomic import replacing
from tthc_xl.book.errors import WorkbookError
from tthc_xl.book.filebook import FileBook
from tthc_xl.book.layout import TITLE_FONT
from tthc_xl.book.marker import Kind, mark
from tthc_xl.book.names import SHEET_REGISTER, find_sheet
from tthc_xl.rules import clock
from tthc_xl.rules.engine import Result
from tthc_xl.rules.settings import Settings
from tthc_xl.sheets import by_name
from tthc_xl.sheets.kpi import KPI_FORMULAS
from tthc_xl.style.numbers import truncate

from .fit import copy_sheet_setup, fit_for_print
from .formats import copy_format
from .redact import RegisterCopy, write_register

Grid = list[list[object]]
_UDF_NAMES = tuple(
    sorted(
        {f.split("(", 1)[0] for f in KPI_FORMULAS.values()}
        | {"LATE_COUNT", "DUE_DATE", "WORKDAYS_VN", "BIEU06", "KPI_KEY", "KPI_VALUE"}
    )
)
_SIMPLE_REF = re.compile(r"^=\s*(?:'?([^'!]+)'?!)?\$?([A-Z]{1,3})\$?(\d+)\s*$")
COPY_MODE = 0o644  # a file to send: readable by everyone it goes to


@dataclass
class SheetSource:
    """One sheet to copy: its values (no formulas) and, when there is one, the openpyxl
    sheet whose looks the copy takes."""

    name: str
    values: Grid
    template: Worksheet | None = None
    columns: tuple[int, ...] | None = None  # 1-based source columns kept, in order


def is_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=")


class FormulaValues:
    """Every formula of a file's sheets, as the report left them, replaced by a value: a
    sheet's live cells (the KPI sheet's functions) by the engine's figures, a plain
    reference (=CauHinh!$B$10) by the cell it names, anything else by the value Excel last
    saved (a Python function's cell without one stays empty, with a note)."""

    def __init__(
        self,
        book: FileBook,
        cached: dict[str, Grid],
        live: Mapping[str, dict[tuple[int, int], object]],
    ) -> None:
        self.book = book
        self.cached = cached
        self.live = live
        self.notes: list[str] = []

    def value(self, sheet: str, row: int, col: int, depth: int = 0) -> object:
        raw = self.book.worksheet(sheet).cell(row=row, column=col).value
        if not is_formula(raw):
            return raw
        live = self.live.get(sheet, {})
        if (row, col) in live:
            return live[(row, col)]
        m = _SIMPLE_REF.match(raw)
        if m and depth < 20:
            names = self.book.sheet_names()
            target = find_sheet(names, m.group(1)) if m.group(1) else sheet
            if target is not None:
                letter, number = m.group(2), int(m.group(3))
                return self.value(target, number, column_index_from_string(letter), depth + 1)
        if any(re.search(rf"\b{name}\s*\(", raw, re.IGNORECASE) for name in _UDF_NAMES):
            self.notes.append(
                f"Ô {sheet}!{get_column_letter(col)}{row} dùng hàm Python ({raw}); "
                "bản gửi để trống ô này."
            )
            return None
        grid = self.cached.get(sheet, [])
        if row - 1 < len(grid) and col - 1 < len(grid[row - 1]):
            return grid[row - 1][col - 1]
        return None

    def grid(self, sheet: str) -> Grid:
        ws = self.book.worksheet(sheet)
        width = ws.max_column  # a scan of every cell: once, not once a row (issue 21)
        return [
            [self.value(sheet, r, c) for c in range(1, width + 1)] for r in range(1, ws.max_row + 1)
        ]


def shown(value: object, number_format: str) -> object:
    """Excel formats round; the report truncates: a rate 0.999656 goes as 0.9996 (99,96%)."""
    if isinstance(value, bool) or not isinstance(value, float):
        return value
    m = re.search(r"0\.(0+)", number_format or "")
    if not m:
        return value
    decimals = len(m.group(1))
    if "%" in number_format:
        return truncate(value * 100, decimals) / 100
    return truncate(value, decimals)


def _copy_style(src, dst) -> None:
    if src.has_style:
        dst.font = copy(src.font)
        dst.fill = copy(src.fill)
        dst.border = copy(src.border)
        dst.alignment = copy(src.alignment)
        dst.protection = copy(src.protection)
        dst.number_format = copy_format(src.number_format)


def fill_sheet(
    ws: Worksheet, source: SheetSource, redact: Callable[[object], object], footer: str = ""
) -> None:
    """The copy's sheet: every value redacted and never a formula, with the looks of the
    source sheet when there is one (number formats and footers the copy's own: formats.py),
    else the sheet's own formats made to print."""
    tpl = source.template
    width = max((len(r) for r in source.values), default=0)
    if tpl is not None:
        width = max(width, tpl.max_column)
    columns = source.columns or tuple(range(1, width + 1))
    height = max(len(source.values), tpl.max_row if tpl is not None else 0)
    for r in range(1, height + 1):
        row = source.values[r - 1] if r - 1 < len(source.values) else []
        for new_c, c in enumerate(columns, start=1):
            value = row[c - 1] if c - 1 < len(row) else None
            if is_formula(value):  # never a formula in the copy
                value = None
            src_cell = tpl.cell(row=r, column=c) if tpl is not None else None
            fmt = copy_format(src_cell.number_format) if src_cell is not None else "General"
            value = redact(shown(value, fmt))
            if value is None and (src_cell is None or not src_cell.has_style):
                continue
            cell = ws.cell(row=r, column=new_c)
            cell.value = value
            if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
                cell.data_type = "s"
            if src_cell is not None:
                _copy_style(src_cell, cell)
    if tpl is not None:
        copy_sheet_setup(tpl, ws, columns, footer)
    else:
        _default_looks(ws, source.name)


def _default_looks(ws: Worksheet, name: str) -> None:
    """Without the workbook file (Excel gave values only): the sheet's own formats."""
    ws["A1"].font = TITLE_FONT
    sheet = by_name(name)
    spec = sheet.copy if sheet is not None else None
    if spec is not None and spec.default_looks is not None:
        spec.default_looks(ws)
    fit_for_print(ws, fitted=False)


def build_copy(
    sources: list[SheetSource],
    result: Result,
    redact: Callable[[object], object],
    register: RegisterCopy | None = None,
) -> Workbook:
    """The workbook to send, from nothing: only what is put in it can be in it."""
    wb = Workbook()
    wb.remove(wb.active)
    for source in sources:
        ws = wb.create_sheet(source.name)
        fill_sheet(ws, source, redact, result.period.describe())
        sheet = by_name(source.name)
        spec = sheet.copy if sheet is not None else None
        if spec is not None and spec.finish is not None:
            spec.finish(ws, result)
    if register is not None:
        write_register(wb.create_sheet(SHEET_REGISTER), register)
    if not wb.sheetnames:
        raise WorkbookError("Không có sheet nào để đưa vào bản gửi email.")
    wb.active = 0
    for ws in wb.worksheets:
        ws.sheet_state = "visible"
        ws.sheet_view.tabSelected = ws is wb.worksheets[0]
    props = wb.properties
    props.creator = props.lastModifiedBy = None  # no person's name: not even the unit's
    props.title = f"Báo cáo TTHC {result.period.describe()}"
    props.subject = props.description = props.keywords = props.category = None
    props.created = props.modified = clock.now().replace(microsecond=0)
    mark(wb, Kind.COPY)  # not a register: no command writes into it, the city skips it
    return wb


def copy_name(settings: Settings, period_label: str) -> str:
    """TTHC_<unit>_<period>.xlsx in ASCII ('Ủy ban nhân dân xã Tuệ Tĩnh': UyBanNhanDanXaTueTinh)."""
    words = re.findall(r"[A-Za-z0-9]+", _ascii(settings.unit_name))
    unit = "".join(w[:1].upper() + w[1:] for w in words) or "DonVi"
    period = re.sub(r"[^A-Za-z0-9-]+", "_", period_label).strip("_")
    return f"TTHC_{unit}_{period}.xlsx"


def _ascii(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def save_copy(wb: Workbook, target: Path) -> Path:
    """The copy written atomically (book/atomic.py), readable by whoever it is sent to."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with replacing(target, mode=COPY_MODE) as tmp:
            wb.save(tmp)
    except WorkbookError as exc:
        raise WorkbookError(
            f"Không ghi được '{target.name}': tệp đang mở hoặc thư mục không cho ghi."
        ) from exc
    return target

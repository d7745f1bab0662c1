"""'Tạo bản gửi email': a copy of the period's figures that reads everywhere and leaks nothing.

The copy is a NEW workbook, filled sheet by sheet with values and looks (styles, number
formats, merged cells, widths, heights, page set-up, print titles) of BaoCao, Bieu06, KPI
and CanhBao, and, when asked, a masked HoSo (see :mod:`tthc_xl.rules.privacy`). Nothing
is loaded-and-stripped: hidden sheets, defined names, comments, document properties,
external links and the VBA project of the workbook never reach the copy, by construction.

- From a file (`tthc-xl publish`) the period is refreshed in memory (the workbook on disk is
  not touched) and every formula becomes the engine's value.
- From Excel (the button) the values are the ones Excel shows; the styles come from the
  workbook file as last saved.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tthc_xl.book.base import Book
from tthc_xl.book.charts import restore_charts
from tthc_xl.book.errors import WorkbookError
from tthc_xl.book.layout import (
    DATE_FORMAT,
    HEADER_FILL,
    HEADER_FONT,
    KPI_FIRST_ROW,
    KPI_FORMULAS,
    KPI_HEADER_ROW,
    KPI_ITEMS,
    TITLE_FONT,
)
from tthc_xl.book.names import (
    AUDIT_HEADERS,
    SHEET_AUDIT,
    SHEET_BIEU06,
    SHEET_KPI,
    SHEET_REGISTER,
    SHEET_REPORT,
    SHEET_WARNINGS,
    find_sheet,
)
from tthc_xl.report.baocao import build_report
from tthc_xl.rules import clock
from tthc_xl.rules import register as register_mod
from tthc_xl.rules.engine import Result
from tthc_xl.rules.privacy import Action, Policy, Redactor, mask
from tthc_xl.rules.register import BY_KEY
from tthc_xl.rules.settings import Settings
from tthc_xl.rules.text import fold
from tthc_xl.style.numbers import count, percent, points, truncate

XLSX_MIME = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
# The copy's sheets, in its order; the register comes last and only when asked for.
COPY_SHEETS = (SHEET_REPORT, SHEET_BIEU06, SHEET_KPI, SHEET_WARNINGS)
# KPI in the copy: label, value, plan (column C, the value at the last refresh, would
# repeat column B; its header and the period hint go with it).
KPI_COPY_COLUMNS = (1, 2, 4)
KPI_VALUE_HEADER = "Giá trị"
PERSONAL_WARNING = (
    "Cảnh báo: bản gửi email CÓ dữ liệu cá nhân (họ tên, số giấy tờ, số điện thoại, địa "
    "chỉ) vì đã chọn --include-personal-data. Chỉ gửi cho người có thẩm quyền; việc này đã "
    f"được ghi vào sheet {SHEET_AUDIT}."
)
_UDF_NAMES = tuple(
    sorted(
        {f.split("(", 1)[0] for f in KPI_FORMULAS.values()}
        | {"LATE_COUNT", "DUE_DATE", "WORKDAYS_VN", "BIEU06"}
    )
)
_SIMPLE_REF = re.compile(r"^=\s*(?:'?([^'!]+)'?!)?\$?([A-Z]{1,3})\$?(\d+)\s*$")

Grid = list[list[object]]


@dataclass
class SheetSource:
    """One sheet to copy: its values (no formulas) and, when there is one, the openpyxl
    sheet whose looks the copy takes."""

    name: str
    values: Grid
    template: Worksheet | None = None
    columns: tuple[int, ...] | None = None  # 1-based source columns kept, in order


@dataclass
class Published:
    path: Path
    result: Result
    settings: Settings
    sheets: list[str]
    register_rows: int | None = None
    dropped_columns: list[str] = field(default_factory=list)
    masked_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    eml: Path | None = None

    def message(self) -> str:
        c, r = self.result.counts, self.result.rates
        lines = [
            f"Đã tạo bản gửi email {self.result.period.describe()}: {self.path}",
            f"Gồm các sheet: {', '.join(self.sheets)}.",
            f"Tiếp nhận mới {count(c['received_new'])}, tỷ lệ trực tuyến "
            f"{percent(r['online_rate'])}, đúng và trước hạn {percent(r['on_time_or_early_rate'])},"
            f" đang giải quyết {count(c['pending'])} ({count(c['pending_overdue'])} quá hạn).",
        ]
        if self.register_rows is not None:
            lines.append(f"Sheet {SHEET_REGISTER}: {count(self.register_rows)} hồ sơ.")
            if self.masked_columns:
                lines.append(f"Cột đã che bớt: {', '.join(self.masked_columns)}.")
            if self.dropped_columns:
                lines.append(f"Cột không gửi: {', '.join(self.dropped_columns)}.")
        lines += self.notes
        if self.eml is not None:
            lines.append(f"Thư nháp: {self.eml}")
        return "\n".join(lines)


# ------------------------------------------------------------------ the report and its charts


def _add_charts(ws: Worksheet, result: Result) -> None:
    """Re-create BaoCao's native charts in the copy over the copied chart data block."""
    restore_charts(ws.parent)


def _published(
    target: Path,
    result: Result,
    settings: Settings,
    wb: Workbook,
    reg: RegisterCopy | None,
    eml: Path | None,
    notes: list[str] | None = None,
) -> Published:
    """What a copy holds, for the message; the .eml draft written when asked for."""
    done = Published(target, result, settings, wb.sheetnames, notes=list(notes or []))
    if reg is not None:
        done.register_rows = len(reg.rows)
        done.dropped_columns, done.masked_columns = reg.dropped, reg.masked
    if eml is not None:
        done.eml = write_eml(result, settings, target, eml)
    return done


# ------------------------------------------------------------------ values


def _is_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=")


def kpi_values(result: Result) -> dict[int, object]:
    """KPI sheet row -> the engine's value of that row's indicator."""
    kpi = result.kpi()
    out: dict[int, object] = {}
    for i, (_, _, path, _) in enumerate(KPI_ITEMS):
        group, key = path.split(".")
        value = kpi[group][key]
        out[KPI_FIRST_ROW + i] = "—" if value is None else value
    return out


class FormulaValues:
    """Every formula of the in-memory workbook replaced by a value: the KPI sheet's live
    functions by the engine's figures, a plain reference (=CauHinh!$B$10) by the cell it
    names, anything else by the value Excel last saved (a Python function's cell without
    one stays empty, with a note)."""

    def __init__(self, wb, cached: dict[str, Grid], kpi: dict[int, object]) -> None:
        self.wb = wb
        self.cached = cached
        self.kpi = kpi
        self.notes: list[str] = []

    def value(self, sheet: str, row: int, col: int, depth: int = 0) -> object:
        raw = self.wb[sheet].cell(row=row, column=col).value
        if not _is_formula(raw):
            return raw
        if sheet == SHEET_KPI and col == 2 and row in self.kpi:
            return self.kpi[row]
        m = _SIMPLE_REF.match(raw)
        if m and depth < 20:
            target = find_sheet(self.wb.sheetnames, m.group(1)) if m.group(1) else sheet
            if target is not None:
                letter, number = m.group(2), int(m.group(3))
                from openpyxl.utils import column_index_from_string

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
        ws = self.wb[sheet]
        return [
            [self.value(sheet, r, c) for c in range(1, ws.max_column + 1)]
            for r in range(1, ws.max_row + 1)
        ]


def _shown(value: object, number_format: str) -> object:
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


# ------------------------------------------------------------------ the register


@dataclass
class RegisterCopy:
    headers: list[str]
    rows: Grid
    types: list[Any]  # ColumnType or None per column
    dropped: list[str]
    masked: list[str]


def register_copy(rows: Grid, policy: Policy, aliases=None) -> RegisterCopy:
    """HoSo with only the columns the policy lets go, personal ones masked."""
    header = register_mod.find_header(rows, aliases)
    if header is None:
        return RegisterCopy([], [], [], [], [])
    top = header.top
    heads = list(rows[top])
    # the register's own reading of its header row: one column per key, the rest extras
    keys = register_mod.match_headers(heads, aliases)
    plan: list[tuple[int, str, Action, Any]] = []
    dropped: list[str] = []
    masked: list[str] = []
    for i, h in enumerate(heads):
        if h is None or str(h).strip() == "":
            continue
        key = keys.get(i)
        action = policy.action(h, key)
        name = str(h).strip()
        if action is Action.DROP:
            dropped.append(name)
            continue
        if action is not Action.KEEP:
            masked.append(name)
        col = BY_KEY.get(key) if key else None
        kind = col.type if col is not None and action is Action.KEEP else None
        plan.append((i, name, action, kind))
    body = []
    for row in rows[top + 1 :]:
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        cells = list(row) + [None] * (len(heads) - len(row))
        body.append([mask(action, cells[i]) for i, _, action, _ in plan])
    return RegisterCopy([p[1] for p in plan], body, [p[3] for p in plan], dropped, masked)


def personal_values(rows: Grid, policy: Policy, aliases=None) -> list[object]:
    """What the copy's texts must never carry: every value of a personal column (masked,
    dropped or marked so in CauHinh), and the numbers of any column that does not go."""
    header = register_mod.find_header(rows, aliases)
    if header is None:
        return []
    heads = list(rows[header.top])
    keys = register_mod.match_headers(heads, aliases)
    out: list[object] = []
    for i, h in enumerate(heads):
        if h is None:
            continue
        key = keys.get(i)
        action = Policy(policy.send_extra, policy.personal).action(h, key)
        if action is Action.KEEP:
            continue
        personal = (key in BY_KEY and BY_KEY[key].personal) or action is not Action.DROP
        personal = personal or bool({fold(h), fold(key)} & policy.personal)
        for row in rows[header.top + 1 :]:
            if i >= len(row) or isinstance(row[i], (dt.date, dt.datetime, bool)):
                continue
            v = row[i]
            if personal:
                out.append(v)
            elif v is not None and len(re.sub(r"\D", "", str(v))) >= 6:
                out.append(re.sub(r"\D", "", str(v)))  # numbers of an unknown column
    return out


# ------------------------------------------------------------------ writing the copy


def _copy_style(src, dst) -> None:
    if src.has_style:
        dst.font = copy(src.font)
        dst.fill = copy(src.fill)
        dst.border = copy(src.border)
        dst.alignment = copy(src.alignment)
        dst.protection = copy(src.protection)
        dst.number_format = src.number_format


_PATH_CODES = re.compile(r"&[ZzFf]")  # header/footer codes for the file's path and name


def _copy_sheet_setup(src: Worksheet, dst: Worksheet, columns: tuple[int, ...]) -> None:
    new_col = {c: i for i, c in enumerate(columns, start=1)}
    for letter, dim in src.column_dimensions.items():
        from openpyxl.utils import column_index_from_string

        try:
            first = column_index_from_string(letter)
        except ValueError:
            continue
        last = max(dim.max or first, first)
        for c in range(first, last + 1):
            if c in new_col and dim.width:
                dst.column_dimensions[get_column_letter(new_col[c])].width = dim.width
    for r, dim in src.row_dimensions.items():
        if dim.height:
            dst.row_dimensions[r].height = dim.height
    for merged in src.merged_cells.ranges:
        cols = range(merged.min_col, merged.max_col + 1)
        if all(c in new_col for c in cols) and all(
            new_col[c] == new_col[merged.min_col] + (c - merged.min_col) for c in cols
        ):
            dst.merge_cells(
                start_row=merged.min_row,
                end_row=merged.max_row,
                start_column=new_col[merged.min_col],
                end_column=new_col[merged.max_col],
            )
    ps, dps = src.page_setup, dst.page_setup
    dps.orientation = ps.orientation
    dps.paperSize = ps.paperSize or dst.PAPERSIZE_A4
    dps.fitToWidth = ps.fitToWidth
    dps.fitToHeight = ps.fitToHeight
    dps.scale = ps.scale
    if src.sheet_properties.pageSetUpPr is not None:
        dst.sheet_properties.pageSetUpPr = copy(src.sheet_properties.pageSetUpPr)
    dst.page_margins = copy(src.page_margins)
    dst.print_options = copy(src.print_options)
    for part in ("oddHeader", "oddFooter"):
        for side in ("left", "center", "right"):
            text = getattr(getattr(getattr(src, part), side), "text", None)
            if text:
                getattr(getattr(dst, part), side).text = _PATH_CODES.sub("", text)
    if src.print_title_rows:
        dst.print_title_rows = src.print_title_rows
    if columns == tuple(range(1, len(columns) + 1)):  # the sheet's own columns, unmoved
        # what prints (BaoCao leaves its chart data block out) and where pages break
        if src.print_area:
            dst.print_area = src.print_area.split("!", 1)[-1].replace("$", "")
        for brk in src.row_breaks.brk:
            dst.row_breaks.append(copy(brk))
    if src.freeze_panes and columns == tuple(range(1, len(columns) + 1)):
        dst.freeze_panes = src.freeze_panes
    dst.sheet_view.showGridLines = src.sheet_view.showGridLines
    _fit_for_print(dst, fitted=bool(ps_fit(src)))


def ps_fit(ws: Worksheet) -> bool:
    props = ws.sheet_properties.pageSetUpPr
    return props is not None and bool(props.fitToPage)


PORTRAIT_WIDTH = 95
MAX_WIDTH = 50  # characters of column width an A4 portrait page holds
_DEFAULT_WIDTH = 8.43


def _fit_for_print(ws: Worksheet, fitted: bool) -> None:
    """A sheet the workbook left without print set-up still prints whole: columns wide
    enough for their figures and labels, every column on one A4 page width."""
    last = ws.max_column
    grid = [list(r) + [None] * (last - len(r)) for r in ws.iter_rows(values_only=True)]
    for c in range(1, last + 1):
        letter = get_column_letter(c)
        if letter in ws.column_dimensions:  # indexing would make one (13 wide)
            continue
        # a text with an empty cell at its right (a title, a group header) spills over
        lengths = [
            len(str(row[c - 1]))
            for row in grid
            if row[c - 1] not in (None, "") and (c == last or row[c] not in (None, ""))
        ]
        ws.column_dimensions[letter].width = min(max(lengths, default=6) + 2, MAX_WIDTH)
    if fitted:
        return
    total = sum(
        ws.column_dimensions[get_column_letter(c)].width or _DEFAULT_WIDTH
        for c in range(1, ws.max_column + 1)
    )
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if total > PORTRAIT_WIDTH:
        ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _fill_sheet(ws: Worksheet, source: SheetSource, redact: Callable[[object], object]) -> None:
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
            if _is_formula(value):  # never a formula in the copy
                value = None
            src_cell = tpl.cell(row=r, column=c) if tpl is not None else None
            fmt = src_cell.number_format if src_cell is not None else "General"
            value = redact(_shown(value, fmt))
            if value is None and (src_cell is None or not src_cell.has_style):
                continue
            cell = ws.cell(row=r, column=new_c)
            if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
                cell.value = value
                cell.data_type = "s"
            else:
                cell.value = value
            if src_cell is not None:
                _copy_style(src_cell, cell)
    if tpl is not None:
        _copy_sheet_setup(tpl, ws, columns)
    else:
        _default_looks(ws, source.name)


def _default_looks(ws: Worksheet, name: str) -> None:
    """Without the workbook file (Excel gave values only): the layouts' formats."""
    ws["A1"].font = TITLE_FONT
    if name == SHEET_KPI:
        for i, (_, _, _, fmt) in enumerate(KPI_ITEMS):
            for c in (2, 3):
                ws.cell(row=KPI_FIRST_ROW + i, column=c).number_format = fmt
        for c in range(1, 4):
            head = ws.cell(row=KPI_HEADER_ROW, column=c)
            head.font, head.fill = copy(HEADER_FONT), copy(HEADER_FILL)
        for letter, w in zip("ABC", (44, 18, 12), strict=True):
            ws.column_dimensions[letter].width = w
    elif name == SHEET_WARNINGS:
        for row in ws.iter_rows(min_row=5, min_col=4, max_col=5):
            for cell in row:
                cell.number_format = DATE_FORMAT
        for letter, w in zip("ABCDEFG", (16, 40, 20, 16, 16, 24, 50), strict=True):
            ws.column_dimensions[letter].width = w
    _fit_for_print(ws, fitted=False)


def _write_register(ws: Worksheet, reg: RegisterCopy) -> None:
    for c, header in enumerate(reg.headers, start=1):
        cell = ws.cell(row=1, column=c, value=header)
        cell.font, cell.fill = copy(HEADER_FONT), copy(HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        kind = reg.types[c - 1]
        ws.column_dimensions[get_column_letter(c)].width = kind.width if kind else 14
    for r, row in enumerate(reg.rows, start=2):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
            kind = reg.types[c - 1]
            if kind is not None and kind.number_format:
                cell.number_format = kind.number_format
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0


def build_copy(
    sources: list[SheetSource],
    result: Result,
    settings: Settings,
    redact: Callable[[object], object],
    register: RegisterCopy | None = None,
) -> Workbook:
    """The workbook to send, from nothing: only what is put in it can be in it."""
    wb = Workbook()
    wb.remove(wb.active)
    for source in sources:
        ws = wb.create_sheet(source.name)
        _fill_sheet(ws, source, redact)
        if source.name == SHEET_KPI:
            ws.row_dimensions[1].height = 36  # the title wraps over the copy's three columns
            ws.cell(row=KPI_HEADER_ROW, column=2).value = KPI_VALUE_HEADER
            stamp = (
                f"{result.period.describe()}; tính đến {result.as_of:%d/%m/%Y %H:%M}; "
                f"so sánh hạn theo {result.mode.label}"
            )
            ws.cell(row=KPI_HEADER_ROW - 1, column=1, value=stamp).font = Font(italic=True)
        if source.name == SHEET_REPORT:
            _add_charts(ws, result)
    if register is not None:
        _write_register(wb.create_sheet(SHEET_REGISTER), register)
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
    return wb


def copy_name(settings: Settings, period_label: str) -> str:
    """TTHC_<unit>_<period>.xlsx in ASCII ('Ủy ban nhân dân xã Tuệ Tĩnh': UyBanNhanDanXaTueTinh)."""
    words = re.findall(r"[A-Za-z0-9]+", _ascii(settings.unit_name))
    unit = "".join(w[:1].upper() + w[1:] for w in words) or "DonVi"
    period = re.sub(r"[^A-Za-z0-9-]+", "_", period_label).strip("_")
    return f"TTHC_{unit}_{period}.xlsx"


def _ascii(text: str) -> str:
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def save_atomic(wb: Workbook, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".xlsx", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        wb.save(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except PermissionError as exc:
        tmp.unlink(missing_ok=True)
        raise WorkbookError(
            f"Không ghi được '{target.name}': tệp đang mở hoặc thư mục không cho ghi."
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


# ------------------------------------------------------------------ the email


def email_subject(result: Result, settings: Settings) -> str:
    return f"Báo cáo TTHC {result.period.describe()} - {settings.unit_name}"


def email_body(result: Result, settings: Settings, attachment: str) -> str:
    c, r = result.counts, result.rates
    p = result.period
    return "\n".join(
        [
            "Kính gửi: ...",
            "",
            f"{settings.unit_name} gửi số liệu giải quyết thủ tục hành chính {p.describe()} "
            f"(từ ngày {p.first_day:%d/%m/%Y} đến ngày {p.last_day:%d/%m/%Y}, tính đến "
            f"{result.as_of:%d/%m/%Y %H:%M}):",
            f"- Tổng số hồ sơ nhận giải quyết: {count(c['total'])} (tiếp nhận mới "
            f"{count(c['received_new'])}, từ kỳ trước chuyển sang {count(c['carried_over'])}).",
            f"- Tiếp nhận trực tuyến: {count(c['received_online'])}, tỷ lệ "
            f"{percent(r['online_rate'])} (chỉ tiêu {percent(settings.target_online)}).",
            f"- Đã giải quyết: {count(c['resolved'])}; đúng và trước hạn "
            f"{percent(r['on_time_or_early_rate'])} (trước hạn {percent(r['early_rate'])}).",
            f"- Đang giải quyết: {count(c['pending'])}, trong đó quá hạn "
            f"{count(c['pending_overdue'])}.",
            f"- Điểm tiến độ giải quyết (Chỉ số 766): {points(result.progress_points)}/20.",
            "",
            f"Chi tiết trong tệp đính kèm {attachment} (Biểu 06, chỉ số, hồ sơ cần chú ý).",
            "",
            "Trân trọng.",
        ]
    )


def write_eml(result: Result, settings: Settings, xlsx: Path, eml: Path) -> Path:
    """A draft any mail client opens (Outlook opens it as a draft: X-Unsent: 1)."""
    msg = EmailMessage()
    msg["Subject"] = email_subject(result, settings)
    msg["To"] = ""
    msg["Date"] = formatdate(localtime=True)
    msg["X-Unsent"] = "1"
    msg.set_content(email_body(result, settings, xlsx.name))
    msg.add_attachment(
        xlsx.read_bytes(), maintype=XLSX_MIME[0], subtype=XLSX_MIME[1], filename=xlsx.name
    )
    eml.parent.mkdir(parents=True, exist_ok=True)
    eml.write_bytes(bytes(msg))
    return eml


# ------------------------------------------------------------------ NhatKy


def log_personal_copy(book: Book, copy_file: str, now: dt.datetime) -> None:
    """One NhatKy line: a copy WITH personal data left the workbook (the caller saves)."""
    names = book.sheet_names()
    sheet = find_sheet(names, SHEET_AUDIT) or SHEET_AUDIT
    rows = book.read(sheet) if sheet in names else []
    last = 0
    for i, row in enumerate(rows, start=1):
        if any(v not in (None, "") for v in row):
            last = i
    if last == 0:
        book.write(sheet, 1, [list(AUDIT_HEADERS)])
        last = 1
    line = [
        now.replace(microsecond=0),
        copy_file,
        "",
        "Bản gửi email",
        "",
        "Có dữ liệu cá nhân (chọn gửi kèm dữ liệu cá nhân)",
    ]
    book.write(sheet, last + 1, [line], formats=["dd/mm/yyyy hh:mm"])


# ------------------------------------------------------------------ the two entry points


def _policy(settings: Settings, include_personal: bool) -> Policy:
    return Policy.from_settings(settings.send_columns, settings.personal_columns, include_personal)


def _register_rows(book: Book) -> Grid:
    name = find_sheet(book.sheet_names(), SHEET_REGISTER)
    return book.read(name) if name else []


def _prepare(
    register_rows: Grid, settings: Settings, with_register: bool, include_personal: bool
) -> tuple[Callable[[object], object], RegisterCopy | None]:
    policy = _policy(settings, include_personal)
    if include_personal:
        redact: Callable[[object], object] = lambda v: v  # noqa: E731 - the explicit choice
    else:
        redact = Redactor(personal_values(register_rows, policy))
    reg = register_copy(register_rows, policy) if with_register or include_personal else None
    return redact, reg


def publish_file(
    workbook: Path,
    period: str,
    out: Path | None = None,
    *,
    with_register: bool = False,
    include_personal: bool = False,
    eml: Path | None = None,
    as_of: dt.datetime | None = None,
    compare: str | None = None,
    now: dt.datetime | None = None,
) -> Published:
    """`tthc-xl publish`: the copy of a workbook file; the file itself is only written to
    for the NhatKy line an --include-personal-data copy leaves."""
    from tthc_xl.book.filebook import FileBook
    from tthc_xl.book.reader import read_sheets

    now = now or clock.now()
    workbook = Path(workbook)
    book = FileBook(workbook, readonly=True)  # written in memory, never saved
    # the report refreshes KPI, CanhBao and Bieu06 first: one set of figures on every sheet
    result = build_report(book, period, as_of, compare, now).result
    settings = result.engine.settings
    values = FormulaValues(book.wb, read_sheets(workbook), kpi_values(result))
    sources = []
    for wanted in COPY_SHEETS:
        name = find_sheet(book.wb.sheetnames, wanted)
        if name is None:
            continue
        columns = KPI_COPY_COLUMNS if wanted == SHEET_KPI else None
        sources.append(SheetSource(wanted, values.grid(name), book.wb[name], columns))
    redact, reg = _prepare(_register_rows(book), settings, with_register, include_personal)
    wb = build_copy(sources, result, settings, redact, reg)
    target = Path(out) if out else workbook.with_name(copy_name(settings, result.period.label))
    if target.suffix.lower() != ".xlsx":
        raise WorkbookError(
            f"Bản gửi email là tệp .xlsx (không macro); '{target.name}' có đuôi khác. "
            "Hãy đặt tên kết thúc bằng .xlsx."
        )
    if target.resolve() == workbook.resolve():
        raise WorkbookError("Bản gửi email không được ghi đè lên sổ gốc; hãy chọn tên khác.")
    if include_personal:
        log = FileBook(workbook)
        log_personal_copy(log, target.name, now)
        log.save()
    save_atomic(wb, target)
    return _published(
        target, result, settings, wb, reg, Path(eml) if eml is not None else None, values.notes
    )


def _error_text(value: object) -> bool:
    return isinstance(value, str) and value.startswith("#")


class _Recorded:
    """A Book whose reads see its own writes: the remote Excel of the tests (and a slow
    link to Excel) hands back a sheet as it was before the job wrote to it."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.name = book.name
        self.cells: dict[str, dict[tuple[int, int], object]] = {}

    def sheet_names(self) -> list[str]:
        return self.book.sheet_names()

    def read(self, sheet: str) -> list[list[object]]:
        grid = [list(r) for r in self.book.read(sheet)]
        for (r, c), value in self.cells.get(sheet, {}).items():
            while len(grid) < r:
                grid.append([])
            row = grid[r - 1]
            row += [None] * (c - len(row))
            row[c - 1] = value
        return grid

    def ensure_sheet(self, sheet: str) -> None:
        self.book.ensure_sheet(sheet)

    def write(self, sheet, top, rows, *, left=1, formats=None, clear_below=False) -> None:
        if clear_below:
            grid = self.read(sheet)
            width = max((len(r) for r in rows), default=0)
            right = max([left + width - 1, *(len(r) for r in grid)])
            mine = self.cells.setdefault(sheet, {})
            for r in range(top + len(rows), len(grid) + 1):
                for c in range(left, right + 1):
                    mine[(r, c)] = None
        self.book.write(sheet, top, rows, left=left, formats=formats, clear_below=clear_below)
        mine = self.cells.setdefault(sheet, {})
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                mine[(top + i, left + j)] = value

    def resize_table(self, sheet: str, table: str, last_row: int, last_col: int) -> None:
        self.book.resize_table(sheet, table, last_row, last_col)

    def status(self, text: str | None) -> None:
        self.book.status(text)

    def save(self):
        return self.book.save()


def publish_open_book(
    book: Book,
    folder: Path,
    template_path: Path | None = None,
    *,
    with_register: bool = False,
    now: dt.datetime | None = None,
    eml: bool = True,
    recalculate: Callable[[], None] | None = None,
) -> Published:
    """The button: refresh the open workbook for its KPI period, then copy what Excel shows.

    Looks come from `template_path` (the workbook file as last saved) when there is one.
    """
    now = now or clock.now()
    book = _Recorded(book)
    result = build_report(book, None, None, None, now).result  # the KPI sheet's period
    settings = result.engine.settings
    period = result.period.label
    if recalculate is not None:
        recalculate()
    templates = None
    if template_path is not None and Path(template_path).is_file():
        import openpyxl

        templates = openpyxl.load_workbook(template_path)
    engine_kpi = kpi_values(result)
    sources = []
    names = book.sheet_names()
    for wanted in COPY_SHEETS:
        name = find_sheet(names, wanted)
        if name is None:
            continue
        grid = [list(r) for r in book.read(name)]
        if wanted == SHEET_KPI:  # a live cell Excel could not compute: the refreshed value
            for row, value in engine_kpi.items():
                while len(grid) < row:
                    grid.append([])
                cells = grid[row - 1]
                cells += [None] * (3 - len(cells))
                if cells[1] is None or _error_text(cells[1]) or _is_formula(cells[1]):
                    cells[1] = cells[2] if cells[2] not in (None, "") else value
        tpl = None
        if templates is not None:
            tpl_name = find_sheet(templates.sheetnames, wanted)
            tpl = templates[tpl_name] if tpl_name else None
        columns = KPI_COPY_COLUMNS if wanted == SHEET_KPI else None
        sources.append(SheetSource(wanted, grid, tpl, columns))
    redact, reg = _prepare(_register_rows(book), settings, with_register, False)
    wb = build_copy(sources, result, settings, redact, reg)
    target = save_atomic(wb, Path(folder) / copy_name(settings, period))
    return _published(
        target, result, settings, wb, reg, target.with_suffix(".eml") if eml else None
    )

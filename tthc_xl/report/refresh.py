"""'Cập nhật chỉ số': write the period's figures into the KPI, CanhBao and Bieu06 sheets.

Runs through the :mod:`tthc_xl.book.filebook` interface, so the same code serves the ribbon button
(the workbook open in Excel) and `tthc-xl refresh` (a file). The KPI sheet's live formulas
need Python; the values written here are what any PC (and LibreOffice) shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tthc_xl.book.context import CONTEXT_SHEETS, context_sheets
from tthc_xl.book.forms import BIEU06_FIRST_ROW, WARNINGS_HEADER_ROW, bieu06_tail_row
from tthc_xl.book.layout import (
    DATE_FORMAT,
    KPI_FIRST_ROW,
    KPI_HEADER_ROW,
    KPI_ITEMS,
    KPI_NOTE_CELL,
    KPI_PERIOD_CELL,
    KPI_STAMP_ROW,
)
from tthc_xl.book.names import (
    KPI_HEADERS,
    SHEET_AUDIT,
    SHEET_BIEU06,
    SHEET_CATALOG,
    SHEET_HOLIDAYS,
    SHEET_IMPORT_ERRORS,
    SHEET_KPI,
    SHEET_REGISTER,
    SHEET_SETTINGS,
    SHEET_WARNINGS,
    WARNING_HEADERS,
)
from tthc_xl.book.reader import WorkbookData, from_sheets, require_register
from tthc_xl.rules import clock
from tthc_xl.rules.engine import Engine, Result
from tthc_xl.rules.indicators import BIEU06_COLUMNS
from tthc_xl.rules.labels import BY_PATH
from tthc_xl.rules.outcomes import Outcome
from tthc_xl.rules.period import Period, parse_period
from tthc_xl.rules.settings import Settings, unit_reminder
from tthc_xl.rules.values import cell_text
from tthc_xl.style.numbers import percent, stored, thousands


@dataclass
class RefreshSummary:
    period: Period
    result: Result
    warnings_listed: int

    def message(self) -> str:
        c = self.result.counts
        return (
            f"Đã cập nhật chỉ số {self.period.describe()}, tính đến "
            f"{self.result.as_of:%d/%m/%Y %H:%M}: {thousands(c['total'])} hồ sơ, "
            f"{thousands(c['resolved'])} đã giải quyết, {thousands(c['pending'])} đang giải "
            f"quyết ({thousands(c['pending_overdue'])} quá hạn, {thousands(c['due_soon'])} sắp "
            f"đến hạn). Sheet {SHEET_WARNINGS} liệt kê {thousands(self.warnings_listed)} hồ sơ "
            f"cần chú ý."
        )


def current_quarter(today: dt.date | None = None) -> str:
    today = today or clock.now().date()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def read_data(book) -> WorkbookData:
    """The register and its context, through any Book; anything else is refused."""
    require_register(book.sheet_names(), book.name)
    return from_sheets(context_sheets(book, (SHEET_REGISTER, *CONTEXT_SHEETS)))


def period_cell(book) -> str:
    """The period typed on the KPI sheet (KPI_PERIOD_CELL), or '' when there is none."""
    if SHEET_KPI not in book.sheet_names():
        return ""
    rows = book.read(SHEET_KPI)
    col = ord(KPI_PERIOD_CELL[0]) - ord("A")
    row = int(KPI_PERIOD_CELL[1:]) - 1
    if row < len(rows) and col < len(rows[row]):
        return cell_text(rows[row][col])
    return ""


def _value(kpi: dict, path: str) -> object:
    """The stored value: truncated as the report style shows it, so no format rounds it up."""
    group, key = path.split(".")
    value = kpi[group][key]
    return "—" if value is None else stored(BY_PATH[path].kind, value)


def _lay_out(book, sheet: str, form: str, n_rows: int = 0, footer: str = "") -> None:
    """A Book that can lay sheets out (the file back end) does; Excel keeps the built ones."""
    lay_out = getattr(book, "lay_out", None)
    if lay_out is not None:
        lay_out(sheet, form, n_rows, footer)


def complete(book) -> None:
    """Lay out in full the sheets a register may lack or hold only as data (item: a plain
    .xlsx becomes a whole workbook, not a patched one)."""
    names = book.sheet_names()
    for sheet, form in (
        (SHEET_SETTINGS, "settings"),
        (SHEET_CATALOG, "catalog"),
        (SHEET_HOLIDAYS, "holidays"),
    ):
        _lay_out(book, sheet, form)
    for sheet in (SHEET_REGISTER, SHEET_IMPORT_ERRORS, SHEET_AUDIT):
        if sheet in names:
            _lay_out(book, sheet, "print")
    _lay_out(book, SHEET_KPI, "kpi")


def refresh(
    book,
    period: str | None = None,
    as_of: dt.datetime | None = None,
    compare: str | None = None,
    now: dt.datetime | None = None,
) -> RefreshSummary:
    """Compute the period's figures and write them; the caller saves the book."""
    now = now or clock.now()
    book.status("Đang đọc sổ hồ sơ...")
    data = read_data(book)
    engine = Engine.from_workbook(data)
    label = period or period_cell(book) or current_quarter(now.date())
    p = parse_period(label)
    book.status("Đang tính chỉ số...")
    result = engine.evaluate(p, as_of, compare, now)

    book.status("Đang ghi sheet KPI...")
    complete(book)
    stamp = (
        f"Cột C: cập nhật lúc {now:%d/%m/%Y %H:%M}; {p.describe()}, tính đến "
        f"{result.as_of:%d/%m/%Y %H:%M}; so sánh hạn theo {result.mode.label}."
    )
    book.write(SHEET_KPI, KPI_STAMP_ROW, [[stamp]])
    note_row = int(KPI_NOTE_CELL[1:])
    book.write(SHEET_KPI, note_row, [[unit_reminder(data.settings) or ""]])
    book.write(SHEET_KPI, KPI_HEADER_ROW, [[KPI_HEADERS[0]]])
    book.write(SHEET_KPI, KPI_HEADER_ROW, [[KPI_HEADERS[2]]], left=3)
    book.write(SHEET_KPI, KPI_FIRST_ROW, [[item_label] for item_label, *_ in KPI_ITEMS])
    kpi = result.kpi()
    for i, (_, _, path, fmt) in enumerate(KPI_ITEMS):  # one write a row: formats differ
        book.write(SHEET_KPI, KPI_FIRST_ROW + i, [[_value(kpi, path)]], left=3, formats=[fmt])

    book.status("Đang ghi sheet CanhBao...")
    listed = write_warnings(book, result, now)

    book.status("Đang ghi sheet Bieu06...")
    cutoff = data.settings.period_cutoff_day
    form = (
        result if not cutoff else engine.evaluate(parse_period(label, cutoff), None, compare, now)
    )
    write_bieu06(book, form, data.settings, now)
    book.status(None)
    return RefreshSummary(p, result, listed)


def _cell_moment(value: object) -> dt.datetime | None:
    stamp = pd.Timestamp(value)
    return None if pd.isna(stamp) else stamp.to_pydatetime()


def warning_rows(result: Result) -> list[list[object]]:
    """Overdue first, then due soon, then data warnings: what the clerk must look at."""
    f = result.engine.frame
    table = result.dossiers()
    outcome = table["outcome"].to_numpy()
    overdue = outcome == Outcome.PENDING_OVERDUE
    soon = table["due_soon"].to_numpy()
    awaiting = result.outcomes.awaiting
    noted = np.array([bool(w) for w in table["warnings"]], dtype=bool)
    rows: list[tuple[int, dt.datetime, list[object]]] = []
    for i in np.flatnonzero(overdue | soon | noted).tolist():
        if overdue[i]:
            rank, state = 0, "Quá hạn, đang giải quyết"
        elif soon[i]:
            rank, state = 1, "Sắp đến hạn" + (" (đang chờ bổ sung)" if awaiting[i] else "")
        else:
            rank, state = 2, Outcome(int(outcome[i])).label
        due = _cell_moment(table["due_at"][i])
        rows.append(
            (
                rank,
                due or dt.datetime.max,
                [
                    f["dossier_id"].iloc[i],
                    f["procedure_name"].iloc[i],
                    f["field"].iloc[i],
                    _cell_moment(f["received_at"].iloc[i]),
                    due,
                    state,
                    "; ".join(table["warnings"][i]),
                ],
            )
        )
    rows.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in rows]


def write_warnings(book, result: Result, now: dt.datetime) -> int:
    rows = warning_rows(result)
    _lay_out(book, SHEET_WARNINGS, "warnings", len(rows), result.period.describe())
    head = [
        ["CẢNH BÁO HỒ SƠ: QUÁ HẠN, SẮP ĐẾN HẠN VÀ DỮ LIỆU CẦN KIỂM TRA"],
        [
            f"{result.period.describe()}; tính đến {result.as_of:%d/%m/%Y %H:%M}; "
            f"cập nhật lúc {now:%d/%m/%Y %H:%M}"
        ],
        [],
        list(WARNING_HEADERS),
    ]
    formats = [None, None, None, DATE_FORMAT, DATE_FORMAT, None, None]
    first = WARNINGS_HEADER_ROW + 1
    book.write(SHEET_WARNINGS, 1, head)
    book.write(SHEET_WARNINGS, first, rows, formats=formats, clear_below=True)
    if not rows:
        book.write(SHEET_WARNINGS, first, [["Không có hồ sơ nào cần cảnh báo."]], clear_below=True)
    return len(rows)


# the upper header row of Biểu 06: column -> text (forms.BIEU06_GROUPS merges the blocks)
BIEU06_HEAD = {
    1: "STT",
    2: "Lĩnh vực",
    3: "Số hồ sơ nhận giải quyết",
    7: "Số hồ sơ đã giải quyết",
    11: "Số hồ sơ đang giải quyết",
}


def write_bieu06(book, result: Result, settings: Settings, now: dt.datetime) -> None:
    """Biểu số 06/VPCP/KSTT: title block, two-level header with column numbers, one row per
    field and the total, the rates line, the place and date line and the signature block."""
    p = result.period
    body = result.bieu06()
    _lay_out(book, SHEET_BIEU06, "bieu06", len(body), p.describe())
    right = 9  # the right-hand blocks start in column I (forms.lay_out_bieu06)
    book.write(SHEET_BIEU06, 1, [["Biểu số 06/VPCP/KSTT"]])
    book.write(SHEET_BIEU06, 1, [[f"Đơn vị báo cáo: {settings.unit_name}"]], left=right)
    book.write(SHEET_BIEU06, 2, [[f"Đơn vị nhận báo cáo: {settings.parent_body}"]], left=right)
    book.write(
        SHEET_BIEU06,
        3,
        [
            [
                "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP "
                "GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
            ],
            [
                f"Kỳ báo cáo: {p.describe()} (từ ngày {p.first_day:%d/%m/%Y} đến ngày "
                f"{p.last_day:%d/%m/%Y}); số liệu tính đến {result.as_of:%d/%m/%Y %H:%M}"
            ],
            ["Đơn vị tính: hồ sơ"],
        ],
    )
    top = BIEU06_FIRST_ROW - 3
    for column, text in BIEU06_HEAD.items():  # only the merged blocks' first cells
        book.write(SHEET_BIEU06, top, [[text]], left=column)
    subs = ["Tổng số", "Trực tuyến", "Trực tiếp, bưu chính", "Từ kỳ trước"]
    subs += [name for name, _ in BIEU06_COLUMNS[4:]]
    book.write(SHEET_BIEU06, top + 1, [subs], left=3)
    book.write(SHEET_BIEU06, top + 2, [[f"({i})" for i in range(1, 14)]])
    book.write(SHEET_BIEU06, BIEU06_FIRST_ROW, body, clear_below=True)
    tail = bieu06_tail_row(len(body))
    rates = result.rates
    book.write(
        SHEET_BIEU06,
        tail,
        [
            [
                f"Tỷ lệ tiếp nhận trực tuyến: {percent(rates['online_rate'])}; "
                f"tỷ lệ giải quyết trước hạn: {percent(rates['early_rate'])}; "
                f"tỷ lệ giải quyết đúng và trước hạn: "
                f"{percent(rates['on_time_or_early_rate'])}."
            ]
        ],
    )
    sign = tail + 2
    book.write(SHEET_BIEU06, sign + 1, [["NGƯỜI LẬP BIỂU"], ["(Ký, ghi rõ họ tên)"]])
    month = f"{now.month:02d}" if now.month < 3 else str(now.month)  # ND 30: 01, 02, 3 ... 12
    place = f"{settings.place}, ngày {now:%d} tháng {month} năm {now.year}"
    book.write(
        SHEET_BIEU06,
        sign,
        [[place], ["THỦ TRƯỞNG ĐƠN VỊ"], ["(Ký, ghi rõ họ tên, đóng dấu)"]],
        left=right,
    )

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
from tthc_xl.book.layout import (
    DATE_FORMAT,
    KPI_FIRST_ROW,
    KPI_HEADER_ROW,
    KPI_ITEMS,
    KPI_PERIOD_CELL,
)
from tthc_xl.book.names import (
    KPI_HEADERS,
    SHEET_BIEU06,
    SHEET_KPI,
    SHEET_REGISTER,
    SHEET_WARNINGS,
    WARNING_HEADERS,
)
from tthc_xl.book.reader import WorkbookData, from_sheets
from tthc_xl.report.style import thousands
from tthc_xl.rules import clock
from tthc_xl.rules.engine import Engine, Result
from tthc_xl.rules.indicators import BIEU06_HEADERS
from tthc_xl.rules.outcomes import Outcome
from tthc_xl.rules.period import Period, parse_period
from tthc_xl.rules.values import cell_text


@dataclass
class RefreshSummary:
    period: Period
    result: Result
    warnings_listed: int

    def message(self) -> str:
        c = self.result.counts
        return (
            f"Đã cập nhật chỉ số {self.period.describe()}: {thousands(c['total'])} hồ sơ, "
            f"{thousands(c['resolved'])} đã giải quyết, {thousands(c['pending'])} đang giải "
            f"quyết ({thousands(c['pending_overdue'])} quá hạn, {thousands(c['due_soon'])} sắp "
            f"đến hạn). Sheet {SHEET_WARNINGS} liệt kê {thousands(self.warnings_listed)} hồ sơ "
            f"cần chú ý."
        )


def current_quarter(today: dt.date | None = None) -> str:
    today = today or clock.now().date()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def read_data(book) -> WorkbookData:
    """The register and its context, through any Book."""
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
    group, key = path.split(".")
    value = kpi[group][key]
    return "—" if value is None else value


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
    stamp = (
        f"Cập nhật lúc {now:%d/%m/%Y %H:%M}: {p.describe()}, tính đến "
        f"{result.as_of:%d/%m/%Y %H:%M}, so sánh hạn theo {result.mode.label}"
    )
    book.write(SHEET_KPI, KPI_HEADER_ROW - 1, [[stamp]], left=3)
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
    write_bieu06(book, form, data.settings.unit_name, now)
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
    book.write(SHEET_WARNINGS, 1, head)
    book.write(SHEET_WARNINGS, 5, rows, formats=formats, clear_below=True)
    if not rows:
        book.write(SHEET_WARNINGS, 5, [["Không có hồ sơ nào cần cảnh báo."]], clear_below=True)
    return len(rows)


def write_bieu06(book, result: Result, unit_name: str, now: dt.datetime) -> None:
    p = result.period
    head = [
        ["Biểu số 06/VPCP/KSTT"],
        [
            "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP "
            "GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
        ],
        [
            f"Kỳ báo cáo: {p.describe()} (từ ngày {p.first_day:%d/%m/%Y} đến ngày "
            f"{p.last_day:%d/%m/%Y})"
        ],
        [
            f"Đơn vị báo cáo: {unit_name}. Đơn vị tính: số hồ sơ TTHC. "
            f"Cập nhật lúc {now:%d/%m/%Y %H:%M}."
        ],
        [],
        [
            "",
            "",
            "Số hồ sơ nhận giải quyết",
            "",
            "",
            "",
            "Số hồ sơ đã giải quyết",
            "",
            "",
            "",
            "Số hồ sơ đang giải quyết",
            "",
            "",
        ],
        list(BIEU06_HEADERS),
        [f"({i})" for i in range(1, 14)],
    ]
    book.write(SHEET_BIEU06, 1, head)
    book.write(SHEET_BIEU06, len(head) + 1, result.bieu06(), clear_below=True)

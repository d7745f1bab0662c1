"""The reading commands: `kpi`, `dossiers` and `warn` write nothing."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from tthc_xl.cli.base import (
    PERIOD_FROM_SHEET_HELP,
    UserError,
    as_of_option,
    command,
    dump,
    evaluate,
    period_option,
    period_options,
    workbook_argument,
)

if TYPE_CHECKING:
    from tthc_xl.rules.engine import Result

BIEU06_HEADERS = ("STT", "Lĩnh vực", "Tổng", "TT", "TTiếp+BC", "Kỳ trước", "Đã GQ", "Trước",
                  "Đúng", "Quá", "Đang GQ", "Trong", "Quá")  # fmt: skip


def kpi_text(result: Result) -> str:
    """The readable Vietnamese indicator table (kpi and demo)."""
    from tthc_xl.rules.labels import INDICATORS
    from tthc_xl.style.numbers import percent, points, thousands
    from tthc_xl.style.texttable import table

    p = result.period
    head = (
        f"Kỳ: {p.describe()} ({p.first_day:%d/%m/%Y} – {p.last_day:%d/%m/%Y}); "
        f"tính đến {result.as_of:%d/%m/%Y %H:%M}; so sánh hạn theo {result.mode.label}."
    )
    shown: dict[str, Callable[..., str]] = {
        "count": thousands,
        "rate": percent,
        "points": points,
    }
    kpi = result.kpi()
    rows: list[list[object]] = [[i.label, shown[i.kind](kpi[i.section][i.key])] for i in INDICATORS]
    parts = [head, "", table(["Chỉ tiêu", "Giá trị"], rows)]
    bieu = [[v if isinstance(v, str) else thousands(cast(int, v)) for v in row]
            for row in result.bieu06()]  # fmt: skip
    if len(bieu) > 1:
        parts += [
            "",
            "Biểu 06 theo lĩnh vực (TT: trực tuyến; TTiếp+BC: trực tiếp và bưu chính; "
            "GQ: giải quyết; Trước, Đúng, Quá, Trong: hạn):",
            table(
                BIEU06_HEADERS,
                bieu,
                "ll" + "r" * 11,
            ),
        ]
    flagged = sum(1 for w in result.engine.warnings.values() if w)
    if flagged:
        parts += [
            "",
            f"Cảnh báo dữ liệu: {thousands(flagged)} hồ sơ "
            f"(xem: tthc-xl dossiers ... để biết từng hồ sơ).",
        ]
    return "\n".join(parts)


@command()
@period_options
def kpi(workbook: Path, period, as_of, compare, as_json: bool) -> None:
    """Chỉ số của kỳ: số hồ sơ, tỷ lệ, điểm Chỉ số 766 và số liệu theo lĩnh vực.

    Ví dụ: tthc-xl kpi TTHC_Q.xlsm --period 2026-Q1
    """
    result = evaluate(workbook, period, as_of, compare)
    if as_json:
        dump(result.kpi())
    else:
        click.echo(kpi_text(result))


@command()
@period_options
def dossiers(workbook: Path, period, as_of, compare, as_json: bool) -> None:
    """Từng hồ sơ: ngày hẹn trả, kết quả trong kỳ và cảnh báo dữ liệu.

    Ví dụ: tthc-xl dossiers TTHC_Q.xlsm --period 2026-Q1 --json
    """
    from tthc_xl.rules.outcomes import Outcome
    from tthc_xl.style.texttable import table

    result = evaluate(workbook, period, as_of, compare)
    records = result.dossier_records()
    if as_json:
        dump(records)
        return
    p = result.period
    click.echo(
        f"Kỳ: {p.describe()}; tính đến {result.as_of:%d/%m/%Y %H:%M}; "
        f"so sánh hạn theo {result.mode.label}."
    )
    labels = {o.key: o.label for o in Outcome}
    rows = []
    for r in records:
        due = (
            dt.datetime.fromisoformat(r["due_at"]).strftime("%d/%m/%Y %H:%M")
            if r["due_at"]
            else "—"
        )
        rows.append([r["dossier_id"], due, labels[r["outcome"]], "; ".join(r["warnings"])])
    click.echo(table(["Mã hồ sơ", "Ngày hẹn trả", "Kết quả", "Cảnh báo"], rows, "llll"))


@command()
@workbook_argument()
@period_option(required=False, help=PERIOD_FROM_SHEET_HELP)
@as_of_option()
def warn(workbook: Path, period, as_of) -> None:
    """Cảnh báo: hồ sơ đang giải quyết quá hạn và sắp đến hạn, theo hạn giải quyết.

    Mã thoát 0 khi không có hồ sơ quá hạn, 1 khi có (để lịch chạy tự động xử lý).

    Ví dụ: tthc-xl warn TTHC_Q.xlsm
    """
    from tthc_xl.book.errors import WorkbookError
    from tthc_xl.book.filebook import FileBook
    from tthc_xl.report.warn import warn_list

    try:
        book = FileBook(workbook, readonly=True)
        listing = warn_list(book, period, as_of)
    except (WorkbookError, ValueError) as exc:
        raise UserError(str(exc)) from exc
    click.echo(listing.text())
    sys.exit(1 if listing.overdue else 0)

"""DoiSoat: the register beside the portal's own list, drawn anew by each refresh.

The two figures (progress and online service, the register's and the portal's, the
synced share) in a sentence, then one row per dossier where the two truths differ
(rules/reconcile.py): its reasons, both truths' due and finish moments and outcomes, and
the points it costs on the portal. Printed landscape, header repeated on every page.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from openpyxl.styles import Alignment, Border
from openpyxl.utils import get_column_letter

from tthc_xl.book.base import Book
from tthc_xl.book.forms import BOX, DATA_FONT, fit_rows, font, page_setup, style_header
from tthc_xl.book.layout import DATE_FORMAT
from tthc_xl.book.names import RECONCILE_HEADERS, SHEET_RECONCILE
from tthc_xl.book.page import Block, Page
from tthc_xl.rules.outcomes import Outcome
from tthc_xl.rules.reconcile import Difference, Reconciliation, reconcile
from tthc_xl.style.numbers import percent, points

from .base import Figures, Sheet, Shipped
from .placeholder import write_placeholder

TITLE = "ĐỐI SOÁT SỔ THEO DÕI HỒ SƠ VỚI CỔNG DỊCH VỤ CÔNG QUỐC GIA"
HEADER_ROW = 5
# the register beside the portal on one page's width (their comparison is the point), so
# about 6 to 7-pt type: names, reasons and outcomes wrap, the rows as tall as they need
WIDTHS = (24, 24, 22, 15, 15, 14, 15, 15, 14, 9)
POINTS_FORMAT = "0.0000"
FORMATS = (None, None, None, DATE_FORMAT, DATE_FORMAT, None, DATE_FORMAT, DATE_FORMAT, None,
           POINTS_FORMAT)  # fmt: skip
NO_PORTAL_LIST = (
    "Sổ chưa nhập danh sách nào của Cổng DVCQG (tệp có cột MaHoSo, TrangThaiHoSo, "
    "NgayKetThucXuLy...): chưa đối soát được. Bấm Nhập dữ liệu và chọn tệp của Cổng."
)
ALL_AGREE = "Sổ và Cổng DVCQG khớp nhau: không hồ sơ nào khác."
MACRO = "refresh"


PART_NAMES = {"catalog": "A", "used": "B", "online_rate": "C"}


def parts_text(rec: Reconciliation) -> str:
    """'A 2,00 → 0,00 điểm' for each online-service part that differs on the portal."""
    if rec.portal is None:
        return ""
    own, seen = rec.own_parts, rec.portal.part_points
    shown = [
        f"phần {PART_NAMES[k]} {points(own[k])} → {points(seen[k])}" for k in rec.differing_parts()
    ]
    return f" (khác ở {', '.join(shown)})" if shown else ""


def summary(rec: Reconciliation) -> str:
    """Both truths' figures in one sentence (also what the report quotes)."""
    portal = rec.portal
    if portal is None:
        return NO_PORTAL_LIST
    return (
        f"Tiến độ giải quyết: sổ của xã {points(rec.own_progress)} điểm, Cổng DVCQG "
        f"{points(portal.progress)} điểm; dịch vụ công trực tuyến: sổ "
        f"{points(rec.own_online_service)}, Cổng {points(portal.online_service)} điểm"
        f"{parts_text(rec)}; "
        f"đã đồng bộ {percent(portal.synced_share)} hồ sơ tiếp nhận trong kỳ; "
        f"{len(rec.differences)} hồ sơ khác nhau."
    )


def _moment(value: object) -> dt.datetime | None:
    if not value:
        return None
    stamp = pd.Timestamp(str(value))
    return None if pd.isna(stamp) else stamp.to_pydatetime()


def _outcome(key: object) -> str:
    return next((o.label for o in Outcome if o.key == key), "")


def rows(rec: Reconciliation) -> list[list[object]]:
    """One row per dossier, the costliest first."""
    ordered: list[Difference] = sorted(rec.differences, key=lambda d: (-d.points, d.dossier_id))
    return [
        [
            d.dossier_id,
            d.procedure,
            d.reason_text(),
            _moment(d.register.get("due_at")),
            _moment(d.register.get("finished_at")),
            _outcome(d.register.get("outcome")),
            _moment(d.portal.get("due_at")),
            _moment(d.portal.get("finished_at")),
            _outcome(d.portal.get("outcome")) if d.portal else "Không có",
            math.floor(d.points * 10_000) / 10_000,  # truncated, as every figure shown
        ]
        for d in ordered
    ]


def lay_out(ws, n_rows: int, footer: str = "") -> None:
    """DoiSoat's look on a blank sheet for `n_rows` dossiers."""
    ws["A1"].font = font(DATA_FONT, 14, bold=True, color="1F4E78")
    ws["A2"].font = font(DATA_FONT, 10, italic=True)
    ws["A3"].font = font(DATA_FONT, 10, bold=True)
    for row in (2, 3):  # the summary wraps inside the page (its rows fitted after)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(WIDTHS))
        ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    for c, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    style_header([ws.cell(row=HEADER_ROW, column=c) for c in range(1, len(WIDTHS) + 1)])
    ws.row_dimensions[HEADER_ROW].height = 30  # two lines: "Điểm mất trên Cổng"
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    wrap = Alignment(wrap_text=True, vertical="top")
    for r in range(HEADER_ROW + 1, HEADER_ROW + max(n_rows, 1) + 1):
        for c, fmt in enumerate(FORMATS, start=1):
            cell = ws.cell(row=r, column=c)
            cell.font = font(DATA_FONT, 10)
            cell.alignment = wrap
            cell.border = BOX
            if fmt:
                cell.number_format = fmt
    page_setup(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}", footer=footer)


def page(rec: Reconciliation, now: dt.datetime) -> Page:
    """DoiSoat for one reconciliation: its look and its rows."""
    listed = rows(rec)
    result = rec.result
    head = [
        [TITLE],
        [
            f"{result.period.describe()}; tính đến {result.as_of:%d/%m/%Y %H:%M}; "
            f"cập nhật lúc {now:%d/%m/%Y %H:%M}. Cổng so sánh theo thời điểm, trên các hồ sơ "
            "Cổng có."
        ],
        [summary(rec)],
        [],
        list(RECONCILE_HEADERS),
    ]
    first = HEADER_ROW + 1
    blocks = [Block(1, head), Block(first, listed, formats=FORMATS, clear_below=True)]
    if not listed:
        text = NO_PORTAL_LIST if rec.portal is None else ALL_AGREE
        blocks.append(Block(first, [[text]], clear_below=True))
    footer = result.period.describe()

    def look(ws) -> None:
        lay_out(ws, len(listed), footer)
        if not listed:  # the one line says why: across the empty row, not wrapped in A
            ws.cell(row=first, column=1).alignment = Alignment(wrap_text=False, vertical="top")
            for c in range(1, len(FORMATS) + 1):  # no cell edges drawn through it
                ws.cell(row=first, column=c).border = Border()

    # LibreOffice does not fit a row to its wrapped texts as Excel does
    return Page(tuple(blocks), before=look, after=fit_rows(2, first + len(listed) - 1))


def refresh(book: Book, figures: Figures) -> int:
    """DoiSoat anew for the period; returns how many dossiers it lists."""
    drawn = page(reconcile(figures.result), figures.now)
    book.lay_out(SHEET_RECONCILE, drawn)
    return len(drawn.blocks[1].rows)


def _build(ws, shipped: Shipped) -> None:
    write_placeholder(ws, "ĐỐI SOÁT SỔ VỚI CỔNG DVCQG", shipped.buttons[MACRO])


SHEET = Sheet(name=SHEET_RECONCILE, build=_build, refresh=refresh, macro=MACRO)

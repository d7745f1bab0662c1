"""CanhBao: the dossiers the clerk must look at, overdue first, drawn anew each refresh.

Title rows, then the header row and the dossiers under it, red for overdue and amber for
due soon (a conditional format on the state column), printed landscape with the header
repeated on every page.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter

from tthc_xl.book.base import Book
from tthc_xl.book.forms import BOX, DATA_FONT, fit_rows, font, page_setup, style_header
from tthc_xl.book.layout import DATE_FORMAT
from tthc_xl.book.names import SHEET_WARNINGS, WARNING_HEADERS
from tthc_xl.book.page import Block, Page
from tthc_xl.rules.engine import Result
from tthc_xl.rules.outcomes import Outcome
from tthc_xl.rules.reasons import reasons

from .base import CopySpec, Figures, Sheet, Shipped
from .placeholder import write_placeholder

WARNINGS_TITLE = "CẢNH BÁO HỒ SƠ: QUÁ HẠN, SẮP ĐẾN HẠN VÀ DỮ LIỆU CẦN KIỂM TRA"
WARNINGS_HEADER_ROW = 4
# narrow enough to print at about 8 pt landscape (7 in LibreOffice's wider DejaVu Sans):
# names and reasons wrap, the rows made as tall as they need
WARNINGS_WIDTHS = (25, 26, 11, 15, 15, 28, 22)
OVERDUE = "Quá hạn, đang giải quyết"
DUE_SOON = "Sắp đến hạn"
WARNING_STATES = {OVERDUE: "F8CBAD", DUE_SOON: "FFE699"}  # the state text -> row fill
NOTHING = "Không có hồ sơ nào cần cảnh báo."
FORMATS = (None, None, None, DATE_FORMAT, DATE_FORMAT, None, None)
MACRO = "refresh"  # the ribbon macro whose button fills it


def lay_out_warnings(ws, n_rows: int, footer: str = "") -> None:
    """CanhBao's look on a blank sheet: title, styled frozen header, widths that fit, red
    and amber rows, for `n_rows` dossiers."""
    ws["A1"].font = font(DATA_FONT, 14, bold=True, color="1F4E78")
    ws["A2"].font = font(DATA_FONT, 10, italic=True)
    for c, width in enumerate(WARNINGS_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    row = WARNINGS_HEADER_ROW
    for c, header in enumerate(WARNING_HEADERS, start=1):
        ws.cell(row=row, column=c, value=header)
    style_header([ws.cell(row=row, column=c) for c in range(1, len(WARNING_HEADERS) + 1)])
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    last = row + max(n_rows, 1)
    wrap = Alignment(wrap_text=True, vertical="top")
    for r in range(row + 1, last + 1):
        for c in range(1, len(WARNING_HEADERS) + 1):
            cell = ws.cell(row=r, column=c)
            cell.font = font(DATA_FONT, 10)
            cell.alignment = wrap
            cell.border = BOX
            if c in (4, 5):
                cell.number_format = DATE_FORMAT
                cell.alignment = Alignment(horizontal="center", vertical="top")
    ref = f"A{row + 1}:{get_column_letter(len(WARNING_HEADERS))}{last}"
    for state, color in WARNING_STATES.items():
        ws.conditional_formatting.add(
            ref,
            FormulaRule(
                formula=[f'LEFT($F{row + 1},{len(state)})="{state}"'],
                fill=PatternFill("solid", fgColor=color, bgColor=color),
            ),
        )
    page_setup(ws, landscape=True, title_rows=f"{row}:{row}", footer=footer)


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
    why = reasons(result)
    rows: list[tuple[int, dt.datetime, list[object]]] = []
    for i in np.flatnonzero(overdue | soon | noted).tolist():
        if overdue[i]:
            rank, state = 0, OVERDUE
        elif soon[i]:
            rank, state = 1, DUE_SOON + (" (đang chờ bổ sung)" if awaiting[i] else "")
        else:
            rank, state = 2, Outcome(int(outcome[i])).label
        if i in why:  # the rule that decided: two supplements, a pause, the due date's source
            state = f"{state}: {why[i]}"
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


def page(result: Result, now: dt.datetime) -> Page:
    """CanhBao for `result`: its look for as many rows as it lists, and the rows."""
    rows = warning_rows(result)
    head = [
        [WARNINGS_TITLE],
        [
            f"{result.period.describe()}; tính đến {result.as_of:%d/%m/%Y %H:%M}; "
            f"cập nhật lúc {now:%d/%m/%Y %H:%M}"
        ],
        [],
        list(WARNING_HEADERS),
    ]
    first = WARNINGS_HEADER_ROW + 1
    blocks = [Block(1, head), Block(first, rows, formats=FORMATS, clear_below=True)]
    if not rows:
        blocks.append(Block(first, [[NOTHING]], clear_below=True))
    footer = result.period.describe()

    def look(ws) -> None:
        lay_out_warnings(ws, len(rows), footer)

    # LibreOffice does not fit a row to its wrapped reasons as Excel does
    return Page(tuple(blocks), before=look, after=fit_rows(first - 1, first + len(rows) - 1))


def refresh(book: Book, figures: Figures) -> int:
    """CanhBao anew for the period; returns how many dossiers it lists."""
    drawn = page(figures.result, figures.now)
    book.lay_out(SHEET_WARNINGS, drawn)
    listed = drawn.blocks[1].rows
    return len(listed)


def _default_looks(ws) -> None:
    """Without the workbook file (Excel gave values only): dates and widths."""
    for row in ws.iter_rows(min_row=WARNINGS_HEADER_ROW + 1, min_col=4, max_col=5):
        for cell in row:
            cell.number_format = DATE_FORMAT
    for letter, w in zip("ABCDEFG", (16, 40, 20, 16, 16, 24, 50), strict=True):
        ws.column_dimensions[letter].width = w


def _build(ws, shipped: Shipped) -> None:
    write_placeholder(ws, "HỒ SƠ QUÁ HẠN VÀ SẮP ĐẾN HẠN", shipped.buttons[MACRO])


SHEET = Sheet(
    name=SHEET_WARNINGS,
    build=_build,
    refresh=refresh,
    macro=MACRO,
    copy=CopySpec(order=3, default_looks=_default_looks),
)

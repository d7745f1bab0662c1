"""KPI: the dashboard of the period's indicators (the first tab).

The period cell the live formulas read, and one row per indicator from KPI_FIRST_ROW, the
rows of `tthc-xl kpi` in its order: A label, B live formula (xlwings UDF, truncated as the
report style says, falling back to column C where the function cannot run), C value at the
last "Cập nhật chỉ số" (written by refresh, truncated, readable without Python), D plan
target where there is one (a link to CauHinh). A refresh draws the dashboard only when
the sheet is missing or not this layout (keeping the typed period); otherwise it writes
columns A and C alone, so what a clerk typed elsewhere (her own plans in D) stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
)

from tthc_xl.book.base import Book
from tthc_xl.book.forms import (
    BOX,
    COUNT_FORMAT,
    page_setup,
    points_text_formula,
    rate_text_formula,
    style_header,
)
from tthc_xl.book.layout import HEADER_FILL, HEADER_FONT, TITLE_FONT, set_cell, settings_cell
from tthc_xl.book.names import KPI_HEADERS, KPI_TABLE_REF, SHEET_KPI
from tthc_xl.book.page import Block, Page
from tthc_xl.rules.engine import Result
from tthc_xl.rules.labels import BY_PATH, INDICATORS
from tthc_xl.rules.period import period_text
from tthc_xl.rules.settings import unit_reminder
from tthc_xl.rules.values import is_blank
from tthc_xl.style.numbers import percent, shown

from .base import CopySpec, Figures, Sheet, Shipped

DASH = "—"
KPI_PERIOD_CELL = "B3"
KPI_NOTE_CELL = "A2"  # the reminder to fill in the unit (rules.settings.unit_reminder)
# The period column C was computed for, as the period cell held it at that refresh (in a
# hidden column): the fallback of column B shows column C only while B3 still equals it.
KPI_REFRESHED_CELL = "E3"
# One call that hands the register to Python once per recalculation (KPI_KEY); the
# indicator cells take their figure from it (KPI_VALUE), not the register 19 times over.
KPI_KEY_CELL = "E4"
KPI_STAMP_ROW = 4  # when the values in column C were computed, for which moment
KPI_HEADER_ROW = 5
KPI_FIRST_ROW = 6
# result key -> UDF call with {t} = register table and {p} = period cell (rules/labels.py)
KPI_FORMULAS: dict[str, str] = {i.path: i.formula for i in INDICATORS}
# kind -> (number format, decimals TRUNC keeps): a rate is a fraction, 4 places = 2 in %.
# Counts are numbers whose format reads 2.918 on any PC (book/forms.py); rates and points
# are shown as text (99,89%, 19,62), the only way they read so under English (US) settings.
KPI_FORMATS: dict[str, tuple[str, int]] = {
    "count": (COUNT_FORMAT, 0),
    "rate": ("General", 4),
    "points": ("General", 2),
}
# the text a live rate or points cell shows (book/forms.py)
_AS_TEXT = {"rate": rate_text_formula, "points": points_text_formula}
# (label, formula, result key, format), in the CLI's order, labels from rules/labels.py
KPI_ITEMS: tuple[tuple[str, str, str, str], ...] = tuple(
    (i.label, "=" + KPI_FORMULAS[i.path], i.path, KPI_FORMATS[i.kind][0]) for i in INDICATORS
)
KPI_TITLE = "CHỈ SỐ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH"
KPI_PERIOD_LABEL = "Kỳ báo cáo"
KPI_PERIOD_HINT = "ví dụ: 2026-Q1, 2026-03, 2026-H1, 2026"
KPI_STALE_NOTE = "Chưa cập nhật cho kỳ này: bấm Cập nhật chỉ số"
KPI_FOOTNOTE = (
    "Cột B tự tính khi Excel chạy được Python (xlwings); khi không chạy được (LibreOffice, "
    'máy chưa cài Python, bản in), cột B hiện giá trị của lần "Cập nhật chỉ số" gần nhất '
    "(cột C, thời điểm ghi ở dòng 4) nếu lần đó tính cho đúng kỳ ở ô B3, nếu không thì "
    "hiện —. Tỷ lệ và điểm được cắt (không làm tròn) đến 2 chữ số thập phân và hiện dạng "
    "chữ (99,89%) để đọc như nhau trên mọi máy; cần số để tính thì dùng các hàm như "
    "=ONLINE_RATE(HoSo[#All];B3)."
)
KPI_COPY_FOOTNOTE = "Tỷ lệ và điểm được cắt (không làm tròn) đến 2 chữ số thập phân."
DEFAULT_PERIOD = "2026-Q1"
# KPI rows whose plan target is a CauHinh setting: result key -> Settings attribute.
KPI_TARGETS = {"rates.online_rate": "target_online", "rates.early_rate": "target_early"}
KPI_FONT = "Times New Roman"
# In the email copy: label, value, plan (column C, the value at the last refresh, would
# repeat column B; its header and the period hint go with it).
KPI_COPY_COLUMNS = (1, 2, 4)
KPI_VALUE_HEADER = "Giá trị"


def _absolute(cell: str) -> str:
    letter, row = coordinate_from_string(cell)
    return f"${letter}${row}"


def kpi_key_formula(table: str, period_ref: str) -> str:
    """The hidden cell that computes every indicator at once: the one transfer."""
    return f"=KPI_KEY({table},{period_ref})"


def kpi_live_formula(path: str, row: int, period_ref: str) -> str:
    """Column B: the figure from KPI_KEY's result, truncated; where it cannot run
    (LibreOffice, no Python) column C, but only while the period cell still holds the
    period column C was computed for: for any other period "—", never the figures of
    another period."""
    kind = BY_PATH[path].kind
    call = f'KPI_VALUE({_absolute(KPI_KEY_CELL)},"{path}")'
    refreshed = _absolute(KPI_REFRESHED_CELL)
    fallback = f'IF({period_ref}={refreshed},C{row},"{DASH}")'
    figure = f"TRUNC({call},{KPI_FORMATS[kind][1]})"
    if kind in _AS_TEXT:
        figure = _AS_TEXT[kind](figure)
    return f"=IFERROR({figure},{fallback})"


def kpi_target_formula(attr: str) -> str:
    """Column D of a row with a CauHinh target: the target as text (95,00%), blank when the
    setting is not a number."""
    ref = settings_cell(attr)
    return f'=IF(ISNUMBER({ref}),{rate_text_formula(f"TRUNC({ref},4)")},"")'


def stale_condition(period_ref: str) -> str:
    """True (an Excel formula) when column C was not computed for the typed period."""
    return f"{period_ref}<>{_absolute(KPI_REFRESHED_CELL)}"


# ------------------------------------------------------------------ the look


def _period_cell(ws, period: str):
    letter, row = coordinate_from_string(KPI_PERIOD_CELL)
    col = column_index_from_string(letter)
    label = ws.cell(row=row, column=col - 1, value=KPI_PERIOD_LABEL)
    label.font = Font(name=KPI_FONT, size=12, bold=True)
    period_cell = set_cell(ws, row, col, period, "@")  # text: Excel would make 2026-03 a date
    period_cell.font = Font(name=KPI_FONT, size=12, bold=True, color="C00000")
    period_cell.alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=row, start_column=col + 1, end_row=row, end_column=col + 2)
    ref = f"${letter}${row}"
    # the hint, or in red that the sheet was not refreshed for the period typed
    stale = stale_condition(ref)
    hint = ws.cell(
        row=row, column=col + 1, value=f'=IF({stale},"{KPI_STALE_NOTE}","{KPI_PERIOD_HINT}")'
    )
    hint.font = Font(name=KPI_FONT, size=10, italic=True, color="595959")
    hint.alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[row].height = 30
    red = Font(color="C00000")  # one child: the SDK's schema check wants a font's in order
    ws.conditional_formatting.add(
        f"{get_column_letter(col + 1)}{row}", FormulaRule(formula=[stale], font=red)
    )
    refreshed = ws[KPI_REFRESHED_CELL]
    refreshed.number_format = ";;;"  # a marker, not for reading; its column is hidden
    ws.column_dimensions[coordinate_from_string(KPI_REFRESHED_CELL)[0]].hidden = True
    return ref


def _head(ws) -> None:
    ws.merge_cells("A1:D1")
    title = ws.cell(row=1, column=1, value=KPI_TITLE)
    title.font = TITLE_FONT
    title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = 24
    ws.merge_cells(f"{KPI_NOTE_CELL}:D{KPI_NOTE_CELL[1:]}")
    ws[KPI_NOTE_CELL].font = Font(name=KPI_FONT, size=11, bold=True, color="C00000")
    ws[KPI_NOTE_CELL].alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[int(KPI_NOTE_CELL[1:])].height = 30  # a reminder naming four cells


def write_kpi_dashboard(ws, period: str = DEFAULT_PERIOD) -> None:
    """KPI on a blank sheet: the period cell, then per indicator a label, its live formula,
    an empty cell for the value refresh writes, and the plan target (a link to CauHinh)."""
    _head(ws)
    period_ref = _period_cell(ws, period)
    ws[KPI_KEY_CELL] = kpi_key_formula(KPI_TABLE_REF, period_ref)
    ws[KPI_KEY_CELL].number_format = ";;;"  # in the hidden column, beside the marker
    ws.merge_cells(f"A{KPI_STAMP_ROW}:D{KPI_STAMP_ROW}")
    stamp = ws.cell(row=KPI_STAMP_ROW, column=1)
    stamp.font = Font(name=KPI_FONT, size=10, italic=True)
    stamp.alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[KPI_STAMP_ROW].height = 28
    for c, header in enumerate(KPI_HEADERS, start=1):
        ws.cell(row=KPI_HEADER_ROW, column=c, value=header)
    style_header(
        [ws.cell(row=KPI_HEADER_ROW, column=c) for c in range(1, len(KPI_HEADERS) + 1)], KPI_FONT
    )
    ws.row_dimensions[KPI_HEADER_ROW].height = 30  # "Công thức (tự cập nhật)": two lines
    for r, (label_text, _, key, number_format) in enumerate(KPI_ITEMS, start=KPI_FIRST_ROW):
        main = not label_text.startswith(" ")
        cells = [
            set_cell(ws, r, 1, label_text),
            ws.cell(row=r, column=2, value=kpi_live_formula(key, r, period_ref)),
            ws.cell(row=r, column=3),
            ws.cell(row=r, column=4),
        ]
        if key in KPI_TARGETS:
            cells[3].value = kpi_target_formula(KPI_TARGETS[key])
        for c, cell in enumerate(cells):
            cell.font = Font(name=KPI_FONT, size=12, bold=main and c == 0)
            cell.border = BOX
            if c:
                cell.number_format = number_format
                cell.alignment = Alignment(horizontal="right")  # text figures too
    note_row = KPI_FIRST_ROW + len(KPI_ITEMS) + 1
    ws.merge_cells(f"A{note_row}:D{note_row}")
    note = ws.cell(row=note_row, column=1, value=KPI_FOOTNOTE)
    note.font = Font(name=KPI_FONT, size=10, italic=True, color="595959")
    note.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[note_row].height = 56
    for letter_, width in zip("ABCD", (46, 20, 20, 12), strict=True):
        ws.column_dimensions[letter_].width = width
    page_setup(
        ws, landscape=False, title_rows=f"{KPI_HEADER_ROW}:{KPI_HEADER_ROW}", family=KPI_FONT
    )
    ws.print_area = f"A1:D{note_row}"  # the marker column stays out of the print


def _at(rows: Sequence[Sequence[object]], r: int, c: int) -> object:
    return rows[r - 1][c - 1] if r <= len(rows) and c <= len(rows[r - 1]) else None


def _same_rows(rows: Sequence[Sequence[object]]) -> bool:
    """Title, header and every label in order: a dashboard of this or an earlier version."""
    labels = [_at(rows, KPI_FIRST_ROW + i, 1) for i in range(len(KPI_ITEMS))]
    return (
        _at(rows, 1, 1) == KPI_TITLE
        and _at(rows, KPI_HEADER_ROW, 1) == KPI_HEADERS[0]
        and labels == [item[0] for item in KPI_ITEMS]
    )


def kpi_laid_out(rows: Sequence[Sequence[object]]) -> bool:
    """Whether a KPI sheet's cells are this version's layout: the rows, and the footnote
    this version writes (an earlier one's formulas are redrawn: they showed 99.89%)."""
    note_row = KPI_FIRST_ROW + len(KPI_ITEMS) + 1
    return _same_rows(rows) and _at(rows, note_row, 1) == KPI_FOOTNOTE


def _plans_typed(rows: Sequence[Sequence[object]]) -> list[Block]:
    """Column D as a clerk typed it on an earlier version's dashboard (her own plans), to
    write back after it is redrawn; the rows with a CauHinh target are ours."""
    if not _same_rows(rows):
        return []
    return [
        Block(KPI_FIRST_ROW + i, [[value]], left=4)
        for i, (_, _, path, _) in enumerate(KPI_ITEMS)
        if path not in KPI_TARGETS and not is_blank(value := _at(rows, KPI_FIRST_ROW + i, 4))
    ]


def period_in(rows: Sequence[Sequence[object]]) -> str:
    """The period typed in KPI_PERIOD_CELL of the sheet's rows ('' when there is none)."""
    letter, row = coordinate_from_string(KPI_PERIOD_CELL)
    r, c = row - 1, column_index_from_string(letter) - 1
    return period_text(rows[r][c]) if r < len(rows) and c < len(rows[r]) else ""


def _raw_period(rows: Sequence[Sequence[object]]) -> object:
    letter, row = coordinate_from_string(KPI_PERIOD_CELL)
    r, c = row - 1, column_index_from_string(letter) - 1
    return rows[r][c] if r < len(rows) and c < len(rows[r]) else None


def period_cell(book: Book) -> str:
    """The period typed on the KPI sheet of a book, or '' when there is none."""
    if SHEET_KPI not in book.sheet_names():
        return ""
    return period_in(book.read(SHEET_KPI))


# ------------------------------------------------------------------ the values


def _value(kpi: dict, path: str) -> object:
    """The value as the form shows it on any PC: truncated as the report style says, a rate
    or points as text (style/numbers.shown)."""
    group, key = path.split(".")
    return shown(BY_PATH[path].kind, kpi[group][key])


def page(figures: Figures, rows: Sequence[Sequence[object]]) -> Page:
    """The values a refresh writes, onto the dashboard as it is, or onto a fresh dashboard
    (with the period the sheet held) when `rows`, the sheet's cells, are not this layout."""
    result, now = figures.result, figures.now
    stamp = (
        f"Cột C: cập nhật lúc {now:%d/%m/%Y %H:%M}; {result.period.describe()}, tính đến "
        f"{result.as_of:%d/%m/%Y %H:%M}; so sánh hạn theo {result.mode.label}."
    )
    kpi = result.kpi()
    laid_out = kpi_laid_out(rows)
    period = period_in(rows) or DEFAULT_PERIOD  # what a fresh dashboard's B3 will hold
    typed = _raw_period(rows) if laid_out else period
    # column C is for this period: B3 as it is (blank: the label computed for)
    computed_for = result.period.label if is_blank(typed) else typed
    marker_row = coordinate_from_string(KPI_REFRESHED_CELL)[1]
    marker_col = column_index_from_string(coordinate_from_string(KPI_REFRESHED_CELL)[0])
    blocks = [
        Block(KPI_STAMP_ROW, [[stamp]]),
        Block(marker_row, [[computed_for]], left=marker_col, formats=[";;;"]),
        Block(int(KPI_NOTE_CELL[1:]), [[unit_reminder(figures.settings) or ""]]),
        Block(KPI_HEADER_ROW, [[KPI_HEADERS[0]]]),
        Block(KPI_HEADER_ROW, [[KPI_HEADERS[2]]], left=3),
        Block(KPI_FIRST_ROW, [[item_label] for item_label, *_ in KPI_ITEMS]),
    ] + [  # one block a row: the formats differ
        Block(KPI_FIRST_ROW + i, [[_value(kpi, path)]], left=3, formats=[fmt])
        for i, (_, _, path, fmt) in enumerate(KPI_ITEMS)
    ]
    if laid_out:
        return Page(tuple(blocks), fresh=False)

    def dashboard(ws) -> None:
        write_kpi_dashboard(ws, period)

    return Page(tuple(blocks + _plans_typed(rows)), before=dashboard)


def refresh(book: Book, figures: Figures) -> int:
    """The period's values into columns A and C (the dashboard drawn when it is missing)."""
    rows = book.read(SHEET_KPI) if SHEET_KPI in book.sheet_names() else []
    book.lay_out(SHEET_KPI, page(figures, rows))
    return len(KPI_ITEMS)


# ------------------------------------------------------------------ the email copy


def kpi_values(result: Result) -> dict[int, object]:
    """KPI sheet row -> the engine's value of that row's indicator, as the form shows it."""
    kpi = result.kpi()
    return {KPI_FIRST_ROW + i: _value(kpi, path) for i, (_, _, path, _) in enumerate(KPI_ITEMS)}


def _live(result: Result) -> dict[tuple[int, int], object]:
    """The copy's values for the cells that are formulas in the workbook: the figures, the
    targets (as text, like the figures) and the hidden key cell (nothing)."""
    live: dict[tuple[int, int], object] = {
        (row, 2): value for row, value in kpi_values(result).items()
    }
    settings = result.engine.settings
    for i, (_, _, path, _) in enumerate(KPI_ITEMS):
        if path in KPI_TARGETS:
            live[(KPI_FIRST_ROW + i, 4)] = percent(getattr(settings, KPI_TARGETS[path]))
    letter, row = coordinate_from_string(KPI_KEY_CELL)
    live[(row, column_index_from_string(letter))] = None
    return live


def _shown(grid: list[list[object]], result: Result) -> None:
    """A live cell Excel could not compute: the refreshed value (C), else the engine's."""
    for row, value in kpi_values(result).items():
        while len(grid) < row:
            grid.append([])
        cells = grid[row - 1]
        cells += [None] * (3 - len(cells))
        live = cells[1]
        if live is None or (isinstance(live, str) and live.startswith(("#", "="))):
            cells[1] = cells[2] if cells[2] not in (None, "") else value


def _default_looks(ws) -> None:
    """Without the workbook file (Excel gave values only): the dashboard's formats."""
    for i, (_, _, _, fmt) in enumerate(KPI_ITEMS):
        for c in (2, 3):
            ws.cell(row=KPI_FIRST_ROW + i, column=c).number_format = fmt
    for c in range(1, 4):
        head = ws.cell(row=KPI_HEADER_ROW, column=c)
        head.font, head.fill = copy(HEADER_FONT), copy(HEADER_FILL)
    for letter, w in zip("ABC", (44, 18, 12), strict=True):
        ws.column_dimensions[letter].width = w


def _finish(ws, result: Result) -> None:
    """The copy's KPI: the title wraps over three columns, column B is 'Giá trị', and the
    moment the figures are taken at stands above the header."""
    ws.row_dimensions[1].height = 36
    ws.cell(row=KPI_HEADER_ROW, column=2).value = KPI_VALUE_HEADER
    stamp = (
        f"{result.period.describe()}; tính đến {result.as_of:%d/%m/%Y %H:%M}; "
        f"so sánh hạn theo {result.mode.label}"
    )
    ws.cell(row=KPI_HEADER_ROW - 1, column=1, value=stamp).font = Font(italic=True)
    # the workbook's footnote explains columns B and C and Python: not this copy's
    note_row = KPI_FIRST_ROW + len(KPI_ITEMS) + 1
    if ws.cell(row=note_row, column=1).value == KPI_FOOTNOTE:
        ws.cell(row=note_row, column=1).value = KPI_COPY_FOOTNOTE
        ws.row_dimensions[note_row].height = 30


def _build(ws, shipped: Shipped) -> None:
    write_kpi_dashboard(ws)


SHEET = Sheet(
    name=SHEET_KPI,
    build=_build,
    refresh=refresh,
    macro="refresh",
    copy=CopySpec(
        order=2,
        columns=KPI_COPY_COLUMNS,
        live=_live,
        shown=_shown,
        default_looks=_default_looks,
        finish=_finish,
    ),
)

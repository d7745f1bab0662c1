"""The city office's ranking workbook: XepHang (table), BieuDo (charts), QuaHan (late
dossiers), TepLoi (files not used). Print-ready: A4 landscape, fitted to the page width.

Figures are written truncated, never rounded (style/numbers.py), so 94,996% never shows as
a met 95% target.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from tthc_xl.book.atomic import replacing
from tthc_xl.book.forms import COUNT_FORMAT
from tthc_xl.book.layout import set_cell
from tthc_xl.book.marker import Kind, mark
from tthc_xl.book.stream import append_rows
from tthc_xl.city.view import CityView
from tthc_xl.rules.outcomes import Outcome
from tthc_xl.rules.scorecard import COMPUTED_766, Group766
from tthc_xl.style.numbers import truncate

SHEET_RANKING = "XepHang"
SHEET_CHARTS = "BieuDo"
SHEET_LATE = "QuaHan"
SHEET_FAILURES = "TepLoi"
COMMUNES_PER_CHART = 25
ROWS_PER_CHART_PAGE = 36

HEAD_FILL = PatternFill("solid", fgColor="1F4E78")
HEAD_FONT = Font(bold=True, color="FFFFFF")
TOTAL_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# counts read 2.918 on any PC (a literal dot); rates and points stay numbers the city
# office sorts by, so they show the PC's decimal mark
COUNT, RATE, POINTS = COUNT_FORMAT, "0.00%", "0.00"

# the QĐ 766 groups the register computes (scorecard.COMPUTED_766): a column each, summed
POINTS_MAX = sum(g.max_points for g in COMPUTED_766)


def _points_column(g: Group766) -> tuple[str, float, str | None, str]:
    header = f"Điểm {g.short_name} ({g.max_points:g})"
    return (header, 10 if len(header) <= 20 else 11, POINTS, f"index766.{g.key}")


def _names(names: Sequence[str]) -> str:
    """'A', 'A và B', 'A, B và C'."""
    return " và ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else ""


# (header, width, format, value of a kpi dict)
COLUMNS: tuple[tuple[str, float, str | None, str], ...] = (
    ("Tiếp nhận mới", 10, COUNT, "counts.received_new"),
    ("Trực tuyến", 10, COUNT, "counts.received_online"),
    ("Tổng số hồ sơ", 10, COUNT, "counts.total"),
    ("Đã giải quyết", 10, COUNT, "counts.resolved"),
    ("Trước hạn", 9, COUNT, "counts.early"),
    ("Đúng hạn", 9, COUNT, "counts.on_time"),
    ("Quá hạn", 8, COUNT, "counts.late"),
    ("Đang giải quyết", 10, COUNT, "counts.pending"),
    ("Đang GQ quá hạn", 9, COUNT, "counts.pending_overdue"),
    ("Tỷ lệ trực tuyến", 10, RATE, "rates.online_rate"),
    ("Tỷ lệ đúng và trước hạn", 11, RATE, "rates.on_time_or_early_rate"),
    *(_points_column(g) for g in COMPUTED_766),
)
TOTAL_HEADER = f"Tổng điểm ({POINTS_MAX:g})"
# the points' sheet columns: after Hạng, Đơn vị and the other columns
POINTS_COLUMNS = range(3 + len(COLUMNS) - len(COMPUTED_766), 3 + len(COLUMNS))


def _value(kpi: dict, path: str, number_format: str | None) -> object:
    section, key = path.split(".")
    value = kpi.get(section, {}).get(key)
    if value is None:
        return "—"
    if number_format == RATE:
        return truncate(value, 4)  # 0.99996 -> 0.9999 (99,99%)
    if number_format == POINTS:
        return truncate(value)
    return value


def _page(ws: Worksheet, title_rows: str | None = None) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows


def _header(ws: Worksheet, row: int, headers: Sequence[str], widths: Sequence[float]) -> None:
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font, cell.fill, cell.border = HEAD_FONT, HEAD_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[row].height = 45


def _titles(ws: Worksheet, view: CityView, title: str, width: int) -> None:
    p = view.period
    lines = [
        (title, Font(bold=True, size=14)),
        (
            f"{p.describe()} ({p.first_day:%d/%m/%Y} – {p.last_day:%d/%m/%Y}); "
            f"số liệu tính đến {view.as_of:%d/%m/%Y %H:%M}",
            Font(italic=True),
        ),
    ]
    for r, (text, font) in enumerate(lines, start=1):
        ws.cell(row=r, column=1, value=text).font = font
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        ws.cell(row=r, column=1).alignment = Alignment(horizontal="center")


def _ranking(ws: Worksheet, view: CityView) -> int:
    headers = ["Hạng", "Đơn vị"] + [c[0] for c in COLUMNS] + [TOTAL_HEADER]
    widths = [6, 34] + [c[1] for c in COLUMNS] + [9]
    _titles(ws, view, "BẢNG XẾP HẠNG KẾT QUẢ GIẢI QUYẾT TTHC CỦA CÁC XÃ, PHƯỜNG", len(headers))
    head = 4
    _header(ws, head, headers, widths)
    row = head
    for r in view.rows:
        row += 1
        name = r.name + (" (theo tên tệp)" if r.named_by_file else "")
        values: list[object] = [r.rank, name]
        values += [_value(r.kpi, c[3], c[2]) for c in COLUMNS]
        points = "+".join(f"{get_column_letter(c)}{row}" for c in POINTS_COLUMNS)
        values.append(f'=IFERROR({points},"—")')
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.border = BOX
            fmt = COLUMNS[col - 3][2] if 3 <= col < len(headers) else POINTS
            if col > 2:
                cell.number_format = fmt or "General"
                cell.alignment = Alignment(horizontal="right")
    last = row
    row += 1
    city = {"counts": view.city_counts, "rates": view.city_rates, "index766": view.city_points}
    total: list[object] = ["", f"Toàn thành phố ({len(view.rows)} đơn vị)"]
    total += [_value(city, c[3], c[2]) for c in COLUMNS]
    total.append("—")
    for col, value in enumerate(total, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font, cell.fill, cell.border = Font(bold=True), TOTAL_FILL, BOX
        if col > 2:
            cell.number_format = COLUMNS[col - 3][2] or "General" if col < len(headers) else POINTS
            cell.alignment = Alignment(horizontal="right")
    notes = [
        f"Cách xếp hạng: {view.rank_rule}",
        "Điểm Chỉ số 766 tính được từ sổ theo dõi: "
        f"{_names([g.name for g in COMPUTED_766])}; tỷ lệ và điểm cắt (không làm tròn) đến 2 "
        "chữ số thập phân. Số liệu mỗi đơn vị giống hệt lệnh tthc-xl kpi trên sổ của đơn vị đó.",
    ]
    not_summed = [g.short_name for g in COMPUTED_766 if g.from_counts is None]
    if not_summed:
        notes.append(
            f"Điểm {_names(not_summed)} của toàn thành phố không cộng được từ các đơn vị nên "
            "để trống (—)."
        )
    for i, text in enumerate(notes, start=row + 2):
        ws.cell(row=i, column=1, value=text).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=len(headers))
        ws.row_dimensions[i].height = 30
    ws.freeze_panes = ws.cell(row=head + 1, column=3)
    ws.auto_filter.ref = f"A{head}:{get_column_letter(len(headers))}{last}"
    _page(ws, f"{head}:{head}")
    return last


def _charts(ws: Worksheet, data: Worksheet, view: CityView, first: int, last: int) -> None:
    """Stacked bars of the computed 766 groups, one chart per page of 25 communes."""
    n = last - first + 1
    pages = math.ceil(n / COMMUNES_PER_CHART)
    for page in range(pages):
        lo = first + page * COMMUNES_PER_CHART
        hi = min(last, lo + COMMUNES_PER_CHART - 1)
        chart = BarChart()
        chart.type = "bar"
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.title = (
            f"Điểm Chỉ số 766 tính được ({' + '.join(g.short_name for g in COMPUTED_766)}), "
            f"hạng {lo - first + 1}"
            f"–{hi - first + 1} - {view.period.describe()}"
        )
        for i, g in enumerate(COMPUTED_766):
            ref = Reference(data, min_col=POINTS_COLUMNS[i], min_row=lo, max_row=hi)
            chart.add_data(ref, titles_from_data=False)
            chart.series[i].tx = SeriesLabel(v=f"{g.legend_name} ({g.max_points:g})")
        chart.set_categories(Reference(data, min_col=2, min_row=lo, max_row=hi))
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = POINTS_MAX
        chart.y_axis.majorUnit = 4
        chart.y_axis.title = "Điểm"
        chart.y_axis.number_format = "0"
        chart.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top
        chart.y_axis.crosses = "max"
        chart.x_axis.delete = False
        chart.x_axis.tickLblSkip = 1  # every commune's name, none skipped
        chart.y_axis.delete = False
        chart.legend.position = "b"
        chart.width = 27.5
        chart.height = 17
        anchor_row = 1 + page * ROWS_PER_CHART_PAGE
        ws.add_chart(chart, f"A{anchor_row}")
        if page:
            ws.row_breaks.append(Break(id=anchor_row - 1))
    # an empty sheet prints nothing: give the print area the charts' extent
    ws.print_area = f"A1:P{pages * ROWS_PER_CHART_PAGE}"
    _page(ws)


def _late_rows(view: CityView) -> Iterator[list[object]]:
    for rec in view.late.itertuples(index=False):
        yield [rec.rank, rec.name, rec.dossier_id, rec.procedure_code, rec.procedure_name,
               rec.field, rec.received_at, rec.due_at, Outcome(int(rec.outcome)).label]  # fmt: skip


def _late(ws: Worksheet, view: CityView) -> Iterator[list[object]]:
    """The sheet with its first late dossier, which styles the column; the rest are
    streamed into the saved file (book/stream.py): the remaining rows are returned."""
    headers = ["Hạng", "Đơn vị", "Mã hồ sơ", "Mã TTHC", "Tên thủ tục", "Lĩnh vực",
               "Ngày tiếp nhận", "Hạn giải quyết", "Kết quả"]  # fmt: skip
    widths = [6, 30, 26, 11, 40, 14, 16, 16, 22]
    _titles(ws, view, "HỒ SƠ QUÁ HẠN VÀ ĐANG GIẢI QUYẾT QUÁ HẠN", len(headers))
    _header(ws, 4, headers, widths)
    rows = _late_rows(view)
    first = next(rows, None)
    if first is None:
        ws.cell(row=5, column=1, value="Không có hồ sơ quá hạn.")
    for col, value in enumerate(first or [], start=1):
        cell = set_cell(ws, 5, col, None if value != value else value)
        cell.border = BOX
        if col in (7, 8):
            cell.number_format = "dd/mm/yyyy hh:mm"
    ws.freeze_panes = "A5"
    if first is not None:
        ws.auto_filter.ref = f"A4:I{4 + len(view.late)}"
    _page(ws, "4:4")
    return rows


def _failures(ws: Worksheet, view: CityView) -> None:
    _titles(ws, view, "TỆP KHÔNG ĐƯA VÀO XẾP HẠNG", 2)
    _header(ws, 4, ["Tệp", "Lý do"], [40, 110])
    if not view.failures:
        ws.cell(row=5, column=1, value="Không có: mọi tệp trong thư mục đều đã được tính.")
    for i, f in enumerate(view.failures, start=5):
        ws.cell(row=i, column=1, value=f.file).border = BOX
        cell = ws.cell(row=i, column=2, value=f.reason)
        cell.border = BOX
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[i].height = 15 * math.ceil(len(f.reason) / 120)
    _page(ws, "4:4")


def write_city_workbook(view: CityView, path: Path) -> Path:
    """Write the ranking workbook atomically (book.atomic: a temp file beside it, then a rename)."""
    wb = Workbook()
    ranking = wb.active
    ranking.title = SHEET_RANKING
    last = _ranking(ranking, view)
    _charts(wb.create_sheet(SHEET_CHARTS), ranking, view, 5, last)
    late = _late(wb.create_sheet(SHEET_LATE), view)
    _failures(wb.create_sheet(SHEET_FAILURES), view)
    mark(wb, Kind.RANKING)  # not a register: the next city run names it, never ranks it
    with replacing(path) as tmp:
        wb.save(tmp)
        append_rows(tmp, SHEET_LATE, late, template_row=5)
    return path

"""'Lập báo cáo': the quarterly report, written into BaoCao from the register.

`build_report` runs through any :class:`~tthc_xl.book.base.Book` (the CLI's file, the
workbook open in Excel): it reads the clerk's wording from MauBaoCao (refusing an unknown
placeholder before anything is written), refreshes KPI, CanhBao and Bieu06 for the same
period, and writes BaoCao in the layout of ND 30/2020, print-ready on A4. The report is a
list of blocks (`ReportSummary.blocks`); the sheet and the Word file are two renderings of
the same blocks, so they say the same thing.

The charts: one data block (figures from report/chartdata.py, geometry in book/charts.py)
written with BaoCao (sheets/baocao.py) through the Book; a file re-creates the native
charts at save where the report put them, the workbook open in Excel adds them
(`Book.sync_charts`); the Word file gets pictures of the same tables (report/pictures.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tthc_xl.book.base import Book
from tthc_xl.book.names import (
    SHEET_REGISTER,
    SHEET_REPORT,
    SHEET_REPORT_TEMPLATE,
    SHEET_WARNINGS,
    find_sheet,
)
from tthc_xl.report import figures, template
from tthc_xl.report import sheet as sheet_mod
from tthc_xl.report.blocks import (  # noqa: F401 - word.py reads them from here
    CHART_KEYS,
    CHART_TITLES,
    COLUMN_WIDTHS,
    LIST_LIMIT,
    MOTTO,
    PRINT_COLUMNS,
    Block,
    Centered,
    Chart,
    Header,
    Heading,
    Paragraph,
    Signature,
    Table,
    block_text,
    estimated_lines,
)
from tthc_xl.report.chartdata import ChartBlock, chart_blocks, tables_of
from tthc_xl.report.copy.redact import scrubber
from tthc_xl.report.refresh import RefreshSummary, refresh
from tthc_xl.rules import clock
from tthc_xl.rules import models as models_mod
from tthc_xl.rules.assessment import covers
from tthc_xl.rules.engine import Engine, Result
from tthc_xl.rules.forecast import Forecast, forecast
from tthc_xl.rules.labels import GROUP_766, points_text
from tthc_xl.rules.period import Period, next_period, previous_period
from tthc_xl.rules.portal import PortalView, portal_view
from tthc_xl.rules.privacy import Redactor
from tthc_xl.rules.settings import CompareMode, Settings
from tthc_xl.style.numbers import count, points, thousands

if TYPE_CHECKING:
    from tthc_xl.book.reader import WorkbookData

SHEET_RECONCILE = "DoiSoat"  # the reconciliation sheet (issue 19)
PROGRESS_MAX = points_text(GROUP_766["progress"].max_points)  # "20": QĐ 766's maximum


@dataclass
class ReportSummary:
    period_label: str
    result: Result
    previous: Result
    settings: Settings
    values: dict[str, str]
    blocks: list[Block]
    forecast: Forecast
    portal: PortalView
    rows766: list[figures.Row766]
    charts: list[ChartBlock]
    refreshed: RefreshSummary
    chart_anchors: dict[str, tuple[int, int]] = field(default_factory=dict)
    template_written: bool = False
    notes: list[str] = field(default_factory=list)  # what the book could not apply
    redactor: Redactor | None = None  # the register's scrubber (the copy takes it too)

    @property
    def empty(self) -> bool:
        """No dossier in the period: BaoCao and stderr say so (empty_period_text)."""
        return self.result.counts["total"] == 0

    @property
    def empty_text(self) -> str:
        return empty_period_text(self.result)

    @property
    def final(self) -> bool:
        return not self.forecast.open

    def text(self) -> str:
        """The report's words, block by block (for messages and tests)."""
        return "\n".join(block_text(b) for b in self.blocks)

    def message(self) -> str:
        c = self.result.counts
        return (
            f"Đã lập báo cáo {self.result.period.describe()} ở sheet {SHEET_REPORT}: "
            f"{thousands(c['total'])} hồ sơ, trực tuyến {self.values['ty_le_truc_tuyen']}, "
            f"{count(c['pending_within'])} hồ sơ đang giải quyết trong hạn, "
            f"{count(c['pending_overdue'])} quá hạn."
            + (" Đã tạo sheet MauBaoCao (lời văn mẫu)." if self.template_written else "")
            + "".join("\n" + note for note in self.notes)
        )


# ------------------------------------------------------------------ the report


def read_template(book: Book) -> tuple[list[template.Line], bool]:
    """MauBaoCao's lines, or the default wording when the workbook has no such sheet."""
    name = find_sheet(book.sheet_names(), SHEET_REPORT_TEMPLATE)
    if name is None:
        return template.parse(template.sheet_rows()), True
    return template.parse(book.read(name)), False


def build_report(
    book: Book,
    period: Period | None = None,
    as_of: dt.datetime | None = None,
    compare: CompareMode | None = None,
    now: dt.datetime | None = None,
    data: WorkbookData | None = None,
    redactor: Redactor | None = None,
) -> ReportSummary:
    """Refresh KPI/CanhBao/Bieu06, then write BaoCao; the caller saves the book.

    The template is checked first: an unknown placeholder raises TemplateError before
    anything is written. The settings are the ones the refresh read. The clerk's text goes
    through `redactor` (by default the scrubber of the book's register).
    """
    now = now or clock.now()
    lines, missing = read_template(book)
    refreshed = refresh(book, period, as_of, compare, now, data)
    result = refreshed.result
    book.status("Đang lập báo cáo...")
    engine: Engine = result.engine
    settings = refreshed.settings
    previous = engine.evaluate(previous_period(result.period), None, compare, now)
    outlook = forecast(result)
    view = portal_view(result)
    rows766 = figures.table_766(result, settings, view)
    number = next((ln.text for ln in lines if ln.kind == template.KIND_NUMBER), "").strip()
    if number.isdigit() and int(number) < 10:
        number = f"{int(number):02d}"
    day_text = next((ln.text for ln in lines if ln.kind == template.KIND_DATE), "").strip()
    day = _report_day(day_text, now)
    covered = covers(engine.frame, previous.period)
    values = figures.values(
        result,
        previous,
        settings,
        view,
        outlook,
        models_mod.thursday_model(result),
        models_mod.at_home(result),
        number,
        day,
        covered,
        next_period(result.period),
    )
    conditions = template.conditions_of(
        values, figures.conditions(result, previous, settings, covered)
    )
    if redactor is None:
        redactor = scrubber(_register_rows(book), settings)
    scrub = redactor.scrub_text
    blocks = compose(
        lines, values, conditions, settings, result, outlook, view, rows766, number, day, scrub
    )
    summary = ReportSummary(
        result.period.label,
        result,
        previous,
        settings,
        values,
        blocks,
        outlook,
        view,
        rows766,
        chart_blocks(result),
        refreshed,
        template_written=missing,
        redactor=redactor,
    )
    if missing:
        sheet_mod.write_template(book)
    # BaoCao with its chart data block: a file re-creates the charts there at save, the
    # Excel back end adds or moves them now
    summary.chart_anchors = sheet_mod.write_report(book, summary.blocks, tables_of(summary.charts))
    summary.notes = list(book.notes)
    book.status(None)
    return summary


def _register_rows(book: Book) -> list[list[object]]:
    name = find_sheet(book.sheet_names(), SHEET_REGISTER)
    return book.read(name) if name else []


def _report_day(text: str, now: dt.datetime) -> dt.date:
    from tthc_xl.rules.values import parse_datetime

    moment = parse_datetime(text) if text else None
    return moment.date() if moment is not None else now.date()


def compose(
    lines: list[template.Line],
    values: dict[str, str],
    conditions: dict[str, bool | None],
    settings: Settings,
    result: Result,
    outlook: Forecast,
    view: PortalView,
    rows766: list[figures.Row766],
    number: str,
    day: dt.date,
    scrub: Callable[[str], str] = str,
) -> list[Block]:
    """The report's blocks: the template's lines in order, with the generated parts.

    A line left empty by its choices is dropped; an empty period gets one sentence that
    says so in place of Sections I-IV. The clerk's text goes through `scrub` (the copy's
    scrubber): the report is printed, sent as Word and PDF, and names no citizen; the
    signer's own name is left as typed."""
    blocks: list[Block] = [
        Header(
            figures.known(settings.parent_body).upper(),
            _unit_lines(settings.unit_name),
            f"Số: {number or '       '}/BC-UBND",
            figures.date_line(figures.place_of(settings), day),
        )
    ]
    recipients: list[str] = []
    sign: list[str] = []
    signer = ""
    empty = result.counts["total"] == 0
    for ln in lines:
        text = template.fill(ln.text, values, conditions).strip()
        if empty and ln.kind in _BODY_KINDS:
            continue
        if not text and ln.kind in _TEXT_KINDS:
            continue
        if ln.kind != template.KIND_SIGNER:
            text = scrub(text)
        if ln.kind in (template.KIND_TITLE, template.KIND_SUMMARY):
            blocks.append(Centered(text))
        elif ln.kind == template.KIND_HEADING:
            blocks.append(Heading(text))
        elif ln.kind == template.KIND_PARAGRAPH:
            blocks.append(Paragraph(text))
        elif ln.kind == template.KIND_TABLE_766:
            blocks += block_766(values, rows766, view, result)
        elif ln.kind == template.KIND_FORECAST:
            blocks += block_forecast(values, outlook, result)
        elif ln.kind == template.KIND_CHARTS:
            blocks += [Chart(k, CHART_TITLES[k]) for k in CHART_KEYS]
        elif ln.kind == template.KIND_RECIPIENT:
            recipients.append(text)
        elif ln.kind in (template.KIND_SIGN_FOR, template.KIND_SIGN_TITLE):
            sign.append(text)
        elif ln.kind == template.KIND_SIGNER:
            signer = text
        if empty and ln.kind == template.KIND_SUMMARY:
            blocks.append(Paragraph(empty_period_text(result)))
    blocks.append(Signature(tuple(recipients), tuple(sign), signer))
    return blocks


# what an empty period leaves out, and the lines dropped when their choices leave nothing
_BODY_KINDS = (
    template.KIND_HEADING,
    template.KIND_PARAGRAPH,
    template.KIND_TABLE_766,
    template.KIND_FORECAST,
    template.KIND_CHARTS,
)
_TEXT_KINDS = (
    template.KIND_HEADING,
    template.KIND_PARAGRAPH,
    template.KIND_RECIPIENT,
    template.KIND_TITLE,
    template.KIND_SUMMARY,
)


def empty_period_text(result: Result) -> str:
    """The one sentence of a period with no dossier (also said on stderr by the CLI)."""
    p = result.period
    return (
        f"Kỳ {p.with_days() if p.name() else 't' + p.span()[1:]} "
        "không có hồ sơ nào trong sổ: chưa nhập dữ liệu của kỳ này, hoặc kỳ không có hồ sơ."
    )


def _unit_lines(unit: str) -> str:
    """'Ủy ban nhân dân xã Tuệ Tĩnh' -> 'ỦY BAN NHÂN DÂN\\nXÃ TUỆ TĨNH'."""
    upper = unit.upper()
    head = "ỦY BAN NHÂN DÂN "
    return head.strip() + "\n" + upper[len(head) :] if upper.startswith(head) else upper


def block_766(
    values: dict[str, str], rows766: list[figures.Row766], view: PortalView, result: Result
) -> list[Block]:
    """The QĐ 766 table (own, published, what the portal will see), why they differ, and
    the dossiers that explain it."""
    return [
        *_table_766(values, rows766),
        _online_comparison(values, rows766, view),
        *_explaining(view),
    ]


def _table_766(values: dict[str, str], rows766: list[figures.Row766]) -> list[Block]:
    rows = []
    for i, r in enumerate(rows766, start=1):
        rows.append(
            (
                str(i),
                r.name,
                figures.max_text(r.max_points),
                points(r.own),
                r.source,
                points(r.portal),
                points(r.seen) if r.shows_seen else "",
            )
        )
    total = figures.total_766(rows766)
    portal_total = next((None if v == "—" else v for v in [values["cong_tong_diem"]]), None)
    rows.append(
        ("", figures.TOTAL_NAME, figures.TOTAL_MAX, points(total), "", portal_total or "—", "")
    )
    return [
        Paragraph(
            "Bảng: Chỉ số 766 của xã tự tính, Cổng DVCQG công bố và Cổng DVCQG sẽ thấy "
            f"(tính đến {values['tinh_den']}).",
            italic=True,
        ),
        Table(
            (
                "STT",
                "Nhóm chỉ số",
                "Điểm tối đa",
                "Xã tự tính",
                "Nguồn",
                "Cổng công bố",
                "Cổng sẽ thấy",
            ),
            tuple(rows),
            (1, 1, 1, 1, 1, 1, 1),
            (False, False, True, True, False, True, True),
            bold_last=True,
        ),
    ]


def _online_comparison(
    values: dict[str, str], rows766: list[figures.Row766], view: PortalView
) -> Paragraph:
    online = next(r for r in rows766 if r.key == "online_service")
    shown = {points(online.own), points(online.portal), points(online.seen)} - {"—"}
    if view.synced_share is None:
        return Paragraph(
            "Sổ chưa ghi cột Đã đồng bộ DVCQG nên chưa ước tính được số liệu Cổng sẽ thấy."
        )
    portal_text = (
        points(online.portal) if online.portal is not None else "chưa rõ (chưa nhập ở CauHinh)"
    )
    if len(shown) <= 1:
        return Paragraph(
            f"Điểm Dịch vụ công trực tuyến xã tự tính ({points(online.own)}) và Cổng sẽ "
            f"thấy ({points(online.seen)}) trùng nhau; Cổng công bố: {portal_text}."
        )
    return Paragraph(
        f"Điểm Dịch vụ công trực tuyến xã tự tính là {points(online.own)}, Cổng "
        f"công bố {portal_text}, Cổng sẽ thấy {points(online.seen)}, vì chỉ "
        f"{thousands(view.synced)}/{thousands(view.received)} hồ sơ mới trong kỳ "
        f"({values['ty_le_dong_bo']}) đã đồng bộ DVCQG, nên tỷ lệ trực tuyến Cổng "
        f"thấy là {values['ty_le_truc_tuyen_cong_thay']} thay vì "
        f"{values['ty_le_truc_tuyen']}."
    )


def _explaining(view: PortalView) -> list[Block]:
    """The dossiers behind the gap are counted, not listed: the list stays on its sheets."""
    if not view.explaining:
        return []
    return [
        Paragraph(
            f"Có {count(len(view.explaining))} hồ sơ giải thích chênh lệch (chưa đồng bộ DVCQG "
            f"hoặc quá hạn); danh sách ở sheet {SHEET_WARNINGS} (hồ sơ đang giải quyết quá hạn, "
            f"sắp đến hạn) và sheet {SHEET_RECONCILE} (đối chiếu với Cổng DVCQG), hoặc lệnh "
            "tthc-xl dossiers."
        )
    ]


def block_forecast(values: dict[str, str], outlook: Forecast, result: Result) -> list[Block]:
    title = Heading(f"Dự báo điểm Tiến độ giải quyết đến hết {result.period.in_prose()}")
    if not outlook.open:
        return [
            title,
            Paragraph(
                f"Kỳ báo cáo đã kết thúc ngày {result.period.last_day:%d/%m/%Y}: số liệu trên "
                "là số liệu chính thức của kỳ."
            ),
        ]
    blocks: list[Block] = [
        title,
        Paragraph(
            f"Tính đến {values['tinh_den']}, kỳ báo cáo chưa kết thúc. Nếu mọi hồ sơ đang giải "
            f"quyết được trả đúng hạn, điểm Tiến độ giải quyết là {values['du_bao_diem_dung_han']}"
            f"/{PROGRESS_MAX} điểm; "
            + (
                f"nếu {count(len(outlook.at_stake))} hồ sơ sắp đến hạn bị trễ hạn, điểm "
                f"còn {values['du_bao_diem_neu_tre']}/{PROGRESS_MAX} điểm."
                if outlook.at_stake
                else "hiện không có hồ sơ nào sắp đến hạn."
            )
        ),
    ]
    if outlook.at_stake:
        blocks.append(
            Table(
                (
                    "STT",
                    "Mã hồ sơ",
                    "Tên thủ tục",
                    "Hạn giải quyết",
                    "Điểm Tiến độ",
                    "Điểm hài lòng",
                ),
                tuple(
                    (
                        str(i),
                        a.dossier_id,
                        a.procedure_name,
                        f"{a.due_at:%d/%m/%Y %H:%M}" if a.due_at else "—",
                        points(a.progress_points, 4),
                        points(a.satisfaction_points, 4),
                    )
                    for i, a in enumerate(outlook.at_stake[:LIST_LIMIT], start=1)
                ),
                (1, 1, 2, 1, 1, 1),
                (False, False, False, False, True, True),
            )
        )
    if len(outlook.at_stake) > LIST_LIMIT:
        blocks.append(
            Paragraph(
                f"Bảng trên nêu {count(LIST_LIMIT)} hồ sơ đến hạn sớm nhất; đủ "
                f"{count(len(outlook.at_stake))} hồ sơ ở sheet {SHEET_WARNINGS}."
            )
        )
    return blocks

"""'Tạo bản gửi email': a copy of the period's figures that reads everywhere and leaks nothing.

The two entry points; each job of the copy has its module in :mod:`tthc_xl.report.copy`
(the builder, the redaction, the print fitting, the .eml, the NhatKy line). The sheets that
go in are the registry's (tthc_xl/sheets: each sheet's `copy`), in the copy's order.

- From a file (`tthc-xl publish`) the period is refreshed in memory (the workbook on disk is
  not touched) and every formula becomes the engine's value.
- From Excel (the button) the values are the ones Excel shows; the styles come from the
  workbook file as last saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from tthc_xl.book import lock
from tthc_xl.book.base import Book
from tthc_xl.book.errors import WorkbookError
from tthc_xl.book.filebook import FileBook
from tthc_xl.book.names import SHEET_REGISTER, find_sheet
from tthc_xl.book.paths import Plan, check
from tthc_xl.book.recording import RecordingBook
from tthc_xl.report.baocao import build_report
from tthc_xl.report.copy.audit import PERSONAL_WARNING, log_personal_copy
from tthc_xl.report.copy.builder import (
    FormulaValues,
    Grid,
    SheetSource,
    build_copy,
    copy_name,
    save_copy,
)
from tthc_xl.report.copy.eml import email_body, email_subject, write_eml
from tthc_xl.report.copy.redact import RegisterCopy, prepare, scrubber
from tthc_xl.rules import clock
from tthc_xl.rules.engine import Result
from tthc_xl.rules.period import Period
from tthc_xl.rules.settings import CompareMode, Settings
from tthc_xl.sheets import in_copy
from tthc_xl.style.numbers import count, percent

__all__ = [
    "PERSONAL_WARNING",
    "Published",
    "copy_name",
    "email_body",
    "email_subject",
    "publish_file",
    "publish_open_book",
]


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


def _published(
    target: Path,
    result: Result,
    settings: Settings,
    sheets: list[str],
    reg: RegisterCopy | None,
    eml: Path | None,
    notes: list[str],
) -> Published:
    """What a copy holds, for the message; the .eml draft written when asked for."""
    done = Published(target, result, settings, sheets, notes=list(notes))
    if reg is not None:
        done.register_rows = len(reg.rows)
        done.dropped_columns, done.masked_columns = reg.dropped, reg.masked
    if eml is not None:
        try:
            done.eml = write_eml(result, settings, target, eml)
        except (WorkbookError, OSError) as exc:
            reason = str(exc) if isinstance(exc, WorkbookError) else "lỗi ghi tệp."
            raise WorkbookError(
                f"Không ghi được thư nháp '{eml}': {reason} Đã ghi xong: bản gửi email "
                f"'{target}'. Chưa ghi: thư nháp '{eml}'."
            ) from exc
    return done


def _register_rows(source: Book | dict[str, Grid]) -> Grid:
    """HoSo's rows, from the open book or from calamine's read of the file (whose empty
    cells, '' there, are None as openpyxl and Excel give them)."""
    if isinstance(source, dict):
        name = find_sheet(source, SHEET_REGISTER)
        rows = source[name] if name else []
        return [[None if v == "" else v for v in row] for row in rows]
    name = find_sheet(source.sheet_names(), SHEET_REGISTER)
    return source.read(name) if name else []


def _target(workbook: Path, out: Path | None, settings: Settings, period: Period) -> Path:
    target = Path(out) if out else workbook.with_name(copy_name(settings, period.label))
    if target.suffix.lower() != ".xlsx":
        raise WorkbookError(
            f"Bản gửi email là tệp .xlsx (không macro); '{target.name}' có đuôi khác. "
            "Hãy đặt tên kết thúc bằng .xlsx."
        )
    return target


def publish_file(
    workbook: Path,
    period: Period,
    out: Path | None = None,
    *,
    with_register: bool = False,
    include_personal: bool = False,
    eml: Path | None = None,
    as_of: dt.datetime | None = None,
    compare: CompareMode | None = None,
    now: dt.datetime | None = None,
) -> Published:
    """`tthc-xl publish`: the copy of a workbook file; the file itself is only written to
    for the NhatKy line an --include-personal-data copy leaves.

    The file is read once by calamine (the register, and every cell's value as last saved);
    openpyxl loads a view of it without the register's rows (book/trimmed.py), since the
    report writes and the copy takes its looks only from the sheets that go."""
    from tthc_xl.book.reader import from_sheets, read_sheets, require_register
    from tthc_xl.book.trimmed import without_rows

    now = now or clock.now()
    workbook = Path(workbook)
    if not workbook.is_file():
        FileBook(workbook, readonly=True)  # its message: not found, or a folder
    with lock.held(workbook):  # one version of the file: an import replaces it whole
        cached = read_sheets(workbook)
        require_register(cached, workbook.name)
        with without_rows(workbook, [SHEET_REGISTER]) as view:
            book = FileBook(view, readonly=True)  # written in memory, never saved
            data = from_sheets(cached, workbook, settings=book.settings_read())
            # the report refreshes KPI, CanhBao and Bieu06 first: one set of figures everywhere
            # one scrubber of the whole register (the view has HoSo's header only)
            redactor = scrubber(_register_rows(cached), data.settings)
            report = build_report(book, period, as_of, compare, now, data, redactor)
            result, settings = report.result, report.settings
            live = {s.name: s.copy.live(result) for s in in_copy() if s.copy and s.copy.live}
            values = FormulaValues(book, cached, live)
            sources = []
            names = book.sheet_names()
            for sheet in in_copy():
                name = find_sheet(names, sheet.name)
                if name is not None and sheet.copy is not None:
                    # the sheet as the report left it in memory: values and the looks it takes
                    looks = book.worksheet(name)
                    grid = values.grid(name)
                    sources.append(SheetSource(sheet.name, grid, looks, sheet.copy.columns))
            redact, reg = prepare(
                _register_rows(cached), settings, with_register, include_personal, redactor
            )
            copied = build_copy(sources, result, redact, reg)
            book.close()
    target = _target(workbook, out, settings, result.period)
    # the default name is known only now: the path rule again, before anything is written
    check(
        Plan(
            register=workbook, outputs=[("-o", target), ("--eml", eml)] if eml else [("-o", target)]
        )
    )
    if include_personal:
        log = FileBook(workbook)
        log_personal_copy(log, target.name, now)
        log.save()
    save_copy(copied, target)
    eml_path = Path(eml) if eml is not None else None
    return _published(target, result, settings, copied.sheetnames, reg, eml_path, values.notes)


def publish_open_book(
    book: Book,
    folder: Path,
    template_path: Path | None = None,
    *,
    with_register: bool = False,
    now: dt.datetime | None = None,
    eml: bool = True,
) -> Published:
    """The button: refresh the open workbook for its KPI period, then copy what Excel shows
    (recalculated for the period just refreshed).

    Looks come from `template_path` (the workbook file as last saved) when there is one.
    """
    now = now or clock.now()
    book = RecordingBook(book)
    report = build_report(book, None, None, None, now)  # the KPI sheet's period
    result, settings = report.result, report.settings
    book.recalculate()
    templates = None
    if template_path is not None and Path(template_path).is_file():
        import openpyxl

        templates = openpyxl.load_workbook(template_path)
    sources = []
    names = book.sheet_names()
    for sheet in in_copy():
        name = find_sheet(names, sheet.name)
        if name is None or sheet.copy is None:
            continue
        grid = [list(r) for r in book.read(name)]
        if sheet.copy.shown is not None:  # what Excel could not compute
            sheet.copy.shown(grid, result)
        tpl = None
        if templates is not None:
            tpl_name = find_sheet(templates.sheetnames, sheet.name)
            tpl = templates[tpl_name] if tpl_name else None
        sources.append(SheetSource(sheet.name, grid, tpl, sheet.copy.columns))
    redact, reg = prepare(_register_rows(book), settings, with_register, False, report.redactor)
    copied = build_copy(sources, result, redact, reg)
    target = save_copy(copied, Path(folder) / copy_name(settings, result.period.label))
    eml_path = target.with_suffix(".eml") if eml else None
    return _published(target, result, settings, copied.sheetnames, reg, eml_path, report.notes)

"""Running an import against a workbook through the `Book` interface.

The same function serves `tthc-xl import` (a `FileBook`, saved atomically with a backup)
and the ribbon button (an `XlwingsBook` on the workbook open in Excel). Order of work:

1. read the optional mapping sheet AnhXaCot;
2. read and check every file: one unusable file stops the whole import before anything is
   written (the files are meant to be merged together, in the order given);
3. merge the files into HoSo in memory, in order;
4. write only the cells that change, the new rows, the new LoiNhap and NhatKy lines;
   nothing at all when nothing changed (a re-import leaves the file byte-identical);
5. save (a file) or leave the saving to the clerk (Excel).
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from pandas.errors import PerformanceWarning

from tthc_xl.book.base import Book
from tthc_xl.book.errors import LossyWorkbookError, WorkbookError
from tthc_xl.book.extent import vn_int
from tthc_xl.book.layout import DATE_FORMAT, extra_cell_values
from tthc_xl.book.names import (
    AUDIT_HEADERS,
    IMPORT_ERROR_HEADERS,
    REGISTER_TABLE,
    SHEET_AUDIT,
    SHEET_IMPORT_ERRORS,
    SHEET_MAPPING,
    SHEET_REGISTER,
)
from tthc_xl.importer.batch import Batch, Problem, batch_from_tables
from tthc_xl.importer.checks import ambiguity_error, key_column_check, readability_notes
from tthc_xl.importer.mapping import EXTRA_PREFIX, Profile, profile_from_rows
from tthc_xl.importer.merge import COLUMN_ADDED, Change, FileSummary, RegisterState
from tthc_xl.importer.readers import MAX_IMPORT_ROWS, ImportFileError, read_file
from tthc_xl.importer.sources import Owners, fit, recognise
from tthc_xl.importer.table import choose_tables, header_preview
from tthc_xl.rules import values as V
from tthc_xl.rules.register import (
    BY_KEY,
    HEADER_SCAN_ROWS,
    ONLINE_FLAG,
    RegisterError,
    find_header,
    meaning_of,
)
from tthc_xl.rules.settings import Settings
from tthc_xl.rules.sources import System
from tthc_xl.rules.text import fold

Progress = Callable[[str, float], None]
WRITE_CHUNK = 5000  # rows per write call, so the progress bar moves on a large import


class ImportAborted(WorkbookError):
    """Some file cannot be imported at all: nothing was written."""

    def __init__(self, errors: list[ImportFileError | str]) -> None:
        self.errors = errors
        lines = "\n".join(f"- {e}" for e in errors)
        super().__init__(f"Không nhập gì, sổ giữ nguyên, vì:\n{lines}")


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    files: list[FileSummary]
    problems: list[Problem]
    changes: list[Change]
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    saved_to: Path | None = None
    created: bool = False  # the workbook did not exist: the import made it (importer/target.py)
    redirected: str | None = None  # why the result went to a new file, not the workbook

    def total(self, attr: str) -> int:
        return sum(getattr(f, attr) for f in self.files)


def _find_header(rows: list[list[object]], headers: Sequence[str]) -> int | None:
    """The header row of a log sheet (NhatKy, LoiNhap): three of its headers or more."""
    names = {fold(h): h for h in headers}
    header = find_header(rows, names, required=(), least=min(3, len(headers)), meaning=False)
    return header.top if header is not None else None


def _last_filled(rows: list[list[object]]) -> int:
    """1-based number of the last row with anything in it (0 for an empty sheet)."""
    for i in range(len(rows) - 1, -1, -1):
        if any(not V.is_blank(v) for v in rows[i]):
            return i + 1
    return 0


def owned_columns(audit_rows: list[list[object]]) -> set[str]:
    """Extra HoSo columns an import created: NhatKy lines "(thêm cột)" with no dossier."""
    header = _find_header(audit_rows, AUDIT_HEADERS)
    if header is None:
        return set()
    cols = {fold(v): i for i, v in enumerate(audit_rows[header])}
    dossier, fld, new = (cols.get(fold(h)) for h in ("Mã hồ sơ", "Trường", "Giá trị mới"))
    if dossier is None or fld is None or new is None:
        return set()
    out = set()
    for row in audit_rows[header + 1 :]:
        cells = list(row) + [None] * (max(dossier, fld, new) + 1 - len(row))
        if V.is_blank(cells[dossier]) and V.cell_text(cells[new]) == COLUMN_ADDED:
            out.add(V.cell_text(cells[fld]))
    return out


def read_batches(
    paths: Sequence[str | Path], profile: Profile, progress: Progress
) -> tuple[list[Batch], list[FileSummary]]:
    """Every file read, its table found and normalised; ImportAborted if any cannot be."""
    batches: list[Batch] = []
    summaries: list[FileSummary] = []
    errors: list[ImportFileError | str] = []
    for i, path in enumerate(paths):
        name = Path(path).name
        progress(f"Đọc tệp {i + 1}/{len(paths)}: {name}", 0.4 * i / max(len(paths), 1))
        try:
            sheets = read_file(path)
            tables, notes = choose_tables(sheets, profile.aliases)
            if not tables:
                preview = "; ".join(
                    f"sheet '{s.name}': {header_preview(s.rows)}" for s in sheets if s.rows
                )
                raise ImportFileError(
                    path,
                    f"không tìm thấy bảng hồ sơ: không dòng nào trong {HEADER_SCAN_ROWS} dòng "
                    "đầu có cột 'Mã hồ sơ' và một cột khác của sổ. Các cột thấy được: "
                    f"{preview or '(trống)'}. Nếu hệ thống đặt tên cột khác, hãy thêm tên đó "
                    f"vào sheet {SHEET_MAPPING} của sổ.",
                )
            unsure = [reason for t in tables if (reason := ambiguity_error(t))]
            if unsure:
                raise ImportFileError(path, " ".join(unsure))
            batch = batch_from_tables(tables, name)
        except ImportFileError as exc:
            errors.append(exc)
            continue
        summary = FileSummary(
            file=name,
            kind=sheets[0].kind,
            sheets=[t.sheet for t in tables],
            rows_read=batch.rows_read,
            rejected=batch.rejected_rows,
            warnings=sum(1 for p in batch.problems if not p.rejected),
            merged_duplicates=batch.merged_duplicates,
            skipped=batch.skipped,
            ignored_columns=batch.ignored_columns,
            notes=notes + readability_notes(batch),
        )
        batches.append(batch)
        summaries.append(summary)
    total = sum(s.rows_read for s in summaries)
    if total > MAX_IMPORT_ROWS:
        errors.append(
            f"các tệp có tổng cộng {vn_int(total)} dòng, quá giới hạn {vn_int(MAX_IMPORT_ROWS)} "
            "dòng một lần nhập (để máy 4 GB không hết bộ nhớ); hãy nhập từng tệp một."
        )
    if errors:
        raise ImportAborted(errors)
    return batches, summaries


def run_import(
    book: Book,
    paths: Sequence[str | Path],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
    source: System | None = None,
) -> ImportResult:
    """Import export files into the workbook's HoSo register (see the module docstring).
    `source` names the files' source system (the clerk's choice); by default each file's
    is recognised (importer/sources.py)."""
    report = progress or (lambda text, fraction: None)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    if not paths:
        raise ImportAborted(["chưa chọn tệp nào để nhập."])
    names = book.sheet_names()
    has_sheet = {fold(n): n for n in names}
    mapping_sheet = has_sheet.get(fold(SHEET_MAPPING))
    profile = profile_from_rows(book.read(mapping_sheet) if mapping_sheet else None)
    register_sheet = has_sheet.get(fold(SHEET_REGISTER), SHEET_REGISTER)
    audit_sheet = has_sheet.get(fold(SHEET_AUDIT), SHEET_AUDIT)
    errors_sheet = has_sheet.get(fold(SHEET_IMPORT_ERRORS), SHEET_IMPORT_ERRORS)
    audit_rows = book.read(audit_sheet) if audit_sheet in names else []
    owned = owned_columns(audit_rows)
    for header in owned:  # a column an earlier import created is a column of the profile,
        if not meaning_of(header):  # unless its header names a register column after all
            profile.aliases.setdefault(fold(header), EXTRA_PREFIX + header)

    batches, summaries = read_batches(paths, profile, report)

    report("Gộp vào sổ HoSo", 0.45)
    register_rows = book.read(register_sheet) if register_sheet in names else []
    state, problems, notes = _merge(
        register_rows, owned, batches, summaries, (book.settings(), source)
    )
    notes = list(profile.problems) + notes
    result = ImportResult(summaries, problems, state.changes, notes, dry_run=dry_run)

    error_rows = book.read(errors_sheet) if errors_sheet in names else []
    error_lines = _new_error_lines(error_rows, problems, now)
    audit_lines = [[now, c.file, c.dossier, c.field, c.old, c.new] for c in state.changes]
    if dry_run or not (state.dirty or error_lines or audit_lines):
        report("Xong", 1.0)
        return result

    if state.dirty:
        _write_register(book, register_sheet, state, report)
    _append_log(book, errors_sheet, IMPORT_ERROR_HEADERS, error_rows, error_lines)
    _append_log(book, audit_sheet, AUDIT_HEADERS, audit_rows, audit_lines)
    report("Lưu sổ", 0.97)
    try:
        result.saved_to = book.save()
    except LossyWorkbookError as exc:  # the original kept; the result is in a new file
        result.saved_to = exc.written_to
        result.redirected = str(exc)
    result.written = True
    report("Xong", 1.0)
    return result


def _merge(
    register_rows: list[list[object]],
    owned: set[str],
    batches: list[Batch],
    summaries: list[FileSummary],
    sources: tuple[Settings, System | None],
) -> tuple[RegisterState, list[Problem], list[str]]:
    """The files merged into HoSo in memory, in order, each fitted to its source system:
    the state, every problem (by file and row) and the notes; ImportAborted when a file
    would damage a key column."""
    try:
        state = RegisterState(register_rows, owned)
    except RegisterError as exc:
        raise ImportAborted([str(exc)]) from exc
    settings, chosen = sources
    owners = Owners(state.frame["source"], settings)
    problems: list[Problem] = []
    refusals: list[ImportFileError | str] = []
    notes: list[str] = []
    try:
        with warnings.catch_warnings():  # a wide file: pandas' notes on its own speed
            warnings.simplefilter("ignore", PerformanceWarning)
            for batch, summary in zip(batches, summaries, strict=True):
                ids = batch.frame["dossier_id"].astype(str)
                new = ~ids.isin(state.index.keys()).to_numpy() if len(ids) else np.zeros(0, bool)
                refuse, warn = key_column_check(batch, new, {fold(h) for h in owned})
                refusals += [ImportFileError(batch.file, r) for r in refuse]
                notes += warn
                origin = recognise(batch, settings, chosen)
                summary.notes.insert(0, origin.note(batch.file))
                problems += fit(batch, origin, state.index, state.frame, owners)
                state.merge(batch, summary)
                fresh = ids[new].tolist()
                owners.took(
                    [state.index[i] for i in fresh if i in state.index], origin.system, batch.source
                )
                problems += batch.problems
            if refusals:  # nothing is written: the register stays as it was
                raise ImportAborted(refusals)
            state.finish(summaries)
    except RegisterError as exc:
        raise ImportAborted([str(exc)]) from exc
    order = {s.file: i for i, s in enumerate(summaries)}
    problems = sorted(problems + state.problems, key=lambda p: (order.get(p.file, 0), p.row or 0))
    if state.register_duplicates:
        shown = ", ".join(state.register_duplicates[:10])
        more = len(state.register_duplicates) - 10
        notes.append(
            f"Sổ HoSo có Mã hồ sơ lặp lại ({shown}{f' và {more} mã khác' if more > 0 else ''}); "
            "chỉ dòng đầu của mỗi mã được cập nhật."
        )
    return state, problems, notes


def _new_error_lines(
    existing: list[list[object]], problems: list[Problem], now: dt.datetime
) -> list[list[object]]:
    """LoiNhap lines not already there (same file, row, column, value and reason)."""
    header = _find_header(existing, IMPORT_ERROR_HEADERS)
    seen: set[tuple[str, ...]] = set()
    if header is not None:
        cols = {fold(v): i for i, v in enumerate(existing[header])}
        idx = [cols.get(fold(h)) for h in IMPORT_ERROR_HEADERS[1:6]]
        for row in existing[header + 1 :]:
            seen.add(
                tuple(V.display_text(row[i]) if i is not None and i < len(row) else "" for i in idx)
            )
    lines = []
    for p in problems:
        key = (p.file, V.display_text(p.row), p.column, V.display_text(p.value), p.reason)
        if key in seen:
            continue
        seen.add(key)
        lines.append(
            [now, p.file, p.row, p.column, V.display_text(p.value), p.reason, p.raw_row or None]
        )
    return lines


def _append_log(
    book: Book,
    sheet: str,
    headers: Sequence[str],
    existing: list[list[object]],
    lines: list[list[object]],
) -> None:
    """Lines appended below a log sheet's last row (its header row written if missing)."""
    if not lines:
        return
    book.ensure_sheet(sheet)
    top = _last_filled(existing) + 1
    if _find_header(existing, headers) is None:
        if top > 1:
            top += 1  # a blank row between whatever the sheet held and the log
        book.write(sheet, top, [list(headers)])
        top += 1
    for start in range(0, len(lines), WRITE_CHUNK):
        book.write(sheet, top + start, lines[start : start + WRITE_CHUNK], formats=[DATE_FORMAT])


def _column_format(column: str) -> str | None:
    return BY_KEY[column].type.number_format if column in BY_KEY else None


def _cells(state: RegisterState, column: str, positions: list[int]) -> list[object]:
    """Rendered HoSo cells of one state column at some register positions."""
    values = state.frame[column].iloc[positions]
    if column not in BY_KEY:
        return extra_cell_values(values)
    col_of = state.columns.col_of
    if column == "channel" and "channel" not in col_of and ONLINE_FLAG in col_of:
        # The register keeps the channel as a Có/Không "Nộp trực tuyến" column.
        return ["Có" if int(v) == int(V.Channel.ONLINE) else "Không" for v in values]
    return BY_KEY[column].type.cells(values)


def _write_register(book: Book, sheet: str, state: RegisterState, report: Progress) -> None:
    """Write the new header cells, the changed cells and the new rows; nothing else."""
    book.ensure_sheet(sheet)
    columns = state.columns
    if columns.new_columns:
        first = len(columns.headers) - len(columns.new_columns)
        book.write(sheet, columns.header_row, [columns.headers[first:]], left=first + 1)

    existing_cells: dict[int, list[tuple[int, object]]] = {}  # HoSo column -> (row, value)
    new_columns: dict[int, tuple[str, list[int]]] = {}
    n_old = state.n_existing
    for column, dirty in state.dirty.items():
        col = columns.position_of(column)
        old = sorted(p for p in dirty if p < n_old)
        if old:
            values = _cells(state, column, old)
            existing_cells[col] = [
                (state.sheet_rows[p], v) for p, v in zip(old, values, strict=True)
            ]
        if any(p >= n_old for p in dirty):
            new_columns[col] = (column, sorted(p for p in dirty if p >= n_old))

    report("Ghi các ô thay đổi", 0.5)
    for col, cells in sorted(existing_cells.items()):
        fmt = _column_format(columns.column_at(col))
        run: list[tuple[int, object]] = []
        for row, value in cells + [(-1, None)]:
            if run and row != run[-1][0] + 1:
                book.write(sheet, run[0][0], [[v] for _, v in run], left=col + 1, formats=[fmt])
                run = []
            run.append((row, value))

    count = len(state.frame) - n_old
    if count:
        first_row = state.sheet_rows[n_old]
        grid: dict[int, list[object]] = {}
        for col, (column, positions) in new_columns.items():
            new_cells: list[object] = [None] * count
            for p, v in zip(positions, _cells(state, column, positions), strict=True):
                new_cells[p - n_old] = v
            grid[col] = new_cells
        cols = sorted(grid)
        runs: list[list[int]] = []
        for col in cols:  # contiguous column runs: never write over a column not ours
            if runs and col == runs[-1][-1] + 1:
                runs[-1].append(col)
            else:
                runs.append([col])
        for start in range(0, count, WRITE_CHUNK):
            stop = min(start + WRITE_CHUNK, count)
            for run_cols in runs:
                block = [[grid[c][i] for c in run_cols] for i in range(start, stop)]
                formats = [_column_format(columns.column_at(c)) for c in run_cols]
                book.write(sheet, first_row + start, block, left=run_cols[0] + 1, formats=formats)
            report(f"Ghi hồ sơ mới {stop:,}/{count:,}".replace(",", "."), 0.5 + 0.45 * stop / count)
    book.resize_table(sheet, REGISTER_TABLE, state.last_row, len(columns.headers))

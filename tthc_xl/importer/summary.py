"""The Vietnamese summary of an import: one text for the CLI and the Excel message box."""

from __future__ import annotations

from tthc_xl.book.names import SHEET_AUDIT, SHEET_IMPORT_ERRORS
from tthc_xl.importer.merge import COLUMN_ADDED, DOSSIER_ADDED, Change, FileSummary
from tthc_xl.importer.run import ImportResult
from tthc_xl.rules.register import BY_KEY
from tthc_xl.style.numbers import thousands
from tthc_xl.style.texttable import table

COUNT_HEADERS = ("Tệp", "Số dòng", "Thêm", "Cập nhật", "Không đổi", "Bị loại", "Cảnh báo")


def count_rows(result: ImportResult) -> list[list[object]]:
    """One row per file plus a total: the figures of COUNT_HEADERS."""
    attrs = ("rows_read", "added", "updated", "unchanged", "rejected", "warnings")
    rows: list[list[object]] = [
        [f.file, *(thousands(getattr(f, a)) for a in attrs)] for f in result.files
    ]
    if len(result.files) > 1:
        rows.append(["Tổng", *(thousands(result.total(a)) for a in attrs)])
    return rows


def file_notes(f: FileSummary) -> list[str]:
    """What else a clerk should know about one file: columns kept or ignored, rows skipped."""
    notes = []
    sheets = ", ".join(f"'{s}'" for s in f.sheets) if f.kind.startswith("bảng") else ""
    where = f.kind + (f", sheet {sheets}" if sheets else "")
    notes.append(f"{f.file}: {where}.")
    if f.ignored_columns:
        notes.append(f"  Bỏ qua cột số thứ tự: {', '.join(f.ignored_columns)}.")
    if f.extra_columns:
        notes.append(f"  Cột lạ được giữ lại trong HoSo: {', '.join(f.extra_columns)}.")
    for reason, count in f.skipped.items():
        if count:
            notes.append(f"  Bỏ qua {thousands(count)} {reason}.")
    if f.merged_duplicates:
        notes.append(
            f"  Gộp {thousands(f.merged_duplicates)} dòng lặp lại cùng Mã hồ sơ, cùng nội dung."
        )
    notes += [f"  {n[0].upper()}{n[1:]}." for n in f.notes]
    return notes


def problem_lines(result: ImportResult) -> list[str]:
    """Every problem: file, row, column, raw value and reason."""
    lines = []
    for p in result.problems:
        kind = "Loại dòng" if p.rejected else "Cảnh báo"
        where = f"dòng {p.row}" if p.row is not None else ""
        column = f", cột {p.column}" if p.column else ""
        value = f", giá trị '{p.value}'" if p.value not in (None, "") else ""
        lines.append(f"- {kind}: {p.file}, {where}{column}{value}: {p.reason}.")
    return lines


# Fields that record where a value came from rather than a fact about the dossier: a
# dry run counts their changes instead of listing them cell by cell.
BOOKKEEPING_FIELDS = (BY_KEY["source"].header,)


def change_lines(result: ImportResult, limit: int | None = None) -> list[str]:
    """The changes a clerk reads: new dossiers counted, then one line per changed dossier
    with all its fields, bookkeeping fields (Nguồn) summarised, added columns."""
    lines = []
    added = [c for c in result.changes if c.field == DOSSIER_ADDED]
    if added:
        ids = ", ".join(c.dossier for c in added[:10])
        more = f" và {thousands(len(added) - 10)} hồ sơ khác" if len(added) > 10 else ""
        lines.append(f"- Thêm {thousands(len(added))} hồ sơ mới: {ids}{more}.")
    by_dossier: dict[str, list[Change]] = {}
    bookkeeping: dict[str, set[str]] = {}
    for c in result.changes:
        if c.field == DOSSIER_ADDED:
            continue
        if c.new == COLUMN_ADDED:
            lines.append(f"- Thêm cột '{c.field}' vào HoSo ({c.file}).")
        elif c.field in BOOKKEEPING_FIELDS:
            bookkeeping.setdefault(c.field, set()).add(c.dossier)
        else:
            by_dossier.setdefault(c.dossier, []).append(c)
    for dossier, changes in by_dossier.items():
        files = sorted({c.file for c in changes})
        fields = "; ".join(f"{c.field} '{c.old}' → '{c.new}'" for c in changes)
        lines.append(f"- {dossier} ({', '.join(files)}): {fields}.")
    for field, dossiers in bookkeeping.items():
        lines.append(f"- {field}: ghi lại cho {thousands(len(dossiers))} hồ sơ (tên tệp nhập).")
    if limit is not None and len(lines) > limit:
        rest = len(lines) - limit
        lines = lines[:limit] + [f"- … và {thousands(rest)} dòng thay đổi khác."]
    return lines


def summary_text(result: ImportResult, *, changes_limit: int | None = None) -> str:
    """The whole summary, in the order a clerk reads it."""
    parts = [table(COUNT_HEADERS, count_rows(result))]
    parts += ["", *[line for f in result.files for line in file_notes(f)]]
    if result.notes:
        parts += ["", *[f"Chú ý: {n}" for n in result.notes]]
    problems = problem_lines(result)
    if problems:
        sheet = "" if result.dry_run else f" (ghi ở sheet {SHEET_IMPORT_ERRORS})"
        parts += ["", f"Lỗi và cảnh báo: {thousands(len(problems))}{sheet}", *problems]
    if result.dry_run:
        changes = change_lines(result, changes_limit)
        parts += [
            "",
            "Chạy thử: chưa ghi gì vào sổ."
            + (" Những thay đổi sẽ có:" if changes else " Không có thay đổi nào."),
            *changes,
        ]
    elif result.written:
        where = f" vào {result.saved_to.name}" if result.saved_to else ""
        parts += [
            "",
            f"Đã ghi sổ{where}: {thousands(result.total('added'))} hồ sơ mới, "
            f"{thousands(result.total('updated'))} lượt cập nhật hồ sơ; "
            f"nhật ký thay đổi ở sheet {SHEET_AUDIT}.",
        ]
    else:
        parts += ["", "Không có gì thay đổi; sổ giữ nguyên."]
    return "\n".join(parts)

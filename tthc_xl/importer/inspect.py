"""How an export would be read, without writing anything (`tthc-xl inspect`).

What a clerk, or whoever helps them by phone, needs when a new export does not import as
expected: the sheet and header rows found; each file column beside the register column it
maps to and by which rule (tên quen = a built-in spelling, nghĩa = what the header's words
say, AnhXaCot = the clerk's sheet, không rõ = kept as an extra column); sample values and
the share that read; the rows skipped and why; and whether `import` would refuse the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from tthc_xl.book.names import SHEET_MAPPING, SHEET_REGISTER
from tthc_xl.importer.batch import batch_from_tables
from tthc_xl.importer.checks import (
    SAMPLE,
    ambiguity_error,
    key_column_check,
    readability_notes,
)
from tthc_xl.importer.mapping import EXTRA_PREFIX, IGNORE, Profile, profile_from_rows
from tthc_xl.importer.readers import ImportFileError, read_file
from tthc_xl.importer.table import Table, choose_tables, header_preview
from tthc_xl.rules import values as V
from tthc_xl.rules.headers import date_of_time_key
from tthc_xl.rules.register import (
    BY_KEY,
    HEADER_SCAN_ROWS,
    ONLINE_FLAG,
    RULE_MEANING,
    find_header,
    key_header,
)
from tthc_xl.rules.text import fold
from tthc_xl.style.texttable import table as text_table

COLUMN_HEADERS = ("Cột", "Tên trong tệp", "Cột của sổ", "Theo", "Ví dụ", "Đọc được")
SHOWN = 3


@dataclass
class Inspection:
    text: str
    refused: bool


def workbook_context(rows_by_sheet: dict[str, list[list[object]]]) -> tuple[Profile, set[str]]:
    """The AnhXaCot profile and the dossier ids HoSo already has, from a workbook's sheets."""
    by_fold = {fold(name): rows for name, rows in rows_by_sheet.items()}
    profile = profile_from_rows(by_fold.get(fold(SHEET_MAPPING)))
    register = by_fold.get(fold(SHEET_REGISTER)) or []
    header = find_header(register) if register else None
    ids: set[str] = set()
    if header is not None:
        pos = next(p for p, k in header.keys.items() if k == "dossier_id")
        ids = {
            V.normalize_text_id(r[pos])
            for r in register[header.bottom + 1 :]
            if pos < len(r) and not V.is_blank(r[pos])
        }
    return profile, ids


def _rule(table: Table, pos: int, profile: Profile) -> str:
    key = table.keys.get(pos)
    if pos in table.ambiguous:
        return "không đoán"
    if key is None:
        return "không rõ"
    if fold(table.names[pos]) in profile.clerk:
        return SHEET_MAPPING
    return "nghĩa" if table.rules.get(pos) == RULE_MEANING else "tên quen"


def _target(table: Table, pos: int) -> str:
    key = table.keys.get(pos)
    if pos in table.ambiguous:
        return " / ".join(key_header(k) for k in table.ambiguous[pos]) + "?"
    if key is None:
        shadow = table.shadowed.get(pos)
        extra = f"(giữ làm cột thêm; '{key_header(shadow)}' đã có)" if shadow else None
        return extra or "(giữ làm cột thêm)"
    if key == IGNORE:
        return "(bỏ qua)"
    if key.startswith(EXTRA_PREFIX):
        return f"(cột thêm '{key[len(EXTRA_PREFIX) :]}')"
    if key in ("note", "source"):
        return f"{key_header(key)} (giữ làm cột '{key_header(key)} (tệp nhập)')"
    return key_header(key)


def _readable(key: str | None, values: pd.Series) -> str:
    """The share of a sample of filled cells that read as the column's type."""
    if key is None or not (key in BY_KEY or key == ONLINE_FLAG or date_of_time_key(key)):
        return ""
    sample = values[~V.blank_mask(values.reset_index(drop=True))].iloc[:SAMPLE]
    if not len(sample):
        return "(trống)"
    sample = sample.reset_index(drop=True)
    if date_of_time_key(key):
        _, bad = V.parse_times(sample)
    elif key == ONLINE_FLAG:
        _, bad = V.parse_online_flags(sample)
    else:
        _, bad = BY_KEY[key].type.parse(sample)
    return f"{round(100 * (1 - float(np.mean(bad))))}%"


def _columns(table: Table, profile: Profile) -> str:
    rows: list[list[object]] = []
    for pos, name in enumerate(table.names):
        values = table.raw[pos]
        filled = values[~table.blank[:, pos]] if len(values) else values
        samples = ", ".join(V.display_text(v) for v in filled.iloc[:SHOWN])
        rows.append(
            [
                table.letters[pos],
                name,
                _target(table, pos),
                _rule(table, pos, profile),
                samples[:60],
                _readable(table.keys.get(pos), values),
            ]
        )
    return text_table(COLUMN_HEADERS, rows, align="lllllr")


def inspect_file(path: str | Path, profile: Profile, known_ids: set[str]) -> Inspection:
    """The text `tthc-xl inspect` prints for one file, and whether import would refuse it."""
    name = Path(path).name
    lines = [f"== {name}"]
    try:
        sheets = read_file(path)
    except ImportFileError as exc:
        return Inspection("\n".join([*lines, f"Không đọc được: {exc.reason}"]), True)
    tables, notes = choose_tables(sheets, profile.aliases)
    lines.append(f"Loại tệp: {sheets[0].kind}." if sheets else "Tệp trống.")
    if not tables:
        preview = "; ".join(f"sheet '{s.name}': {header_preview(s.rows)}" for s in sheets if s.rows)
        lines.append(
            f"Không tìm thấy bảng hồ sơ: không dòng nào trong {HEADER_SCAN_ROWS} dòng đầu có "
            f"cột 'Mã hồ sơ' và một cột khác của sổ. Các cột thấy được: {preview or '(trống)'}."
        )
        lines.append("Kết luận: lệnh import sẽ từ chối tệp này.")
        return Inspection("\n".join(lines), True)
    refusals: list[str] = []
    for t in tables:
        top, bottom = t.header_rows
        rows = f"dòng {top}" if top == bottom else f"dòng {top}–{bottom} (tiêu đề hai tầng)"
        lines += ["", f"Sheet '{t.sheet}': tiêu đề ở {rows}; {len(t.raw)} dòng dữ liệu."]
        lines.append(_columns(t, profile))
        if t.ignored_columns:
            lines.append(f"Bỏ qua cột số thứ tự: {', '.join(t.ignored_columns)}.")
        for reason, count in t.skipped.items():
            if count:
                lines.append(f"Bỏ qua {count} {reason}.")
        unsure = ambiguity_error(t)
        if unsure:
            refusals.append(unsure)
    lines += [f"Chú ý: {n}." for n in notes]
    if not refusals:
        batch = batch_from_tables(tables, name)
        rejected: dict[str, int] = {}
        for p in batch.problems:
            if p.rejected:
                reason = p.reason.split(":")[0] if p.reason.startswith("thiếu") else p.reason
                rejected[reason] = rejected.get(reason, 0) + 1
        for reason, count in rejected.items():
            lines.append(f"Loại {count} dòng: {reason}.")
        warned = sum(1 for p in batch.problems if not p.rejected)
        if warned:
            lines.append(f"{warned} ô không đọc được (sẽ ghi ở LoiNhap khi nhập).")
        lines += [f"Chú ý: {n}." for n in readability_notes(batch)]
        ids = batch.frame["dossier_id"].astype(str)
        new = ~ids.isin(known_ids).to_numpy() if len(ids) else np.zeros(0, bool)
        lines.append(f"{len(ids)} hồ sơ, trong đó {int(new.sum())} hồ sơ mới so với sổ.")
        refuse, warnings = key_column_check(batch, new)
        refusals += refuse
        lines += [f"Cảnh báo: {w}." for w in warnings]
    if refusals:
        lines += ["", "Kết luận: lệnh import sẽ từ chối tệp này, vì:"]
        lines += [f"- {r.rstrip('.')}." for r in refusals]
    else:
        lines += ["", "Kết luận: nhập được."]
    return Inspection("\n".join(lines), bool(refusals))

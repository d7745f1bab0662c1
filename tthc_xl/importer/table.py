"""Finding the register table inside an export sheet, without asking for row numbers.

Real exports put title rows above the table ("SỔ THEO DÕI HỒ SƠ", "Từ ngày … đến ngày …"),
merge a group header over the real one, number the columns "(1) (2) (3)", repeat the header
on every printed page, and end with a total ("Tổng cộng: 100 hồ sơ") and a signature block
("NGƯỜI LẬP BIỂU", a name). The header comes from `register.find_header`; this module
decides which rows below it are dossiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeVar, cast

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from tthc_xl.book.names import SHEET_REGISTER
from tthc_xl.importer.readers import Rows, Sheet
from tthc_xl.rules import values as V
from tthc_xl.rules.register import (
    HEADER_SCAN_ROWS,
    Header,
    find_header,
    header_key,
    is_row_number_header,
)
from tthc_xl.rules.text import fold, fold_words

# Folded text (fold_words) that starts a footer line: totals, signatures, page numbers,
# the place-and-date line.
_FOOTER = re.compile(
    r"^(?:tong cong|tong so|tong|cong|nguoi lap|lap bieu|nguoi ky|nguoi duyet|nguoi kiem tra"
    r"|can bo|thu truong|ky ten|ky ghi ro|ky va ghi ro|ky ho ten|xac nhan|truong phong"
    r"|truong bo phan|pho truong|giam doc|pho giam doc|chu tich|pho chu tich|kt chu tich"
    r"|tm uy ban|tm ubnd|noi nhan|ghi chu|luu y|danh sach nay)\b"
    r"|\bngay \d* ?thang \d* ?nam\b"
)
# A page number printed between pages ("Trang 1/2", "Page 3 of 5"): skipped, not an end.
_PAGE_NUMBER = re.compile(r"^(?:trang|page) \d+(?: (?:tren |of )?\d+)?$")
_COLUMN_NUMBER = re.compile(r"^\(?\s*(\d{1,3})\s*\)?$")
_SUSPICIOUS_ID = r"[\s:]"  # a real dossier id has neither; "Tổng cộng: 100 hồ sơ" has both
FOOTER_MAX_CELLS = 3  # a footer line fills a few cells; a dossier row fills many
_V = TypeVar("_V")


@dataclass
class Table:
    """The dossier rows of one sheet, raw, with their names and sheet row numbers."""

    sheet: str
    names: list[str]  # one per column of `raw`, as the file spells it (one line)
    letters: list[str]  # the sheet column letter of each, for messages
    keys: dict[int, str]  # column of `raw` -> register key (or ONLINE_FLAG)
    raw: pd.DataFrame  # object cells, columns 0..len(names)-1
    row_numbers: np.ndarray  # 1-based sheet row of each row of `raw`
    blank: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), bool))  # empty cells
    ignored_columns: list[str] = field(default_factory=list)  # "STT"
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> rows
    header_rows: tuple[int, int] = (1, 1)  # 1-based first and last header row
    rules: dict[int, str] = field(default_factory=dict)  # column -> how its key was found
    ambiguous: dict[int, tuple[str, ...]] = field(default_factory=dict)  # see register.Naming
    shadowed: dict[int, str] = field(default_factory=dict)


def find_table(sheet: Sheet, aliases: dict[str, str]) -> Table | None:
    """The register table of a sheet, or None when no row names Mã hồ sơ and one more column."""
    header = find_header(sheet.rows, aliases, merged=True)
    if header is None:
        return None
    return _table_below(sheet, header, aliases)


def _table_below(sheet: Sheet, header: Header, aliases: dict[str, str]) -> Table:
    body = sheet.rows[header.bottom + 1 :]
    width = max(len(header.names), max(map(len, body), default=0))
    if any(len(r) != width for r in body):
        body = [list(r) + [None] * (width - len(r)) for r in body]
    raw = pd.DataFrame(body, columns=range(width), dtype=object) if body else None
    if raw is None:
        raw = pd.DataFrame({c: pd.Series([], dtype=object) for c in range(width)})
    names = list(header.names) + [""] * (width - len(header.names))
    numbers = np.arange(len(raw)) + header.bottom + 2
    blank = np.column_stack([V.blank_mask(raw[c]) for c in range(width)]) if width else None
    if blank is None or not len(raw):
        blank = np.ones((len(raw), width), dtype=bool)

    ignored = [
        pos for pos in range(width) if pos not in header.keys and is_row_number_header(names[pos])
    ]
    data_cols = [pos for pos in range(width) if pos not in ignored]
    # A column with neither a name nor any data is no column; one with data but no name is
    # kept under its letter, so nothing is lost.
    keep_cols = [pos for pos in data_cols if names[pos] or not blank[:, pos].all()]
    for pos in keep_cols:
        if not names[pos]:
            names[pos] = f"Cột {get_column_letter(pos + 1)}"

    # all(axis=1) of the 2-D mask is one flag per row (the stubs also allow a scalar)
    filled = (
        ~cast(np.ndarray, blank[:, keep_cols].all(axis=1))
        if keep_cols
        else np.zeros(len(raw), bool)
    )
    skipped: dict[str, int] = {}
    keep = filled.copy()
    id_pos = next(pos for pos, key in header.keys.items() if key == "dossier_id")
    _skip_layout_rows(sheet, header, raw, blank, keep_cols, id_pos, keep, skipped, aliases)

    out = raw.loc[keep, keep_cols].reset_index(drop=True)
    out.columns = range(len(keep_cols))
    keys = {i: header.keys[pos] for i, pos in enumerate(keep_cols) if pos in header.keys}

    def remap(by_pos: dict[int, _V]) -> dict[int, _V]:
        return {i: by_pos[pos] for i, pos in enumerate(keep_cols) if pos in by_pos}

    return Table(
        sheet=sheet.name,
        names=[names[pos] for pos in keep_cols],
        letters=[get_column_letter(pos + 1) for pos in keep_cols],
        keys=keys,
        raw=out,
        row_numbers=numbers[keep],
        blank=blank[np.ix_(keep, np.asarray(keep_cols, dtype=np.intp))]
        if len(raw)
        else np.zeros((0, len(keep_cols)), bool),
        ignored_columns=[names[pos] for pos in ignored],
        skipped=skipped,
        header_rows=(header.top + 1, header.bottom + 1),
        rules=remap(header.rules),
        ambiguous=remap(header.ambiguous),
        shadowed=remap(header.shadowed),
    )


def _skip_layout_rows(
    sheet: Sheet,
    header: Header,
    raw: pd.DataFrame,
    blank: np.ndarray,
    cols: list[int],
    id_pos: int,
    keep: np.ndarray,
    skipped: dict[str, int],
    aliases: dict[str, str],
) -> None:
    """Clear `keep` for rows that are layout, not dossiers: a column-number row under the
    header, repeated headers, footers and everything after a footer that is no dossier.

    Only rows without an id, or whose id has a space or colon, are looked at one by one, so
    a 100,000-row export costs a vectorised test and a handful of Python steps.
    """
    n = len(raw)
    if not n:
        return
    ids = raw[id_pos]
    has_id = ~blank[:, id_pos]
    id_text = ids.where(has_id, "").astype(str)
    odd = keep & (~has_id | id_text.str.contains(_SUSPICIOUS_ID, regex=True).to_numpy())
    filled_rows = np.flatnonzero(keep)
    for i in filled_rows[:2]:  # "(1) (2) (3)" under the header
        if _is_column_number_row(raw.iloc[i, cols].tolist()):
            keep[i] = False
            skipped["dòng đánh số cột"] = skipped.get("dòng đánh số cột", 0) + 1

    upper = sheet.rows[header.top] if header.top != header.bottom else []
    header_folds = [
        {fold(header.names[p]) if p < len(header.names) else ""}
        | ({fold(upper[p])} if p < len(upper) else set())
        for p in range(raw.shape[1])
    ]
    footer_from: int | None = None
    for i in np.flatnonzero(odd).tolist():
        if not keep[i]:
            continue
        cells = [(p, raw.iat[i, p]) for p in cols if not blank[i, p]]
        every = [raw.iat[i, p] for p in range(raw.shape[1]) if not blank[i, p]]
        if _is_repeated_header(cells, header_folds, header, aliases):
            keep[i] = False
            skipped["dòng tiêu đề lặp lại"] = skipped.get("dòng tiêu đề lặp lại", 0) + 1
        elif len(every) == 1 and _PAGE_NUMBER.match(fold_words(every[0])):
            keep[i] = False
            skipped["dòng số trang"] = skipped.get("dòng số trang", 0) + 1
        elif len(every) <= FOOTER_MAX_CELLS and any(
            isinstance(v, str) and _FOOTER.search(fold_words(v)) for v in every
        ):
            footer_from = i
            break
    if footer_from is None:
        return
    # Below a footer only what looks like a dossier row counts: an id and two more register
    # cells, or three register cells without an id (kept, so it is reported, not lost).
    tail = np.arange(n) >= footer_from
    key_cols = [p for p in cols if p in header.keys and p != id_pos]
    others = (~blank[:, key_cols]).sum(axis=1) if key_cols else np.zeros(n, int)
    dossier_like = (has_id & (others >= 2) & ~odd) | (~has_id & (others >= 3))
    drop = tail & keep & ~dossier_like
    skipped["dòng cuối bảng (tổng cộng, ký tên)"] = int(drop.sum())
    keep &= ~drop


def _is_column_number_row(cells: list[object]) -> bool:
    numbers = []
    for value in cells:
        if V.is_blank(value):
            continue
        match = _COLUMN_NUMBER.match(V.cell_text(value))
        if not match:
            return False
        numbers.append(int(match.group(1)))
    return len(numbers) >= 3 and all(b > a for a, b in zip(numbers, numbers[1:], strict=False))


def _is_repeated_header(
    cells: list[tuple[int, object]],
    header_folds: list[set[str]],
    header: Header,
    aliases: dict[str, str],
) -> bool:
    """The header printed again on a new page (or its group row): two or more cells that
    are the header's own words in the same columns, or name the same register columns."""
    same = 0
    for pos, value in cells:
        folded = fold(value)
        if folded and (
            folded in header_folds[pos] or header_key(value, aliases) == header.keys.get(pos)
        ):
            same += 1
    return same >= 2


def choose_tables(sheets: list[Sheet], aliases: dict[str, str]) -> tuple[list[Table], list[str]]:
    """Every sheet holding a register table (an export split over sheets loses nothing);
    a tthc-xl workbook's own HoSo sheet alone when there is one. Returns notes on sheets
    left out."""
    found: list[Table] = []
    notes: list[str] = []
    for sheet in sheets:
        table = find_table(sheet, aliases)
        if table is not None:
            found.append(table)
    register_sheets = [t for t in found if fold(t.sheet) == fold(SHEET_REGISTER)]
    if register_sheets and len(found) > 1:
        for t in found:
            if t not in register_sheets:
                notes.append(f"bỏ qua sheet '{t.sheet}' (chỉ nhập sheet sổ hồ sơ HoSo)")
        found = register_sheets[:1]
    return found, notes


def header_preview(rows: Rows) -> str:
    """The most header-like row's text, to show the clerk what the file calls its columns."""
    best: list[str] = []
    for row in rows[:HEADER_SCAN_ROWS]:
        texts = [" ".join(V.cell_text(v).split()) for v in row if not V.is_blank(v)]
        if len(texts) > len(best):
            best = texts
    return ", ".join(f"'{t}'" for t in best[:15]) + (" …" if len(best) > 15 else "")

"""One export file as a batch of dossiers: values normalised, every problem written down.

The shared parsers of `values` (through `register.from_frame`) read every cell; this module
adds what only an import needs: which cells the file actually filled (an empty cell never
erases a known value), the unknown columns kept as they are, and validation.

What rejects a row (kept whole, with its raw values, in LoiNhap):
- data but no Mã hồ sơ;
- the same Mã hồ sơ twice in one file with different values in some column (every row of
  that id is rejected: which one is right cannot be known);
- Ngày có kết quả or Ngày trả kết quả before Ngày tiếp nhận (checked in `merge`, against
  the register's values for the columns the file does not have).

What only drops one cell, with a warning in LoiNhap (the rest of the row is imported and
the register keeps its old value for that cell): a date that is no date (31/02/2026), an
unknown channel, status, yes/no value or count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tthc_xl.importer.mapping import EXTRA_PREFIX, IGNORE, extra_name
from tthc_xl.importer.table import Table
from tthc_xl.rules import clock
from tthc_xl.rules import values as V
from tthc_xl.rules.columns import TEXT, ColumnType, DateType, nfc_column
from tthc_xl.rules.headers import date_of_time_key
from tthc_xl.rules.register import (
    BY_KEY,
    COLUMNS,
    FILE_COPY_SUFFIX,
    ONLINE_FLAG,
    Register,
    from_frame,
    is_register_key,
    key_header,
)
from tthc_xl.rules.text import INVISIBLE, fold, nfc, visible

# The columns an import never writes under their own name: the staff's notes, and Nguồn,
# which the importer fills with the file name. A file's own note or source column is kept
# under these names instead, so nothing is lost.
NOTE_FROM_FILE = BY_KEY["note"].header + FILE_COPY_SUFFIX
SOURCE_FROM_FILE = BY_KEY["source"].header + FILE_COPY_SUFFIX
_REROUTED = {"note": NOTE_FROM_FILE, "source": SOURCE_FROM_FILE}
FROM_FLAG = "__channel_from_flag"  # batch column: the channel came from a Có/Không column

# Cells that say "nothing here": only punctuation ("-", "—", "...", "/"), and the words
# of the column's type for "no value yet" (ColumnType.empty_words: "chưa có" for a date).
_PUNCTUATION_ONLY = r"^[\s\-–—_.,/\\*#?!:;|'\"`~()\[\]]*$"
_DROPPED = "; bỏ qua ô này, giữ giá trị cũ trong sổ"
TIME_REASON = "không phải giờ hợp lệ (như 08:30 hoặc 14h05)"
RAW_ROW_LIMIT = 32000  # an Excel cell holds 32,767 characters


@dataclass
class Problem:
    """One line of LoiNhap: where, what was there, and why, in Vietnamese."""

    file: str
    row: int | None
    column: str
    value: object
    reason: str
    rejected: bool
    raw_row: str = ""


@dataclass
class Batch:
    """The dossiers of one file (all its register sheets), one row per Mã hồ sơ."""

    file: str  # file name, for messages and LoiNhap
    frame: pd.DataFrame  # dossier_id, canonical keys the file has (parsed), extras (raw)
    has: dict[str, np.ndarray]  # column -> the file filled that cell with a usable value
    keys: list[str]  # canonical keys the file has (channel included when from a flag)
    extras: list[str]  # extra column names, file order
    row_numbers: np.ndarray  # sheet row of each dossier (the first, for merged duplicates)
    origin: np.ndarray  # (table index, row of table.raw) of each dossier
    tables: list[Table] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    rejected_rows: int = 0
    merged_duplicates: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    column_of: dict[str, str] = field(default_factory=dict)  # key/extra -> file column label
    mapped_extras: set[str] = field(default_factory=set)  # extras named in AnhXaCot
    # register key -> [cells filled, cells unreadable], to judge a mapping by its values
    readability: dict[str, list[int]] = field(default_factory=dict)
    source: str = ""  # "<system>: <file>" for Nguồn and NhatKy (importer/sources.py)
    second_truth: bool = False  # the portal's list: its own columns and extras leave Nguồn
    claims: set[str] = field(default_factory=set)  # ids whose Nguồn it takes over (sources.py)

    def raw_row(self, i: int) -> str:
        """The raw text of dossier i's row, for LoiNhap when merge rejects it."""
        t, r = self.origin[i]
        return _raw_text(self.tables[int(t)], int(r))


@dataclass
class _Part:
    frame: pd.DataFrame
    has: dict[str, np.ndarray]
    keys: list[str]
    extras: list[str]
    rows: np.ndarray
    source_rows: np.ndarray  # row of table.raw
    mapped: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)  # column -> "name (cột X)"
    readability: dict[str, list[int]] = field(default_factory=dict)


def _is_placeholder(value: object, column_type: ColumnType | None) -> bool:
    """A cell that says "nothing here" ("-", "—", "...", and "chưa có" in a date column);
    `column_type` None: the Có/Không channel flag."""
    if not isinstance(value, str):
        return False
    words = column_type.empty_words if column_type is not None else None
    return bool(re.match(_PUNCTUATION_ONLY, value) or (words and re.match(words, value)))


def _clean_text(values: pd.Series, blank: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    """A text/id/code column with its placeholder cells emptied (each distinct value is
    looked at once)."""
    cleared = V.map_distinct(values, lambda u: _is_placeholder(u, TEXT), empty=False, dtype=bool)
    if not cleared.any():
        return values, blank
    out = values.copy()
    out[cleared] = None
    return out, blank | cleared


def _label(table: Table, pos: int, multi_sheet: bool) -> str:
    where = f"cột {table.letters[pos]}"
    if multi_sheet:
        where += f", sheet '{table.sheet}'"
    return f"{table.names[pos]} ({where})"


def _raw_text(table: Table, i: int) -> str:
    parts = []
    for pos, name in enumerate(table.names):
        value = table.raw.iat[i, pos]
        if not V.is_blank(value):
            parts.append(f"{name}={V.display_text(value)}")
    return "; ".join(parts)[:RAW_ROW_LIMIT]


def _normalise_table(table: Table, file: str, multi_sheet: bool) -> tuple[_Part, list[Problem]]:
    """One sheet's table as a part of the batch: register columns parsed, extras kept raw,
    rows without Mã hồ sơ left out, and a problem for each cell or row not imported."""
    canonical, extras, mapped = _route_columns(table)
    reg, sub, blanks = _parse_register_columns(table, canonical)
    _empty_placeholders(reg, sub, canonical, blanks)
    frame, has, keys, problems = _register_values(table, file, multi_sheet, canonical, reg, blanks)
    readability = {
        key: [int((~blank).sum()), int(reg.invalid.get(key, np.zeros(0, bool)).sum())]
        for key, blank in blanks.items()
    }
    extra_names = _keep_extra_columns(table, extras, mapped, frame, has)
    missing = reg.frame["dossier_id"].astype(str).to_numpy() == ""
    problems += _missing_id_problems(table, file, multi_sheet, canonical, missing)
    part = _Part(
        frame=pd.DataFrame(frame)[~missing].reset_index(drop=True),
        has={k: v[~missing] for k, v in has.items()},
        keys=keys,
        extras=extra_names,
        rows=np.asarray(table.row_numbers)[~missing],
        source_rows=np.flatnonzero(~missing),
        mapped=mapped,
        labels=_column_labels(table, multi_sheet, canonical, extras),
        readability=readability,
    )
    return part, problems


def _route_columns(table: Table) -> tuple[dict[int, str], dict[int, str], set[str]]:
    """Where each file column goes, so AnhXaCot and the never-written columns are obeyed:
    (position -> register key, position -> extra column name, extras named in AnhXaCot)."""
    canonical: dict[int, str] = {}  # raw position -> key for from_frame
    extras: dict[int, str] = {}  # raw position -> extra column name
    mapped: set[str] = set()  # extra names the clerk chose in AnhXaCot
    for pos in range(len(table.names)):
        key = table.keys.get(pos)
        if key == IGNORE:
            continue
        if key in _REROUTED:
            extras[pos] = _REROUTED[key]
        elif key == ONLINE_FLAG and "channel" in table.keys.values():
            extras[pos] = table.names[pos]  # the channel column decides; the flag is kept
        elif key and is_register_key(key):
            canonical[pos] = key
        elif key and key.startswith(EXTRA_PREFIX):
            extras[pos] = extra_name(key) or table.names[pos]
            mapped.add(extras[pos])
        else:
            extras[pos] = table.names[pos]
    return canonical, extras, mapped


def _parse_register_columns(
    table: Table, canonical: dict[int, str]
) -> tuple[Register, pd.DataFrame, dict[str, np.ndarray]]:
    """The register columns read by the shared parsers, so an import reads a cell exactly as
    the engine does. Returns the parsed register, the raw cells it read (column i = the i-th
    register column) and each key's empty cells (text placeholders such as "-" emptied)."""
    columns: dict[int, pd.Series] = {}
    blanks: dict[str, np.ndarray] = {}
    for i, (pos, key) in enumerate(canonical.items()):
        values, blank = table.raw[pos].reset_index(drop=True), table.blank[:, pos]
        if key in BY_KEY and BY_KEY[key].type.is_text:
            values, blank = _clean_text(values, blank)
        columns[i], blanks[key] = values, blank
    sub = pd.DataFrame(columns)
    headers = [key_header(key) for key in canonical.values()]
    return from_frame(sub, headers, table.row_numbers), sub, blanks


def _empty_placeholders(
    reg: Register, sub: pd.DataFrame, canonical: dict[int, str], blanks: dict[str, np.ndarray]
) -> None:
    """A placeholder in a parsed column ("-" for a date) shows up as unreadable, but says
    "nothing here": mark it empty, not invalid, so it is no problem and erases nothing."""
    for i, key in enumerate(canonical.values()):
        bad = reg.invalid.get(key)
        if bad is None or not bad.any():
            continue
        column_type = BY_KEY[key].type if key in BY_KEY else None
        where = np.flatnonzero(bad)
        empty = np.array([_is_placeholder(sub[i].iat[j], column_type) for j in where], dtype=bool)
        if empty.any():
            bad = bad.copy()
            bad[where[empty]] = False
            reg.invalid[key] = bad
            blanks[key] = blanks[key].copy()
            blanks[key][where[empty]] = True


def _register_values(
    table: Table,
    file: str,
    multi_sheet: bool,
    canonical: dict[int, str],
    reg: Register,
    blanks: dict[str, np.ndarray],
) -> tuple[dict[str, object], dict[str, np.ndarray], list[str], list[Problem]]:
    """The parsed register values (text in NFC) and which cells the file filled usably, since
    an empty or unreadable cell must never erase a known value; each unreadable cell is
    dropped with a warning. Returns (frame columns, has, keys, problems)."""
    n = len(table.raw)
    parsed = reg.frame
    by_key = {key: pos for pos, key in canonical.items()}
    problems: list[Problem] = []
    has: dict[str, np.ndarray] = {}
    keys: list[str] = []
    frame: dict[str, object] = {"dossier_id": parsed["dossier_id"].astype(object)}
    implausible = _implausible_dates(parsed, [k for k in blanks if k in BY_KEY])
    for key, blank in blanks.items():
        target = "channel" if key == ONLINE_FLAG else key
        if key == "dossier_id":
            continue
        bad = reg.invalid.get(key, np.zeros(n, bool))
        date_key = date_of_time_key(key)
        if date_key is not None:  # the clock is read into its date column
            problems += _unreadable(table, file, multi_sheet, by_key[key], bad, TIME_REASON)
            continue
        odd = implausible.get(key)
        if odd is not None and odd.any():
            odd = odd & ~bad & ~blank
            pos = by_key[key]
            for i in np.flatnonzero(odd).tolist():
                problems.append(
                    Problem(
                        file,
                        int(table.row_numbers[i]),
                        _label(table, pos, multi_sheet),
                        V.display_text(table.raw.iat[i, pos]),
                        "ngày không hợp lý (trước năm 2000 hoặc quá một năm "
                        f"sau ngày muộn nhất của tệp){_DROPPED}",
                        rejected=False,
                    )
                )
            bad = bad | odd
        has[target] = ~blank & ~bad
        keys.append(target)
        frame[target] = parsed[target]
        if key == ONLINE_FLAG:  # "Không" says "not online", not "direct rather than postal"
            frame[FROM_FLAG] = np.ones(n, dtype=bool)
        reason = BY_KEY[target].type.import_reason
        problems += _unreadable(table, file, multi_sheet, by_key[key], bad, reason)
    for key in keys:
        if BY_KEY[key].type.is_text:
            frame[key] = nfc_column(frame[key])
    frame["dossier_id"] = nfc_column(frame["dossier_id"])
    id_pos = by_key["dossier_id"]
    hidden = V.map_distinct(
        table.raw[id_pos].reset_index(drop=True),
        lambda v: isinstance(v, str) and INVISIBLE.search(v) is not None,
        empty=False,
        dtype=bool,
    )
    for i in np.flatnonzero(hidden).tolist():
        problems.append(
            Problem(
                file,
                int(table.row_numbers[i]),
                _label(table, id_pos, multi_sheet),
                visible(V.display_text(table.raw.iat[i, id_pos])),
                "Mã hồ sơ có ký tự ẩn (BOM, khoảng trắng độ rộng 0...); đã bỏ các ký tự này "
                "để không thành hai hồ sơ",
                rejected=False,
            )
        )
    return frame, has, keys, problems


def _unreadable(
    table: Table, file: str, multi_sheet: bool, pos: int, bad: np.ndarray, reason: str
) -> list[Problem]:
    """A warning for each cell of a register column that could not be read."""
    return [
        Problem(
            file,
            int(table.row_numbers[i]),
            _label(table, pos, multi_sheet),
            V.display_text(table.raw.iat[i, pos]),
            f"{reason}{_DROPPED}",
            rejected=False,
        )
        for i in np.flatnonzero(bad).tolist()
    ]


PLAUSIBLE_FROM = np.datetime64("2000-01-01T00:00:00", "s")
PLAUSIBLE_AHEAD = np.timedelta64(366, "D")


def _implausible_dates(parsed: pd.DataFrame, keys: list[str]) -> dict[str, np.ndarray]:
    """Date cells outside a plausible window: before 2000, or more than a year after the
    latest date of the file (01/01/1900 would count as carried over and overdue in every
    period). The latest date is taken among dates up to a year from now, so one far-future
    typo does not widen the window for the others."""
    moments = {
        k: parsed[k].to_numpy(dtype="datetime64[s]")
        for k in keys
        if k in parsed and isinstance(BY_KEY[k].type, DateType)
    }
    if not moments:
        return {}
    horizon = np.datetime64(clock.now(), "s") + PLAUSIBLE_AHEAD
    latest = max(
        (
            m[(m >= PLAUSIBLE_FROM) & (m <= horizon)].max()
            for m in moments.values()
            if ((m >= PLAUSIBLE_FROM) & (m <= horizon)).any()
        ),
        default=np.datetime64(clock.now(), "s"),
    )
    upper = latest + PLAUSIBLE_AHEAD
    return {k: ~np.isnat(m) & ((m < PLAUSIBLE_FROM) | (m > upper)) for k, m in moments.items()}


def _keep_extra_columns(
    table: Table,
    extras: dict[int, str],
    mapped: set[str],
    frame: dict[str, object],
    has: dict[str, np.ndarray],
) -> list[str]:
    """Add the unknown columns to `frame` and `has` raw (text stripped, NFC), under names
    made unique, so no column of the file is lost. Renames in `extras` and `mapped`;
    returns the extra names in file order."""
    extra_names: list[str] = []
    taken = {fold(n) for n in frame}  # kept up to date: linear in the number of columns
    next_number: dict[str, int] = {}
    for pos, name in extras.items():
        base = name
        k = next_number.get(fold(base), 2)
        while fold(name) in taken:  # two columns of one name: both kept, the second numbered
            name, k = f"{base} ({k})", k + 1
        next_number[fold(base)] = k
        taken.add(fold(name))
        if name != base and base in mapped:
            mapped.add(name)
        extras[pos] = name
        values = table.raw[pos].reset_index(drop=True)
        blank = table.blank[:, pos]
        frame[name] = pd.Series(V.map_distinct(values, _tidy_extra, empty=None), dtype=object)
        has[name] = ~blank
        extra_names.append(name)
    return extra_names


def _tidy_extra(value: object) -> object:
    return nfc(visible(value).strip()) if isinstance(value, str) else value


def _missing_id_problems(
    table: Table, file: str, multi_sheet: bool, canonical: dict[int, str], missing: np.ndarray
) -> list[Problem]:
    """A row with data but no Mã hồ sơ cannot be matched to a dossier: rejected whole."""
    id_pos = next(pos for pos, key in canonical.items() if key == "dossier_id")
    id_label = _label(table, id_pos, multi_sheet)
    return [
        Problem(
            file,
            int(table.row_numbers[i]),
            id_label,
            "",
            "thiếu Mã hồ sơ: dòng có dữ liệu nhưng không có mã; không nhập dòng này",
            rejected=True,
            raw_row=_raw_text(table, i),
        )
        for i in np.flatnonzero(missing).tolist()
    ]


def _column_labels(
    table: Table, multi_sheet: bool, canonical: dict[int, str], extras: dict[int, str]
) -> dict[str, str]:
    """Column (key or extra name) -> "name (cột X)", so LoiNhap names the file's column."""
    labels = {key: _label(table, pos, multi_sheet) for pos, key in canonical.items()}
    if ONLINE_FLAG in labels:
        labels.setdefault("channel", labels[ONLINE_FLAG])
    labels.update({name: _label(table, pos, multi_sheet) for pos, name in extras.items()})
    return labels


def batch_from_tables(tables: list[Table], file: str) -> Batch:
    """All register tables of one file as one batch; duplicates resolved, problems listed."""
    multi = len(tables) > 1
    parts: list[_Part] = []
    problems: list[Problem] = []
    skipped: dict[str, int] = {}
    ignored: list[str] = []
    labels: dict[str, str] = {}
    readability: dict[str, list[int]] = {}
    rows_read = 0
    for table in tables:
        part, found = _normalise_table(table, file, multi)
        parts.append(part)
        problems += found
        rows_read += len(table.raw)
        for reason, count in table.skipped.items():
            skipped[reason] = skipped.get(reason, 0) + count
        ignored += [c for c in table.ignored_columns if c not in ignored]
        for k, v in part.labels.items():
            labels.setdefault(k, v)
        for k, (filled, bad) in part.readability.items():
            counts = readability.setdefault(k, [0, 0])
            counts[0] += filled
            counts[1] += bad
    keys = [c.key for c in COLUMNS if any(c.key in p.keys for p in parts)]
    extras: list[str] = []
    for p in parts:
        extras += [e for e in p.extras if e not in extras]
    frame = pd.concat([p.frame for p in parts], ignore_index=True) if parts else pd.DataFrame()
    n = len(frame)
    has = {
        col: np.concatenate([p.has.get(col, np.zeros(len(p.frame), bool)) for p in parts])
        if parts
        else np.zeros(0, bool)
        for col in keys + extras
    }
    for col in keys + extras:  # a column only one sheet has: blank (and not "has") elsewhere
        if col not in frame:
            frame[col] = None
    frame[FROM_FLAG] = frame[FROM_FLAG].fillna(False).astype(bool) if FROM_FLAG in frame else False
    rows = np.concatenate([p.rows for p in parts]) if parts else np.zeros(0, int)
    origin = (
        np.concatenate(
            [
                np.column_stack([np.full(len(p.frame), t), p.source_rows])
                for t, p in enumerate(parts)
            ]
        )
        if parts
        else np.zeros((0, 2), int)
    )
    batch = Batch(
        file=file,
        frame=frame,
        has=has,
        keys=keys,
        extras=extras,
        row_numbers=rows,
        origin=origin,
        tables=list(tables),
        problems=problems,
        rows_read=rows_read,
        rejected_rows=sum(1 for p in problems if p.rejected),
        skipped=skipped,
        ignored_columns=ignored,
        column_of=labels,
        mapped_extras=set().union(*(p.mapped for p in parts)) if parts else set(),
        readability=readability,
    )
    if n:
        _resolve_duplicates(batch)
    return batch


def comparable(key: str, values: pd.Series | np.ndarray) -> pd.Series:
    """Values in a form where equal means 'the same dossier fact' (NaN where empty): the
    column type's form for a register column, the raw cell's text for an extra one."""
    if key in BY_KEY:
        return BY_KEY[key].type.comparable(values)
    return pd.Series(values).reset_index(drop=True).map(plain_text)


def plain_text(value: object) -> str:
    """A raw cell as comparable text: 12.0 and '12' alike, datetimes as ISO, NFC strings."""
    if V.is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return nfc(visible(str(value)).strip())


def _resolve_duplicates(batch: Batch) -> None:
    """The same Mã hồ sơ twice in one file: merged when the rows agree (an empty cell
    agrees with anything), every row of it rejected when they conflict."""
    frame = batch.frame
    ids = frame["dossier_id"].astype(str)
    dup = ids.duplicated(keep=False).to_numpy()
    if not dup.any():
        return
    sub_ids = ids[dup]
    conflicts: dict[str, list[str]] = {}
    for col in batch.keys + batch.extras:
        values = comparable(col, frame[col])[dup]
        values = values.where(batch.has[col][dup])
        if col in batch.extras:
            values = values.where(values != "")
        grouped = values.groupby(sub_ids.to_numpy(), sort=False)
        distinct = grouped.nunique(dropna=True)
        for dossier in distinct.index[distinct > 1]:
            conflicts.setdefault(dossier, []).append(col)
    drop = np.zeros(len(frame), dtype=bool)
    positions = pd.Series(np.flatnonzero(dup)).groupby(sub_ids.to_numpy(), sort=False)
    for dossier, where in positions:
        where = where.to_list()
        rows_text = ", ".join(str(int(batch.row_numbers[p])) for p in where)
        if dossier in conflicts:
            cols = conflicts[dossier]
            detail = "; ".join(
                f"{batch.column_of.get(c, c)}: "
                + " / ".join(
                    f"'{V.display_text(frame[c].iat[p])}'" for p in where if batch.has[c][p]
                )
                for c in cols
            )
            for p in where:
                batch.problems.append(
                    Problem(
                        batch.file,
                        int(batch.row_numbers[p]),
                        ", ".join(batch.column_of.get(c, c) for c in cols),
                        "; ".join(V.display_text(frame[c].iat[p]) for c in cols),
                        f"Mã hồ sơ '{dossier}' có ở các dòng {rows_text} với giá trị khác nhau "
                        f"({detail}); không nhập các dòng này",
                        rejected=True,
                        raw_row=batch.raw_row(p),
                    )
                )
                drop[p] = True
            batch.rejected_rows += len(where)
        else:
            first, rest = where[0], where[1:]
            for col in batch.keys + batch.extras:
                got = [p for p in where if batch.has[col][p]]
                if got and not batch.has[col][first]:
                    frame.at[first, col] = frame.at[got[0], col]
                    batch.has[col][first] = True
            drop[rest] = True
            batch.merged_duplicates += len(rest)
    keep = ~drop
    batch.frame = frame[keep].reset_index(drop=True)
    batch.has = {k: v[keep] for k, v in batch.has.items()}
    batch.row_numbers = batch.row_numbers[keep]
    batch.origin = batch.origin[keep]

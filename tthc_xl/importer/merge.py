"""Upsert by Mã hồ sơ into the HoSo register, in memory, with an audit line per change.

Rules (issue 4):
- a dossier the register does not have is appended below the last row; the register's
  rows never move;
- a dossier it has is updated field by field from the file imported later ("latest" means
  the later import, in the order the files are given, not a date inside the file); an
  empty cell never erases a known value;
- *Ghi chú* is never written, nor any column the staff added. A file's unknown column goes
  to an extra column the importer created itself (NhatKy records it as "(thêm cột)") or one
  the clerk named in AnhXaCot; a staff column that happens to have the same name is left
  alone and the file's column goes to "<name> (tệp nhập)";
- *Nguồn* gets the name of the file that added the dossier or last changed it;
- equal values are no change, so importing the same file again writes nothing at all;
- what is written and logged is the net change of the whole run: files are applied in
  order, but a value that one file changes and a later one changes back is no change, so
  importing the same set of files again writes nothing either. A dossier added by the run
  gets one NhatKy line, "(hồ sơ mới)".

Values are compared by meaning, as the engine reads them: 16/03/2026 10:00 typed as text
and as an Excel date are the same, a blank channel is "Trực tiếp", 1.00487 is 1.004870.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tthc_xl.book.extent import EXCEL_MAX_COLUMNS, EXCEL_MAX_ROWS, vn_int
from tthc_xl.book.layout import cell_values
from tthc_xl.importer.batch import FROM_FLAG, Batch, Problem, comparable, plain_text
from tthc_xl.rules import values as V
from tthc_xl.rules.register import (
    BY_KEY,
    COLUMNS,
    DEFAULT_ALIASES,
    FILE_COPY_SUFFIX,
    ONLINE_FLAG,
    PORTAL_KEYS,
    RegisterError,
    find_header,
    from_rows,
)
from tthc_xl.rules.register import match_headers as match_register_headers
from tthc_xl.rules.text import fold

COLUMN_ADDED = "(thêm cột)"  # NhatKy "Giá trị mới" of a column the importer created
DOSSIER_ADDED = "(hồ sơ mới)"  # NhatKy "Trường" of a dossier an import added
NEVER_WRITTEN = ("note", "source")  # source is the file name, set by the importer
_CANONICAL_FOLDS = {fold(c.header): c.key for c in BY_KEY.values()}


@dataclass
class Change:
    """One NhatKy line."""

    file: str
    dossier: str
    field: str
    old: str
    new: str


@dataclass
class FileSummary:
    """What one file did to the register, for the CLI and the message box."""

    file: str
    kind: str = ""
    sheets: list[str] = field(default_factory=list)
    rows_read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    warnings: int = 0
    merged_duplicates: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class RegisterColumns:
    """Which HoSo columns there are and where: the register's own (by key), the extra ones
    (by folded header), and the ones this import adds to the right of the header row."""

    def __init__(
        self, headers: list[str], header_row: int, new_columns: list[str], owned: set[str]
    ) -> None:
        self.header_row = header_row  # 1-based sheet row of the header
        self.headers = headers
        self.new_columns = new_columns  # headers this import adds (written after the others)
        self.owned = owned  # folded extra headers an import created
        found = match_register_headers(self.headers)
        self.col_of: dict[str, int] = {key: pos for pos, key in found.items()}
        self.extra_col: dict[str, int] = {
            fold(h): pos for pos, h in enumerate(self.headers) if pos not in found and fold(h)
        }

    def header_of(self, column: str) -> str:
        """The HoSo header a state column is written under."""
        if column in BY_KEY:
            pos = self.col_of.get(column)
            return self.headers[pos] if pos is not None else BY_KEY[column].header
        return column

    def position_of(self, column: str) -> int:
        """0-based HoSo column of a state column (canonical key or extra header)."""
        if column in BY_KEY:
            if column in self.col_of:
                return self.col_of[column]
            if column == "channel" and ONLINE_FLAG in self.col_of:
                return self.col_of[ONLINE_FLAG]
        return self.extra_col[fold(column)]

    def column_at(self, col: int) -> str:
        """The state column (canonical key or extra header) of 0-based HoSo column `col`."""
        for key, pos in self.col_of.items():
            if pos == col:
                return key
        return self.headers[col]

    def _add_header(self, header: str) -> None:
        if len(self.headers) >= EXCEL_MAX_COLUMNS:
            raise RegisterError(
                f"Sheet HoSo đã có {vn_int(len(self.headers))} cột, "
                f"không thêm được cột '{header}': "
                f"Excel có tối đa {vn_int(EXCEL_MAX_COLUMNS)} cột; chưa nhập gì."
            )
        self.headers.append(header)
        self.new_columns.append(header)
        key = _CANONICAL_FOLDS.get(fold(header))
        if key is not None:
            self.col_of[key] = len(self.headers) - 1
        else:
            self.extra_col[fold(header)] = len(self.headers) - 1

    def ensure(self, column: str) -> bool:
        """Give a state column a HoSo column; True when that added an extra column."""
        if column in BY_KEY:
            if column in self.col_of or (column == "channel" and ONLINE_FLAG in self.col_of):
                return False
            self._add_header(BY_KEY[column].header)
            return False
        if fold(column) in self.extra_col:
            return False
        self._add_header(column)
        self.owned.add(fold(column))
        return True

    def extra_target(self, name: str, mapped: bool) -> str:
        """Which extra column a file's unknown column goes to (it may not exist yet)."""
        key = fold(name)
        if key in DEFAULT_ALIASES or (  # a register spelling, or a staff column
            key in self.extra_col and key not in self.owned and not mapped
        ):
            return self.extra_target(name + FILE_COPY_SUFFIX, False)
        if key in self.extra_col:
            return self.headers[self.extra_col[key]]
        return name


def _same_text(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Cell by cell: do two arrays of raw (extra column) cells hold the same text?"""
    return np.array(
        [plain_text(a) == plain_text(b) for a, b in zip(old, new, strict=True)], dtype=bool
    )


def _same(column: str, old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Cell by cell: do two arrays of one state column hold the same value, by meaning?"""
    if column in BY_KEY:
        a, b = comparable(column, old), comparable(column, new)
        return ((a == b) | (a.isna() & b.isna())).to_numpy()
    return _same_text(old, new)


class NetChanges:
    """Old against new value of every cell the run wrote, so that what is written and logged
    is the net change of the whole run: a value changed and changed back is no change.

    `base` holds each cell's value before the run (or when the run added its row); the
    files are numbered in the order they are merged.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self.base = frame.copy()
        self.writer: dict[tuple[str, int], int] = {}  # (column, position) -> last file
        self.added_by: dict[int, int] = {}  # register position -> file number
        self.matched: list[set[int]] = []  # per file: register positions it named
        self.files: list[str] = []

    def start_file(self, file: str) -> int:
        """Number the next file merged."""
        self.files.append(file)
        self.matched.append(set())
        return len(self.files) - 1

    def add_column(self, column: str) -> None:
        """A column new to the state: empty before the run."""
        self.base[column] = pd.Series([None] * len(self.base), dtype=object)

    def add_columns(self, columns: list[str]) -> None:
        """Several new columns at once (see RegisterState._add_columns)."""
        empty = pd.DataFrame({c: [None] * len(self.base) for c in columns}, dtype=object)
        self.base = pd.concat([self.base, empty.set_axis(self.base.index)], axis=1)

    def wrote(self, column: str, positions: np.ndarray, number: int) -> None:
        self.writer.update({(column, int(p)): number for p in positions})

    def rows_added(self, rows: pd.DataFrame, positions: np.ndarray, number: int) -> None:
        """Rows the run appended, as first written: later files change them from there."""
        self.added_by.update({int(p): number for p in positions})
        self.base = pd.concat([self.base, rows[self.base.columns]], ignore_index=True)

    def written(self) -> dict[str, list[tuple[int, int]]]:
        """Column -> (position, last file number) of every cell some file wrote."""
        by_column: dict[str, list[tuple[int, int]]] = {}
        for (column, pos), number in self.writer.items():
            by_column.setdefault(column, []).append((pos, number))
        return by_column

    def unchanged(self, column: str, positions: np.ndarray, frame: pd.DataFrame) -> np.ndarray:
        """Which cells of `frame` at `positions` hold their value from before the run."""
        return _same(
            column,
            self.base[column].to_numpy()[positions],
            frame[column].to_numpy()[positions],
        )

    def count(self, kept_by_row: dict[int, int], summaries: list[FileSummary]) -> None:
        """Each file's updated and unchanged dossiers, by the changes that lasted."""
        updated: list[set[int]] = [set() for _ in self.files]
        for pos, number in kept_by_row.items():
            if self.added_by.get(pos) != number:
                updated[number].add(pos)
        for number, summary in enumerate(summaries):
            summary.updated = len(updated[number])
            summary.unchanged = len(self.matched[number] - updated[number])


class RegisterState:
    """HoSo as the merge sees it: the sheet's headers and parsed values, changed in memory.

    `columns` keeps the column bookkeeping, `net` the old value of every cell written.
    `dirty` marks the cells to write (column -> register positions); every other cell of
    the sheet is left exactly as it is.
    """

    def __init__(self, rows: list[list[object]], owned: set[str] | None = None) -> None:
        filled = [i for i, r in enumerate(rows) if any(not V.is_blank(v) for v in r)]
        found = find_header(rows) if filled else None
        if filled and found is None:
            raise RegisterError(
                "Sheet HoSo có dữ liệu nhưng không có dòng tiêu đề với cột 'Mã hồ sơ'; "
                "không nhập để khỏi ghi đè. Hãy sửa dòng tiêu đề của HoSo."
            )
        owned_folds = {fold(name) for name in owned or ()}
        if found is None:  # an empty HoSo gets the canonical header row with the data
            headers = [c.header for c in COLUMNS]
            self.columns = RegisterColumns(headers, 1, list(headers), owned_folds)
            reg = from_rows([headers])
        else:
            headers = [V.cell_text(h) for h in rows[found.top]]
            self.columns = RegisterColumns(headers, found.top + 1, [], owned_folds)
            reg = from_rows(rows, header_row=found.top)
        self.frame = reg.frame.reset_index(drop=True)
        self.sheet_rows: list[int] = [int(r) for r in reg.row_numbers]
        self.n_existing = len(self.frame)
        # New dossiers go below the last row holding a dossier id, not below a stray cell
        # far down (see _append for a stray cell in the way).
        self.filled_rows = [i + 1 for i in filled]
        ids_given = self.frame["dossier_id"].astype(str).to_numpy() != ""
        id_rows = [r for r, given in zip(self.sheet_rows, ids_given, strict=True) if given]
        self.last_row = max([self.columns.header_row, *id_rows])
        count_pos = self.columns.col_of.get("supplement_count")
        self.count_blank = np.ones(self.n_existing, dtype=bool)
        if count_pos is not None:
            self.count_blank = np.array(
                [
                    count_pos >= len(rows[r - 1]) or V.is_blank(rows[r - 1][count_pos])
                    for r in self.sheet_rows
                ],
                dtype=bool,
            )
        ids = self.frame["dossier_id"].astype(str)
        first = (~ids.duplicated(keep="first") & (ids != "")).to_numpy()
        self.index: dict[str, int] = dict(
            zip(ids[first].tolist(), np.flatnonzero(first).tolist(), strict=True)
        )
        self.register_duplicates = sorted(set(ids[ids.duplicated() & (ids != "")]))
        self.dirty: dict[str, set[int]] = {}  # cells to write: column -> positions
        self.problems: list[Problem] = []
        self.changes: list[Change] = []
        self.net = NetChanges(self.frame)
        self.second_truths: set[int] = set()  # files (by number) that are the portal's lists

    def ensure_column(self, column: str, file: str) -> None:
        """Give a state column a HoSo column before anything is written into it."""
        if self.columns.ensure(column):
            self.changes.append(Change(file, "", column, "", COLUMN_ADDED))

    # ------------------------------------------------------------------ merge

    def merge(self, batch: Batch, summary: FileSummary) -> None:
        """Upsert one file's dossiers; the next file sees this file's values."""
        number = self.net.start_file(batch.source or batch.file)
        if batch.second_truth:
            self.second_truths.add(number)
        if not len(batch.frame):
            return
        ids = batch.frame["dossier_id"].astype(str).tolist()
        pos = np.array([self.index.get(i, -1) for i in ids], dtype=np.int64)
        keep = np.flatnonzero(self._consistent(batch, pos, summary))
        sub = batch.frame.iloc[keep].reset_index(drop=True)
        has = {c: m[keep] for c, m in batch.has.items()}
        pos = pos[keep]
        known = np.flatnonzero(pos >= 0)
        fresh = np.flatnonzero(pos < 0)
        at = pos[known]

        # (batch column, state column) pairs; an extra keeps its raw values.
        pairs = [(k, k) for k in batch.keys if k not in NEVER_WRITTEN]
        pairs += [
            (name, self.columns.extra_target(name, name in batch.mapped_extras))
            for name in batch.extras
            if has[name].any()
        ]

        diffs: list[tuple[str, str, np.ndarray]] = []  # (batch col, state col, mask over known)
        for column, target in pairs:
            given = has[column][known]
            if not given.any():
                continue
            incoming = sub[column].to_numpy()[known]
            if column in BY_KEY:
                old = comparable(column, self.frame[column].to_numpy()[at])
                new = comparable(column, incoming)
                same = ((old == new) | (old.isna() & new.isna())).to_numpy().copy()
                if column == "channel":  # a Có/Không flag's "Không" agrees with postal
                    flagged = sub[FROM_FLAG].to_numpy(dtype=bool)[known]
                    postal = old.to_numpy() == int(V.Channel.POSTAL)
                    same |= flagged & postal & (new.to_numpy() == int(V.Channel.DIRECT))
            else:
                current = (
                    self.frame[target].to_numpy()[at]
                    if target in self.frame
                    else np.full(len(at), None, dtype=object)
                )
                same = _same_text(current, incoming)
            diff = given & ~same
            if diff.any():
                diffs.append((column, target, diff))
        self.net.matched[number].update(at.tolist())
        self._update(batch, number, sub, known, at, diffs)
        if batch.claims:  # a dossier entered from the portal, now brought by its system
            mine = at[np.isin(np.asarray(ids, dtype=object)[keep][known], list(batch.claims))]
            self._set("source", mine, np.full(len(mine), batch.source, dtype=object))
            self.dirty.setdefault("source", set()).update(mine.tolist())
            self.net.wrote("source", mine, number)

        if len(fresh):
            self._append(batch, number, sub, has, fresh, pairs)
            summary.added += len(fresh)
        for column, target in pairs:
            if column not in BY_KEY and target not in summary.extra_columns:
                summary.extra_columns.append(target)
        self._refresh_counts()

    def _consistent(self, batch: Batch, pos: np.ndarray, summary: FileSummary) -> np.ndarray:
        """False for rows whose result or return date would come before the receipt date
        (the register's value standing in for a column the file does not have)."""
        frame, n = batch.frame, len(batch.frame)
        known = pos >= 0

        def effective(key: str) -> tuple[np.ndarray, np.ndarray]:
            out = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
            out[known] = self.frame[key].to_numpy(dtype="datetime64[s]")[pos[known]]
            given = batch.has.get(key, np.zeros(n, dtype=bool))
            if key in frame:
                out[given] = frame[key].to_numpy(dtype="datetime64[s]")[given]
            return out, given

        received, received_given = effective("received_at")
        ok = np.ones(n, dtype=bool)
        for key in ("finished_at", "returned_at"):
            end, end_given = effective(key)
            before = ~np.isnat(end) & ~np.isnat(received) & (end < received)
            # A date without a clock (00:00) on the receipt day is not "before" it.
            same_day = end.astype("datetime64[D]") == received.astype("datetime64[D]")
            midnight = end == end.astype("datetime64[D]").astype("datetime64[s]")
            bad = before & ~(same_day & midnight) & (received_given | end_given) & ok
            for i in np.flatnonzero(bad).tolist():
                where = "" if received_given[i] else " theo sổ"
                self.problems.append(
                    Problem(
                        batch.file,
                        int(batch.row_numbers[i]),
                        batch.column_of.get(key, BY_KEY[key].header),
                        V.display_text(end[i]),
                        f"{BY_KEY[key].header} ({V.display_text(end[i])}) trước Ngày tiếp nhận"
                        f"{where} ({V.display_text(received[i])}); không nhập dòng này",
                        rejected=True,
                        raw_row=batch.raw_row(i),
                    )
                )
            summary.rejected += int(bad.sum())
            ok &= ~bad
        return ok

    def _update(
        self,
        batch: Batch,
        number: int,
        sub: pd.DataFrame,
        known: np.ndarray,
        at: np.ndarray,
        diffs: list[tuple[str, str, np.ndarray]],
    ) -> None:
        self._add_columns([target for _, target, mask in diffs if mask.any()])
        for column, target, mask in diffs:
            targets = at[mask]
            values = sub[column].to_numpy()[known[mask]]
            self.ensure_column(target, batch.source or batch.file)
            self._set(target, targets, values)
            self.dirty.setdefault(target, set()).update(targets.tolist())
            self.net.wrote(target, targets, number)
            if target == "supplement_count":
                self.count_blank[targets] = False

    def _shown(self, column: str, positions: np.ndarray, frame: pd.DataFrame) -> list[str]:
        """The cells at `positions` as NhatKy shows them."""
        if column not in frame:
            return [""] * len(positions)
        values = frame[column].iloc[positions]
        cells = cell_values(BY_KEY[column], values) if column in BY_KEY else values.tolist()
        return [V.display_text(v) for v in cells]

    def _add_columns(self, columns: list[str]) -> None:
        """Empty columns new to the state, added at once: one at a time costs time
        quadratic in the number of columns (pandas re-scans its blocks on each insert)."""
        new = [c for c in dict.fromkeys(columns) if c not in self.frame]
        if len(new) < 2:
            return
        empty = pd.DataFrame({c: [None] * len(self.frame) for c in new}, dtype=object)
        self.frame = pd.concat([self.frame, empty.set_axis(self.frame.index)], axis=1)
        self.net.add_columns(new)

    def _set(self, column: str, positions: np.ndarray, values: np.ndarray) -> None:
        if column not in self.frame:
            self.frame[column] = pd.Series([None] * len(self.frame), dtype=object)
            self.net.add_column(column)
        current = self.frame[column]
        if isinstance(current.dtype, pd.BooleanDtype):
            arr = current.array.copy()
            arr[positions] = pd.array(list(values), dtype="boolean")
        else:
            arr = current.to_numpy(copy=True)
            arr[positions] = values
        self.frame[column] = arr

    def _append(
        self,
        batch: Batch,
        number: int,
        sub: pd.DataFrame,
        has: dict[str, np.ndarray],
        fresh: np.ndarray,
        pairs: list[tuple[str, str]],
    ) -> None:
        """New dossiers below the last row; only the cells the file filled are written."""
        count = len(fresh)
        start = len(self.frame)
        blank = {
            c: (BY_KEY[c].type.blank(count) if c in BY_KEY else np.full(count, None, dtype=object))
            for c in self.frame.columns
        }
        self.frame = pd.concat([self.frame, pd.DataFrame(blank)], ignore_index=True)
        positions = np.arange(start, start + count)
        ids = sub["dossier_id"].to_numpy()[fresh]
        first_row = self.last_row + 1
        at = bisect.bisect_left(self.filled_rows, first_row)
        if at < len(self.filled_rows) and self.filled_rows[at] < first_row + count:
            first_row = self.filled_rows[-1] + 1  # never write over a filled row below
        if first_row + count - 1 > EXCEL_MAX_ROWS:
            raise RegisterError(
                f"Sheet HoSo không đủ chỗ: {vn_int(count)} hồ sơ mới cần đến dòng "
                f"{vn_int(first_row + count - 1)}, quá dòng cuối cùng của Excel "
                f"({vn_int(EXCEL_MAX_ROWS)}). "
                "Hãy xóa các ô thừa ở cuối HoSo hoặc chuyển hồ sơ cũ sang sổ khác; "
                "chưa nhập gì."
            )
        self.sheet_rows += list(range(first_row, first_row + count))
        self.last_row = first_row + count - 1
        self.count_blank = np.concatenate([self.count_blank, np.ones(count, dtype=bool)])
        self.index.update({str(d): int(p) for d, p in zip(ids, positions, strict=True)})

        writes = [("dossier_id", "dossier_id", np.ones(count, dtype=bool))]
        writes += [(c, t, has[c][fresh]) for c, t in pairs]
        self._add_columns([t for _, t, given in writes if given.any()])
        for column, target, given in writes:
            if not given.any():
                continue
            self.ensure_column(target, batch.source or batch.file)
            self._set(target, positions[given], sub[column].to_numpy()[fresh][given])
            self.dirty.setdefault(target, set()).update(positions[given].tolist())
            if target == "supplement_count":
                self.count_blank[positions[given]] = False
        self.ensure_column("source", batch.source or batch.file)
        self._set("source", positions, np.full(count, batch.source or batch.file, dtype=object))
        self.dirty.setdefault("source", set()).update(positions.tolist())
        self._refresh_counts()  # a count the file left blank: 0, or 1 with a request date
        self.net.rows_added(self.frame.iloc[start:], positions, number)
        self.changes += [
            Change(batch.source or batch.file, str(d), DOSSIER_ADDED, "", f"dòng {r}")
            for d, r in zip(ids, range(first_row, first_row + count), strict=True)
        ]

    def finish(self, summaries: list[FileSummary]) -> None:
        """Keep only the net changes of the run: write, log and count those.

        A cell some file changed and a later file changed back is no change; Nguồn names
        the last file that changed something that stayed changed.
        """
        net = self.net
        kept_by_row: dict[int, int] = {}  # position -> last file with a lasting change
        source_by_row: dict[int, int] = {}  # the same, counting the register's own columns
        lines: list[tuple[int, int, str, str, str]] = []  # (file, pos, field, old, new)
        for column, cells in net.written().items():
            positions = np.array([p for p, _ in cells])
            same = net.unchanged(column, positions, self.frame)
            old_shown = self._shown(column, positions, net.base)
            new_shown = self._shown(column, positions, self.frame)
            for i, (pos, number) in enumerate(cells):
                if same[i]:
                    if pos not in net.added_by:
                        self.dirty[column].discard(pos)
                    continue
                kept_by_row[pos] = max(kept_by_row.get(pos, -1), number)
                if column not in PORTAL_KEYS and number not in self.second_truths:
                    # a portal list names itself in Nguồn only for the dossiers it adds
                    source_by_row[pos] = max(source_by_row.get(pos, -1), number)
                if pos not in net.added_by:
                    lines.append(
                        (number, pos, self.columns.header_of(column), old_shown[i], new_shown[i])
                    )
        for pos, number in sorted(source_by_row.items()):
            file = net.files[number]
            if str(self.frame["source"].iat[pos]) != file:
                old = str(net.base["source"].iat[pos])
                self._set("source", np.array([pos]), np.array([file], dtype=object))
                self.ensure_column("source", file)
                self.dirty.setdefault("source", set()).add(pos)
                if pos not in net.added_by:
                    lines.append((number, pos, self.columns.header_of("source"), old, file))
        ids = self.frame["dossier_id"].to_numpy()
        self.changes += [
            Change(net.files[n], str(ids[p]), fld, old, new)
            for n, p, fld, old, new in sorted(lines, key=lambda x: (x[0], x[1]))
        ]
        self.dirty = {c: ps for c, ps in self.dirty.items() if ps}
        net.count(kept_by_row, summaries)

    def _refresh_counts(self) -> None:
        """A blank Số lần yêu cầu bổ sung reads as 1 when a request date is there, else 0."""
        if self.count_blank.any():
            requested = self.frame["supplement_requested_at"].notna().to_numpy()
            counts = self.frame["supplement_count"].to_numpy(copy=True)
            counts[self.count_blank] = requested[self.count_blank].astype(np.int64)
            self.frame["supplement_count"] = counts

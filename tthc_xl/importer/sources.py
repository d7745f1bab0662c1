"""Each file's source system, and what it may write (rules/sources.py, docs/rules.md).

Before a file is merged, its batch is fitted to its source:
- a portal list also fills the portal's own columns (*Cổng DVCQG - …*) from its values, and
  writes the register's columns only for a dossier the register does not hold yet (it
  enters from the portal's values, its *Nguồn* saying so) or holds from the portal alone;
- a system of record's value that another, better-ranked system of record gave is kept,
  and the disagreement is a LoiNhap line with both values; a better-ranked system's value
  replaces a lower one's, also with a line: never a silent overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from tthc_xl.importer.batch import Batch, Problem
from tthc_xl.rules import values as V
from tthc_xl.rules.register import BY_KEY, PORTAL_OF
from tthc_xl.rules.settings import Settings
from tthc_xl.rules.sources import (
    OWNED_KEYS,
    System,
    is_portal_layout,
    may_overwrite,
    source_text,
    system_of_name,
    system_of_source,
)

BY_LAYOUT = "nhận theo các cột MaHoSo, TrangThaiHoSo... của tệp"
BY_NAME = "nhận theo tên tệp (mẫu ở CauHinh)"
BY_CLERK = "do cán bộ chọn"
BY_DEFAULT = "không nhận ra hệ thống nào"


@dataclass(frozen=True)
class Origin:
    system: System
    how: str  # how it was recognised, for the summary

    def note(self, file: str) -> str:
        """The summary's line under the file (which names it)."""
        return f"Nguồn: {self.system.value} ({self.how})"


def recognise(batch: Batch, settings: Settings, chosen: System | None) -> Origin:
    """The clerk's choice, else the portal's layout, else a file-name pattern, else other."""
    if chosen is not None:
        return Origin(chosen, BY_CLERK)
    if any(is_portal_layout(t.names) for t in batch.tables):
        return Origin(System.PORTAL, BY_LAYOUT)
    named = system_of_name(Path(batch.file).name, settings.file_patterns)
    if named is not None:
        return Origin(named, BY_NAME)
    return Origin(System.OTHER, BY_DEFAULT)


class Owners:
    """Who owns each register dossier's values during one import run: its *Nguồn* as the
    register holds it, then each file the run let write it."""

    def __init__(self, sources: pd.Series, settings: Settings) -> None:
        patterns = settings.file_patterns
        self.settings = settings
        self.by_position: dict[int, System | None] = {}
        self.text: dict[int, str] = {}
        for pos, text in enumerate(sources.tolist()):
            self.by_position[pos] = system_of_source(text, patterns)
            self.text[pos] = "" if V.is_blank(text) else str(text)

    def of(self, pos: int) -> System | None:
        return self.by_position.get(pos)

    def took(self, positions: list[int], system: System, text: str) -> None:
        for pos in positions:
            self.by_position[pos] = system
            self.text[pos] = text


def fit(
    batch: Batch,
    origin: Origin,
    index: dict[str, int],
    register: pd.DataFrame,
    owners: Owners,
) -> list[Problem]:
    """Fit a batch to its source in place (see the module docstring); returns the conflict
    lines. `index` and `register` are the register as the merge holds it before this file."""
    batch.source = source_text(origin.system, batch.file)
    if origin.system is System.PORTAL:
        batch.second_truth = True
        _add_portal_columns(batch)
    ids = batch.frame["dossier_id"].astype(str).tolist()
    positions = np.array([index.get(i, -1) for i in ids], dtype=np.int64)
    ranking = owners.settings.ranking
    problems: list[Problem] = []
    allowed: list[int] = []
    for i in np.flatnonzero(positions >= 0).tolist():
        pos = int(positions[i])
        owner = owners.of(pos)
        may, report = may_overwrite(origin.system, owner, ranking)
        if may:
            allowed.append(pos)
            if owner is System.PORTAL and origin.system in ranking:  # its system brings it
                batch.claims.add(ids[i])
        if not may and not report:  # outside the ranking: the register's values stay
            _keep_register(batch, i, register, pos)
        elif report:
            problems += _conflicts(batch, i, register, pos, owners.text[pos], origin, may)
    owners.took(allowed, origin.system, batch.source)
    return problems


def _add_portal_columns(batch: Batch) -> None:
    """The portal's values also go to its own columns, whoever owns the register's."""
    for key, portal in PORTAL_OF.items():
        if key in batch.keys and portal not in batch.keys:
            batch.frame[portal] = batch.frame[key]
            batch.has[portal] = batch.has[key].copy()
            batch.keys.append(portal)
            if key in batch.column_of:
                batch.column_of[portal] = batch.column_of[key]


def _keep_register(batch: Batch, i: int, register: pd.DataFrame, pos: int) -> None:
    """A source outside the ranking writes none of the owned columns of a dossier a system
    of record (or the staff) gave, and fills only the blanks of its other columns."""
    for key in batch.keys:
        if key in PORTAL_OF.values() or key not in BY_KEY or key not in register:
            continue
        if key in OWNED_KEYS or not V.is_blank(register[key].iat[pos]):
            batch.has[key][i] = False


def _shown(key: str, value: object) -> str:
    cells = BY_KEY[key].type.cells(pd.Series([value], dtype=object))
    return V.display_text(cells[0])


def _conflicts(
    batch: Batch,
    i: int,
    register: pd.DataFrame,
    pos: int,
    owner_text: str,
    origin: Origin,
    may: bool,
) -> list[Problem]:
    """Two systems of record disagree on an owned value: one LoiNhap line with both values;
    the better-ranked one's value stays (`may`: the incoming one is better)."""
    out: list[Problem] = []
    for key in OWNED_KEYS:
        if key not in batch.keys or not batch.has[key][i] or key not in register:
            continue
        old, new = register[key].iat[pos], batch.frame[key].iat[i]
        if V.is_blank(old) or (isinstance(old, float) and np.isnan(old)):
            continue
        if key == "supplement_count" and int(old) == 0:
            continue
        a = BY_KEY[key].type.comparable(pd.Series([old], dtype=object))
        b = BY_KEY[key].type.comparable(pd.Series([new], dtype=object))
        if a.isna().iat[0] or b.isna().iat[0] or a.iat[0] == b.iat[0]:
            continue
        kept = batch.source if may else owner_text
        if not may:
            batch.has[key][i] = False
        header = BY_KEY[key].header
        out.append(
            Problem(
                batch.file,
                int(batch.row_numbers[i]),
                batch.column_of.get(key, header),
                _shown(key, new),
                f"Hồ sơ '{batch.frame['dossier_id'].iat[i]}': hai hệ thống gốc khác nhau ở cột "
                f"'{header}': sổ có '{_shown(key, old)}' ({owner_text}), tệp này "
                f"({batch.source}) ghi '{_shown(key, new)}'; giữ giá trị của {kept} "
                "(theo thứ tự 'Hệ thống gốc' ở CauHinh)",
                rejected=False,
            )
        )
    return out

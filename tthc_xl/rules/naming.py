"""Naming a table's columns and finding its header row: the one header finder of the
package (HoSo, export files, NhatKy, LoiNhap, AnhXaCot).

A header names a register column by its exact spelling (the built-in list or the AnhXaCot
sheet), else by what its words mean (headers.py); meaning never guesses between two.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from tthc_xl.rules import values as V
from tthc_xl.rules.columns import DATE
from tthc_xl.rules.headers import (
    date_of_time_key,
    is_bare_time,
    meaning_keys,
    note_matters,
    time_key,
)
from tthc_xl.rules.schema import BY_KEY, DEFAULT_ALIASES, is_register_key
from tthc_xl.rules.text import fold

# A leading row-number column ("STT") is never a register column.
ROW_NUMBER_HEADERS = ("STT", "TT", "Số TT", "Số thứ tự", "No", "No.", "Thứ tự")
_ROW_NUMBER_FOLDS = frozenset(fold(h) for h in ROW_NUMBER_HEADERS)
# "Ngày tiếp nhận (dd/mm/yyyy)", "Nộp trực tuyến (Có/Không)": the note in brackets is no
# part of the name.
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def is_row_number_header(header: object) -> bool:
    return fold(header) in _ROW_NUMBER_FOLDS


# An import keeps a file's column beside the register column it would overwrite (the
# file's own Ghi chú, a staff column's namesake) as "<name> (tệp nhập)": that note is a
# name, not one to ignore, or the copy would be read as the register column itself.
FILE_COPY_SUFFIX = " (tệp nhập)"
_FILE_COPY = fold(FILE_COPY_SUFFIX)


RULE_ALIAS = "alias"  # an exact spelling: the built-in list or the AnhXaCot sheet
RULE_MEANING = "meaning"  # what the header's words say (rules/headers.py)


def exact_key(header: object, aliases: dict[str, str] | None = None) -> str | None:
    """The key a header spells exactly (ignoring case, diacritics, spaces, breaks, a
    bracketed note)."""
    table = DEFAULT_ALIASES if aliases is None else aliases
    folded = fold(header)
    key = table.get(folded)
    if (
        key is None
        and isinstance(header, str)
        and ("(" in header or "[" in header)
        and not folded.endswith(_FILE_COPY)
        and not note_matters(header)
    ):
        key = table.get(fold(_BRACKETED.sub(" ", header)))
    return key


def meaning_of(header: object) -> frozenset[str]:
    """The keys a header could name by its words; none for a row number or a file copy."""
    if (
        not isinstance(header, str)
        or fold(header).endswith(_FILE_COPY)
        or is_row_number_header(header)
    ):
        return frozenset()
    return meaning_keys(header)


def header_key(
    header: object, aliases: dict[str, str] | None = None, *, meaning: bool = True
) -> str | None:
    """The key a header names: its exact spelling, else its meaning when that is one key."""
    key = exact_key(header, aliases)
    if key is None and meaning:
        found = meaning_of(header)
        if len(found) == 1:
            key = next(iter(found))
    return key


@dataclass
class Naming:
    """How a row of header names (each with its candidate spellings) names the columns."""

    names: list[str]  # the chosen spelling of each column
    keys: dict[int, str]  # position -> key
    rules: dict[int, str]  # position -> RULE_ALIAS or RULE_MEANING
    # position -> the keys it could be (several), or the one key several columns could be
    ambiguous: dict[int, tuple[str, ...]]
    shadowed: dict[int, str]  # position -> key its meaning names, taken by an exact spelling


def name_columns(
    candidates: Sequence[Sequence[str]], aliases: dict[str, str] | None, meaning: bool = True
) -> Naming:
    """Exact spellings first (the first spelling of a key wins), then meaning for the rest.

    Meaning never guesses: a header that could be two columns, or two headers that could be
    one column, name none and are listed in `ambiguous` (an importer refuses the file and
    names the AnhXaCot line that settles it). A `Giờ …` column names the clock of its date
    column only when that date column is there.
    """
    naming, pending = _by_spelling(candidates, aliases, meaning)
    if meaning:
        _by_meaning(naming, pending)
        _clocks_beside_dates(naming, candidates)
    for pos, key in list(naming.keys.items()):  # a clock without its date column is no column
        date_key = date_of_time_key(key)
        if date_key is not None and date_key not in naming.keys.values():
            del naming.keys[pos], naming.rules[pos]
    return naming


def _by_spelling(
    candidates: Sequence[Sequence[str]], aliases: dict[str, str] | None, meaning: bool
) -> tuple[Naming, dict[int, frozenset[str]]]:
    """Each column's exact spelling, and (for the others) the keys its meaning names."""
    naming = Naming([], {}, {}, {}, {})
    pending: dict[int, frozenset[str]] = {}
    taken: set[str] = set()
    for pos, options in enumerate(candidates):
        chosen = options[0] if options else ""
        for option in options:
            key = exact_key(option, aliases)
            if key and (key not in taken or not is_register_key(key)):
                naming.keys[pos], naming.rules[pos], chosen = key, RULE_ALIAS, option
                taken.add(key)
                break
        else:
            for option in options if meaning else ():
                if found := meaning_of(option):
                    pending[pos], chosen = found, option
                    break
        naming.names.append(chosen)
    return naming, pending


def _by_meaning(naming: Naming, pending: dict[int, frozenset[str]]) -> None:
    """A key by meaning for each column that names one key no other column names, and no
    exact spelling took; the others are ambiguous, or shadowed by an exact spelling."""
    taken = set(naming.keys.values())
    claims: dict[str, list[int]] = {}
    for pos, found in pending.items():
        open_keys = sorted(found - taken)
        if len(found) > 1 and open_keys:
            naming.ambiguous[pos] = tuple(sorted(found))
        elif len(found) == 1 and open_keys:
            claims.setdefault(open_keys[0], []).append(pos)
        elif len(found) == 1:
            naming.shadowed[pos] = next(iter(found))
    for key, positions in claims.items():
        if len(positions) == 1:
            naming.keys[positions[0]], naming.rules[positions[0]] = key, RULE_MEANING
        else:
            for pos in positions:
                naming.ambiguous[pos] = (key,)


def _clocks_beside_dates(naming: Naming, candidates: Sequence[Sequence[str]]) -> None:
    """A bare "Giờ" right of a date column is that date's clock."""
    keys = naming.keys
    for pos in range(1, len(naming.names)):
        left = keys.get(pos - 1)
        if (
            pos not in keys
            and left in BY_KEY
            and BY_KEY[left].type is DATE
            and time_key(left) not in keys.values()
            and any(is_bare_time(o) for o in candidates[pos])
        ):
            keys[pos], naming.rules[pos] = time_key(left), RULE_MEANING


def match_headers(
    headers: Sequence[object], aliases: dict[str, str] | None = None, *, meaning: bool = True
) -> dict[int, str]:
    """Column position -> key for the headers we know; the first spelling of a key wins."""
    options = [[h] if isinstance(h, str) else [V.cell_text(h)] for h in headers]
    return name_columns(options, aliases, meaning).keys


# The header is among the first 30 rows of a sheet (title rows and notes above it).
HEADER_SCAN_ROWS = 30


@dataclass
class Header:
    """Where a table's header sits (one row, or two for a merged group header) and its names."""

    top: int  # first header row, 0-based
    bottom: int  # last header row; data starts below it
    names: list[str]  # one name per column ("" when the column has none)
    keys: dict[int, str]  # column position -> key, as match_headers gives
    rules: dict[int, str] = field(default_factory=dict)  # position -> RULE_ALIAS/RULE_MEANING
    ambiguous: dict[int, tuple[str, ...]] = field(default_factory=dict)  # see Naming
    shadowed: dict[int, str] = field(default_factory=dict)


def _blank_header(value: object) -> bool:
    return V.is_blank(value)


def _header_text(value: object) -> str:
    """A header cell as one line of text: line breaks and runs of spaces become one space."""
    return "" if _blank_header(value) else " ".join(V.cell_text(value).split())


def combine_header_rows(upper: Sequence[object], lower: Sequence[object]) -> list[list[str]]:
    """Candidate names per column for a two-row header, best first.

    calamine gives a merged cell as its value followed by blanks. A cell merged down over
    both rows leaves the lower cell blank: the upper text is the name. A group header merged
    across ("Thông tin hồ sơ" over "Mã hồ sơ, Tên thủ tục…", or "Ngày" over "Tiếp nhận,
    Hẹn trả…") spreads over the columns below it, so the lower text is tried alone, then
    with the group text before or after it.
    """
    width = max(len(upper), len(lower))
    up = [_header_text(upper[i]) if i < len(upper) else "" for i in range(width)]
    low = [_header_text(lower[i]) if i < len(lower) else "" for i in range(width)]
    out: list[list[str]] = []
    group = ""
    for i in range(width):
        if up[i]:
            group = up[i]
        if not low[i]:
            out.append([up[i]])
        elif group and group != low[i]:
            out.append([low[i], f"{group} {low[i]}", f"{low[i]} {group}"])
        else:
            out.append([low[i]])
    return out


def _name_band(
    candidates: list[list[str]], aliases: dict[str, str] | None, meaning: bool
) -> Naming:
    naming = name_columns(candidates, aliases, meaning)
    names, keys = naming.names, naming.keys
    # Unknown columns of one name under different groups ("Số" under "Quyết định" and
    # under "Giấy phép") are told apart by their group: "Số (Quyết định)".
    seen: dict[str, int] = {}
    for pos, name in enumerate(names):
        if pos not in keys and name:
            seen[fold(name)] = seen.get(fold(name), 0) + 1
    for pos, options in enumerate(candidates):
        if pos not in keys and len(options) == 3 and seen.get(fold(names[pos]), 0) > 1:
            group = options[1][: -len(options[0]) - 1]
            names[pos] = f"{options[0]} ({group})"
    return naming


def find_header(
    rows: Sequence[Sequence[object]],
    aliases: dict[str, str] | None = None,
    *,
    merged: bool = False,
    required: Sequence[str] = ("dossier_id",),
    least: int = 2,
    meaning: bool = True,
) -> Header | None:
    """The header: the row among the first HEADER_SCAN_ROWS that names the most columns.

    The one header finder of the package. By default it looks for the register's header:
    the row naming the most register columns, with Mã hồ sơ among them and at least one
    other, so title rows above it ("SỔ THEO DÕI HỒ SƠ") and group headers never win. Other
    sheets (NhatKy, LoiNhap, AnhXaCot) pass their own `aliases` (folded header -> name),
    the names that must be there (`required`) and how many at least (`least`).

    `merged`: an export may merge a group header over the real one, so each row is also
    tried together with the row below it as a two-row header (a single row wins a tie).
    The first row wins a tie with a later one. `meaning`: headers are also read by what
    their words say (rules/headers.py); other sheets' tables pass False.
    """
    best: Header | None = None
    best_score = least - 1
    top_rows = [list(r) for r in rows[:HEADER_SCAN_ROWS]]
    held = [[not _blank_header(v) for v in r] for r in top_rows]
    filled = [any(h) for h in held]
    for i, row in enumerate(top_rows):
        if not filled[i]:
            continue
        # a row names at most one column per cell holding something: a data row below a
        # found header cannot win, and matching its cells (ids, names) costs the most
        bands = []
        if sum(held[i]) > best_score:
            bands.append((i, [[_header_text(v)] for v in row]))
        if merged and i + 1 < len(top_rows) and filled[i + 1]:
            upper, lower = held[i], held[i + 1]
            either = sum(
                (k < len(upper) and upper[k]) or (k < len(lower) and lower[k])
                for k in range(max(len(upper), len(lower)))
            )
            if either > best_score:
                bands.append((i + 1, combine_header_rows(row, top_rows[i + 1])))
        for bottom, candidates in bands:
            naming = _name_band(candidates, aliases, meaning)
            keys = naming.keys
            score = len(keys)
            if score > best_score and all(k in keys.values() for k in required):
                best_score = score
                best = Header(
                    i, bottom, naming.names, keys, naming.rules, naming.ambiguous, naming.shadowed
                )
    return best

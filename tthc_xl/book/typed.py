"""The register sheet read as typed columns, when that gives the register its rows would.

python-calamine hands every cell over as a Python object: ~0.1 s for a quarter of 3,000
dossiers by 23 columns, the largest part of reading a commune's workbook (`tthc-xl kpi`,
and 114 times over for `tthc-xl city`). fastexcel reads the sheet with the same Rust
reader (calamine) into typed Arrow columns, and a date column then reaches the register
as datetime64, parsed in one step.

It serves only when the register comes out exactly as from calamine's rows: the sheet's
first cell is A1 and holds the header (the header finder, over the first 30 rows, agrees
and finds no two-row header), each column holds one kind of cell (text, number, date and
time, true/false; no time-only or pre-1900 values, no error cells), the header names are
the cells' own (none blank, repeated or a number). Anything else returns None and the
caller reads rows with calamine as before; tests/book/test_typed.py compares both.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from tthc_xl.rules import register as register_mod
from tthc_xl.rules.columns import DATE
from tthc_xl.rules.register import BY_KEY, Register

from .extent import sheet_parts

log = logging.getLogger(__name__)
# fastexcel logs each all-empty column ("falling back to string") as a warning
logging.getLogger("fastexcel").setLevel(logging.ERROR)

KINDS = frozenset({"string", "float", "datetime", "boolean"})
# before this, calamine gives a time of day (or Excel's 1900 quirks), fastexcel a datetime
FIRST_DAY = np.datetime64("1900-03-01")
_FIRST_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+\d+)"[^>]*?(/?)>')
_NUMBER = re.compile(r"\s*[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?\s*")


def _header_at_a1(path: Path, sheet: str) -> bool:
    """Whether the sheet's first cell is A1 and holds something: calamine's rows then start
    at A1, as fastexcel's header row and first column do."""
    try:
        with zipfile.ZipFile(path) as z:
            part = next((p for p, name in sheet_parts(z).items() if name == sheet), None)
            if part is None:
                return False
            with z.open(part) as fh:
                head = fh.read(1 << 16)
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, ValueError):
        return False
    first = _FIRST_CELL.search(head)
    return first is not None and first.group(1) == b"A1" and not first.group(2)


def _calamine_value(kind: str, value: object) -> object:
    """One cell as python-calamine gives it: '' when empty, a date for midnight."""
    if value is None:
        return ""
    if kind == "datetime" and isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


def _filled(cell: object) -> bool:
    """Not blank, as calamine's rows are judged (values.is_filled): '' and spaces are."""
    return cell.strip() != "" if isinstance(cell, str) else True


def _plain_headers(names: list[str]) -> bool:
    seen: set[str] = set()
    for name in names:
        if not name.strip() or _NUMBER.fullmatch(name):
            return False
        base = re.sub(r"_\d+$", "", name)  # fastexcel renames a repeated header Name_1
        if name in seen or (base != name and base in seen):
            return False
        seen.add(name)
    return True


def typed_register(path: Path, sheet: str) -> Register | None:
    """The register of `sheet` from typed columns, or None when only rows can tell it."""
    try:
        import fastexcel
    except ImportError:
        return None
    if not _header_at_a1(path, sheet):
        return None
    try:
        loaded = fastexcel.read_excel(str(path)).load_sheet_by_name(
            sheet, header_row=0, dtype_coercion="strict", schema_sample_rows=None
        )
        infos = loaded.available_columns()
        table = loaded.to_arrow()
    except Exception as exc:  # mixed kinds in a column, error cells, an unreadable file
        log.debug("typed read of %s declined: %s", path.name, exc)
        return None
    kinds = [info.dtype for info in infos]
    headers = [info.name for info in infos]
    if (
        not infos
        or any(kind not in KINDS for kind in kinds)
        or any(info.column_name_from != "looked_up" for info in infos)
        or not _plain_headers(headers)
    ):
        return None

    n = table.num_rows
    keys = register_mod.match_headers(headers)
    columns: dict[int, pd.Series] = {}
    undecided = np.arange(n)  # rows not yet known to hold something (calamine's is_filled)
    header_row: list[object] = list(headers)
    top: list[list[object]] = [header_row] + [[] for _ in range(min(n, 29))]
    for pos, (kind, column) in enumerate(zip(kinds, table.columns, strict=True)):
        key = keys.get(pos)
        if kind == "datetime":
            stamps = column.to_numpy(zero_copy_only=False).astype("datetime64[ms]")
            filled = ~np.isnat(stamps)
            if filled.any() and stamps[filled].min() < FIRST_DAY:
                return None  # a time of day: calamine gives datetime.time
            undecided = undecided[~filled[undecided]]
            if key in BY_KEY and BY_KEY[key].type is DATE:
                columns[pos] = pd.Series(stamps)  # a register date column: parsed at once
                cells = [_calamine_value(kind, v) for v in column.slice(0, 29).to_pylist()]
            else:
                cells = [_calamine_value(kind, v) for v in column.to_pylist()]
                columns[pos] = pd.Series(cells, dtype=object)
        else:
            if kind == "string":
                cells = column.fill_null("").to_pylist()
            else:
                cells = ["" if v is None else v for v in column.to_pylist()]
            columns[pos] = pd.Series(cells, dtype=object)
            if undecided.size:
                held = np.fromiter(
                    (_filled(cells[i]) for i in undecided.tolist()), bool, count=undecided.size
                )
                undecided = undecided[~held]
        for row, value in zip(top[1:], cells, strict=False):
            row.append(value)

    header = register_mod.find_header(top)
    if header is None or header.top != 0 or header.bottom != 0:
        return None  # title rows above the header, a two-row header, no register header
    keep = np.ones(n, dtype=bool)
    keep[undecided] = False
    raw = pd.DataFrame(columns).loc[keep].reset_index(drop=True)
    numbers = np.arange(n)[keep] + 2  # the header is row 1
    return register_mod.from_frame(raw, headers, numbers)

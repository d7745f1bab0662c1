"""The register (sổ theo dõi hồ sơ): rows of cells parsed into the canonical frame.

Every source (the HoSo sheet, an export file, the 2-D list Excel hands a UDF) becomes the
same DataFrame with the English keys of docs/rules.md (register columns), so the rules only
ever see one shape. The columns are defined in schema.py, the header finder in naming.py;
their names are re-exported here, where the rooms read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tthc_xl.rules import values as V
from tthc_xl.rules.headers import ONLINE_FLAG, date_of_time_key
from tthc_xl.rules.naming import (  # noqa: F401 - re-exported
    FILE_COPY_SUFFIX,
    HEADER_SCAN_ROWS,
    ROW_NUMBER_HEADERS,
    RULE_ALIAS,
    RULE_MEANING,
    Header,
    Naming,
    combine_header_rows,
    exact_key,
    find_header,
    header_key,
    is_row_number_header,
    match_headers,
    meaning_of,
    name_columns,
)
from tthc_xl.rules.schema import (  # noqa: F401 - re-exported
    ALL_COLUMNS,
    BY_KEY,
    COLUMNS,
    DATE_KEYS,
    DEFAULT_ALIASES,
    ONLINE_FLAG_ALIASES,
    PORTAL_COLUMNS,
    PORTAL_KEYS,
    PORTAL_OF,
    TIME_HEADERS,
    Column,
    default_aliases,
    is_register_key,
    key_header,
)


@dataclass
class Register:
    """The canonical register: one row per dossier, English keys, parsed values."""

    frame: pd.DataFrame
    row_numbers: np.ndarray  # sheet row of each dossier, for messages
    warnings: dict[int, list[str]] = field(default_factory=dict)  # position -> messages
    extra_columns: list[str] = field(default_factory=list)
    invalid: dict[str, np.ndarray] = field(default_factory=dict)  # key -> unreadable cells

    def __len__(self) -> int:
        return len(self.frame)


class RegisterError(ValueError):
    """The rows cannot be read as a register at all (no header with Mã hồ sơ)."""


def from_rows(
    rows: Sequence[Sequence[object]],
    *,
    first_row_number: int = 1,
    aliases: dict[str, str] | None = None,
    header_row: int | None = None,
) -> Register:
    """Turn raw sheet rows (header row first, or found by `find_header`) into a Register.

    Accepts what calamine, openpyxl or Excel (through xlwings) hand over: datetimes,
    floats for dates and numbers, strings, None or "" for empty cells.
    """
    if header_row is None:
        header = find_header(rows, aliases)
        header_row = header.top if header is not None else None
    if header_row is None:
        raise RegisterError("Không tìm thấy dòng tiêu đề có cột 'Mã hồ sơ'.")
    headers = list(rows[header_row])
    width = len(headers)
    body = rows[header_row + 1 :]
    if any(len(r) != width for r in body):
        body = [list(r[:width]) + [None] * (width - len(r)) for r in body]
    numbers = np.arange(len(body)) + first_row_number + header_row + 1
    # a row is kept when a cell holds something: most rows answer at their first cell
    keep = np.fromiter((any(map(V.is_filled, r)) for r in body), dtype=bool, count=len(body))
    kept = [r for r, k in zip(body, keep, strict=True) if k]
    raw = pd.DataFrame(kept, columns=range(width), dtype=object) if kept else None
    if raw is None or raw.shape[1] != width:  # no rows (or no columns): shape it by hand
        raw = pd.DataFrame({c: pd.Series([], dtype=object) for c in range(width)})
    return from_frame(raw, headers, numbers[keep], aliases=aliases)


def from_frame(
    raw: pd.DataFrame,
    headers: Sequence[object],
    row_numbers: np.ndarray,
    *,
    aliases: dict[str, str] | None = None,
) -> Register:
    """Parse a raw object DataFrame whose columns are positions into the canonical shape."""
    found = match_headers(headers, aliases)
    n = len(raw)
    data: dict[str, object] = {}
    warnings: dict[int, list[str]] = {}
    invalid_cells: dict[str, np.ndarray] = {}

    def note(invalid: np.ndarray, key: str, column_values: pd.Series, reason: str) -> None:
        if invalid.any():
            invalid_cells[key] = invalid
        header = key_header(key)
        for pos in np.flatnonzero(invalid).tolist():
            warnings.setdefault(pos, []).append(
                f"{reason} ở cột '{header}': '{column_values.iloc[pos]}'"
            )

    by_key = {key: raw.iloc[:, pos].reset_index(drop=True) for pos, key in found.items()}
    for col in ALL_COLUMNS:
        values = by_key.get(col.key)
        if values is None and col.key == "channel" and ONLINE_FLAG in by_key:
            flags = by_key[ONLINE_FLAG]  # the channel given as Nộp trực tuyến: Có/Không
            data[col.key], bad = V.parse_online_flags(flags)
            note(bad, ONLINE_FLAG, flags, "Giá trị không rõ (tính là trực tiếp)")
        elif values is None:
            data[col.key] = col.type.blank(n)  # nothing to parse
        else:
            data[col.key], bad = col.type.parse(values)
            if col.type.reason is not None:
                note(bad, col.key, values, col.type.reason)

    for pos, key in found.items():  # "Giờ tiếp nhận" beside "Ngày tiếp nhận": one moment
        date_key = date_of_time_key(key)
        if date_key is None:
            continue
        values = raw.iloc[:, pos].reset_index(drop=True)
        seconds, bad = V.parse_times(values)
        note(bad, key, values, "Không đọc được giờ")
        data[date_key] = V.with_clock(pd.Series(data[date_key]), seconds)

    frame = pd.DataFrame(data)
    # Blank count = 0, or 1 when a request date is present (docs/rules.md, values).
    count = frame["supplement_count"].to_numpy()
    has_request = frame["supplement_requested_at"].notna().to_numpy()
    frame["supplement_count"] = np.where(count < 0, has_request.astype(np.int64), count)

    extra = []
    for pos, header in enumerate(headers):
        if pos in found or V.is_blank(header):
            continue
        name = str(header).strip()
        if name in frame.columns or name in extra:
            continue
        frame[name] = raw.iloc[:, pos].reset_index(drop=True)
        extra.append(name)
    return Register(frame, np.asarray(row_numbers), warnings, extra, invalid_cells)


def empty_frame() -> pd.DataFrame:
    """A register with no rows but every canonical column and dtype."""
    return from_rows([[c.header for c in COLUMNS]]).frame

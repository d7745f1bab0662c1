"""The register (sổ theo dõi hồ sơ): canonical columns, their headers, and parsing rows.

Every source (the HoSo sheet, an export file, the 2-D list Excel hands a UDF) becomes the
same DataFrame with the English keys of docs/rules.md (register columns), so the rules only
ever see one shape.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tthc_xl.rules import values as V
from tthc_xl.rules.columns import BOOL, CHANNEL, CODE, COUNT, DATE, ID, STATUS, TEXT, ColumnType
from tthc_xl.rules.headers import (
    ONLINE_FLAG,
    date_of_time_key,
    is_bare_time,
    meaning_keys,
    note_matters,
    time_key,
)
from tthc_xl.rules.text import fold


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    type: ColumnType  # columns.ID, TEXT, CODE, DATE, CHANNEL, STATUS, COUNT or BOOL
    aliases: tuple[str, ...] = ()
    personal: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(
        "dossier_id",
        "Mã hồ sơ",
        ID,
        ("Số hồ sơ", "MaHoSo", "Mã số hồ sơ", "SoHoSo", "Mã HS", "Số HS", "MaHS", "Mã hồ sơ DVC"),
    ),
    Column(
        "procedure_code",
        "Mã TTHC",
        CODE,
        (
            "Mã thủ tục",
            "MaTTHC",
            "Mã thủ tục hành chính",
            "MaThuTuc",
            "Mã số TTHC",
            "Mã số thủ tục",
        ),
    ),
    Column(
        "procedure_name",
        "Tên thủ tục",
        TEXT,
        (
            "Tên TTHC",
            "Loại việc",
            "TenTTHC",
            "Tên thủ tục hành chính",
            "TenThuTuc",
            "Thủ tục",
            "Thủ tục hành chính",
        ),
    ),
    Column("field", "Lĩnh vực", TEXT, ("LinhVuc", "Tên lĩnh vực", "TenLinhVuc", "Lĩnh vực TTHC")),
    Column(
        "channel",
        "Kênh nộp",
        CHANNEL,
        (
            "Hình thức nộp",
            "KenhThucHien",
            "Kênh tiếp nhận",
            "Hình thức tiếp nhận",
            "Kênh thực hiện",
            "Hình thức nộp hồ sơ",
            "Kênh nộp hồ sơ",
            "KenhNop",
        ),
    ),
    Column(
        "received_at",
        "Ngày tiếp nhận",
        DATE,
        (
            "Ngày nhận",
            "NgayTiepNhan",
            "Thời gian tiếp nhận",
            "Ngày nhận hồ sơ",
            "Ngày nộp",
            "Ngày tiếp nhận hồ sơ",
            "Thời điểm tiếp nhận",
            "Ngày nộp hồ sơ",
        ),
    ),
    Column(
        "due_at",
        "Ngày hẹn trả",
        DATE,
        (
            "Hạn trả kết quả",
            "Hạn xử lý",
            "NgayHenTra",
            "Hạn giải quyết",
            "Ngày hẹn trả kết quả",
            "Hạn trả",
            "Hạn hoàn thành",
            "Hạn giải quyết hồ sơ",
            "Thời hạn trả kết quả",
            "Ngày hẹn",
        ),
    ),
    Column(
        "supplement_requested_at",
        "Ngày yêu cầu bổ sung",
        DATE,
        ("NgayYeuCauBoSung", "Ngày YC bổ sung", "Ngày yêu cầu bổ sung hồ sơ"),
    ),
    Column(
        "supplement_received_at",
        "Ngày nhận bổ sung",
        DATE,
        ("NgayNhanBoSung", "Ngày nhận hồ sơ bổ sung", "Ngày bổ sung hồ sơ"),
    ),
    Column(
        "supplement_count",
        "Số lần yêu cầu bổ sung",
        COUNT,
        ("SoLanBoSung", "Số lần bổ sung", "Số lần YC bổ sung"),
    ),
    Column(
        "finished_at",
        "Ngày có kết quả",
        DATE,
        (
            "Ngày hoàn thành",
            "Ngày kết thúc xử lý",
            "NgayKetThucXuLy",
            "Ngày xử lý xong",
            "Ngày giải quyết xong",
            "Ngày hoàn thành xử lý",
            "Thời gian hoàn thành",
            "Thời điểm kết thúc xử lý",
            "Ngày kết thúc",
        ),
    ),
    Column(
        "returned_at",
        "Ngày trả kết quả",
        DATE,
        (
            "Ngày trả",
            "NgayTra",
            "NgayTraKetQua",
            "Ngày trả KQ",
            "Thời gian trả kết quả",
            "Ngày đã trả kết quả",
        ),
    ),
    Column(
        "status",
        "Trạng thái",
        STATUS,
        (
            "Tình trạng hồ sơ",
            "TrangThaiHoSo",
            "Tình trạng",
            "TrangThai",
            "Trạng thái hồ sơ",
            "Trạng thái xử lý",
            "Tình trạng xử lý",
        ),
    ),
    Column(
        "applicant",
        "Chủ hồ sơ",
        TEXT,
        (
            "Người nộp",
            "Tên người nộp",
            "ChuHoSo",
            "Người đứng tên",
            "Họ tên người nộp",
            "TenNguoiNop",
            "Người nộp hồ sơ",
            "Tên tổ chức, cá nhân",
            "Tổ chức, cá nhân",
            "Họ tên",
            "Họ và tên",
        ),
        personal=True,
    ),
    Column(
        "id_number",
        "Số giấy tờ",
        ID,
        (
            "Số CCCD",
            "CCCD",
            "Số CMND/CCCD",
            "SoGiayTo",
            "Số định danh",
            "SoCCCD",
            "Số CMND",
            "CMND",
            "Số định danh cá nhân",
            "Số giấy tờ tùy thân",
        ),
        personal=True,
    ),
    Column(
        "phone",
        "Số điện thoại",
        ID,
        ("SĐT", "Điện thoại", "SoDienThoai", "Số ĐT", "Điện thoại liên hệ"),
        personal=True,
    ),
    Column("address", "Địa chỉ", TEXT, ("DiaChi", "Địa chỉ người nộp"), personal=True),
    Column(
        "department",
        "Bộ phận xử lý",
        TEXT,
        (
            "Phòng ban xử lý",
            "Đơn vị xử lý",
            "BoPhanXuLy",
            "Cơ quan xử lý",
            "Cơ quan giải quyết",
            "Đơn vị giải quyết",
        ),
    ),
    Column("at_home", "Tiếp nhận tại nhà", BOOL, ("TiepNhanTaiNha",)),
    Column("paid_online", "Thanh toán trực tuyến", BOOL, ("ThanhToanTrucTuyen",)),
    Column(
        "synced",
        "Đã đồng bộ DVCQG",
        BOOL,
        ("Đồng bộ DVCQG", "Đã đồng bộ", "DaDongBo", "DongBoDVCQG"),
    ),
    Column("source", "Nguồn", TEXT, ("Nguồn dữ liệu",)),
    Column("note", "Ghi chú", TEXT, ("GhiChu",)),
)
BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}
DATE_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.type is DATE)

# A yes/no "submitted online" column (Nộp trực tuyến: Có/Không) is another way to give the
# channel (ONLINE_FLAG); it is read into `channel` when the export has no channel column.
ONLINE_FLAG_ALIASES = ("Nộp trực tuyến", "Hồ sơ trực tuyến", "Trực tuyến", "NopTrucTuyen")


# A date's clock given in a column of its own ("Giờ tiếp nhận" beside "Ngày tiếp nhận"):
# read into the date column (docs/rules.md, headers). Key "received_at:time".
TIME_HEADERS: dict[str, str] = {
    "received_at": "Giờ tiếp nhận",
    "due_at": "Giờ hẹn trả",
    "supplement_requested_at": "Giờ yêu cầu bổ sung",
    "supplement_received_at": "Giờ nhận bổ sung",
    "finished_at": "Giờ có kết quả",
    "returned_at": "Giờ trả kết quả",
}


def key_header(key: str) -> str:
    """The register's own header of a key (a time key's "Giờ …", the online flag's)."""
    if key in BY_KEY:
        return BY_KEY[key].header
    date_key = date_of_time_key(key)
    if date_key is not None:
        return TIME_HEADERS[date_key]
    return ONLINE_FLAG_ALIASES[0] if key == ONLINE_FLAG else key


def default_aliases() -> dict[str, str]:
    """Folded header spelling -> canonical key (or ONLINE_FLAG, or a time key)."""
    table: dict[str, str] = {}
    for col in COLUMNS:
        for spelling in (col.header, col.key, *col.aliases):
            table.setdefault(fold(spelling), col.key)
    for spelling in ONLINE_FLAG_ALIASES:
        table.setdefault(fold(spelling), ONLINE_FLAG)
    for key, spelling in TIME_HEADERS.items():
        table.setdefault(fold(spelling), time_key(key))
    return table


DEFAULT_ALIASES = default_aliases()


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


def is_register_key(key: str) -> bool:
    """A key one column at most may name (the clerk's "Bỏ qua" or extra targets may repeat)."""
    return key in BY_KEY or key == ONLINE_FLAG or date_of_time_key(key) in BY_KEY


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
    names: list[str] = []
    keys: dict[int, str] = {}
    rules: dict[int, str] = {}
    pending: dict[int, frozenset[str]] = {}
    taken: set[str] = set()
    for pos, options in enumerate(candidates):
        chosen = options[0] if options else ""
        for option in options:
            key = exact_key(option, aliases)
            if key and (key not in taken or not is_register_key(key)):
                keys[pos], rules[pos], chosen = key, RULE_ALIAS, option
                taken.add(key)
                break
        else:
            if meaning:
                for option in options:
                    found = meaning_of(option)
                    if found:
                        pending[pos], chosen = found, option
                        break
        names.append(chosen)
    ambiguous: dict[int, tuple[str, ...]] = {}
    shadowed: dict[int, str] = {}
    claims: dict[str, list[int]] = {}
    for pos, found in pending.items():
        open_keys = sorted(found - taken)
        if len(found) > 1 and open_keys:
            ambiguous[pos] = tuple(sorted(found))
        elif len(found) == 1 and open_keys:
            claims.setdefault(open_keys[0], []).append(pos)
        elif len(found) == 1:
            shadowed[pos] = next(iter(found))
    for key, positions in claims.items():
        if len(positions) == 1:
            keys[positions[0]], rules[positions[0]] = key, RULE_MEANING
        else:
            for pos in positions:
                ambiguous[pos] = (key,)
    for pos in range(1, len(names)):  # "Giờ" right of a date column: that date's clock
        left = keys.get(pos - 1)
        if (
            meaning
            and pos not in keys
            and left in BY_KEY
            and BY_KEY[left].type is DATE
            and time_key(left) not in keys.values()
            and any(is_bare_time(o) for o in candidates[pos])
        ):
            keys[pos], rules[pos] = time_key(left), RULE_MEANING
    for pos, key in list(keys.items()):  # a clock without its date column is no column
        date_key = date_of_time_key(key)
        if date_key is not None and date_key not in keys.values():
            del keys[pos], rules[pos]
    return Naming(names, keys, rules, ambiguous, shadowed)


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
    for col in COLUMNS:
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

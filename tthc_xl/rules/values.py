"""Cell-value normalisers: procedure codes, channel, status, yes/no, counts; and, from the
modules they stand on, blank cells and their text (cells.py) and dates (dates.py).

One definition serves the workbook reader, the importer and the Excel functions, so a
value means the same thing whichever door it came in by. Each parser takes a column of
raw cell values and returns the parsed column plus a mask of cells that were filled but
could not be understood, so callers can report them with the raw value.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import IntEnum

import numpy as np
import pandas as pd

# re-exported: the rooms read them from here (V.is_blank, V.parse_datetimes, ...)
from tthc_xl.rules.cells import (  # noqa: F401
    blank_mask,
    cell_text,
    display_text,
    factorize,
    is_blank,
    is_filled,
    map_distinct,
)
from tthc_xl.rules.dates import (  # noqa: F401
    EXCEL_EPOCH,
    parse_datetime,
    parse_datetimes,
    parse_times,
    with_clock,
)
from tthc_xl.rules.text import fold, fold_words

# ---------------------------------------------------------------- procedure codes

_CODE_NUMBER = re.compile(r"^(\d{1,2})[.,](\d{1,6})$")


def normalize_procedure_code(value: object) -> str:
    """Give back the text code N.NNNNNN that Excel turned into a number (1.00487 -> 1.004870)."""
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        if number.is_integer() and number >= 100:
            return str(int(number))
        return f"{number:.6f}"
    text = str(value).strip()
    match = _CODE_NUMBER.match(text)
    if match:
        return f"{match.group(1)}.{match.group(2).ljust(6, '0')}"
    return text


def normalize_text_id(value: object) -> str:
    """Dossier ids are text; a number Excel made of one loses its '.0', never its digits."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return cell_text(value)


# ---------------------------------------------------------------- channel


_WHOLE_NUMBER = re.compile(r"(\d+)(?: 0+)?")  # "2", or "2.0" read from a number cell


class Channel(IntEnum):
    DIRECT = 1
    ONLINE = 2
    POSTAL = 3


CHANNEL_LABELS = {
    Channel.DIRECT: "Trực tiếp",
    Channel.ONLINE: "Trực tuyến",
    Channel.POSTAL: "Bưu chính công ích",
}


def _channel_of(value: object) -> Channel | None:
    key = fold_words(value)
    number = _WHOLE_NUMBER.fullmatch(key)
    if number:
        code = int(number.group(1))
        return Channel(code) if code in (1, 2, 3) else None
    flat = key.replace(" ", "")
    if "tructuyen" in flat or flat in ("online", "dvctt", "dvc", "qua mang", "quamang"):
        return Channel.ONLINE
    if "buuchinh" in flat or "buudien" in flat or flat in ("bcci", "postal"):
        return Channel.POSTAL
    if "tructiep" in flat or flat in ("direct", "taiquay", "motcua", "bophanmotcua"):
        return Channel.DIRECT
    return None


_YES = {"co", "x", "1", "true", "yes", "y", "dung", "da", "ok", "v"}
_NO = {"khong", "0", "false", "no", "n", "sai", "chua", "k"}


def yes_no(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    number = _WHOLE_NUMBER.fullmatch(fold_words(value))
    key = number.group(1) if number else fold(value)
    if key in _YES or key.startswith("da"):
        return True
    if key in _NO or key.startswith("chua") or key.startswith("khong"):
        return False
    return None


def _channel_code(value: object) -> int:
    channel = _channel_of(value)
    return 0 if channel is None else int(channel)


def parse_channels(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Channel column (text or portal code 1/2/3) to Channel codes. Blank is direct."""
    s = pd.Series(values, dtype=object).reset_index(drop=True)
    blank = blank_mask(s)
    out = map_distinct(s, _channel_code, empty=0, dtype=np.int8)
    invalid = (out == 0) & ~blank
    out[out == 0] = Channel.DIRECT
    return out, invalid


def parse_online_flags(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A yes/no "submitted online" column (Có, x, 1) to Channel codes."""
    s = pd.Series(values, dtype=object).reset_index(drop=True)
    blank = blank_mask(s)

    def one(value: object) -> int:
        channel = _channel_of(value) if not fold(value).isdigit() else None
        if channel is not None:
            return int(channel)
        flag = yes_no(value)
        return 0 if flag is None else int(Channel.ONLINE if flag else Channel.DIRECT)

    out = map_distinct(s, one, empty=0, dtype=np.int8)
    invalid = (out == 0) & ~blank
    out[out == 0] = Channel.DIRECT
    return out, invalid


def _yes_no_code(value: object) -> int:
    return {True: 1, False: 0, None: -1}[yes_no(value)]


def parse_booleans(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Yes/no cells to a nullable boolean column."""
    s = pd.Series(values, dtype=object).reset_index(drop=True)
    blank = blank_mask(s)
    raw = map_distinct(s, _yes_no_code, empty=-1, dtype=np.int8)
    out = pd.array(raw == 1, dtype="boolean")
    out[raw == -1] = pd.NA
    invalid = (raw == -1) & ~blank
    return pd.Series(out), invalid


# ---------------------------------------------------------------- status


class Status(IntEnum):
    NEW = 1
    ACCEPTED = 2
    REJECTED = 3
    PROCESSING = 4
    SUPPLEMENT = 5
    FINANCIAL = 6
    WITHDRAWN = 7
    STOPPED = 8
    DONE = 9
    RETURNED = 10


STATUS_LABELS = {
    Status.NEW: "Mới đăng ký",
    Status.ACCEPTED: "Được tiếp nhận",
    Status.REJECTED: "Không được tiếp nhận",
    Status.PROCESSING: "Đang xử lý",
    Status.SUPPLEMENT: "Yêu cầu bổ sung",
    Status.FINANCIAL: "Yêu cầu thực hiện nghĩa vụ tài chính",
    Status.WITHDRAWN: "Công dân yêu cầu rút hồ sơ",
    Status.STOPPED: "Dừng xử lý",
    Status.DONE: "Đã xử lý xong",
    Status.RETURNED: "Đã trả kết quả",
}
NEVER_ACCEPTED = (Status.NEW, Status.REJECTED)
END_STATUSES = (Status.WITHDRAWN, Status.STOPPED, Status.DONE, Status.RETURNED)

_STATUS_WORDS: dict[str, Status] = {fold(label): code for code, label in STATUS_LABELS.items()}
_STATUS_WORDS.update(
    {
        fold(text): code
        for text, code in [
            ("Mới", Status.NEW),
            ("Chờ tiếp nhận", Status.NEW),
            ("Đã tiếp nhận", Status.ACCEPTED),
            ("Tiếp nhận", Status.ACCEPTED),
            ("Từ chối tiếp nhận", Status.REJECTED),
            ("Từ chối", Status.REJECTED),
            ("Đang giải quyết", Status.PROCESSING),
            ("Đang thụ lý", Status.PROCESSING),
            ("Chờ bổ sung", Status.SUPPLEMENT),
            ("Bổ sung hồ sơ", Status.SUPPLEMENT),
            ("Chờ thực hiện nghĩa vụ tài chính", Status.FINANCIAL),
            ("Nghĩa vụ tài chính", Status.FINANCIAL),
            ("Rút hồ sơ", Status.WITHDRAWN),
            ("Đã rút", Status.WITHDRAWN),
            ("Công dân rút hồ sơ", Status.WITHDRAWN),
            ("Hủy", Status.STOPPED),
            ("Đã hủy", Status.STOPPED),
            ("Dừng giải quyết", Status.STOPPED),
            ("Hoàn thành", Status.DONE),
            ("Đã hoàn thành", Status.DONE),
            ("Đã giải quyết", Status.DONE),
            ("Chờ trả kết quả", Status.DONE),
            ("Trả kết quả", Status.RETURNED),
            ("Đã trả", Status.RETURNED),
        ]
    }
)


_STATUS_PREFIXES = sorted((w for w in _STATUS_WORDS if len(w) >= 5), key=len, reverse=True)


def _status_of(value: object) -> int:
    number = _WHOLE_NUMBER.fullmatch(fold_words(value))
    if number:
        code = int(number.group(1))
        return code if 1 <= code <= 10 else 0
    key = fold(value)
    if key in _STATUS_WORDS:
        return int(_STATUS_WORDS[key])
    # Exports add a qualifier: "Đã trả kết quả (đúng hạn)", "Đang xử lý - quá hạn",
    # "Hoàn thành trước hạn". The longest status name the text starts with decides.
    prefixes = [w for w in _STATUS_PREFIXES if key.startswith(w)]
    return int(_STATUS_WORDS[prefixes[0]]) if prefixes else 0


def parse_statuses(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Status as portal code 1..10 or text (any case, with or without diacritics); 0 = unknown."""
    s = pd.Series(values, dtype=object).reset_index(drop=True)
    blank = blank_mask(s)
    out = map_distinct(s, _status_of, empty=0, dtype=np.int8)
    invalid = (out == 0) & ~blank
    return out, invalid


# ---------------------------------------------------------------- counts


def parse_counts(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Whole non-negative counts; blank is -1 so the caller can apply its default."""
    s = pd.Series(values, dtype=object).reset_index(drop=True)
    blank = blank_mask(s)
    nums = pd.to_numeric(s.where(~blank, None), errors="coerce").to_numpy(dtype=float)
    ok = ~np.isnan(nums) & (nums >= 0) & (nums == np.floor(nums))
    out = np.where(ok, nums, -1).astype(np.int64)
    invalid = ~ok & ~blank
    return out, invalid

"""Cell-value normalisers: dates, procedure codes, channel, status, yes/no, counts.

One definition serves the workbook reader, the importer and the Excel functions, so a
value means the same thing whichever door it came in by. Each parser takes a column of
raw cell values and returns the parsed column plus a mask of cells that were filled but
could not be understood, so callers can report them with the raw value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from enum import IntEnum

import numpy as np
import pandas as pd

from tthc_xl.rules.text import fold, fold_words

# ---------------------------------------------------------------- dates

EXCEL_EPOCH = np.datetime64("1899-12-30T00:00:00", "s")
_MAX_SERIAL = 2958466.0  # 31/12/9999
_NUMBER_TEXT = re.compile(r"^\d+(?:[.,]\d+)?$")

# Day-first forms, tried in order on the text that is still unparsed. pandas parses each
# format in C, so a column of 10^5 text dates costs a few milliseconds a format.
_DAY_FIRST = (
    [
        f"%d{sep}%m{sep}%Y{clock}"
        for sep in ("/", "-", ".")
        for clock in (" %H:%M:%S", " %H:%M", "", " %H:%M:%S.%f")
    ]
    + [f"%H:%M:%S %d{sep}%m{sep}%Y" for sep in "/-."]
    + [f"%H:%M %d{sep}%m{sep}%Y" for sep in "/-."]
    + [f"%d{sep}%m{sep}%Y %I:%M{sec} %p" for sep in "/-." for sec in (":%S", "")]
)
# Text a Vietnamese-locale export writes: "2:15 CH" (chiều = PM), "9:15 SA" (sáng = AM),
# "9h05", "ngày 03/04/2026"; rewritten to the forms above before parsing.
_MERIDIEM = ((r"\s*\b(?:CH|PM|P\.M\.)$", " PM"), (r"\s*\b(?:SA|AM|A\.M\.)$", " AM"))
_H_CLOCK = re.compile(r"\b(\d{1,2})\s*[hg]\s*(\d{2})\b", re.IGNORECASE)
_DAY_WORD = re.compile(r"^(?:ngày|ngay)\s+", re.IGNORECASE)
_ISO_START = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
_TZ_SUFFIX = r"(?:Z|[+-]\d\d:?\d\d)$"


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    if isinstance(value, str):
        return not value.strip()
    return value is pd.NaT or (isinstance(value, type(pd.NA)))


def is_filled(value: object) -> bool:
    """Not blank, as `blank_mask` judges a cell (NaN, NaT, NA and None are empty; so is a
    text of spaces only)."""
    if value is None:
        return False
    if value.__class__ is str:
        return bool(value.strip())
    na = pd.isna(value)
    return not na if isinstance(na, (bool, np.bool_)) else True  # an array is no blank


def blank_mask(values: pd.Series) -> np.ndarray:
    """True where a cell is empty: None, NaN, NaT or only spaces."""
    s = values
    mask = s.isna().to_numpy().copy()
    if s.dtype == object and len(s):
        # A list comprehension over a plain list is the cheapest per-cell pass Python has.
        mask |= np.array([v.__class__ is str and not v.strip() for v in s.tolist()], dtype=bool)
    return mask


_CALL = object()  # map_distinct's `empty` when not given: func(None)


def factorize(s: pd.Series) -> tuple[np.ndarray, list]:
    """(code of each cell, the distinct values as Python objects); -1 for an empty cell.
    Arrow-backed text (pandas' default once pyarrow is installed) is factorized as it is:
    converting it to objects first cost more than the rest of the engine at 30,000."""
    if isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow":
        codes, text = pd.factorize(s, use_na_sentinel=True)
        return codes, text.tolist()
    codes, found = pd.factorize(s.astype(object), use_na_sentinel=True)
    return codes, list(found)


def map_distinct(values: Iterable | pd.Series, func, *, empty=_CALL, dtype=object) -> np.ndarray:
    """func of every cell, computed once per distinct value (a column of 10^5 cells holds
    a few hundred): the one way the code maps a scalar function over a column.

    Empty cells (None, NaN, NaT, NA) get `empty`, or func(None) when it is not given.
    The result is a numpy array of `dtype`, one item per cell.
    """
    s = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    codes, uniques = factorize(s)
    mapped = [func(u) for u in uniques]
    mapped.append(func(None) if empty is _CALL else empty)  # code -1: an empty cell
    if np.dtype(dtype) == object:
        table = np.empty(len(mapped), dtype=object)
        table[:] = mapped
    else:
        table = np.array(mapped, dtype=dtype)
    return table[codes]


_DATETIME_KINDS = frozenset({dt.datetime, pd.Timestamp, dt.date})


def _only_datetimes(s: pd.Series, blank: np.ndarray) -> bool:
    """Is every filled cell a datetime, a pandas Timestamp or a date? calamine gives a
    date column so: a moment at midnight as a date, an empty cell as ''."""
    kinds = {v.__class__ for v, b in zip(s.tolist(), blank.tolist(), strict=True) if not b}
    return bool(kinds) and kinds <= _DATETIME_KINDS


def parse_datetimes(values: Iterable | pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Parse any date form of docs/rules.md (values) into datetime64[s], to the nearest second.

    Returns (parsed, invalid): invalid marks cells that held something but not a date.
    Day-first is the rule: 03/04/2026 is 3 April. Serial numbers are Excel's (1900 system).
    """
    s = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    s = s.reset_index(drop=True)
    n = len(s)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    blank = blank_mask(s)
    if s.dtype.kind == "M":
        parsed = pd.to_datetime(s).dt.round("s").to_numpy(dtype="datetime64[s]")
        return pd.Series(parsed, dtype="datetime64[s]"), np.zeros(n, dtype=bool)
    if s.dtype.kind in "iuf":
        return _from_serial(s.to_numpy(dtype=float), blank)

    if s.dtype == object and _only_datetimes(s, blank):
        # every filled cell a datetime or date (a date column as calamine reads it): one
        # conversion, to the nearest second as below; zoned moments go the long way
        try:
            conv = pd.to_datetime(s.where(~blank, None), errors="coerce")
        except (ValueError, TypeError):  # zoned and plain moments mixed
            conv = None
        if conv is not None and getattr(conv.dt, "tz", None) is None:
            out = conv.dt.round("s").to_numpy(dtype="datetime64[s]")
            return pd.Series(out, dtype="datetime64[s]"), ~blank & np.isnat(out)

    inferred = pd.api.types.infer_dtype(s, skipna=True)
    if inferred == "string":  # all text (an export's usual date column): skip the sorting
        out[~blank] = _parse_text(s[~blank])
        parsed = pd.Series(out, dtype="datetime64[s]")
        return parsed, ~blank & np.isnat(out)

    kinds = s.map(type).to_numpy()
    done = blank.copy()

    # datetime objects (calamine, openpyxl, xlwings) and pandas Timestamps
    is_dt = (
        np.fromiter((k is dt.datetime or k is pd.Timestamp for k in kinds), dtype=bool, count=n)
        & ~blank
    )
    if is_dt.any():
        conv = pd.to_datetime(s[is_dt], errors="coerce")
        if getattr(conv.dt, "tz", None) is not None:
            conv = conv.dt.tz_convert("Asia/Ho_Chi_Minh").dt.tz_localize(None)
        out[is_dt] = conv.dt.round("s").to_numpy(dtype="datetime64[s]")
        done |= is_dt
    is_date = np.fromiter((k is dt.date for k in kinds), dtype=bool, count=n) & ~done
    if is_date.any():
        out[is_date] = np.array(s[is_date].tolist(), dtype="datetime64[s]")
        done |= is_date
    is_num = (
        np.fromiter(
            (
                k in (int, float) or (isinstance(k, type) and issubclass(k, np.number))
                for k in kinds
            ),
            dtype=bool,
            count=n,
        )
        & ~done
    )
    if is_num.any():
        parsed, _ = _from_serial(s[is_num].to_numpy(dtype=float), np.zeros(is_num.sum(), bool))
        out[is_num] = parsed.to_numpy()
        done |= is_num

    is_text = np.fromiter((k is str for k in kinds), dtype=bool, count=n) & ~done
    if is_text.any():
        out[is_text] = _parse_text(s[is_text])

    parsed = pd.Series(out, dtype="datetime64[s]")
    invalid = ~blank & np.isnat(out)
    return parsed, invalid


_CLOCK_TEXT = re.compile(
    r"^(\d{1,2})\s*(?::|h|g|giờ|gio)\s*(\d{1,2})?(?:\s*(?::|phút|phut|p)\s*(\d{1,2})?)?"
    r"(?:\s*(?:phút|phut|p))?\s*(SA|CH|AM|PM|A\.M\.|P\.M\.)?$",
    re.IGNORECASE,
)
_SECONDS_PER_DAY = 86400


def _clock_seconds(value: object) -> float | None:
    """Seconds after midnight of one time cell; None when it is no time of day."""
    if value is None:
        return None
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.hour * 3600 + value.minute * 60 + value.second
    if isinstance(value, dt.time):
        return value.hour * 3600 + value.minute * 60 + value.second
    if isinstance(value, dt.date):
        return None
    if isinstance(value, int | float | np.number) and not isinstance(value, bool):
        number = float(value)  # Excel keeps a time as a fraction of a day
        return round(number * _SECONDS_PER_DAY) if 0 <= number < 1 else None
    text = " ".join(str(value).split())
    match = _CLOCK_TEXT.match(text)
    if not match:
        return None
    hour, minute, second = (int(g) if g else 0 for g in match.groups()[:3])
    meridiem = (match.group(4) or "").upper().replace(".", "")
    if meridiem in ("CH", "PM") and hour < 12:
        hour += 12
    elif meridiem in ("SA", "AM") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour * 3600 + minute * 60 + second


def parse_times(values: Iterable | pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A time-of-day column ("08:30", "14h05", 0.354…, a time cell) as seconds after
    midnight (NaN where empty), and the mask of cells filled but no time of day."""
    secs = map_distinct(values, _clock_seconds, empty=None)
    s = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    blank = blank_mask(s.reset_index(drop=True))
    found = np.array([v is not None for v in secs.tolist()], dtype=bool)
    out = np.full(len(secs), np.nan)
    out[found] = secs[found].astype(float)
    return out, ~blank & ~found


def with_clock(dates: pd.Series, seconds: np.ndarray) -> pd.Series:
    """Dates given without a clock (00:00) set to the time of day of a column beside them;
    a date that has its own clock keeps it (docs/rules.md, headers)."""
    day = dates.to_numpy(dtype="datetime64[s]")
    midnight = ~np.isnat(day) & (day == day.astype("datetime64[D]").astype("datetime64[s]"))
    use = midnight & ~np.isnan(seconds)
    out = day.copy()
    out[use] = day[use] + seconds[use].astype(np.int64).astype("timedelta64[s]")
    return pd.Series(out, dtype="datetime64[s]")


def _from_serial(serial: np.ndarray, blank: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    ok = ~np.isnan(serial) & (serial >= 1) & (serial < _MAX_SERIAL)
    out = np.full(len(serial), np.datetime64("NaT"), dtype="datetime64[s]")
    # Round to the nearest second: 15:00 stored as 0.625 must not become 14:59:59.
    seconds = np.rint(serial[ok] * 86400.0).astype(np.int64)
    out[ok] = EXCEL_EPOCH + seconds.astype("timedelta64[s]")
    invalid = ~blank & ~ok
    return pd.Series(out, dtype="datetime64[s]"), invalid


# Tried first, in C, on the text as it came: the forms one-stop exports write.
_COMMON = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")


_ZERO = ord("0")


def _parse_fixed(text: pd.Series) -> np.ndarray:
    """dd/mm/yyyy, dd/mm/yyyy HH:MM and dd/mm/yyyy HH:MM:SS (separators / - .) written
    with two-digit fields, read with numpy arithmetic on the characters: an export's date
    column in a few milliseconds. Anything else (and impossible dates) stays NaT."""
    n = len(text)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    values = text.tolist()
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=n)
    for width in (19, 16, 10):
        rows = np.flatnonzero(lengths == width)
        if not len(rows):
            continue
        chars = (
            np.array([values[i] for i in rows], dtype=f"<U{width}")
            .view(np.uint32)
            .reshape(len(rows), width)
            .astype(np.int64)
        )
        digits = chars - _ZERO
        pos_digits = [0, 1, 3, 4, 6, 7, 8, 9] + {
            19: [11, 12, 14, 15, 17, 18],
            16: [11, 12, 14, 15],
        }.get(width, [])
        ok = ((digits[:, pos_digits] >= 0) & (digits[:, pos_digits] <= 9)).all(axis=1)
        sep = chars[:, 2]
        ok &= (sep == chars[:, 5]) & np.isin(sep, [ord("/"), ord("-"), ord(".")])
        if width > 10:
            ok &= chars[:, 10] == ord(" ")
            ok &= chars[:, 13] == ord(":")
        if width > 16:
            ok &= chars[:, 16] == ord(":")
        day = digits[:, 0] * 10 + digits[:, 1]
        month = digits[:, 3] * 10 + digits[:, 4]
        year = digits[:, 6] * 1000 + digits[:, 7] * 100 + digits[:, 8] * 10 + digits[:, 9]
        clock = np.zeros(len(rows), dtype=np.int64)
        if width > 10:
            hour = digits[:, 11] * 10 + digits[:, 12]
            minute = digits[:, 14] * 10 + digits[:, 15]
            second = digits[:, 17] * 10 + digits[:, 18] if width > 16 else 0
            ok &= (hour < 24) & (minute < 60) & (second < 60)
            clock = hour * 3600 + minute * 60 + second
        ok &= (month >= 1) & (month <= 12) & (day >= 1) & (year >= 1000)
        first = ((np.where(ok, year, 2000) - 1970) * 12 + np.where(ok, month, 1) - 1).astype(
            "datetime64[M]"
        )
        date = first.astype("datetime64[D]") + (np.where(ok, day, 1) - 1)
        ok &= date.astype("datetime64[M]") == first  # 31/02 runs into March: not a date
        out[rows[ok]] = date[ok].astype("datetime64[s]") + clock[ok].astype("timedelta64[s]")
    return out


def _parse_text(text: pd.Series) -> np.ndarray:
    text = text.reset_index(drop=True)
    out = _parse_fixed(text)
    todo = np.isnat(out)
    if not todo.any():
        return out
    for fmt in _COMMON:
        sample = text[todo].head(64)
        if pd.to_datetime(sample, format=fmt, errors="coerce").isna().all():
            continue  # not this column's form: do not pay for a full pass
        conv = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        got = conv.notna().to_numpy()
        idx = np.flatnonzero(todo)[got]
        out[idx] = conv[got].dt.round("s").to_numpy(dtype="datetime64[s]")
        todo[idx] = False
        if not todo.any():
            return out
    rest = _parse_text_slow(text[todo].str.strip().str.replace(r"\s+", " ", regex=True))
    out[todo] = rest
    return out


def _parse_text_slow(text: pd.Series) -> np.ndarray:
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[s]")
    text = text.reset_index(drop=True)
    todo = np.ones(len(text), dtype=bool)

    numeric = text.str.match(_NUMBER_TEXT.pattern).to_numpy(dtype=bool)
    if numeric.any():
        serial = text[numeric].str.replace(",", ".", regex=False).astype(float).to_numpy()
        parsed, _ = _from_serial(serial, np.zeros(len(serial), bool))
        out[numeric] = parsed.to_numpy()
        todo &= ~numeric

    iso = text.str.match(_ISO_START.pattern).to_numpy(dtype=bool) & todo
    if iso.any():
        iso_text = text[iso].str.replace(
            r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})", r"\1-\2-\3", regex=True
        )
        out[iso] = _parse_iso(iso_text)
        todo &= ~iso

    if todo.any():
        text = _tidy_clock(text, todo)
    for fmt in _DAY_FIRST:
        if not todo.any():
            break
        conv = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        got = conv.notna().to_numpy()
        if got.any():
            idx = np.flatnonzero(todo)[got]
            out[idx] = conv[got].dt.round("s").to_numpy(dtype="datetime64[s]")
            todo[idx] = False
    return out


def _tidy_clock(text: pd.Series, todo: np.ndarray) -> pd.Series:
    """Rewrite SA/CH, '9h05' and a leading 'ngày' in the cells still unparsed."""
    rest = text[todo]
    if not rest.str.contains(r"[A-Za-zÀ-ỹ]", regex=True).any():
        return text
    rest = rest.str.replace(_DAY_WORD.pattern, "", regex=True, case=False)
    rest = rest.str.replace(_H_CLOCK.pattern, r"\1:\2", regex=True, case=False)
    for pattern, repl in _MERIDIEM:
        rest = rest.str.replace(pattern, repl, regex=True, case=False)
    text = text.copy()
    text[todo] = rest
    return text


def _parse_iso(text: pd.Series) -> np.ndarray:
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[s]")
    text = text.reset_index(drop=True)
    aware = text.str.contains(_TZ_SUFFIX, regex=True).to_numpy(dtype=bool)
    if (~aware).any():
        conv = pd.to_datetime(text[~aware], format="ISO8601", errors="coerce")
        out[~aware] = conv.dt.round("s").to_numpy(dtype="datetime64[s]")
    if aware.any():
        conv = pd.to_datetime(text[aware], format="ISO8601", errors="coerce", utc=True)
        local = conv.dt.tz_convert("Asia/Ho_Chi_Minh").dt.tz_localize(None)
        out[aware] = local.dt.round("s").to_numpy(dtype="datetime64[s]")
    return out


def cell_text(value: object) -> str:
    """A text cell: stripped, '' when blank, and 12.0 read from a number cell as '12'."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def display_text(value: object) -> str:
    """A cell as the clerk reads it in messages and logs: dates day-first, 12.0 as 12."""
    if is_blank(value) or value is pd.NaT:
        return ""
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return ""
        value = pd.Timestamp(value).to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S" if value.second else "%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return cell_text(value)


def parse_datetime(value: object) -> dt.datetime | None:
    """One cell: a datetime, or None when blank or not a date."""
    parsed, _ = parse_datetimes(pd.Series([value], dtype=object))
    stamp = parsed.iloc[0]
    return None if pd.isna(stamp) else stamp.to_pydatetime()


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

"""Dates and times in any form a register or an export holds them (docs/rules.md, values):
Excel serials, datetimes, day-first text with Vietnamese words, ISO text with a zone, a
clock given in a column of its own. Each parser takes a column of raw cells and returns
the parsed column plus the mask of cells filled but not understood.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from tthc_xl.rules.cells import blank_mask, map_distinct

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


def parse_datetime(value: object) -> dt.datetime | None:
    """One cell: a datetime, or None when blank or not a date."""
    parsed, _ = parse_datetimes(pd.Series([value], dtype=object))
    stamp = parsed.iloc[0]
    return None if pd.isna(stamp) else stamp.to_pydatetime()

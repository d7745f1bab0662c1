"""The working calendar as a working-time axis.

Working days are holidays.VN's (lunar holidays, make-up Saturdays) with the workbook's
NgayNghi overrides on top. The axis maps any moment to seconds of working time since an
epoch and back, so due dates, pauses and "within K working days" are array arithmetic:
map in, add, map out, with no per-dossier Python loop.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

import numpy as np

DAY = 86400
_UNIX = dt.datetime(1970, 1, 1)

# 2026 days off for public servants that holidays.VN lacks or gets wrong (docs/rules.md,
# working calendar).
DEFAULT_OVERRIDES: tuple[tuple[dt.date, bool, str], ...] = (
    (dt.date(2026, 1, 2), False, "Nghỉ Tết Dương lịch theo thông báo của Chính phủ"),
    (dt.date(2026, 1, 10), True, "Làm bù cho ngày 02/01/2026"),
)
OVERRIDE_DAY_OFF = "Nghỉ"
OVERRIDE_WORKING = "Làm việc"

DEFAULT_HOURS = "07:00-11:30; 13:30-17:00"
_HOURS = re.compile(r"(\d{1,2})[:hH.](\d{2})?\s*[-–—]\s*(\d{1,2})[:hH.](\d{2})?")


def parse_working_hours(text: str) -> list[tuple[int, int]]:
    """ "07:00-11:30; 13:30-17:00" -> [(25200, 41400), (48600, 61200)] seconds of the day."""
    intervals = []
    for h1, m1, h2, m2 in _HOURS.findall(str(text)):
        start = int(h1) * 3600 + int(m1 or 0) * 60
        end = int(h2) * 3600 + int(m2 or 0) * 60
        if not 0 <= start < end <= DAY:
            raise ValueError(f"Giờ làm việc không hợp lệ: '{text}'")
        intervals.append((start, end))
    intervals.sort()
    if not intervals or any(a[1] > b[0] for a, b in zip(intervals, intervals[1:], strict=False)):
        raise ValueError(f"Giờ làm việc không hợp lệ: '{text}' (ví dụ: {DEFAULT_HOURS})")
    return intervals


def parse_clock(text: object) -> int:
    """ "15:00" (or a datetime.time, or an Excel day fraction) -> seconds of the day."""
    if isinstance(text, dt.time):
        return text.hour * 3600 + text.minute * 60 + text.second
    if isinstance(text, dt.datetime):
        return text.hour * 3600 + text.minute * 60 + text.second
    if isinstance(text, (int, float)) and 0 <= float(text) < 1:
        return round(float(text) * DAY)
    match = re.fullmatch(r"\s*(\d{1,2})\s*[:hH.]\s*(\d{2})?(?::(\d{2}))?\s*", str(text))
    if not match:
        raise ValueError(f"Giờ không hợp lệ: '{text}' (ví dụ: 15:00)")
    h, m, s = (int(g or 0) for g in match.groups())
    if h > 24 or m > 59 or s > 59:
        raise ValueError(f"Giờ không hợp lệ: '{text}'")
    return h * 3600 + m * 60 + s


def to_seconds(moments: np.ndarray) -> np.ndarray:
    """datetime64 -> float seconds since 1970 (naive local time), NaT -> NaN."""
    arr = np.asarray(moments, dtype="datetime64[s]")
    out = arr.astype(np.int64).astype(np.float64)
    out[np.isnat(arr)] = np.nan
    return out


def from_seconds(seconds: np.ndarray) -> np.ndarray:
    """float seconds since 1970 -> datetime64[s], NaN -> NaT."""
    sec = np.asarray(seconds, dtype=np.float64)
    out = np.full(sec.shape, np.datetime64("NaT"), dtype="datetime64[s]")
    ok = ~np.isnan(sec)
    out[ok] = np.rint(sec[ok]).astype(np.int64).astype("datetime64[s]")
    return out


def _table_days(text: str) -> set[dt.date]:
    """The days of a vn_days table ("2026: 01-01 02-16 ...")."""
    days = set()
    for line in text.split("\n"):
        year, _, month_days = line.partition(":")
        for month_day in month_days.split():
            month, day = month_day.split("-")
            days.add(dt.date(int(year), int(month), int(day)))
    return days


def _holidays_version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except PackageNotFoundError:
        return None


def table_covers(first_year: int, last_year: int) -> bool:
    """Whether the precomputed table (vn_days.py) answers for these years: it covers them
    and was made from the `holidays` installed here (importing `holidays` and building its
    Vietnamese calendar costs about 0.13 s a process; issue 18)."""
    from tthc_xl.rules import vn_days

    return (
        first_year >= vn_days.FIRST_YEAR
        and last_year <= vn_days.LAST_YEAR
        and _holidays_version() == vn_days.HOLIDAYS_VERSION
    )


def holidays_working_days(first_year: int, last_year: int) -> np.ndarray:
    """Each day of the years, working or not, as holidays.VN says."""
    import holidays

    vn = holidays.VN(years=range(first_year, last_year + 1))
    start = dt.date(first_year, 1, 1)
    n = (dt.date(last_year, 12, 31) - start).days + 1
    return np.array([vn.is_working_day(start + dt.timedelta(days=i)) for i in range(n)])


def table_working_days(first_year: int, last_year: int) -> np.ndarray:
    """Each day of the years, working or not, from the precomputed holidays.VN table."""
    from tthc_xl.rules import vn_days

    start = dt.date(first_year, 1, 1)
    n = (dt.date(last_year, 12, 31) - start).days + 1
    first = start.weekday()  # Monday 0 ... Sunday 6
    flags = (np.arange(first, first + n) % 7) < 5
    for day in _table_days(vn_days.DAYS_OFF):
        if first_year <= day.year <= last_year:
            flags[(day - start).days] = False
    for day in _table_days(vn_days.WEEKENDS_WORKED):
        if first_year <= day.year <= last_year:
            flags[(day - start).days] = True
    return flags


@lru_cache(maxsize=32)
def _base_working_days(first_year: int, last_year: int) -> tuple[dt.date, np.ndarray]:
    if table_covers(first_year, last_year):
        flags = table_working_days(first_year, last_year)
    else:
        flags = holidays_working_days(first_year, last_year)
    return dt.date(first_year, 1, 1), flags


class WorkCalendar:
    """Working days and hours over a span of years, as a working-time axis."""

    def __init__(
        self,
        first_year: int,
        last_year: int,
        overrides: Mapping[dt.date, bool] | None = None,
        hours: Sequence[tuple[int, int]] | str = DEFAULT_HOURS,
    ) -> None:
        self.intervals = parse_working_hours(hours) if isinstance(hours, str) else list(hours)
        self.closing = self.intervals[-1][1]
        self.daily = float(sum(e - s for s, e in self.intervals))
        self.first_year, self.last_year = first_year, last_year
        start, base = _base_working_days(first_year, last_year)
        work = base.copy()
        for day, working in (overrides or {}).items():
            i = (day - start).days
            if 0 <= i < len(work):
                work[i] = bool(working)
        self.start = start
        self.t0 = float((dt.datetime.combine(start, dt.time()) - _UNIX).total_seconds())
        self.work = work
        self.ndays = len(work)
        self.cum = np.concatenate([[0.0], np.cumsum(work * self.daily)])
        # next_work[i]: first working day index >= i (ndays when there is none)
        idx = np.where(work, np.arange(self.ndays), self.ndays)
        self.next_work = np.minimum.accumulate(idx[::-1])[::-1]
        self.next_work = np.append(self.next_work, self.ndays)
        self._offsets = np.cumsum([0.0] + [e - s for s, e in self.intervals])

    @classmethod
    def covering(
        cls,
        seconds: Iterable[np.ndarray],
        overrides: Mapping[dt.date, bool] | None = None,
        hours: Sequence[tuple[int, int]] | str = DEFAULT_HOURS,
        margin_years: int = 2,
    ) -> WorkCalendar:
        """A calendar spanning every given moment, a year before and `margin_years` after."""
        lo, hi = None, None
        for arr in seconds:
            arr = np.asarray(arr, dtype=float)
            arr = arr[~np.isnan(arr)]
            if arr.size:
                lo = arr.min() if lo is None else min(lo, arr.min())
                hi = arr.max() if hi is None else max(hi, arr.max())
        today = dt.date.today().year
        y0 = _year_of(lo) if lo is not None else today
        y1 = _year_of(hi) if hi is not None else today
        y0, y1 = max(1990, min(y0, 2100) - 1), min(2100, max(y1, 1990) + margin_years)
        return cls(y0, y1, overrides, hours)

    # -------------------------------------------------------------- days

    def day_index(self, t: np.ndarray) -> np.ndarray:
        """Day number on this axis (clipped to it); callers mask NaN themselves."""
        t = np.asarray(t, dtype=float)
        d = np.floor((np.nan_to_num(t, nan=self.t0) - self.t0) / DAY)
        return np.clip(d, 0, self.ndays - 1).astype(np.int64)

    def day_start(self, d: np.ndarray) -> np.ndarray:
        return self.t0 + np.asarray(d, dtype=np.float64) * DAY

    def closing_of(self, d: np.ndarray) -> np.ndarray:
        """Closing moment of day d (NaN beyond the axis)."""
        d = np.asarray(d)
        out = self.day_start(d) + self.closing
        return np.where(d < self.ndays, out, np.nan)

    def is_working_index(self, d: np.ndarray) -> np.ndarray:
        return self.work[np.clip(d, 0, self.ndays - 1)]

    def next_working_after(self, d: np.ndarray) -> np.ndarray:
        """First working day strictly after day d."""
        return self.next_work[np.clip(np.asarray(d) + 1, 0, self.ndays)]

    def weekday(self, d: np.ndarray) -> np.ndarray:
        return (self.start.weekday() + np.asarray(d)) % 7

    def is_working_day(self, day: dt.date) -> bool:
        i = (day - self.start).days
        if not 0 <= i < self.ndays:
            raise ValueError(f"Ngày {day:%d/%m/%Y} nằm ngoài lịch làm việc đã dựng")
        return bool(self.work[i])

    def working_days_between(self, first: dt.date, last: dt.date) -> int:
        """Working days from `first` to `last`, both included (negative when reversed)."""
        if last < first:
            return -self.working_days_between(last, first)
        i = max(0, (first - self.start).days)
        j = min(self.ndays - 1, (last - self.start).days)
        return int(self.work[i : j + 1].sum()) if j >= i else 0

    # -------------------------------------------------------------- the axis

    def to_work(self, t: np.ndarray) -> np.ndarray:
        """Moment -> working seconds since the epoch; flat outside working hours."""
        t = np.asarray(t, dtype=float)
        rel = np.nan_to_num(t, nan=self.t0) - self.t0
        d = np.floor(rel / DAY)
        below, above = d < 0, d >= self.ndays
        d = np.clip(d, 0, self.ndays - 1).astype(np.int64)
        tod = rel - d * DAY
        within = np.zeros_like(rel)
        for start, end in self.intervals:
            within += np.clip(tod - start, 0.0, end - start)
        w = self.cum[d] + within * self.work[d]
        w = np.where(below, 0.0, np.where(above, self.cum[-1], w))
        return np.where(np.isnan(t), np.nan, w)

    def from_work(self, w: np.ndarray) -> np.ndarray:
        """Working seconds -> the earliest moment that reaches them.

        Earliest, so time that runs out exactly at 11:30 or at closing stays there
        instead of jumping to the next opening.
        """
        w = np.asarray(w, dtype=float)
        wv = np.nan_to_num(w, nan=0.0)
        d = np.searchsorted(self.cum, wv, side="left") - 1
        d = np.clip(d, 0, self.ndays - 1)
        r = wv - self.cum[d]
        t = np.full_like(wv, np.nan)
        offsets = self._offsets
        for i, (start, _end) in enumerate(self.intervals):
            hit = (r > offsets[i]) & (r <= offsets[i + 1])
            if i == 0:
                hit |= r <= 0
            t = np.where(hit, self.day_start(d) + start + (r - offsets[i]), t)
        beyond = wv > self.cum[-1]
        return np.where(np.isnan(w) | beyond, np.nan, t)

    def add_working(self, t: np.ndarray, seconds: np.ndarray | float) -> np.ndarray:
        return self.from_work(self.to_work(t) + seconds)


def _year_of(seconds: float) -> int:
    return (_UNIX + dt.timedelta(seconds=float(seconds))).year


def overrides_from_rows(
    rows: Iterable[Sequence[object]], first_row_number: int = 2
) -> tuple[dict[dt.date, bool], list[tuple[int, str]]]:
    """NgayNghi rows (Ngày, Loại, ...): 'Nghỉ' is a day off, 'Làm việc' a working day.

    Returns the overrides and (row number, reason) for rows that could not be used.
    """
    from tthc_xl.rules.text import fold
    from tthc_xl.rules.values import is_blank, parse_datetime

    out: dict[dt.date, bool] = {}
    problems: list[tuple[int, str]] = []
    for number, row in enumerate(rows, start=first_row_number):
        day, kind = (list(row) + [None, None])[:2]
        if is_blank(day) and is_blank(kind):
            continue
        moment = parse_datetime(day)
        key = fold(kind)
        if moment is None:
            problems.append((number, f"ngày '{day}' không đọc được, bỏ qua dòng này"))
        elif key.startswith("lam") or key in ("working", "1"):
            out[moment.date()] = True
        elif key.startswith("nghi") or key in ("dayoff", "0"):
            out[moment.date()] = False
        else:
            problems.append((number, f"loại '{kind}' không rõ (dùng 'Nghỉ' hoặc 'Làm việc')"))
    return out, problems


def default_overrides() -> dict[dt.date, bool]:
    return {day: working for day, working, _ in DEFAULT_OVERRIDES}

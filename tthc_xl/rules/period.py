"""Reporting periods: quarter, month, half, year, or an explicit date range.

A period runs from 00:00:00 of its first day to 23:59:59 of its last day. Times are whole
seconds everywhere in the engine, so that is the last moment of the day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tthc_xl.rules import clock
from tthc_xl.rules.values import cell_text, parse_datetime

_FORMAT = "%Y-%m-%dT%H:%M:%S"
FIRST_YEAR, LAST_YEAR = 1900, 9998  # the period after the last must still be a date


@dataclass(frozen=True)
class Period:
    label: str
    start: dt.datetime
    end: dt.datetime

    @property
    def first_day(self) -> dt.date:
        return self.start.date()

    @property
    def last_day(self) -> dt.date:
        return self.end.date()

    def describe(self) -> str:
        """Vietnamese wording for titles: 'Quý I năm 2026', 'Từ ngày 01/01/2026 đến …'."""
        return self.name() or self.span()

    def span(self) -> str:
        return f"Từ ngày {self.first_day:%d/%m/%Y} đến ngày {self.last_day:%d/%m/%Y}"

    def with_days(self) -> str:
        """'Quý I năm 2026 (từ ngày 01/01/2026 đến ngày 31/03/2026)'; a range of days just
        'Từ ngày … đến ngày …' (its days said once)."""
        name = self.name()
        return f"{name} (t{self.span()[1:]})" if name else self.span()

    def in_prose(self) -> str:
        """Inside a sentence ('Trong …', '… của kỳ'): a named period as its name, a range of
        days as 'kỳ từ ngày … đến ngày …' (never 'Trong Từ ngày …')."""
        return self.name() or "kỳ t" + self.span()[1:]

    def name(self) -> str | None:
        """'Quý I năm 2026', '6 tháng đầu năm 2026', 'Tháng 03 năm 2026', 'Năm 2026'; a
        range of days has none."""
        m = re.fullmatch(r"(\d{4})-Q([1-4])", self.label)
        if m:
            return f"Quý {['I', 'II', 'III', 'IV'][int(m.group(2)) - 1]} năm {m.group(1)}"
        m = re.fullmatch(r"(\d{4})-H([12])", self.label)
        if m:
            return f"6 tháng {'đầu' if m.group(2) == '1' else 'cuối'} năm {m.group(1)}"
        m = re.fullmatch(r"(\d{4})-(\d{2})", self.label)
        if m:
            return f"Tháng {int(m.group(2)):02d} năm {m.group(1)}"
        if re.fullmatch(r"\d{4}", self.label):
            return f"Năm {self.label}"
        return None

    def as_json(self, as_of: dt.datetime) -> dict[str, str]:
        return {
            "label": self.label,
            "start": self.start.strftime(_FORMAT),
            "end": self.end.strftime(_FORMAT),
            "as_of": as_of.strftime(_FORMAT),
        }

    def resolve_as_of(
        self, as_of: dt.datetime | None, now: dt.datetime | None = None
    ) -> dt.datetime:
        """The moment the figures are taken at.

        Unnamed, it is the earlier of now and the period end: a running period is judged
        at now, never at its future end. A period not yet begun is judged at its start.
        A named moment must lie inside the period (a mid-period snapshot).
        """
        if as_of is None:
            moment = clock.now() if now is None else now
            return max(self.start, min(self.end, moment))
        if not self.start <= as_of <= self.end:
            raise ValueError(
                f"Thời điểm tính (--as-of) {as_of:%d/%m/%Y %H:%M} phải nằm trong kỳ "
                f"{self.first_day:%d/%m/%Y} – {self.last_day:%d/%m/%Y}"
            )
        return as_of


def _span(label: str, first: dt.date, last: dt.date) -> Period:
    if last < first:
        raise ValueError(f"Kỳ '{label}': ngày kết thúc trước ngày bắt đầu")
    return Period(
        label,
        dt.datetime.combine(first, dt.time()),
        dt.datetime.combine(last, dt.time(23, 59, 59)),
    )


def _month_start(year: int, month: int) -> dt.date:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, 1)


def _months(label: str, year: int, first_month: int, count: int, cutoff_day: int | None) -> Period:
    """`count` calendar months from `first_month`, or the cut-off window that ends with them.

    With cut-off day c the window is from day c of the month before to day c-1 of the
    last month (Thông tư 01/2020: 15/12 to 14/3 for Q1 with c = 15).
    """
    if cutoff_day:
        first = _month_start(year, first_month - 1).replace(day=cutoff_day)
        last = _month_start(year, first_month + count - 1).replace(day=cutoff_day)
        return _span(label, first, last - dt.timedelta(days=1))
    first = _month_start(year, first_month)
    last = _month_start(year, first_month + count) - dt.timedelta(days=1)
    return _span(label, first, last)


# An Excel date serial below this is no date a period could mean (10000 is 18/05/1927);
# a whole number 1000-9999 given as a period is a year, as "2026" typed in a cell arrives.
_FIRST_SERIAL = 10000


def period_text(value: object) -> str:
    """A period cell as text: a date means the month it falls in.

    Excel turns "2026-03" typed into a General cell into the date 01/03/2026, which reaches
    Python as a datetime (or an Excel serial number when the cell is formatted as a
    number); such a value means that month, "2026-03". A whole number below 10000
    ("2026" typed in a cell comes as 2026.0) is a year; anything else is its text.
    """
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value:%Y-%m}"
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and value >= _FIRST_SERIAL:  # type: ignore[operator]
        moment = parse_datetime(float(value))  # type: ignore[arg-type]
        if moment is not None:
            return f"{moment:%Y-%m}"
    return cell_text(value)


def parse_period(text: str, cutoff_day: int | None = None) -> Period:
    """'2026-Q1', '2026-03', '2026-H1', '2026' or 'START..END' (ISO or dd/mm/yyyy dates)."""
    raw = str(text).strip()
    key = raw.upper().replace(" ", "")
    for year in re.findall(r"(?<!\d)\d{4}(?!\d)", raw):
        if not FIRST_YEAR <= int(year) <= LAST_YEAR:
            raise ValueError(
                f"Kỳ báo cáo '{raw}': năm {year} nằm ngoài khoảng tính được "
                f"({FIRST_YEAR}–{LAST_YEAR})."
            )
    if ".." in raw:
        left, right = (part.strip() for part in raw.split("..", 1))
        first, last = parse_datetime(left), parse_datetime(right)
        if first is None or last is None:
            raise ValueError(f"Kỳ '{raw}' không hợp lệ: cần dạng 2026-01-01..2026-03-31")
        return _span(f"{first:%Y-%m-%d}..{last:%Y-%m-%d}", first.date(), last.date())
    m = re.fullmatch(r"(\d{4})-?Q([1-4])", key) or re.fullmatch(r"Q([1-4])[/-](\d{4})", key)
    if m:
        year, q = (
            (int(m.group(1)), int(m.group(2)))
            if key[0] != "Q"
            else (int(m.group(2)), int(m.group(1)))
        )
        return _months(f"{year}-Q{q}", year, 3 * q - 2, 3, cutoff_day)
    m = re.fullmatch(r"(\d{4})-?H([12])", key)
    if m:
        year, h = int(m.group(1)), int(m.group(2))
        return _months(f"{year}-H{h}", year, 6 * h - 5, 6, cutoff_day)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", key) or re.fullmatch(r"(\d{1,2})/(\d{4})", key)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        year, month = (a, b) if a > 12 else (b, a)
        if 1 <= month <= 12:
            return _months(f"{year}-{month:02d}", year, month, 1, cutoff_day)
    m = re.fullmatch(r"\d{4}", key)
    if m:
        return _months(key, int(key), 1, 12, cutoff_day)
    raise ValueError(
        f"Kỳ báo cáo '{raw}' không hợp lệ. Dùng: 2026-Q1 (quý), 2026-03 (tháng), "
        f"2026-H1 (6 tháng), 2026 (năm) hoặc 2026-01-01..2026-03-31"
    )


def parse_as_of(text: str, now: dt.datetime | None = None) -> dt.datetime:
    """'2026-03-15T10:00', or a date alone: the end of that day, or now when it is today.

    A moment after now is refused: judged in the future, dossiers would count as overdue
    before they are due (docs/rules.md §5).
    """
    raw = str(text).strip()
    moment = parse_datetime(raw)
    if moment is None:
        raise ValueError(f"Thời điểm '{raw}' không hợp lệ: cần dạng 2026-03-15T10:00")
    current = clock.now() if now is None else now
    if re.fullmatch(r"[\d/.-]+", raw):  # a date with no time: the end of that day
        if moment.date() == current.date():
            return current
        moment = dt.datetime.combine(moment.date(), dt.time(23, 59, 59))
    if moment > current:
        raise ValueError(
            f"Thời điểm tính '{raw}' ở tương lai (bây giờ là {current:%d/%m/%Y %H:%M}): "
            "tính đến tương lai sẽ coi hồ sơ là quá hạn khi chưa đến hạn. Bỏ tùy chọn này "
            "để tính đến bây giờ, hoặc ghi một thời điểm đã qua."
        )
    return moment


def previous_period(period: Period) -> Period:
    """The period of the same length just before: Q1 2026 -> Q4 2025, 03/2026 -> 02/2026,
    H1 -> H2 of the year before, 2026 -> 2025; a date range moves back by its own length.
    A cut-off window keeps its cut-off day (its first day tells it)."""
    cutoff = period.first_day.day if period.first_day.day != 1 else None
    m = re.fullmatch(r"(\d{4})-Q([1-4])", period.label)
    if m:
        year, q = int(m.group(1)), int(m.group(2))
        year, q = (year - 1, 4) if q == 1 else (year, q - 1)
        return _months(f"{year}-Q{q}", year, 3 * q - 2, 3, cutoff)
    m = re.fullmatch(r"(\d{4})-H([12])", period.label)
    if m:
        year, h = int(m.group(1)), int(m.group(2))
        year, h = (year - 1, 2) if h == 1 else (year, 1)
        return _months(f"{year}-H{h}", year, 6 * h - 5, 6, cutoff)
    m = re.fullmatch(r"(\d{4})-(\d{2})", period.label)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        return _months(f"{year}-{month:02d}", year, month, 1, cutoff)
    if re.fullmatch(r"\d{4}", period.label):
        year = int(period.label) - 1
        return _months(str(year), year, 1, 12, cutoff)
    length = period.last_day - period.first_day + dt.timedelta(days=1)
    first, last = period.first_day - length, period.first_day - dt.timedelta(days=1)
    return _span(f"{first:%Y-%m-%d}..{last:%Y-%m-%d}", first, last)


def next_period(period: Period) -> Period:
    """The period of the same length just after (section IV of the report plans it):
    Q1 2026 -> Q2 2026, 12/2026 -> 01/2027, H2 -> H1 of the next year, 2026 -> 2027."""
    cutoff = period.first_day.day if period.first_day.day != 1 else None
    m = re.fullmatch(r"(\d{4})-Q([1-4])", period.label)
    if m:
        year, q = int(m.group(1)), int(m.group(2))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
        return _months(f"{year}-Q{q}", year, 3 * q - 2, 3, cutoff)
    m = re.fullmatch(r"(\d{4})-H([12])", period.label)
    if m:
        year, h = int(m.group(1)), int(m.group(2))
        year, h = (year + 1, 1) if h == 2 else (year, 2)
        return _months(f"{year}-H{h}", year, 6 * h - 5, 6, cutoff)
    m = re.fullmatch(r"(\d{4})-(\d{2})", period.label)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return _months(f"{year}-{month:02d}", year, month, 1, cutoff)
    if re.fullmatch(r"\d{4}", period.label):
        year = int(period.label) + 1
        return _months(str(year), year, 1, 12, cutoff)
    length = period.last_day - period.first_day + dt.timedelta(days=1)
    first = period.last_day + dt.timedelta(days=1)
    last = first + length - dt.timedelta(days=1)
    return _span(f"{first:%Y-%m-%d}..{last:%Y-%m-%d}", first, last)

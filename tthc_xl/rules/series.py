"""Indicators over time: dossiers received per calendar month and per weekday.

The report's charts read these; they are the same count keys as every other indicator
(:func:`tthc_xl.rules.indicators.count_table`), only grouped by the receipt moment. A
dossier counts where it was received (Ngày tiếp nhận), as in Biểu 06's column 4.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tthc_xl.rules import indicators as ind
from tthc_xl.rules.outcomes import Outcomes
from tthc_xl.rules.period import Period

WEEKDAY_LABELS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


@dataclass(frozen=True)
class Slice:
    """One group of a series: its label and the count keys of its dossiers."""

    label: str
    counts: dict[str, int]

    @property
    def online_rate(self) -> float | None:
        return ind.rates(self.counts)["online_rate"]


def months_of(period: Period) -> list[tuple[int, int]]:
    """The calendar months (year, month) a period touches, in order."""
    out: list[tuple[int, int]] = []
    year, month = period.first_day.year, period.first_day.month
    last = (period.last_day.year, period.last_day.month)
    while (year, month) <= last:
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def month_label(year: int, month: int, one_year: bool) -> str:
    return f"Tháng {month}" if one_year else f"{month:02d}/{year}"


def by_month(o: Outcomes, received_at: pd.Series, period: Period) -> list[Slice]:
    """New dossiers of the period per calendar month of receipt (a period cut on day 15
    shows its part-months as they fall)."""
    months = months_of(period)
    index = {m: i for i, m in enumerate(months)}
    stamps = pd.to_datetime(received_at)
    keys = (stamps.dt.year.fillna(0).astype(np.int64) * 100 + stamps.dt.month.fillna(0)).to_numpy()
    lookup = {y * 100 + m: i for (y, m), i in index.items()}
    groups = np.array([lookup.get(int(k), -1) for k in keys], dtype=np.int64)
    groups = np.where(o.new, groups, -1)
    table = ind.count_table(o, groups, len(months))
    one_year = len({y for y, _ in months}) == 1
    return [Slice(month_label(y, m, one_year), table[i]) for i, (y, m) in enumerate(months)]


def by_weekday(o: Outcomes, received_at: pd.Series) -> list[Slice]:
    """New dossiers of the period per weekday of receipt, Monday to Sunday."""
    stamps = pd.to_datetime(received_at)
    day = stamps.dt.day_of_week.fillna(-1).astype(np.int64).to_numpy()
    groups = np.where(o.new, day, -1)
    table = ind.count_table(o, groups, 7)
    return [Slice(WEEKDAY_LABELS[i], table[i]) for i in range(7)]

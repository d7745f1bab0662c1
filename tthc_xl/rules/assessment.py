"""How the report judges its figures: a target met, a previous period the register covers.

The report's evaluative words (met or not, strengths and shortcomings, up or down) are
chosen from these answers, never written in advance (docs/rules.md section 13).
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from tthc_xl.rules.outcomes import end_moment, epoch_seconds
from tthc_xl.rules.period import Period
from tthc_xl.rules.workcalendar import to_seconds


def _cut(percent: float) -> float:
    """Truncated to two decimals, as the report prints it (style/numbers.truncate)."""
    return math.floor(round(percent * 100, 6)) / 100


def met(rate: float | None, target: float) -> bool | None:
    """Whether `rate` meets `target`, both fractions, compared as printed (truncated to
    0,01%): 94,996% prints 94,99% and never meets 95%. None when there is no rate."""
    if rate is None:
        return None
    return _cut(rate * 100) >= _cut(target * 100)


def month_slices(period: Period) -> list[tuple[dt.datetime, dt.datetime]]:
    """The period cut at calendar month boundaries: [start, end] of each piece."""
    pieces = []
    start = period.start
    while start <= period.end:
        year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
        next_month = dt.datetime(year, month, 1)
        end = min(period.end, next_month - dt.timedelta(seconds=1))
        pieces.append((start, end))
        start = next_month
    return pieces


def covers(frame, period: Period) -> bool:
    """Whether the register holds `period` itself, not only what it carried over.

    An export of a quarter lists the dossiers received in it and the ones still pending at
    its start; a dossier received and finished inside an earlier period appears only when
    that period was imported. So the register covers `period` when each of its calendar
    months has at least one dossier received in that month and finished by the period's end.
    """
    received = to_seconds(frame["received_at"].to_numpy())
    ended = end_moment(frame)
    with np.errstate(invalid="ignore"):
        done = ended <= epoch_seconds(period.end)  # NaN (not finished) compares False
    for start, end in month_slices(period):
        t0, t1 = epoch_seconds(start), epoch_seconds(end)
        with np.errstate(invalid="ignore"):
            if not np.any(done & (received >= t0) & (received <= t1)):
                return False
    return True

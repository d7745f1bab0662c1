"""A slow, scalar restatement of docs/rules.md, written without the engine's axis.

Used only by tests, as an independent oracle: the engine's vectorised arithmetic must
agree with this one-dossier-at-a-time reading of the rules on random registers.
"""

from __future__ import annotations

import datetime as dt

import holidays

T = dt.datetime
HOURS = [(dt.time(7, 0), dt.time(11, 30)), (dt.time(13, 30), dt.time(17, 0))]
CLOSING = dt.time(17, 0)
CUTOFF = dt.time(15, 0)
_VN = holidays.VN(years=range(2024, 2029))
OVERRIDES = {dt.date(2026, 1, 2): False, dt.date(2026, 1, 10): True}


def working(day: dt.date) -> bool:
    return OVERRIDES.get(day, _VN.is_working_day(day))


def next_working(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while not working(day):
        day += dt.timedelta(days=1)
    return day


def closing(day: dt.date) -> T:
    return T.combine(day, CLOSING)


def add_working(t: T, amount: dt.timedelta) -> T:
    left, day, cursor = amount, t.date(), t
    while True:
        if working(day):
            for start, end in HOURS:
                a, b = max(cursor, T.combine(day, start)), T.combine(day, end)
                if a >= b:
                    continue
                if left <= b - a:
                    return a + left
                left -= b - a
        day += dt.timedelta(days=1)
        cursor = T.combine(day, dt.time())


def working_between(a: T, b: T) -> dt.timedelta:
    total, day = dt.timedelta(), a.date()
    while day <= b.date():
        if working(day):
            for start, end in HOURS:
                lo, hi = max(a, T.combine(day, start)), min(b, T.combine(day, end))
                if hi > lo:
                    total += hi - lo
        day += dt.timedelta(days=1)
    return total


def due(received, given, limit, unit, thursday, requested, supplied):
    """unit: 'wd' working days, 'cd' calendar days, 'wh' working hours; limit None = unknown."""
    if given is not None:
        return given
    if received is None or limit is None:
        return None
    d = received.date()
    if thursday and d.weekday() == 3 and working(d) and received.time() < CLOSING:
        out = closing(d)
    elif limit == 0:
        out = closing(d) if working(d) and received.time() <= CUTOFF else closing(next_working(d))
    elif unit == "cd":
        out = received + dt.timedelta(days=limit)
        if not working(out.date()):
            out = closing(next_working(out.date()))
    else:
        hours = limit * 8 if unit == "wd" else limit
        out = add_working(received, dt.timedelta(hours=hours))
    if requested is not None and supplied is not None and supplied > requested:
        pause = working_between(requested, supplied)
        if pause:
            out = add_working(out, pause)
    return out


def outcome(
    status, received, finished, returned, due_at, count, requested, supplied, start, as_of, mode
):
    end = finished if finished is not None else returned
    if status in (1, 3) or received is None or received > as_of:
        return "out_of_scope"
    if end is not None and end < start:
        return "out_of_scope"
    if end is not None and end <= as_of:
        if count > 1:
            return "late"
        if due_at is None:
            return "on_time"
        if mode == "date":
            return (
                "early"
                if end.date() < due_at.date()
                else "on_time"
                if end.date() == due_at.date()
                else "late"
            )
        if end > due_at:
            return "late"
        return "early" if end.date() < due_at.date() else "on_time"
    if count > 1:
        return "pending_overdue"
    if due_at is None:
        return "pending_within"
    if (
        requested is not None
        and requested <= as_of
        and not (supplied is not None and supplied <= as_of)
    ):
        ok = requested.date() <= due_at.date() if mode == "date" else requested <= due_at
        return "pending_within" if ok else "pending_overdue"
    late = due_at.date() < as_of.date() if mode == "date" else due_at < as_of
    return "pending_overdue" if late else "pending_within"

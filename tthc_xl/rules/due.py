"""Due dates (ngày hẹn trả): taken from the source, or computed from the catalog.

All arithmetic runs on the working-time axis of :mod:`tthc_xl.rules.workcalendar`, as arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tthc_xl.rules.catalog import Catalog, Unit
from tthc_xl.rules.values import factorize
from tthc_xl.rules.workcalendar import DAY, WorkCalendar, to_seconds


@dataclass
class DueDates:
    due: np.ndarray  # float seconds since 1970, NaN where there is no due date
    computed: np.ndarray  # True where the engine computed it (no due date in the source)
    unknown_procedure: np.ndarray  # no due date in the source and no usable catalog rule


def catalog_columns(codes: pd.Series, catalog: Catalog) -> tuple[np.ndarray, ...]:
    """Per dossier: (known, limit, unit, thursday) looked up by procedure code."""
    idx, uniques = factorize(codes)
    procs = [catalog.get(str(code)) for code in uniques]
    known = np.array([p is not None and p.limit is not None for p in procs] + [False])
    limit = np.array([p.limit if p and p.limit is not None else np.nan for p in procs] + [np.nan])
    unit = np.array([int(p.unit) if p else 0 for p in procs] + [0], dtype=np.int8)
    thursday = np.array([bool(p and p.thursday) for p in procs] + [False])
    return known[idx], limit[idx], unit[idx], thursday[idx]


def compute_due(
    frame: pd.DataFrame, catalog: Catalog, cal: WorkCalendar, same_day_cutoff: int
) -> DueDates:
    """Due moment of every dossier, following the steps of docs/rules.md, due dates."""
    received = to_seconds(frame["received_at"].to_numpy())
    given = to_seconds(frame["due_at"].to_numpy())
    known, limit, unit, thursday = catalog_columns(frame["procedure_code"], catalog)

    has_received = ~np.isnan(received)
    rule = known & has_received & np.isnan(given)
    due = np.full(len(frame), np.nan)

    day = cal.day_index(received)
    tod = received - cal.day_start(day)
    working_day = cal.is_working_index(day)

    # 2. working days (N >= 1) and working hours: add working time on the axis.
    span = np.where(unit == Unit.WORKING_HOURS, limit * 3600.0, limit * cal.daily)
    by_axis = rule & (limit > 0) & (unit != Unit.CALENDAR_DAYS)
    if by_axis.any():
        due[by_axis] = cal.add_working(received[by_axis], span[by_axis])

    # 3. same day (N = 0): closing today if received on a working day by the cut-off,
    #    else closing on the next working day.
    same_day = rule & (limit == 0)
    today = working_day & (tod <= same_day_cutoff)
    closing_day = np.where(today, day, cal.next_working_after(day))
    due = np.where(same_day, cal.closing_of(closing_day), due)

    # 4. calendar days: same clock time N days later; a day off moves it to the closing
    #    time of the next working day.
    by_calendar = rule & (limit > 0) & (unit == Unit.CALENDAR_DAYS)
    if by_calendar.any():
        target = received + np.nan_to_num(limit) * DAY
        tday = cal.day_index(target)
        moved = cal.closing_of(cal.next_working_after(tday))
        due = np.where(by_calendar, np.where(cal.is_working_index(tday), target, moved), due)

    # 5. Thursday model: flagged procedure, received on a working Thursday before closing.
    thursday_rule = rule & thursday & working_day & (cal.weekday(day) == 3) & (tod < cal.closing)
    due = np.where(thursday_rule, cal.closing_of(day), due)

    # 6. supplement pause: push a computed due date by the working time it was paused.
    requested = to_seconds(frame["supplement_requested_at"].to_numpy())
    supplied = to_seconds(frame["supplement_received_at"].to_numpy())
    paused = np.full(len(frame), np.nan)
    both = ~np.isnan(requested) & ~np.isnan(supplied)  # few dossiers wait for a supplement
    if both.any():
        paused[both] = cal.to_work(supplied[both]) - cal.to_work(requested[both])
    pause = rule & ~np.isnan(paused) & (paused > 0)
    if pause.any():
        due[pause] = cal.add_working(due[pause], paused[pause])

    computed = rule & ~np.isnan(due)
    final = np.where(np.isnan(given), due, given)
    unknown = np.isnan(given) & has_received & ~known
    return DueDates(final, computed, unknown)

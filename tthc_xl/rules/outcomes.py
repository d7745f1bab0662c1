"""Outcome of each dossier for a period: scope, resolved or pending, and against the due date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import pandas as pd

from tthc_xl.rules.settings import CompareMode
from tthc_xl.rules.values import NEVER_ACCEPTED
from tthc_xl.rules.workcalendar import DAY, WorkCalendar, to_seconds


class Outcome(IntEnum):
    OUT_OF_SCOPE = 0
    EARLY = 1
    ON_TIME = 2
    LATE = 3
    PENDING_WITHIN = 4
    PENDING_OVERDUE = 5

    @property
    def key(self) -> str:
        return _KEYS[self]

    @property
    def label(self) -> str:
        return _LABELS[self]


_KEYS = {
    Outcome.OUT_OF_SCOPE: "out_of_scope",
    Outcome.EARLY: "early",
    Outcome.ON_TIME: "on_time",
    Outcome.LATE: "late",
    Outcome.PENDING_WITHIN: "pending_within",
    Outcome.PENDING_OVERDUE: "pending_overdue",
}
_LABELS = {
    Outcome.OUT_OF_SCOPE: "Ngoài kỳ",
    Outcome.EARLY: "Trước hạn",
    Outcome.ON_TIME: "Đúng hạn",
    Outcome.LATE: "Quá hạn",
    Outcome.PENDING_WITHIN: "Đang giải quyết trong hạn",
    Outcome.PENDING_OVERDUE: "Đang giải quyết quá hạn",
}


def epoch_seconds(moment: dt.datetime) -> float:
    return float((moment - dt.datetime(1970, 1, 1)).total_seconds())


@dataclass
class Outcomes:
    """Per-dossier results for one (period, as of, mode); arrays align with the register."""

    outcome: np.ndarray  # Outcome codes, int8
    carried_over: np.ndarray  # bool
    new: np.ndarray  # bool, received inside the period
    channel: np.ndarray  # Channel codes
    due_soon: np.ndarray  # bool
    awaiting: np.ndarray  # bool: pending, a supplement requested and not yet received

    @property
    def in_scope(self) -> np.ndarray:
        return self.outcome != Outcome.OUT_OF_SCOPE


def end_moment(frame: pd.DataFrame) -> np.ndarray:
    """finished_at, else returned_at; NaN when the dossier has not finished."""
    finished = to_seconds(frame["finished_at"].to_numpy())
    returned = to_seconds(frame["returned_at"].to_numpy())
    return np.where(np.isnan(finished), returned, finished)


def classify(
    frame: pd.DataFrame,
    due: np.ndarray,
    start: dt.datetime,
    as_of: dt.datetime,
    mode: CompareMode,
    cal: WorkCalendar,
    warning_days: int,
) -> Outcomes:
    """The outcome of each dossier for a period (docs/rules.md, outcomes), vectorised."""
    t_start, t_as_of = epoch_seconds(start), epoch_seconds(as_of)
    status = frame["status"].to_numpy()
    received = to_seconds(frame["received_at"].to_numpy())
    end = end_moment(frame)
    multiple = frame["supplement_count"].to_numpy() > 1
    has_due = ~np.isnan(due)

    in_scope = (
        ~np.isin(status, [int(s) for s in NEVER_ACCEPTED])
        & (received <= t_as_of)  # NaN received compares False: never in scope
        & ~(end < t_start)
    )
    carried = in_scope & (received < t_start)
    new = in_scope & ~carried
    resolved = in_scope & (end <= t_as_of)
    pending = in_scope & ~resolved

    def day(t: np.ndarray | float) -> np.ndarray:
        return np.floor(np.asarray(t, dtype=float) / DAY)

    due_day, end_day = day(due), day(end)
    if mode is CompareMode.DATE:
        late_done = end_day > due_day
    else:
        late_done = end > due
    early_done = end_day < due_day
    # more than one supplement request is late whatever the dates; no due date is on time
    done = np.where(
        multiple | (has_due & late_done),
        Outcome.LATE,
        np.where(has_due & early_done, Outcome.EARLY, Outcome.ON_TIME),
    )

    requested = to_seconds(frame["supplement_requested_at"].to_numpy())
    supplied = to_seconds(frame["supplement_received_at"].to_numpy())
    awaiting = (requested <= t_as_of) & ~(supplied <= t_as_of)
    if mode is CompareMode.DATE:
        request_in_time = day(requested) <= due_day
        overdue_now = due_day < day(t_as_of)
    else:
        request_in_time = requested <= due
        overdue_now = due < t_as_of
    overdue = np.where(awaiting, ~request_in_time, overdue_now)
    open_ = np.where(
        multiple | (has_due & overdue), Outcome.PENDING_OVERDUE, Outcome.PENDING_WITHIN
    )

    outcome = np.full(len(frame), Outcome.OUT_OF_SCOPE, dtype=np.int8)
    outcome[resolved] = done[resolved]
    outcome[pending] = open_[pending]

    horizon = cal.add_working(np.array([t_as_of]), warning_days * cal.daily)[0]
    if np.isnan(horizon):
        horizon = t_as_of + warning_days * DAY
    # due soon: the due moment lies ahead, within the horizon; a past one (a dossier
    # waiting for a supplement keeps its old date) is never "sắp đến hạn"
    if mode is CompareMode.DATE:
        soon = (due_day <= day(horizon)) & (due_day >= day(t_as_of))
    else:
        soon = (due <= horizon) & (due >= t_as_of)
    due_soon = (outcome == Outcome.PENDING_WITHIN) & has_due & soon

    channel = frame["channel"].to_numpy()
    return Outcomes(outcome, carried, new, channel, due_soon, pending & awaiting)

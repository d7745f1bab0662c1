"""Where the period's QĐ 766 progress points will land, while there is still time to act.

docs/rules.md "Dự báo": taken at as-of, before the period ends.
- If every pending dossier finishes on time, the pending ones within their deadline stay
  good and the overdue ones stay bad: the points are today's progress points.
- If the due-soon dossiers slip, each moves from "within deadline" to "late": the points
  fall by 20 ÷ total for each one.
- Each due-soon dossier, with its due moment, puts 20 ÷ total progress points at stake,
  plus what the satisfaction part (6) loses if it alone turns late.
Dossiers received after as-of cannot be known and are not guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from tthc_xl.rules import scorecard
from tthc_xl.rules.workcalendar import from_seconds

if TYPE_CHECKING:
    from tthc_xl.rules.engine import Result


@dataclass(frozen=True)
class AtStake:
    """One due-soon dossier and what its slipping costs."""

    position: int  # row position in the register frame
    dossier_id: str
    procedure_name: str
    due_at: dt.datetime | None
    progress_points: float  # progress points lost if it turns late
    satisfaction_points: float  # satisfaction (first part) points lost if it alone turns late


@dataclass(frozen=True)
class Forecast:
    open: bool  # as-of is before the period end: the figures can still move
    if_on_time: float | None  # progress points if every pending dossier finishes on time
    if_due_soon_slip: float | None  # progress points if every due-soon dossier turns late
    at_stake: tuple[AtStake, ...]


def _slipped(counts: dict[str, int], n: int) -> dict[str, int]:
    c = dict(counts)
    c["pending_within"] -= n
    c["pending_overdue"] += n
    return c


def forecast(result: Result) -> Forecast:
    counts = result.counts
    is_open = result.as_of < result.period.end
    table = result.dossiers()
    soon = np.flatnonzero(table["due_soon"].to_numpy()).tolist()
    due = from_seconds(result.engine.due.due)
    frame = result.engine.frame
    now_points = scorecard.progress_points(counts)
    one_late = scorecard.progress_points(_slipped(counts, 1)) if soon else None
    sat_now = scorecard.satisfaction_points(counts)
    sat_one = scorecard.satisfaction_points(_slipped(counts, 1)) if soon else None
    items = []
    for pos in soon:
        moment = due[pos]
        items.append(
            AtStake(
                pos,
                str(frame["dossier_id"].iloc[pos]),
                str(frame["procedure_name"].iloc[pos]),
                None if np.isnat(moment) else moment.astype(dt.datetime),
                (now_points or 0.0) - (one_late or 0.0),
                (sat_now or 0.0) - (sat_one or 0.0),
            )
        )
    items.sort(key=lambda a: (a.due_at or dt.datetime.max, a.dossier_id))
    return Forecast(
        is_open,
        now_points,
        scorecard.progress_points(_slipped(counts, len(soon))),
        tuple(items),
    )

"""Two truths reconciled: the portal's view computed the portal's way, and the dossiers
where it differs from the register (docs/rules.md "Hai sự thật: sổ và Cổng").

A dossier is on the portal when a portal list held it (its *Cổng DVCQG - …* columns are
filled). One the register received before the latest portal list's last receipt moment
and that no list held is not on the portal; one received after it is not judged (the list
is older than it).

The portal scores over the dossiers it holds, from its own moments and states, comparing
moments (NgayKetThucXuLy ≤ NgayHenTra): progress 20 × (early + on time + pending within)
÷ all it holds; online service min(2, 2A/0.8) + 4B + min(6, 6C/0.5) (scorecard.py) with
A the portal's own part A when CauHinh gives it, B over the dossiers it holds and C = the
online share of those × the synced share (on the portal ÷ received, in the period).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from tthc_xl.rules.outcomes import Outcome, end_moment
from tthc_xl.rules.register import PORTAL_OF, Register
from tthc_xl.rules.scorecard import GROUP_766, OnlineServiceParts, progress_points, ratio
from tthc_xl.rules.settings import PORTAL_PART_A_LABEL, CompareMode, typed_number
from tthc_xl.rules.sources import System, system_of_source
from tthc_xl.rules.values import CHANNEL_LABELS, STATUS_LABELS, Channel, Status
from tthc_xl.rules.workcalendar import to_seconds

if TYPE_CHECKING:
    from tthc_xl.rules.engine import Result

REASONS: dict[str, str] = {  # key -> what DoiSoat and the report say
    "not_on_portal": "Chưa có trên Cổng",
    "late_on_portal": "Quá hạn trên Cổng",
    "state_differs": "Trạng thái khác",
    "channel_differs": "Kênh nộp khác",
    "only_on_portal": "Chỉ có trên Cổng",
}
_GOOD = (Outcome.EARLY, Outcome.ON_TIME, Outcome.PENDING_WITHIN)
_BAD = (Outcome.LATE, Outcome.PENDING_OVERDUE)


@dataclass(frozen=True)
class PortalFigures:
    """The portal's view of the period, computed from its own columns."""

    held: int  # in scope and held by the portal
    synced: int  # received in the period and held by the portal
    judged: int  # received in the period and held, or missing (received before the list)
    counts: dict[str, int]
    progress: float | None
    parts: OnlineServiceParts  # A, B, C as the portal scores them
    part_points: dict[str, float | None]  # catalog, used, online_rate -> points
    online_service: float | None
    synced_share: float | None
    online_share: float | None  # online among what it holds, received in the period
    part_a_typed: bool  # A came from CauHinh (the portal's own drill-down)


@dataclass(frozen=True)
class Difference:
    position: int
    dossier_id: str
    procedure: str
    reasons: tuple[str, ...]
    register: dict[str, object]
    portal: dict[str, object]
    points: float
    late_days: int | None = None

    def reason_text(self) -> str:
        """'Quá hạn trên Cổng (2 ngày); Trạng thái khác' as DoiSoat shows it."""
        out = []
        for r in self.reasons:
            text = REASONS[r]
            if r == "late_on_portal" and self.late_days is not None:
                text += f" ({self.late_days} ngày)"
            out.append(text)
        return "; ".join(out)


@dataclass(frozen=True)
class Reconciliation:
    result: Result
    portal: PortalFigures | None  # None: no portal list imported
    differences: tuple[Difference, ...] = field(default_factory=tuple)

    @property
    def own_progress(self) -> float | None:
        return self.result.progress_points

    @property
    def own_online_service(self) -> float | None:
        return self.result.online_service.points

    @property
    def own_parts(self) -> dict[str, float | None]:
        """The register's A, B, C points (catalog, used, online_rate)."""
        return self.result.online_service.part_points()

    def differing_parts(self) -> list[str]:
        """The online-service parts whose points differ between the two truths."""
        if self.portal is None:
            return []
        own, seen = self.own_parts, self.portal.part_points
        out = []
        for k, mine in own.items():
            theirs = seen.get(k)
            if mine is not None and theirs is not None and abs(mine - theirs) > 1e-9:
                out.append(k)
        return out

    def as_json(self) -> dict:
        """The `tthc-xl reconcile --json` object."""
        p = self.portal
        return {
            "period": self.result.period.as_json(self.result.as_of),
            "own": {
                "progress": self.own_progress,
                "online_service": self.own_online_service,
                "online_service_parts": self.own_parts,
            },
            "portal": {
                "progress": p.progress if p else None,
                "online_service": p.online_service if p else None,
                "synced_share": p.synced_share if p else None,
                "online_service_parts": p.part_points if p else None,
            },
            "dossiers": [
                {
                    "dossier_id": d.dossier_id,
                    "procedure": d.procedure,
                    "reasons": list(d.reasons),
                    "late_days": d.late_days,
                    "register": d.register,
                    "portal": d.portal,
                    "points": d.points,
                }
                for d in self.differences
            ],
        }


def on_portal(frame: pd.DataFrame) -> np.ndarray:
    """Which dossiers a portal list held."""
    held = np.zeros(len(frame), dtype=bool)
    for key in ("portal_received_at", "portal_due_at", "portal_finished_at"):
        if key in frame:
            held |= frame[key].notna().to_numpy()
    if "portal_status" in frame:
        held |= frame["portal_status"].to_numpy() > 0
    return held


def _portal_frame(frame: pd.DataFrame, held: np.ndarray) -> pd.DataFrame:
    """The dossiers the portal holds, with its own moments, state and channel."""
    sub = frame.loc[held].copy()
    for key, portal in PORTAL_OF.items():
        values = sub[portal]
        if key == "status":
            given = values.to_numpy() > 0
        elif key == "received_at":  # the register's receipt when the list gave none
            given = values.notna().to_numpy()
        else:  # the portal's own: a blank finish means unfinished there, blank channel direct
            given = np.ones(len(sub), dtype=bool)
        column = sub[key].to_numpy(copy=True)
        column[given] = values.to_numpy()[given]
        sub[key] = column
    return sub.reset_index(drop=True)


def reconcile(result: Result) -> Reconciliation:
    """The portal's figures and every dossier where the two truths differ."""
    from tthc_xl.rules.engine import Engine

    engine = result.engine
    frame = engine.frame
    held = on_portal(frame)
    if not held.any():
        return Reconciliation(result, None)
    sub = _portal_frame(frame, held)
    rows = np.asarray(engine.register.row_numbers)[held]
    portal_engine = Engine(Register(sub, rows), engine.catalog, engine.overrides, engine.settings)
    seen = portal_engine.evaluate(result.period, result.as_of, CompareMode.MOMENT)
    own = result.outcomes
    received = to_seconds(frame["received_at"].to_numpy())
    latest = np.nanmax(to_seconds(frame["portal_received_at"].to_numpy()))
    if np.isnan(latest):
        latest = np.nanmax(np.where(held, received, np.nan))
    missing = ~held & own.in_scope & (received <= latest)
    figures = _figures(result, seen, held, missing)
    portal_outcome = np.zeros(len(frame), dtype=np.int8)
    portal_outcome[held] = seen.outcomes.outcome
    due = np.full(len(frame), np.nan)
    due[held] = portal_engine.due.due
    diffs = _differences(result, sub, held, missing, portal_outcome, due, figures)
    return Reconciliation(result, figures, tuple(diffs))


def _figures(result: Result, seen: Result, held: np.ndarray, missing: np.ndarray) -> PortalFigures:
    new = result.outcomes.new
    synced = int((new & held).sum())
    judged = synced + int((new & missing).sum())
    share = ratio(synced, judged)
    online = seen.rates["online_rate"]
    c = None if share is None or online is None else online * share
    own_parts = result.online_service
    typed_a = typed_number(result.engine.settings, PORTAL_PART_A_LABEL)
    parts = OnlineServiceParts(own_parts.a, seen.online_service.b, c)
    points = parts.part_points(typed_a)
    total = None if None in points.values() else sum(v or 0.0 for v in points.values())
    return PortalFigures(
        held=seen.counts["total"],
        synced=synced,
        judged=judged,
        counts=seen.counts,
        progress=progress_points(seen.counts),
        parts=parts,
        part_points=points,
        online_service=total,
        synced_share=share,
        online_share=online,
        part_a_typed=typed_a is not None,
    )


def _moment(value: object) -> str | None:
    stamp = pd.Timestamp(value) if value is not None else pd.NaT
    return None if pd.isna(stamp) else stamp.strftime("%Y-%m-%dT%H:%M")


def _view(row: pd.Series, keys: dict[str, str], outcome: int, due: float) -> dict[str, object]:
    """One truth of a dossier: its moments, state, channel and outcome, for JSON."""
    status = int(row[keys["status"]])
    due_text = None if np.isnan(due) else pd.Timestamp(due, unit="s").strftime("%Y-%m-%dT%H:%M")
    return {
        "received_at": _moment(row[keys["received_at"]]),
        "due_at": due_text,
        "finished_at": _moment(row[keys["finished_at"]]),
        "status": STATUS_LABELS[Status(status)] if status > 0 else None,
        "channel": CHANNEL_LABELS[Channel(int(row[keys["channel"]]))],
        "outcome": Outcome(int(outcome)).key,
    }


_OWN_KEYS = {k: k for k in PORTAL_OF}


def _differences(
    result: Result,
    sub: pd.DataFrame,
    held: np.ndarray,
    missing: np.ndarray,
    portal_outcome: np.ndarray,
    portal_due: np.ndarray,
    figures: PortalFigures,
) -> list[Difference]:
    frame = result.engine.frame
    own = result.outcomes.outcome
    in_scope = result.outcomes.in_scope | (portal_outcome != Outcome.OUT_OF_SCOPE)
    patterns = result.engine.settings.file_patterns
    only = np.array(
        [system_of_source(s, patterns) is System.PORTAL for s in frame["source"].tolist()],
        dtype=bool,
    )
    late = held & np.isin(own, _GOOD) & np.isin(portal_outcome, _BAD)
    status, p_status = frame["status"].to_numpy(), frame["portal_status"].to_numpy()
    state = held & ~only & (p_status > 0) & (status > 0) & (status != p_status)
    channel = held & ~only & (frame["channel"].to_numpy() != frame["portal_channel"].to_numpy())
    flags = {
        "not_on_portal": missing,
        "late_on_portal": late,
        "state_differs": state,
        "channel_differs": channel,
        "only_on_portal": held & only,
    }
    any_flag = np.zeros(len(frame), dtype=bool)
    for mask in flags.values():
        any_flag |= mask
    any_flag &= in_scope
    own_due = result.engine.due.due
    portal_end = end_moment(sub)
    portal_at = np.cumsum(held) - 1
    cost = partial(_cost, result, figures)
    out = []
    portal_keys = {**PORTAL_OF}
    for pos in np.flatnonzero(any_flag).tolist():
        reasons = tuple(k for k, mask in flags.items() if mask[pos])
        row = frame.iloc[pos]
        days = None
        if late[pos]:
            end = portal_end[portal_at[pos]]
            moment = result.as_of.timestamp() if np.isnan(end) else end
            days = max(1, math.ceil((moment - portal_due[pos]) / 86400))
        out.append(
            Difference(
                pos,
                str(row["dossier_id"]),
                str(row["procedure_name"]),
                reasons,
                _view(row, _OWN_KEYS, own[pos], own_due[pos]),
                _view(row, portal_keys, portal_outcome[pos], portal_due[pos]) if held[pos] else {},
                cost(reasons, int(own[pos])),
                days,
            )
        )
    return out


def _cost(result: Result, figures: PortalFigures, reasons: tuple[str, ...], own: int) -> float:
    """The points this dossier costs on the portal: what its two computed groups would gain
    if the portal held it as the register does."""
    counts = figures.counts
    held = counts["total"]
    good = counts["early"] + counts["on_time"] + counts["pending_within"]
    most = GROUP_766["progress"].max_points
    if "late_on_portal" in reasons and held:
        return most / held
    if "not_on_portal" in reasons:
        gain = (good + (own in _GOOD)) / (held + 1) - (good / held if held else 0.0)
        return max(0.0, most * gain)
    return 0.0

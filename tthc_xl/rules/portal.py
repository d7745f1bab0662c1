"""What the national portal (DVCQG) will see, beside the commune's own figures.

docs/rules.md "Góc nhìn của Cổng": the portal counts only dossiers synchronised to it, so
its online share C is the commune's online rate × the synced share, where the synced share
is the dossiers received in the period marked *Đã đồng bộ DVCQG* ÷ the dossiers received in
the period. A register whose synced column is blank throughout does not track syncing: the
portal view is then unknown ("—"), never 0.

The dossiers that explain a difference are those received in the period and not marked as
synced, and those late (resolved late, or pending and overdue).

Once a portal list is imported (its own columns, rules/reconcile.py), the portal's view is
computed from the list instead: both groups, the synced share derived, and the dossiers
where the two truths differ. The typed column serves registers with no portal list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from tthc_xl.rules.outcomes import Outcome
from tthc_xl.rules.reconcile import Reconciliation, reconcile
from tthc_xl.rules.scorecard import OnlineServiceParts, ratio

if TYPE_CHECKING:
    from tthc_xl.rules.engine import Result


@dataclass(frozen=True)
class Explaining:
    position: int
    dossier_id: str
    procedure_name: str
    reason: str  # "Chưa đồng bộ DVCQG", "Quá hạn", or both joined by "; "


@dataclass(frozen=True)
class PortalView:
    synced: int  # received in the period and marked as synced
    received: int  # received in the period
    synced_share: float | None
    online_rate: float | None  # the commune's own C
    online_rate_seen: float | None  # C as the portal sees it
    online_service_seen: float | None  # QĐ 766 online-service points with that C
    explaining: tuple[Explaining, ...]
    progress_seen: float | None = None  # from the portal's list (None: no list imported)
    reconciliation: Reconciliation | None = None


def portal_view(result: Result) -> PortalView:
    """From the portal's own list when one was imported, else from the typed column."""
    rec = reconcile(result)
    if rec.portal is None:
        return typed_view(result)
    portal = rec.portal
    items = tuple(
        Explaining(d.position, d.dossier_id, d.procedure, d.reason_text()) for d in rec.differences
    )
    return PortalView(
        portal.synced,
        portal.judged,
        portal.synced_share,
        result.rates["online_rate"],
        portal.parts.c,
        portal.online_service,
        items,
        portal.progress,
        rec,
    )


def typed_view(result: Result) -> PortalView:
    """The portal's view from the typed *Đã đồng bộ DVCQG* column (no portal list)."""
    o = result.outcomes
    frame = result.engine.frame
    flag = frame["synced"].to_numpy(dtype=object, na_value=None)
    marked = np.array([v is True or v == 1 for v in flag], dtype=bool)
    tracked = np.array([v is not None for v in flag], dtype=bool)
    new = o.new
    received = int(new.sum())
    synced = int((new & marked).sum())
    share = ratio(synced, received) if (tracked & o.in_scope).any() else None
    own = result.rates["online_rate"]
    seen = None if share is None or own is None else own * share
    parts = result.online_service
    service_seen = OnlineServiceParts(parts.a, parts.b, seen).points
    unsynced = new & ~marked if share is not None else np.zeros(len(new), dtype=bool)
    late = np.isin(o.outcome, [Outcome.LATE, Outcome.PENDING_OVERDUE])
    items = []
    for pos in np.flatnonzero(unsynced | late).tolist():
        reasons = []
        if unsynced[pos]:
            reasons.append("Chưa đồng bộ DVCQG")
        if late[pos]:
            reasons.append(Outcome(int(o.outcome[pos])).label)
        items.append(
            Explaining(
                pos,
                str(frame["dossier_id"].iloc[pos]),
                str(frame["procedure_name"].iloc[pos]),
                "; ".join(reasons),
            )
        )
    return PortalView(synced, received, share, own, seen, service_seen, tuple(items))

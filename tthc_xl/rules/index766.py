"""The commune's QĐ 766 standing for a period, as the report sets it out.

For each group of the scorecard (`scorecard.GROUPS_766`): the commune's own points
(computed, typed or both), where they come from, the points the portal published (typed in
CauHinh) and what the portal will see (`portal.py`); the total; and the report's
placeholders for all of them, named and explained. Numbers only: the report words and
formats them (report/figures.py, report/baocao.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from tthc_xl.rules.portal import PortalView
from tthc_xl.rules.scorecard import (
    GROUP_766,
    GROUPS_766,
    PORTAL_TOTAL_LABEL,
    TOTAL_766,
    Group766,
    Part766,
    Scored,
    Source,
    Typed,
    points_text,
)
from tthc_xl.rules.settings import Settings, typed_number

TOTAL_NAME = f"Tổng điểm ({points_text(TOTAL_766)})"
TOTAL_PLACEHOLDER = "tong_diem_766"
PORTAL_TOTAL_PLACEHOLDER = "cong_tong_diem"
# what the portal will see, by group: progress from its own list, online service from the
# synced share
_SEEN: dict[str, Callable[[PortalView], float | None]] = {
    "progress": lambda view: view.progress_seen,  # from the portal's own list
    "online_service": lambda view: view.online_service_seen,
}


@dataclass(frozen=True)
class Row766:
    key: str
    name: str
    max_points: float
    own: float | None
    source: str  # Source: computed, typed, or both
    portal: float | None  # as the portal published it (typed)
    seen: float | None  # as the portal will see it (computed), where it can differ
    shows_seen: bool = False  # whether the portal's view applies to this group at all


@dataclass(frozen=True)
class Standing766:
    """The report's QĐ 766 table: one row per group, then the total."""

    rows: tuple[Row766, ...]
    portal_total: float | None  # the total the portal published (typed)
    parts: dict[str, float | None]  # a part's points by its placeholder (diem_<slug>)

    @property
    def total(self) -> float | None:
        """The own points summed; unknown while a group has none."""
        values = [r.own for r in self.rows]
        return None if None in values else sum(v for v in values if v is not None)

    total_name = TOTAL_NAME
    total_max = TOTAL_766

    def row(self, key: str) -> Row766:
        return next(r for r in self.rows if r.key == key)

    def placeholders(self) -> dict[str, float | None]:
        """The number behind each QĐ 766 placeholder (OWN_PLACEHOLDERS, PORTAL_PLACEHOLDERS)."""
        own = {GROUP_766[r.key].own_placeholder: r.own for r in self.rows}
        portal = {GROUP_766[r.key].portal_placeholder: r.portal for r in self.rows}
        values = {**own, **self.parts, TOTAL_PLACEHOLDER: self.total}
        values.update({name: portal[name] for name, _ in PORTAL_PLACEHOLDERS if name in portal})
        values[PORTAL_TOTAL_PLACEHOLDER] = self.portal_total
        return values


def standing(result: Scored, settings: Settings, view: PortalView) -> Standing766:
    """Every group's own points, the portal's and its view, from the result and CauHinh."""
    typed: Typed = partial(typed_number, settings)
    rows = []
    for g in GROUPS_766:
        seen = _SEEN.get(g.key)
        rows.append(
            Row766(
                g.key,
                g.name,
                g.max_points,
                g.points(result, typed),
                g.source.value,
                typed(g.portal_label),
                seen(view) if seen else None,
                seen is not None,
            )
        )
    parts = {p.placeholder: _part_points(p, result, typed) for _, p in _scored_parts()}
    return Standing766(tuple(rows), typed(PORTAL_TOTAL_LABEL), parts)


def _part_points(part: Part766, result: Scored, typed: Typed) -> float | None:
    if part.score is not None:
        return part.score(result, typed)
    return typed(part.typed_label)


def _scored_parts() -> list[tuple[Group766, Part766]]:
    """The parts with points of their own (computed or typed): they have placeholders."""
    return [(g, p) for g in GROUPS_766 for p in g.parts if p.placeholder]


# ------------------------------------------------------------------ placeholders


def _first_lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _own_placeholders() -> tuple[tuple[str, str], ...]:
    """The own points' placeholders: the computed groups, then those computed in part (each
    after its computed part), then the typed groups, then the typed parts."""
    out: list[tuple[str, str]] = []
    by_source = {s: [g for g in GROUPS_766 if g.source is s] for s in Source}
    for g in by_source[Source.COMPUTED]:
        out.append((g.own_placeholder, f"Điểm {g.name} ({points_text(g.max_points)}), xã tự tính"))
    for g in by_source[Source.MIXED]:
        computed = [i for i, p in enumerate(g.parts, start=1) if not p.typed]
        for i in computed:
            p = g.parts[i - 1]
            out.append(
                (
                    p.placeholder,
                    f"Điểm {g.short_name} phần {i} ({points_text(p.max_points)}): "
                    f"{_first_lower(p.name)}",
                )
            )
        out.append(
            (
                g.own_placeholder,
                f"Điểm {g.name} ({points_text(g.max_points)}): phần "
                f"{', '.join(map(str, computed))} tự tính + {len(g.parts) - len(computed)} "
                "phần nhập tay",
            )
        )
    for g in by_source[Source.TYPED]:
        out.append((g.own_placeholder, f"Điểm {g.name} ({points_text(g.max_points)}), nhập tay"))
    for _, p in _scored_parts():
        if p.typed:
            out.append((p.placeholder, f"{p.typed_label}, nhập tay"))
    return tuple(out)


OWN_PLACEHOLDERS: tuple[tuple[str, str], ...] = _own_placeholders()
# the portal's published points, for the groups the register computes (fully or in part)
PORTAL_PLACEHOLDERS: tuple[tuple[str, str], ...] = tuple(
    (g.portal_placeholder, f"Điểm {g.name} Cổng DVCQG công bố (CauHinh)")
    for g in GROUPS_766
    if g.source is not Source.TYPED
)

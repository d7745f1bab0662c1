"""The QĐ 766 scorecard: its groups in one table, each with how it is scored.

QĐ 766/QĐ-TTg scores a commune's service out of 100 in six groups (docs/rules.md §9). The
register computes two of them in full (progress, online service), one in part
(satisfaction: its first part; the complaint parts are typed), and the commune types its
own points for the others in CauHinh. Every surface that shows a group reads this table:
`Result.kpi()` (`tthc-xl kpi`, `--json`), the indicator table of the CLI and the KPI sheet
(`labels.INDICATORS`) with its formula functions (`INDEX766` or a named one), CauHinh's
rows (`settings.PORTAL_LABELS`), the report's table and placeholders (`rules/index766.py`),
the city's ranking, totals and workbook. A new group is one entry of `GROUPS_766`.

Imports nothing outside the standard library: `labels`, `settings` and `indicators` build
on it, and the engine's `Result` is only seen through the `Scored` protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

Counts = Mapping[str, int]
Typed = Callable[[str], float | None]  # a CauHinh label -> the number typed under it


def points_text(value: float) -> str:
    """18.0 -> "18": maxima as labels show them."""
    return f"{value:g}"


def ratio(numerator: float, denominator: float) -> float | None:
    """A zero denominator gives no value (shown as '—'), never an error."""
    return None if not denominator else numerator / denominator


# ------------------------------------------------------------------ the scoring


@dataclass(frozen=True)
class OnlineServiceParts:
    a: float | None  # catalog procedures with an online service / catalog procedures
    b: float | None  # online-service procedures with an online dossier / online-service ones
    c: float | None  # online rate

    def part_points(self, typed_a: float | None = None) -> dict[str, float | None]:
        """Each part's points: min(2, 2·a/0.8), 4·b, min(6, 6·c/0.5); A's points as the unit
        typed them when it did (the portal's own figure)."""
        group = GROUP_766["online_service"]
        most = {k: group.part(k).max_points for k in ("catalog", "used", "online_rate")}

        def capped(key: str, value: float | None, full_at: float) -> float | None:
            return None if value is None else min(most[key], most[key] * value / full_at)

        a = typed_a if typed_a is not None else capped("catalog", self.a, 0.8)
        b = None if self.b is None else most["used"] * self.b
        return {"catalog": a, "used": b, "online_rate": capped("online_rate", self.c, 0.5)}

    @property
    def points(self) -> float | None:
        """'Dịch vụ công trực tuyến' (12): min(2, 2·a/0.8) + 4·b + min(6, 6·c/0.5)."""
        parts = self.part_points()
        if any(v is None for v in parts.values()):
            return None
        return sum(v for v in parts.values() if v is not None)


class Scored(Protocol):
    """What a computed group is scored from: the engine's `Result` for one period."""

    @property
    def counts(self) -> dict[str, int]: ...

    @property
    def rates(self) -> dict[str, float | None]: ...

    @property
    def online_service(self) -> OnlineServiceParts: ...


def progress_points(c: Counts) -> float | None:
    """'Tiến độ giải quyết' (20): 20 × (early + on_time + pending_within) ÷ total."""
    share = ratio(c["early"] + c["on_time"] + c["pending_within"], c["total"])
    return None if share is None else GROUP_766["progress"].max_points * share


def satisfaction_points(c: Counts, complaint_share: float = 0.0) -> float | None:
    """'Mức độ hài lòng', first part (6): min(6, 6·r/0.9), r = 1 - (late share + complaint
    share), the late share being (late + pending_overdue) ÷ total."""
    late_share = ratio(c["late"] + c["pending_overdue"], c["total"])
    if late_share is None:
        return None
    r = 1.0 - (late_share + complaint_share)
    most = GROUP_766["satisfaction"].part("on_time_share").max_points
    return max(0.0, min(most, most * r / 0.9))


COMPLAINT_SHARE_LABEL = "Tỷ lệ hồ sơ có phản ánh, kiến nghị"  # CauHinh, typed


def _progress(result: Scored, typed: Typed) -> float | None:
    return progress_points(result.counts)


def _online_service(result: Scored, typed: Typed) -> float | None:
    return result.online_service.points


def _satisfaction_first(result: Scored, typed: Typed) -> float | None:
    return satisfaction_points(result.counts, typed(COMPLAINT_SHARE_LABEL) or 0.0)


def _satisfaction(result: Scored, typed: Typed) -> float | None:
    """The first part computed, the complaint parts as typed: unknown while one is blank."""
    first = _satisfaction_first(result, typed)
    rest = [typed(p.typed_label) for p in GROUP_766["satisfaction"].parts if p.typed]
    if first is None or any(v is None for v in rest):
        return None
    return first + sum(v for v in rest if v is not None)


# ------------------------------------------------------------------ the table

Score = Callable[[Scored, Typed], float | None]


class Source(StrEnum):
    """Where a group's own points come from (the report's column 'Nguồn')."""

    COMPUTED = "Tính từ sổ"
    TYPED = "Nhập tay"
    MIXED = "Tính từ sổ (phần 1) + nhập tay"


@dataclass(frozen=True)
class Part766:
    """A scored part of a QĐ 766 group."""

    key: str
    name: str
    max_points: float
    typed: bool = False  # the commune types it in CauHinh, under `typed_label`
    slug: str = ""  # its report placeholder, diem_<slug>; "" = none (scored with its group)
    score: Score | None = None  # computed parts: the points from the register

    @property
    def placeholder(self) -> str:
        return f"diem_{self.slug}" if self.slug else ""

    @property
    def typed_label(self) -> str:
        """The CauHinh label it is typed under, e.g. 'Điểm xử lý phản ánh, kiến nghị (6)'."""
        return f"{self.name} ({points_text(self.max_points)})"


@dataclass(frozen=True)
class Group766:
    """One group of QĐ 766/QĐ-TTg: its maximum, its parts and how its points are had.

    `score` computes the group's points from the engine's result (and, for a group with
    typed parts, the typed numbers); a group without one is typed by the commune under
    `own_label`. `from_counts`, when set, scores it from counts alone, so it can be scored
    for a whole city from the communes' summed counts.
    """

    key: str  # its key in `tthc-xl kpi --json` ("index766") and in INDEX766(...)
    name: str
    max_points: float
    parts: tuple[Part766, ...] = ()
    score: Score | None = None
    from_counts: Callable[[Counts], float | None] | None = None
    formula: str = ""  # a named formula function's call ({t} table, {p} period); "" = INDEX766
    slug: str = ""  # the report's placeholders: diem_<slug> (own), cong_<slug> (portal's); "" = key
    short: str = ""  # column headers ("Điểm Tiến độ (20)"); default: the name
    abbrev: str = ""  # the CLI's city table header; default: `short`
    legend: str = ""  # the city chart's series name; default: `short`

    def part(self, key: str) -> Part766:
        return next(p for p in self.parts if p.key == key)

    @property
    def source(self) -> Source:
        if self.score is None:
            return Source.TYPED
        return Source.MIXED if any(p.typed for p in self.parts) else Source.COMPUTED

    @property
    def computed(self) -> bool:
        """Scored from the register alone: in `tthc-xl kpi`, the KPI sheet and the city."""
        return self.source is Source.COMPUTED

    def points(self, result: Scored, typed: Typed) -> float | None:
        """The commune's own points: computed, typed, or computed and typed parts."""
        if self.score is None:
            return typed(self.own_label)
        return self.score(result, typed)

    @property
    def own_label(self) -> str:
        """CauHinh's row for the points the commune types for a group it cannot compute."""
        return f"Xã tự chấm - {self.name} ({points_text(self.max_points)})"

    @property
    def portal_label(self) -> str:
        """CauHinh's row for the points the portal published."""
        return f"Cổng DVCQG - {self.name} ({points_text(self.max_points)})"

    @property
    def call(self) -> str:
        """The formula function call of the KPI sheet: {t} = the register, {p} = the period."""
        return self.formula or f'INDEX766({{t}},{{p}},"{self.key}")'

    @property
    def short_name(self) -> str:
        return self.short or self.name

    @property
    def abbreviation(self) -> str:
        return self.abbrev or self.short_name

    @property
    def legend_name(self) -> str:
        return self.legend or self.short_name

    @property
    def own_placeholder(self) -> str:
        return f"diem_{self.slug or self.key}"

    @property
    def portal_placeholder(self) -> str:
        return f"cong_{self.slug or self.key}"


GROUPS_766: tuple[Group766, ...] = (
    Group766("transparency", "Công khai minh bạch", 18.0, slug="cong_khai"),
    Group766(
        "progress",
        "Tiến độ giải quyết",
        20.0,
        score=_progress,
        from_counts=progress_points,
        formula="INDEX766_PROGRESS({t},{p})",
        slug="tien_do",
        short="Tiến độ",
        legend="Tiến độ giải quyết",
    ),
    Group766(
        "online_service",
        "Dịch vụ công trực tuyến",
        12.0,
        (
            Part766("catalog", "Thủ tục có dịch vụ công trực tuyến", 2.0),
            Part766("used", "Thủ tục có phát sinh hồ sơ trực tuyến", 4.0),
            Part766("online_rate", "Tỷ lệ hồ sơ trực tuyến", 6.0),
        ),
        score=_online_service,
        formula="INDEX766_ONLINE({t},{p})",
        slug="dvc_truc_tuyen",
        short="DVC trực tuyến",
        abbrev="DVCTT",
    ),
    Group766("online_payment", "Thanh toán trực tuyến", 10.0, slug="thanh_toan"),
    Group766(
        "satisfaction",
        "Mức độ hài lòng",
        18.0,
        (
            Part766(
                "on_time_share",
                "Hồ sơ đúng hạn, không phản ánh",
                6.0,
                slug="hai_long_1",
                score=_satisfaction_first,
            ),
            Part766(
                "complaint_handling",
                "Điểm xử lý phản ánh, kiến nghị",
                6.0,
                typed=True,
                slug="phan_anh",
            ),
            Part766(
                "complaint_time",
                "Điểm thời gian xử lý phản ánh, kiến nghị",
                6.0,
                typed=True,
                slug="thoi_gian_phan_anh",
            ),
        ),
        score=_satisfaction,
        slug="hai_long",
        short="hài lòng",
    ),
    Group766("digitisation", "Số hóa hồ sơ", 22.0, slug="so_hoa"),
)
GROUP_766: dict[str, Group766] = {g.key: g for g in GROUPS_766}
TOTAL_766 = sum(g.max_points for g in GROUPS_766)  # 100
COMPUTED_766: tuple[Group766, ...] = tuple(g for g in GROUPS_766 if g.computed)
TYPED_766: tuple[Group766, ...] = tuple(g for g in GROUPS_766 if g.source is Source.TYPED)
PORTAL_TOTAL_LABEL = f"Cổng DVCQG - Tổng điểm ({points_text(TOTAL_766)})"


def index766(result: Scored, typed: Typed) -> dict[str, float | None]:
    """The computed groups' points: the "index766" of `tthc-xl kpi --json`."""
    return {g.key: g.points(result, typed) for g in COMPUTED_766}


def city_points(counts: Counts) -> dict[str, float | None]:
    """The computed groups that summed counts can score, for a whole city."""
    return {g.key: g.from_counts(counts) for g in COMPUTED_766 if g.from_counts is not None}

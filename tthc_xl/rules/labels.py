"""One table of the indicators' Vietnamese labels and the QĐ 766 maximum points.

The CLI's indicator table (`tthc-xl kpi`, quoted in the README), the KPI sheet's labels,
CauHinh's portal rows, the points formulas in `indicators` and the Excel functions' help
all take their text and maxima from here, so they cannot drift apart.

Each indicator is named by its path in the result (`Result.kpi()`, `tthc-xl kpi --json`):
``counts.received_new``, ``rates.online_rate``, ``index766.progress``.

Imports nothing outside rules/ and the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["count", "rate", "points"]


@dataclass(frozen=True)
class Part766:
    """A scored part of a QĐ 766 group."""

    key: str
    name: str
    max_points: float


@dataclass(frozen=True)
class Group766:
    """One of the six groups of QĐ 766/QĐ-TTg, with its maximum points."""

    key: str
    name: str
    max_points: float
    parts: tuple[Part766, ...] = ()

    def part(self, key: str) -> Part766:
        return next(p for p in self.parts if p.key == key)


GROUPS_766: tuple[Group766, ...] = (
    Group766("transparency", "Công khai minh bạch", 18.0),
    Group766("progress", "Tiến độ giải quyết", 20.0),
    Group766(
        "online_service",
        "Dịch vụ công trực tuyến",
        12.0,
        (
            Part766("catalog", "Thủ tục có dịch vụ công trực tuyến", 2.0),
            Part766("used", "Thủ tục có phát sinh hồ sơ trực tuyến", 4.0),
            Part766("online_rate", "Tỷ lệ hồ sơ trực tuyến", 6.0),
        ),
    ),
    Group766("online_payment", "Thanh toán trực tuyến", 10.0),
    Group766(
        "satisfaction",
        "Mức độ hài lòng",
        18.0,
        (
            Part766("on_time_share", "Hồ sơ đúng hạn, không phản ánh", 6.0),
            Part766("complaint_handling", "Điểm xử lý phản ánh, kiến nghị", 6.0),
            Part766("complaint_time", "Điểm thời gian xử lý phản ánh, kiến nghị", 6.0),
        ),
    ),
    Group766("digitisation", "Số hóa hồ sơ", 22.0),
)
GROUP_766: dict[str, Group766] = {g.key: g for g in GROUPS_766}
TOTAL_766 = sum(g.max_points for g in GROUPS_766)  # 100


def points_text(value: float) -> str:
    """18.0 -> "18": maxima as labels show them."""
    return f"{value:g}"


@dataclass(frozen=True)
class Indicator:
    path: str  # "<section>.<key>" in Result.kpi()
    label: str  # the CLI's label; the KPI sheet shows the same
    kind: Kind
    # The formula function (Excel UDF) the KPI sheet calls for it: {t} = the register
    # table, {p} = the period cell. Names only; the functions live in excel/udfs.py.
    formula: str
    max_points: float | None = None  # QĐ 766 groups only

    @property
    def section(self) -> str:
        return self.path.split(".", 1)[0]

    @property
    def key(self) -> str:
        return self.path.split(".", 1)[1]


def _index(key: str, formula: str) -> Indicator:
    group = GROUP_766[key]
    return Indicator(
        f"index766.{key}",
        f"Chỉ số 766 - {group.name} ({points_text(group.max_points)} điểm)",
        "points",
        formula,
        group.max_points,
    )


# In the CLI's order; the counts' order is also the key order of `tthc-xl kpi --json`.
INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "counts.carried_over", "Từ kỳ trước chuyển sang", "count", "CARRIED_OVER_COUNT({t},{p})"
    ),
    Indicator("counts.received_new", "Tiếp nhận mới trong kỳ", "count", "RECEIVED_COUNT({t},{p})"),
    Indicator(
        "counts.received_online", "  - Trực tuyến", "count", 'RECEIVED_COUNT({t},{p},"Trực tuyến")'
    ),
    Indicator(
        "counts.received_direct", "  - Trực tiếp", "count", 'RECEIVED_COUNT({t},{p},"Trực tiếp")'
    ),
    Indicator(
        "counts.received_postal",
        "  - Bưu chính công ích",
        "count",
        'RECEIVED_COUNT({t},{p},"Bưu chính")',
    ),
    Indicator("counts.total", "Tổng số hồ sơ nhận giải quyết", "count", "TOTAL_COUNT({t},{p})"),
    Indicator("counts.resolved", "Đã giải quyết", "count", "RESOLVED_COUNT({t},{p})"),
    Indicator("counts.early", "  - Trước hạn", "count", 'RESOLVED_COUNT({t},{p},"trước hạn")'),
    Indicator("counts.on_time", "  - Đúng hạn", "count", 'RESOLVED_COUNT({t},{p},"đúng hạn")'),
    Indicator("counts.late", "  - Quá hạn", "count", 'RESOLVED_COUNT({t},{p},"quá hạn")'),
    Indicator("counts.pending", "Đang giải quyết", "count", "PENDING_COUNT({t},{p})"),
    Indicator(
        "counts.pending_within", "  - Trong hạn", "count", 'PENDING_COUNT({t},{p},"trong hạn")'
    ),
    Indicator("counts.pending_overdue", "  - Quá hạn", "count", 'PENDING_COUNT({t},{p},"quá hạn")'),
    Indicator("counts.due_soon", "Sắp đến hạn (cảnh báo)", "count", "DUE_SOON_COUNT({t},{p})"),
    Indicator("rates.online_rate", "Tỷ lệ tiếp nhận trực tuyến", "rate", "ONLINE_RATE({t},{p})"),
    Indicator("rates.early_rate", "Tỷ lệ giải quyết trước hạn", "rate", "EARLY_RATE({t},{p})"),
    Indicator(
        "rates.on_time_or_early_rate",
        "Tỷ lệ giải quyết đúng và trước hạn",
        "rate",
        "ON_TIME_RATE({t},{p})",
    ),
    _index("progress", "INDEX766_PROGRESS({t},{p})"),
    _index("online_service", "INDEX766_ONLINE({t},{p})"),
)
BY_PATH: dict[str, Indicator] = {i.path: i for i in INDICATORS}


def label(path: str) -> str:
    """The label of one indicator, e.g. label("rates.online_rate")."""
    return BY_PATH[path].label


def section(name: str) -> dict[str, str]:
    """key -> label of one section ("counts", "rates", "index766"), in table order."""
    return {i.key: i.label for i in INDICATORS if i.section == name}

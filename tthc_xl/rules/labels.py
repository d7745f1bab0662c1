"""One table of the indicators' Vietnamese labels (and, from `scorecard`, the QĐ 766 groups).

The CLI's indicator table (`tthc-xl kpi`, quoted in the README), the KPI sheet's rows and
their formula functions, and the Excel functions' help all take their text from here, so
they cannot drift apart. The QĐ 766 rows are the groups the register computes, one per
group of `scorecard.GROUPS_766`: a new computed group appears here by itself.

Each indicator is named by its path in the result (`Result.kpi()`, `tthc-xl kpi --json`):
``counts.received_new``, ``rates.online_rate``, ``index766.progress``.

Imports nothing outside rules/ and the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# The QĐ 766 table lives in `scorecard`; its names are re-exported here, where the labels
# and maxima have always been read from.
from tthc_xl.rules.scorecard import (  # noqa: F401 - GROUP_766 ... points_text re-exported
    COMPUTED_766,
    GROUP_766,
    GROUPS_766,
    TOTAL_766,
    Group766,
    Part766,
    points_text,
)

Kind = Literal["count", "rate", "points"]


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


def _index(group: Group766) -> Indicator:
    return Indicator(
        f"index766.{group.key}",
        f"Chỉ số 766 - {group.name} ({points_text(group.max_points)} điểm)",
        "points",
        group.call,
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
    # the QĐ 766 groups the register computes, in the scorecard's order
    *(_index(g) for g in COMPUTED_766),
)
BY_PATH: dict[str, Indicator] = {i.path: i for i in INDICATORS}


def label(path: str) -> str:
    """The label of one indicator, e.g. label("rates.online_rate")."""
    return BY_PATH[path].label


def section(name: str) -> dict[str, str]:
    """key -> label of one section ("counts", "rates", "index766"), in table order."""
    return {i.key: i.label for i in INDICATORS if i.section == name}

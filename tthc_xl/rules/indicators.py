"""Indicators: counts, rates, Biểu 06 rows by field, and what QĐ 766 online service measures.

All of them are sums over the per-dossier outcomes; nothing here looks at dates again.
The QĐ 766 points are scored in `scorecard`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tthc_xl.rules import labels
from tthc_xl.rules.catalog import Catalog
from tthc_xl.rules.outcomes import Outcome, Outcomes
from tthc_xl.rules.scorecard import OnlineServiceParts, ratio
from tthc_xl.rules.text import fold
from tthc_xl.rules.values import Channel

# The keys come from the one table in `labels` (the CLI's order).
COUNT_KEYS: tuple[str, ...] = tuple(labels.section("counts"))
UNKNOWN_FIELD = "(Chưa rõ lĩnh vực)"


def count_table(o: Outcomes, groups: np.ndarray | None = None, ngroups: int = 1) -> list[dict]:
    """The count keys of the CLI contract for each group (one bincount per key).

    `groups` gives each dossier's group number; -1 leaves it out.
    """
    g = np.zeros(len(o.outcome), dtype=np.int64) if groups is None else groups
    keep = g >= 0

    def tally(mask: np.ndarray) -> np.ndarray:
        return np.bincount(g[mask & keep], minlength=ngroups)[:ngroups]

    new = o.new
    cols = {
        "carried_over": tally(o.carried_over),
        "received_new": tally(new),
        "received_online": tally(new & (o.channel == Channel.ONLINE)),
        "received_direct": tally(new & (o.channel == Channel.DIRECT)),
        "received_postal": tally(new & (o.channel == Channel.POSTAL)),
        "early": tally(o.outcome == Outcome.EARLY),
        "on_time": tally(o.outcome == Outcome.ON_TIME),
        "late": tally(o.outcome == Outcome.LATE),
        "pending_within": tally(o.outcome == Outcome.PENDING_WITHIN),
        "pending_overdue": tally(o.outcome == Outcome.PENDING_OVERDUE),
        "due_soon": tally(o.due_soon),
    }
    cols["resolved"] = cols["early"] + cols["on_time"] + cols["late"]
    cols["pending"] = cols["pending_within"] + cols["pending_overdue"]
    cols["total"] = cols["carried_over"] + cols["received_new"]
    return [{k: int(cols[k][i]) for k in COUNT_KEYS} for i in range(ngroups)]


def counts(o: Outcomes) -> dict[str, int]:
    """The count keys over every dossier."""
    return count_table(o)[0]


def rates(c: dict[str, int]) -> dict[str, float | None]:
    return {
        "online_rate": ratio(c["received_online"], c["received_new"]),
        "early_rate": ratio(c["early"], c["resolved"]),
        "on_time_or_early_rate": ratio(c["early"] + c["on_time"], c["resolved"]),
    }


def online_service_parts(
    o: Outcomes, codes: pd.Series, catalog: Catalog, online_rate: float | None
) -> OnlineServiceParts:
    """QĐ 766 online service's A, B and C (docs/rules.md §9); scored in `scorecard`."""
    online_codes = {code for code, p in catalog.procedures.items() if p.online}
    a = ratio(len(online_codes), len(catalog))
    used = {str(c) for c in pd.unique(codes[o.new & (o.channel == Channel.ONLINE)])}
    b = ratio(len(online_codes & used), len(online_codes))
    return OnlineServiceParts(a, b, online_rate)


def by_field(o: Outcomes, fields: pd.Series) -> dict[str, dict[str, int]]:
    """Counts per field (lĩnh vực), for the fields that have a dossier in scope."""
    codes, uniques = pd.factorize(fields, use_na_sentinel=False)
    names = [str(v).strip() or UNKNOWN_FIELD for v in uniques]
    # blank spellings ("", "  ") share one row: renumber by name
    index = {name: i for i, name in enumerate(dict.fromkeys(names))}
    remap = np.array([index[name] for name in names] + [-1], dtype=np.int64)
    codes = np.where(o.in_scope, remap[codes], -1)
    names = list(index)
    table = count_table(o, codes, len(names))
    present = [i for i, c in enumerate(table) if c["total"]]
    order = sorted(present, key=lambda i: (names[i] == UNKNOWN_FIELD, fold(names[i])))
    return {str(names[i]): table[i] for i in order}


# Biểu số 06/VPCP/KSTT columns 3..13, from the count keys.
BIEU06_COLUMNS = (
    ("Tổng số", lambda c: c["total"]),
    ("Trực tuyến", lambda c: c["received_online"]),
    ("Trực tiếp, dịch vụ bưu chính", lambda c: c["received_direct"] + c["received_postal"]),
    ("Từ kỳ trước", lambda c: c["carried_over"]),
    ("Tổng số", lambda c: c["resolved"]),
    ("Trước hạn", lambda c: c["early"]),
    ("Đúng hạn", lambda c: c["on_time"]),
    ("Quá hạn", lambda c: c["late"]),
    ("Tổng số", lambda c: c["pending"]),
    ("Trong hạn", lambda c: c["pending_within"]),
    ("Quá hạn", lambda c: c["pending_overdue"]),
)
BIEU06_HEADERS = (
    "STT",
    "Lĩnh vực",
    *(f"({i}) {name}" for i, (name, _) in enumerate(BIEU06_COLUMNS, start=3)),
)


def bieu06_rows(fields: dict[str, dict[str, int]], total: dict[str, int]) -> list[list[object]]:
    """[STT, Lĩnh vực, col 3 .. col 13] per field, then the total row."""
    rows: list[list[object]] = []
    for i, (name, c) in enumerate(fields.items(), start=1):
        rows.append([i, name, *(f(c) for _, f in BIEU06_COLUMNS)])
    rows.append(["", "Tổng cộng", *(f(total) for _, f in BIEU06_COLUMNS)])
    return rows

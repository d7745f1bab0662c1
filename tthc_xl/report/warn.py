"""`tthc-xl warn`: the CanhBao list on the command line, for a scheduled task.

The pending dossiers that are overdue or due soon, as the engine classes them, sorted by
due moment (a dossier without one last), then by id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from tthc_xl.report.refresh import current_quarter, period_cell, read_data
from tthc_xl.rules import clock
from tthc_xl.rules.engine import Engine, Result
from tthc_xl.rules.outcomes import Outcome
from tthc_xl.rules.period import Period, parse_period
from tthc_xl.rules.reasons import reasons
from tthc_xl.rules.workcalendar import from_seconds
from tthc_xl.style.numbers import thousands
from tthc_xl.style.texttable import table


@dataclass(frozen=True)
class Warned:
    dossier_id: str
    procedure_name: str
    due_at: dt.datetime | None
    overdue: bool  # else due soon
    awaiting: bool  # waiting for a supplement
    why: str = ""  # the rule that decided (rules/reasons.py)


@dataclass
class WarnList:
    result: Result
    items: list[Warned]

    @property
    def overdue(self) -> int:
        return sum(1 for w in self.items if w.overdue)

    def text(self) -> str:
        r = self.result
        head = (
            f"{r.period.describe()}; tính đến {r.as_of:%d/%m/%Y %H:%M}: "
            f"{thousands(self.overdue)} hồ sơ quá hạn, "
            f"{thousands(len(self.items) - self.overdue)} hồ sơ sắp đến hạn."
        )
        if not self.items:
            return head + "\nKhông có hồ sơ nào cần cảnh báo."
        rows = [
            [
                w.dossier_id,
                w.procedure_name,
                f"{w.due_at:%d/%m/%Y %H:%M}" if w.due_at else "—",
                ("Quá hạn" if w.overdue else "Sắp đến hạn") + (f": {w.why}" if w.why else ""),
            ]
            for w in self.items
        ]
        return head + "\n" + table(["Mã hồ sơ", "Tên thủ tục", "Hạn", "Tình trạng"], rows, "llll")


def warnings_of(result: Result) -> list[Warned]:
    o = result.outcomes
    frame = result.engine.frame
    due = from_seconds(result.engine.due.due)
    overdue = o.outcome == Outcome.PENDING_OVERDUE
    why = reasons(result)
    items = []
    for pos in np.flatnonzero(overdue | o.due_soon).tolist():
        moment = due[pos]
        items.append(
            Warned(
                str(frame["dossier_id"].iloc[pos]),
                str(frame["procedure_name"].iloc[pos]),
                None if np.isnat(moment) else moment.astype(dt.datetime),
                bool(overdue[pos]),
                bool(o.awaiting[pos]),
                why.get(pos, ""),
            )
        )
    items.sort(key=lambda w: (w.due_at or dt.datetime.max, w.dossier_id))
    return items


def warn_list(book, period: Period | None = None, as_of: dt.datetime | None = None) -> WarnList:
    """The list for `period`; without one, the KPI sheet's period cell, else this quarter."""
    now = clock.now()
    engine = Engine.from_workbook(read_data(book))
    if period is None:
        period = parse_period(period_cell(book) or current_quarter(now.date()))
    result = engine.evaluate(period, as_of, None, now)
    return WarnList(result, warnings_of(result))

"""The report's other counts: the two service models, and the series behind its charts.

docs/rules.md "Mô hình phục vụ":
- "Ngày thứ Năm không hẹn": dossiers received in the period, of a procedure flagged in
  DanhMuc, received on a Thursday, and resolved (end moment no later than as-of) that same
  date.
- "Tiếp nhận tại nhà": dossiers received in the period marked *Tiếp nhận tại nhà*.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tthc_xl.rules.outcomes import end_moment, epoch_seconds
from tthc_xl.rules.workcalendar import DAY, to_seconds

if TYPE_CHECKING:
    from tthc_xl.rules.engine import Result

THURSDAY = 3  # Monday is 0


def _weekday(seconds: np.ndarray) -> np.ndarray:
    days = np.floor(seconds / DAY)
    return ((days + 3) % 7).astype(np.int64)  # 1970-01-01 was a Thursday


def thursday_model(result: Result) -> int:
    frame = result.engine.frame
    catalog = result.engine.catalog
    flagged = {code for code, p in catalog.procedures.items() if p.thursday}
    codes = frame["procedure_code"].astype(str).to_numpy()
    in_model = np.isin(codes, list(flagged))
    received = to_seconds(frame["received_at"].to_numpy())
    end = end_moment(frame)
    ok = ~np.isnan(received) & ~np.isnan(end)
    same_day = np.zeros(len(frame), dtype=bool)
    same_day[ok] = np.floor(received[ok] / DAY) == np.floor(end[ok] / DAY)
    thursday = np.zeros(len(frame), dtype=bool)
    thursday[ok] = _weekday(received[ok]) == THURSDAY
    done = ok & (end <= epoch_seconds(result.as_of))
    return int((result.outcomes.new & in_model & thursday & same_day & done).sum())


def at_home(result: Result) -> int:
    flag = result.engine.frame["at_home"].to_numpy(dtype=object, na_value=None)
    marked = np.array([v is True or v == 1 for v in flag], dtype=bool)
    return int((result.outcomes.new & marked).sum())

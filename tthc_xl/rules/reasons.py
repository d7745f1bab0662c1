"""Why a pending dossier is overdue or due soon, in words (CanhBao and `tthc-xl warn`).

The outcome rules (rules/outcomes.py) decide; this says which of them decided, so the clerk
can check it: two supplement requests, a supplement requested after the due date, a pause
while waiting for one, and where the due date came from (docs/rules.md section 13).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from tthc_xl.rules.outcomes import Outcome
from tthc_xl.rules.workcalendar import from_seconds, to_seconds


def _day(seconds: float) -> str:
    moment = from_seconds(np.array([seconds]))[0].astype(dt.datetime)
    return f"{moment:%d/%m/%Y}"


def reasons(result) -> dict[int, str]:
    """Register position -> why, for every pending dossier overdue or due soon."""
    o = result.outcomes
    frame = result.engine.frame
    due = result.engine.due
    count = frame["supplement_count"].to_numpy()
    requested = to_seconds(frame["supplement_requested_at"].to_numpy())
    supplied = to_seconds(frame["supplement_received_at"].to_numpy())
    overdue = o.outcome == Outcome.PENDING_OVERDUE
    out: dict[int, str] = {}
    for i in np.flatnonzero(overdue | o.due_soon).tolist():
        why: list[str] = []
        if overdue[i] and count[i] > 1:
            why.append(f"yêu cầu bổ sung {int(count[i])} lần: từ lần thứ hai là quá hạn")
        elif overdue[i] and o.awaiting[i]:
            why.append("yêu cầu bổ sung sau ngày hẹn trả")
        elif overdue[i]:
            why.append("đã qua ngày hẹn trả")
        if o.awaiting[i] and not np.isnan(requested[i]):
            why.append(f"đang chờ bổ sung từ {_day(requested[i])}")
        if due.computed[i] and not np.isnan(requested[i]) and not np.isnan(supplied[i]):
            why.append("hạn đã cộng thời gian tạm dừng chờ bổ sung")
        why.append("hạn tính theo DanhMuc" if due.computed[i] else "hạn lấy từ tệp nguồn")
        out[i] = "; ".join(why)
    return out

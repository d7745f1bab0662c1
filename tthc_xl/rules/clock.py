"""The moment figures are taken at when nobody names one: now.

A running period is judged at now, never at its future end (which would call dossiers
overdue before they are due; docs/rules.md §5). `TTHC_XL_NOW` (ISO, e.g.
2026-11-15T10:00) sets the clock for every surface at once: tests, and the city office
re-running a day's figures. A moment with an offset (…+00:00, …Z) names an instant: it is
turned into this PC's local time, not read as if the offset were not there.
"""

from __future__ import annotations

import datetime as dt
import os

CLOCK_VARIABLE = "TTHC_XL_NOW"


def now() -> dt.datetime:
    """Local time to the second, or the moment TTHC_XL_NOW names."""
    fixed = os.environ.get(CLOCK_VARIABLE, "").strip()
    if fixed:
        try:
            moment = dt.datetime.fromisoformat(fixed)
        except ValueError as exc:
            raise ValueError(
                f"Biến môi trường {CLOCK_VARIABLE}='{fixed}' không hợp lệ: cần dạng "
                "2026-03-15T10:00"
            ) from exc
        if moment.tzinfo is not None:
            moment = moment.astimezone()  # the same instant on this PC's clock
        return moment.replace(microsecond=0, tzinfo=None)
    return dt.datetime.now().replace(microsecond=0)

"""The precomputed holidays.VN table (rules/vn_days.py, tools/make_vn_days.py): what it
gives is what `holidays` gives, and the calendar uses it only while that holds."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import holidays
import numpy as np
import pytest

from tthc_xl.rules import vn_days, workcalendar
from tthc_xl.rules.workcalendar import (
    holidays_working_days,
    table_covers,
    table_working_days,
)


def test_the_table_is_holidays_vn_day_by_day():
    """Every day of 2000-2060, working or not, against holidays.VN itself (not through the
    code under test)."""
    vn = holidays.VN(years=range(vn_days.FIRST_YEAR, vn_days.LAST_YEAR + 1))
    start = dt.date(vn_days.FIRST_YEAR, 1, 1)
    flags = table_working_days(vn_days.FIRST_YEAR, vn_days.LAST_YEAR)
    wrong = [
        start + dt.timedelta(days=i)
        for i, flag in enumerate(flags)
        if bool(flag) != vn.is_working_day(start + dt.timedelta(days=i))
    ]
    assert wrong == [], "regenerate: python tools/make_vn_days.py"
    assert len(flags) == (dt.date(vn_days.LAST_YEAR, 12, 31) - start).days + 1


def test_known_days_in_the_table():
    flags = table_working_days(2026, 2026)
    day = {d: bool(flags[(d - dt.date(2026, 1, 1)).days]) for d in (
        dt.date(2026, 2, 17),  # Tết, a Tuesday
        dt.date(2026, 8, 22),  # make-up Saturday
        dt.date(2026, 8, 24),  # an ordinary Monday
        dt.date(2026, 8, 23),  # an ordinary Sunday
    )}  # fmt: skip
    assert day == {
        dt.date(2026, 2, 17): False,
        dt.date(2026, 8, 22): True,
        dt.date(2026, 8, 24): True,
        dt.date(2026, 8, 23): False,
    }


def test_a_slice_of_years_is_the_same_days_as_the_whole_table():
    whole = table_working_days(vn_days.FIRST_YEAR, vn_days.LAST_YEAR)
    offset = (dt.date(2025, 1, 1) - dt.date(vn_days.FIRST_YEAR, 1, 1)).days
    part = table_working_days(2025, 2028)
    assert np.array_equal(part, whole[offset : offset + len(part)])


def test_the_table_answers_only_for_its_years_and_its_holidays_version(monkeypatch):
    assert table_covers(2024, 2029)
    assert not table_covers(vn_days.FIRST_YEAR - 1, 2026)
    assert not table_covers(2026, vn_days.LAST_YEAR + 1)
    monkeypatch.setattr(vn_days, "HOLIDAYS_VERSION", "0.0-another")
    assert not table_covers(2024, 2029)  # a newer holidays may know new make-up days


@pytest.mark.parametrize("years", [(1999, 2001), (2059, 2062)])
def test_years_beyond_the_table_ask_holidays(years):
    workcalendar._base_working_days.cache_clear()
    start, flags = workcalendar._base_working_days(*years)
    assert np.array_equal(flags, holidays_working_days(*years))


def test_a_calendar_in_the_table_years_does_not_import_holidays():
    """In a fresh interpreter: building the engine's calendar for 2025-2028 loads no
    `holidays` (the 0.13 s every command paid)."""
    code = (
        "import json, sys; from tthc_xl.rules.workcalendar import WorkCalendar; "
        "c = WorkCalendar(2025, 2028); "
        "print(json.dumps(['holidays' in sys.modules, int(c.work.sum())]))"
    )
    loaded, working = json.loads(subprocess.check_output([sys.executable, "-c", code], text=True))
    assert loaded is False
    assert working == int(holidays_working_days(2025, 2028).sum())

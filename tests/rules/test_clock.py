"""A period is judged at the earlier of now and its end, unless a moment is named."""

import datetime as dt

import pytest
from helpers.registers import engine_of

from tthc_xl.rules import clock
from tthc_xl.rules.period import parse_period

T = dt.datetime
NOW = T(2026, 12, 1, 9, 0)
# Xác nhận tình trạng hôn nhân (3 working days), received Monday 30/11/2026 08:00:
# 8 h Mon + 8 h Tue + 8 h Wed = due Thursday 03/12/2026 08:00; not finished.
RUNNING = {"procedure_code": "1.004873", "received_at": "30/11/2026 08:00", "status": 4}


def test_running_period_is_judged_at_now():
    assert parse_period("2026-Q4").resolve_as_of(None, NOW) == NOW


def test_ended_period_is_judged_at_its_end():
    assert parse_period("2026-Q1").resolve_as_of(None, NOW) == T(2026, 3, 31, 23, 59, 59)


def test_period_not_begun_is_judged_at_its_start():
    assert parse_period("2027-Q1").resolve_as_of(None, NOW) == T(2027, 1, 1)


def test_a_named_moment_still_wins():
    named = T(2026, 11, 15, 10, 0)
    assert parse_period("2026-Q4").resolve_as_of(named, NOW) == named


def test_pending_dossier_due_later_is_within_deadline_mid_quarter():
    engine = engine_of(RUNNING)
    result = engine.evaluate("2026-Q4", now=NOW)
    (record,) = result.dossier_records()
    assert record["due_at"] == "2026-12-03T08:00"
    assert record["outcome"] == "pending_within"
    assert result.as_of == NOW
    # judged at the quarter's end instead, the same dossier would be overdue
    late = engine.evaluate("2026-Q4", T(2026, 12, 31, 23, 59, 59)).dossier_records()[0]
    assert late["outcome"] == "pending_overdue"


def test_the_clock_can_be_set_for_every_surface(monkeypatch):
    monkeypatch.setenv(clock.CLOCK_VARIABLE, "2026-12-01T09:00")
    assert clock.now() == NOW
    assert engine_of(RUNNING).evaluate("2026-Q4").as_of == NOW
    monkeypatch.setenv(clock.CLOCK_VARIABLE, "mai")
    with pytest.raises(ValueError, match="TTHC_XL_NOW"):
        clock.now()


def test_an_offset_in_the_clock_variable_is_converted_to_local_time(monkeypatch):
    """10:00 UTC is 17:00 in Vietnam: the offset names the moment, it is not dropped."""
    import time

    monkeypatch.setenv("TZ", "ICT-7")  # a POSIX zone string: no time zone database needed
    time.tzset()
    try:
        monkeypatch.setenv(clock.CLOCK_VARIABLE, "2026-12-01T02:00+00:00")
        assert clock.now() == NOW
        monkeypatch.setenv(clock.CLOCK_VARIABLE, "2026-12-01T02:00Z")
        assert clock.now() == NOW
        monkeypatch.setenv(clock.CLOCK_VARIABLE, "2026-12-01T09:00+07:00")
        assert clock.now() == NOW
    finally:
        monkeypatch.undo()
        time.tzset()

"""Working calendar: holidays.VN plus the 2026 overrides, working hours, the time axis."""

import datetime as dt

import numpy as np
import pytest

from tthc_xl.rules.workcalendar import (
    WorkCalendar,
    default_overrides,
    from_seconds,
    overrides_from_rows,
    parse_working_hours,
    to_seconds,
)

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar(2025, 2027, default_overrides())


def sec(text: str) -> np.ndarray:
    return to_seconds(np.array([np.datetime64(text, "s")]))


def moment(seconds: np.ndarray) -> str:
    return str(from_seconds(seconds)[0]).replace("T", " ")[:16]


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 1, 1), False),  # Tết Dương lịch
        (D(2026, 1, 2), False),  # missing from holidays.VN, added by the default override
        (D(2026, 1, 5), True),
        (D(2026, 1, 10), True),  # make-up Saturday for 2 January
        (D(2026, 1, 17), False),  # an ordinary Saturday
        (D(2026, 2, 13), True),
        (D(2026, 2, 14), False),  # Tết: 14 to 22 February
        (D(2026, 2, 16), False),
        (D(2026, 2, 20), False),
        (D(2026, 2, 22), False),
        (D(2026, 2, 23), True),
        (D(2026, 4, 27), False),  # Giỗ Tổ observed
        (D(2026, 4, 30), False),
        (D(2026, 5, 1), False),
        (D(2026, 8, 22), True),  # make-up Saturday holidays.VN knows
        (D(2026, 8, 31), False),
        (D(2026, 9, 2), False),
        (D(2026, 11, 24), False),  # Ngày Văn hóa Việt Nam: the package's view is kept
    ],
)
def test_2026_working_days(cal, day, working):
    assert cal.is_working_day(day) is working


def test_override_sheet_wins():
    cal = WorkCalendar(2026, 2026, {D(2026, 11, 24): True, D(2026, 3, 20): False})
    assert cal.is_working_day(D(2026, 11, 24))
    assert not cal.is_working_day(D(2026, 3, 20))
    # without the default override, holidays.VN alone treats 2 January as working
    assert cal.is_working_day(D(2026, 1, 2))


def test_overrides_from_rows_reports_bad_rows():
    rows = [
        ["02/01/2026", "Nghỉ"],
        [D(2026, 1, 10), "Làm việc"],
        ["31/02/2026", "Nghỉ"],
        ["05/01/2026", "???"],
        [None, None],
    ]
    overrides, problems = overrides_from_rows(rows, first_row_number=2)
    assert overrides == {D(2026, 1, 2): False, D(2026, 1, 10): True}
    assert [n for n, _ in problems] == [4, 5]


def test_working_hours_parse():
    assert parse_working_hours("07:00-11:30; 13:30-17:00") == [(25200, 41400), (48600, 61200)]
    assert parse_working_hours("7h30-11h30, 13h-16h30") == [(27000, 41400), (46800, 59400)]
    with pytest.raises(ValueError):
        parse_working_hours("17:00-07:00")
    with pytest.raises(ValueError):
        parse_working_hours("08:00-12:00; 11:00-17:00")


def test_day_has_eight_working_hours(cal):
    assert cal.daily == 8 * 3600


def test_axis_is_flat_outside_working_hours(cal):
    w = cal.to_work(
        np.concatenate(
            [
                sec("2026-03-16T11:30"),
                sec("2026-03-16T12:15"),
                sec("2026-03-16T13:30"),
                sec("2026-03-16T17:00"),
                sec("2026-03-16T21:00"),
                sec("2026-03-17T06:00"),
                sec("2026-03-17T07:00"),
            ]
        )
    )
    assert w[0] == w[1] == w[2]
    assert w[3] == w[4] == w[5] == w[6]
    assert w[3] - w[0] == 3.5 * 3600


def test_from_work_stops_at_the_end_of_an_interval(cal):
    # 4.5 working hours from Monday 07:00 end at 11:30, not at 13:30
    assert moment(cal.add_working(sec("2026-03-16T07:00"), 4.5 * 3600)) == "2026-03-16 11:30"
    # a full day from the opening ends at closing the same day
    assert moment(cal.add_working(sec("2026-03-16T07:00"), 8 * 3600)) == "2026-03-16 17:00"
    # one more second spills into the next working day
    assert moment(cal.add_working(sec("2026-03-16T07:00"), 8 * 3600 + 60)) == "2026-03-17 07:01"


def test_axis_round_trip_on_working_moments(cal):
    t = sec("2026-02-13T09:17")
    assert moment(cal.from_work(cal.to_work(t))) == "2026-02-13 09:17"


def test_working_days_between(cal):
    # 9 to 23 February 2026: 9-13 (5) + 23 (1); Tết is off
    assert cal.working_days_between(D(2026, 2, 9), D(2026, 2, 23)) == 6
    assert cal.working_days_between(D(2026, 2, 23), D(2026, 2, 9)) == -6
    # 1 to 10 January: 5, 6, 7, 8, 9 and Saturday 10
    assert cal.working_days_between(D(2026, 1, 1), D(2026, 1, 10)) == 6

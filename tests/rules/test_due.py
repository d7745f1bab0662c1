"""Due dates, each worked out by hand from docs/rules.md, due dates (ngày hẹn trả).

2026 weekdays used below: Mon 16/3, Thu 19/3, Fri 20/3; Fri 13/2 is the last working day
before Tết (14-22/2), Mon 23/2 the first after; Thu 1/1 and Fri 2/1 are days off and
Sat 10/1 is a make-up working day.
"""

import pytest
from helpers.registers import due_of, engine_of

THREE_DAYS = "1.004873"  # 3 ngày làm việc
ONE_DAY = "9.000001"  # 1 ngày làm việc
SAME_DAY = "1.001193"  # 0 ngày làm việc: trong ngày
SAME_DAY_THURSDAY = "2.000635"  # trong ngày, Thursday model
FOUR_HOURS_THURSDAY = "2.001150"  # 4 giờ làm việc, Thursday model
FIFTEEN_CALENDAR_DAYS = "1.008900"  # 15 ngày (calendar days)


@pytest.mark.parametrize(
    ("received", "code", "due"),
    [
        # the examples of docs/rules.md
        ("16/03/2026 10:00", THREE_DAYS, "19/03/2026 10:00"),
        ("16/03/2026 17:30", THREE_DAYS, "19/03/2026 17:00"),
        # lunch break: counting starts at 13:30; 3.5 h that day, 0.5 h the next
        ("16/03/2026 12:00", FOUR_HOURS_THURSDAY, "17/03/2026 07:30"),
        # received at 11:30 sharp is the same as the lunch break
        ("16/03/2026 11:30", FOUR_HOURS_THURSDAY, "17/03/2026 07:30"),
        # time that runs out exactly at 11:30 stays at 11:30
        ("16/03/2026 07:30", FOUR_HOURS_THURSDAY, "16/03/2026 11:30"),
        # before opening: from 07:00 that day; a whole day ends at closing that day
        ("16/03/2026 06:00", ONE_DAY, "16/03/2026 17:00"),
        # after closing: from the next working day's opening
        ("16/03/2026 18:00", ONE_DAY, "17/03/2026 17:00"),
        # a day off (Saturday): from Monday's opening
        ("14/03/2026 09:00", ONE_DAY, "16/03/2026 17:00"),
        # Tết: 13/2 10:00 + 3 working days = 23/2, 24/2, 25/2
        ("13/02/2026 10:00", THREE_DAYS, "25/02/2026 10:00"),
        # 1/1 and 2/1 off, 3-4/1 weekend: 31/12 + 1 working day = Monday 5/1
        ("31/12/2025 10:00", ONE_DAY, "05/01/2026 10:00"),
        # make-up Saturday 10/1 is a working day
        ("09/01/2026 10:00", ONE_DAY, "10/01/2026 10:00"),
        # make-up Saturday 22/8 (holidays.VN)
        ("21/08/2026 10:00", ONE_DAY, "22/08/2026 10:00"),
    ],
)
def test_working_time_units(received, code, due):
    assert due_of(received, code) == due


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("16/03/2026 15:00", "16/03/2026 17:00"),  # no later than 15:00: closing today
        ("16/03/2026 15:01", "17/03/2026 17:00"),  # after 15:00: next working day
        ("16/03/2026 06:30", "16/03/2026 17:00"),  # before opening, still today
        ("16/03/2026 20:00", "17/03/2026 17:00"),
        ("14/03/2026 09:00", "16/03/2026 17:00"),  # Saturday
        ("13/02/2026 16:00", "23/02/2026 17:00"),  # Friday before Tết, after 15:00
        ("02/01/2026 09:00", "05/01/2026 17:00"),  # 2 January is a day off
    ],
)
def test_same_day_rule(received, due):
    assert due_of(received, SAME_DAY) == due


def test_same_day_cutoff_is_a_setting():
    from tthc_xl.rules.settings import Settings

    late = Settings(same_day_cutoff="16:00")
    assert due_of("16/03/2026 15:30", SAME_DAY, settings=late) == "16/03/2026 17:00"
    assert due_of("16/03/2026 16:01", SAME_DAY, settings=late) == "17/03/2026 17:00"


def test_excel_serial_at_15_00_is_not_truncated_across_the_rule():
    # 46097.625 is 16/03/2026 15:00 exactly; truncation would make it 14:59:59.99
    assert due_of(46097.625, SAME_DAY) == "16/03/2026 17:00"
    assert due_of(46097.625 + 1 / 1440, SAME_DAY) == "17/03/2026 17:00"


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("02/03/2026 10:00", "17/03/2026 10:00"),  # a working Tuesday: same clock time
        ("27/02/2026 09:00", "16/03/2026 17:00"),  # lands on Saturday 14/3: Monday closing
        ("05/02/2026 08:00", "23/02/2026 17:00"),  # lands on 20/2 (Tết): Monday 23/2 closing
        ("02/03/2026 20:00", "17/03/2026 20:00"),  # a working day keeps the receipt clock
    ],
)
def test_calendar_days(received, due):
    assert due_of(received, FIFTEEN_CALENDAR_DAYS) == due


@pytest.mark.parametrize(
    ("received", "code", "due"),
    [
        # flagged same-day procedure on a working Thursday after 15:00: still today
        ("19/03/2026 16:00", SAME_DAY_THURSDAY, "19/03/2026 17:00"),
        # the same time for an unflagged procedure follows the 15:00 rule
        ("19/03/2026 16:00", SAME_DAY, "20/03/2026 17:00"),
        # a 4-hour procedure received Thursday 14:00 is due at Thursday closing
        ("19/03/2026 14:00", FOUR_HOURS_THURSDAY, "19/03/2026 17:00"),
        # after closing the Thursday model does not apply
        ("19/03/2026 17:30", SAME_DAY_THURSDAY, "20/03/2026 17:00"),
        # Thursday 19/2 is in Tết: not a working day, no Thursday model
        ("19/02/2026 10:00", SAME_DAY_THURSDAY, "23/02/2026 17:00"),
        # a Friday is not a Thursday: 3 h on Friday, 1 h on Monday
        ("20/03/2026 14:00", FOUR_HOURS_THURSDAY, "23/03/2026 08:00"),
    ],
)
def test_thursday_model(received, code, due):
    assert due_of(received, code) == due


def test_supplement_pause_moves_a_computed_due_date():
    # base: 16/3 10:00 + 3 days = 19/3 10:00. Paused from Mon 14:00 to Wed 14:00:
    # 3 h (Mon) + 8 h (Tue) + 5 h (Wed 07:00-11:30, 13:30-14:00) = 16 h = 2 working days.
    due = due_of(
        "16/03/2026 10:00",
        THREE_DAYS,
        supplement_requested_at="16/03/2026 14:00",
        supplement_received_at="18/03/2026 14:00",
    )
    assert due == "23/03/2026 10:00"


def test_pause_needs_both_dates():
    due = due_of("16/03/2026 10:00", THREE_DAYS, supplement_requested_at="16/03/2026 14:00")
    assert due == "19/03/2026 10:00"


def test_due_date_from_the_source_is_kept():
    # the receipt says 20/3 09:00; the catalog would say 19/3 10:00; no pause is applied
    due = due_of(
        "16/03/2026 10:00",
        THREE_DAYS,
        due_at="20/03/2026 09:00",
        supplement_requested_at="16/03/2026 14:00",
        supplement_received_at="18/03/2026 14:00",
    )
    assert due == "20/03/2026 09:00"


def test_unknown_procedure_has_no_due_date_and_a_warning():
    engine = engine_of({"received_at": "16/03/2026 10:00", "procedure_code": "9.999999"})
    assert due_of("16/03/2026 10:00", "9.999999") is None
    (warning,) = engine.warnings[0]
    assert "9.999999" in warning and "DanhMuc" in warning


def test_procedure_code_turned_into_a_number_still_finds_its_catalog_row():
    # Excel shows 1.004873 as the number 1.004873; 1.00487 would be 1.004870
    assert due_of("16/03/2026 10:00", 1.004873) == "19/03/2026 10:00"


def test_working_hours_are_a_setting():
    from tthc_xl.rules.settings import Settings

    short = Settings(working_hours="07:30-11:30; 13:00-16:30")  # 7.5 hours a day
    assert due_of("16/03/2026 10:00", SAME_DAY, settings=short) == "16/03/2026 16:30"
    # 3 days of 7.5 h from Mon 10:00 end Thu 10:00; 4 h from Fri 14:00: 2.5 h + 1.5 h
    assert due_of("16/03/2026 10:00", THREE_DAYS, settings=short) == "19/03/2026 10:00"
    assert due_of("20/03/2026 14:00", FOUR_HOURS_THURSDAY, settings=short) == "23/03/2026 09:00"

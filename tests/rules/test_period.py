"""Periods: calendar quarters, months, halves, years, ranges and the cut-off window."""

import datetime as dt

import pytest

from tthc_xl.rules.period import parse_as_of, parse_period, period_text

T = dt.datetime


@pytest.mark.parametrize(
    ("text", "label", "first", "last"),
    [
        ("2026-Q1", "2026-Q1", "2026-01-01", "2026-03-31"),
        ("2026q4", "2026-Q4", "2026-10-01", "2026-12-31"),
        ("Q2/2026", "2026-Q2", "2026-04-01", "2026-06-30"),
        ("2026-03", "2026-03", "2026-03-01", "2026-03-31"),
        ("2024-02", "2024-02", "2024-02-01", "2024-02-29"),
        ("03/2026", "2026-03", "2026-03-01", "2026-03-31"),
        ("2026-H1", "2026-H1", "2026-01-01", "2026-06-30"),
        ("2026-H2", "2026-H2", "2026-07-01", "2026-12-31"),
        ("2026", "2026", "2026-01-01", "2026-12-31"),
        ("2026-01-15..2026-02-14", "2026-01-15..2026-02-14", "2026-01-15", "2026-02-14"),
        ("15/01/2026..14/02/2026", "2026-01-15..2026-02-14", "2026-01-15", "2026-02-14"),
    ],
)
def test_periods(text, label, first, last):
    p = parse_period(text)
    assert p.label == label
    assert p.start == T.fromisoformat(first)
    assert p.end == T.fromisoformat(last).replace(hour=23, minute=59, second=59)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026-Q1", "2025-12-15", "2026-03-14"),  # Thông tư 01/2020 style
        ("2026-03", "2026-02-15", "2026-03-14"),
        ("2026", "2025-12-15", "2026-12-14"),
        ("2026-H2", "2026-06-15", "2026-12-14"),
    ],
)
def test_cutoff_periods(text, first, last):
    p = parse_period(text, cutoff_day=15)
    assert (str(p.first_day), str(p.last_day)) == (first, last)


@pytest.mark.parametrize("text", ["2026-Q5", "quý một", "2026-13", "2026-03-31..2026-01-01", ""])
def test_bad_periods_say_what_to_write(text):
    with pytest.raises(ValueError, match="Kỳ"):
        parse_period(text)


def test_as_of_forms():
    assert parse_as_of("2026-03-15T10:00") == T(2026, 3, 15, 10, 0)
    assert parse_as_of("15/03/2026 10:00") == T(2026, 3, 15, 10, 0)
    assert parse_as_of("2026-03-15") == T(2026, 3, 15, 23, 59, 59)
    with pytest.raises(ValueError):
        parse_as_of("hôm nay")


def test_describe():
    assert parse_period("2026-Q1").describe() == "Quý I năm 2026"
    assert parse_period("2026-03").describe() == "Tháng 03 năm 2026"
    assert parse_period("2026-H1").describe() == "6 tháng đầu năm 2026"


NOW = T(2026, 3, 20, 14, 30)


@pytest.mark.parametrize(
    "text", ["2026-03-20T14:31", "2026-03-21", "21/03/2026 08:00", "2027-01-01"]
)
def test_a_future_as_of_is_refused(text):
    """Judged in the future, dossiers would be overdue before they are due."""
    with pytest.raises(ValueError, match="tương lai"):
        parse_as_of(text, NOW)


def test_today_alone_means_now_and_the_past_is_kept():
    assert parse_as_of("2026-03-20", NOW) == NOW
    assert parse_as_of("20/03/2026", NOW) == NOW
    assert parse_as_of("2026-03-19", NOW) == T(2026, 3, 19, 23, 59, 59)
    assert parse_as_of("2026-03-20T14:30", NOW) == NOW


def test_the_clock_variable_sets_what_future_means(monkeypatch):
    monkeypatch.setenv("TTHC_XL_NOW", "2026-03-20T14:30")
    assert parse_as_of("2026-03-20") == NOW
    with pytest.raises(ValueError, match="tương lai"):
        parse_as_of("2026-03-21")


# Excel turns "2026-03" typed into a General cell into 01/03/2026; 46082 is its serial
# (days since 30/12/1899: counted by hand: 46023 is 01/01/2026, + 31 + 28 days).
@pytest.mark.parametrize(
    ("value", "label"),
    [
        (T(2026, 3, 1), "2026-03"),
        (dt.date(2026, 3, 1), "2026-03"),
        (T(2026, 3, 17, 9, 30), "2026-03"),
        (46082.0, "2026-03"),
        (46082, "2026-03"),
        (46112.5, "2026-03"),  # 31/03/2026 noon
        (2026.0, "2026"),  # "2026" typed in a cell: a year, not 1905
        ("2026-Q1", "2026-Q1"),
        ("", ""),
    ],
)
def test_a_date_given_as_a_period_means_its_month(value, label):
    assert period_text(value) == label
    if label:
        assert parse_period(period_text(value)).label == label


def test_a_date_period_covers_the_whole_month():
    p = parse_period(period_text(T(2026, 2, 14)))
    assert (p.first_day, p.last_day) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))


def test_a_period_inside_a_sentence_and_with_its_days():
    quarter, days = parse_period("2026-Q1"), parse_period("2026-01-01..2026-02-15")
    assert quarter.in_prose() == "Quý I năm 2026"
    assert quarter.with_days() == "Quý I năm 2026 (từ ngày 01/01/2026 đến ngày 31/03/2026)"
    assert days.name() is None
    assert days.in_prose() == "kỳ từ ngày 01/01/2026 đến ngày 15/02/2026"  # "Trong kỳ từ …"
    assert days.with_days() == "Từ ngày 01/01/2026 đến ngày 15/02/2026"  # its days once

"""Cell values as real exports hold them: every date form, codes, channel, status."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from tthc_xl.rules.values import (
    normalize_procedure_code,
    parse_booleans,
    parse_channels,
    parse_counts,
    parse_datetimes,
    parse_online_flags,
    parse_statuses,
)

T = dt.datetime


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("03/04/2026", T(2026, 4, 3)),  # day first: 3 April
        ("3/4/2026", T(2026, 4, 3)),
        ("03/04/2026 08:05", T(2026, 4, 3, 8, 5)),
        ("03/04/2026 08:05:09", T(2026, 4, 3, 8, 5, 9)),
        ("03-04-2026", T(2026, 4, 3)),
        ("03-04-2026 08:05", T(2026, 4, 3, 8, 5)),
        ("03-04-2026 08:05:09", T(2026, 4, 3, 8, 5, 9)),
        ("03.04.2026", T(2026, 4, 3)),
        ("03.04.2026 08:05", T(2026, 4, 3, 8, 5)),
        ("03.04.2026 08:05:09", T(2026, 4, 3, 8, 5, 9)),
        ("2026-04-03", T(2026, 4, 3)),
        ("2026-04-03 08:05", T(2026, 4, 3, 8, 5)),
        ("2026-04-03T08:05:09", T(2026, 4, 3, 8, 5, 9)),
        ("2026-04-03T01:05:09Z", T(2026, 4, 3, 8, 5, 9)),  # UTC -> Vietnam time
        ("  03/04/2026   08:05 ", T(2026, 4, 3, 8, 5)),
        (46034.4784722, T(2026, 1, 12, 11, 29)),  # serial: rounded to the second
        (46097.625, T(2026, 3, 16, 15, 0)),
        ("46097.625", T(2026, 3, 16, 15, 0)),  # a serial that arrived as text
        (46097, T(2026, 3, 16)),
        (T(2026, 1, 12, 11, 28, 59, 998000), T(2026, 1, 12, 11, 29)),  # calamine's float noise
        (dt.date(2026, 3, 16), T(2026, 3, 16)),
        (pd.Timestamp("2026-03-16 15:00"), T(2026, 3, 16, 15, 0)),
    ],
)
def test_date_forms(raw, expected):
    parsed, invalid = parse_datetimes(pd.Series([raw], dtype=object))
    assert parsed.iloc[0].to_pydatetime() == expected
    assert not invalid[0]


@pytest.mark.parametrize("raw", ["31/02/2026", "hôm qua", "32/01/2026 10:00", "2026-13-01", -5.0])
def test_invalid_dates_are_flagged(raw):
    parsed, invalid = parse_datetimes(pd.Series([raw], dtype=object))
    assert pd.isna(parsed.iloc[0]) and invalid[0]


@pytest.mark.parametrize("raw", [None, "", "   ", float("nan")])
def test_blank_dates_are_not_errors(raw):
    parsed, invalid = parse_datetimes(pd.Series([raw], dtype=object))
    assert pd.isna(parsed.iloc[0]) and not invalid[0]


def test_mixed_column_keeps_positions():
    raw = ["16/03/2026 10:00", None, 46097.625, "x", T(2026, 3, 1), "2026-03-02"]
    parsed, invalid = parse_datetimes(pd.Series(raw, dtype=object))
    assert [None if pd.isna(v) else v.strftime("%d/%m %H:%M") for v in parsed] == [
        "16/03 10:00",
        None,
        "16/03 15:00",
        None,
        "01/03 00:00",
        "02/03 00:00",
    ]
    assert invalid.tolist() == [False, False, False, True, False, False]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (1.00487, "1.004870"),
        ("1.00487", "1.004870"),
        (1.001193, "1.001193"),
        ("1.004870", "1.004870"),
        ("1,00487", "1.004870"),
        (2.0, "2.000000"),
        (" 2.000815 ", "2.000815"),
        ("2.002189.000.00.00.H42", "2.002189.000.00.00.H42"),
        (None, ""),
    ],
)
def test_procedure_codes(raw, code):
    assert normalize_procedure_code(raw) == code


def test_channels():
    raw = [
        "Trực tuyến",
        "TRUC TUYEN",
        "trực tiếp",
        "Bưu chính công ích",
        1,
        2.0,
        "3",
        "",
        None,
        "fax",
    ]
    codes, invalid = parse_channels(pd.Series(raw, dtype=object))
    assert codes.tolist() == [2, 2, 1, 3, 1, 2, 3, 1, 1, 1]
    assert invalid.tolist() == [False] * 9 + [True]


def test_online_flags():
    raw = ["Có", "Không", "x", "", 1, 0, "co", "?"]
    codes, invalid = parse_online_flags(pd.Series(raw, dtype=object))
    assert codes.tolist() == [2, 1, 2, 1, 2, 1, 2, 1]
    assert invalid.tolist() == [False] * 7 + [True]


def test_statuses():
    raw = [
        1,
        "2",
        3.0,
        "Đang xử lý",
        "DANG XU LY",
        "yeu cau bo sung",
        "Đã xử lý xong",
        "Đã trả kết quả",
        "da tra ket qua",
        "Công dân yêu cầu rút hồ sơ",
        "Dừng xử lý",
        "Không được tiếp nhận",
        11,
        "",
        "linh tinh",
    ]
    codes, invalid = parse_statuses(pd.Series(raw, dtype=object))
    assert codes.tolist() == [1, 2, 3, 4, 4, 5, 9, 10, 10, 7, 8, 3, 0, 0, 0]
    assert invalid.tolist() == [False] * 12 + [True, False, True]


def test_booleans_and_counts():
    flags, bad = parse_booleans(
        pd.Series(["Có", "Không", "x", "", "Đã đồng bộ", "??"], dtype=object)
    )
    assert flags.tolist()[:3] == [True, False, True]
    assert pd.isna(flags.iloc[3]) and flags.iloc[4] and bad.tolist() == [False] * 5 + [True]
    counts, bad = parse_counts(pd.Series([None, 2, "1", 1.5, "hai"], dtype=object))
    assert counts.tolist() == [-1, 2, 1, -1, -1]
    assert bad.tolist() == [False, False, False, True, True]


def test_hundred_thousand_text_dates_parse_fast_enough_to_matter():
    # not a timing test: checks the vectorised path gives the same answer as one at a time
    raw = pd.Series(["16/03/2026 10:00", "17-03-2026 11:00:05", 46097.5, None] * 2500, dtype=object)
    parsed, invalid = parse_datetimes(raw)
    one = [parse_datetimes(pd.Series([v], dtype=object))[0].iloc[0] for v in raw[:4]]
    assert parsed[:4].tolist()[:3] == one[:3] and pd.isna(one[3])
    assert not invalid.any() and np.isnat(parsed.to_numpy()[3::4]).all()


def test_a_date_column_as_calamine_reads_it_rounds_to_the_nearest_second():
    """calamine turns a serial into a datetime with microseconds (15:00 stored as a float
    comes back as 14:59:59.999...) and an empty cell into '': rounded, not truncated."""
    cells = [
        dt.datetime(2026, 3, 2, 14, 59, 59, 999_600),
        "",
        None,
        dt.datetime(2026, 3, 2, 8, 0, 0, 400_000),
        "  ",
        dt.datetime(2026, 3, 31, 23, 59, 59, 500_001),
    ]
    parsed, invalid = parse_datetimes(cells)
    assert parsed.tolist()[0] == pd.Timestamp("2026-03-02 15:00:00")
    assert parsed.tolist()[3] == pd.Timestamp("2026-03-02 08:00:00")
    assert parsed.tolist()[5] == pd.Timestamp("2026-04-01 00:00:00")
    assert parsed.isna().tolist() == [False, True, True, False, True, False]
    assert not invalid.any()

"""The column types (rules/columns.py): per type, what an empty cell is, how a few cells as
exports and Excel write them are read, how HoSo shows them, and the Excel format.

Expected values come from the domain rules (docs: register columns, channel, status,
supplements), written out by hand.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import numpy as np
import pandas as pd
import pytest

from tthc_xl.rules.columns import BOOL, CHANNEL, CODE, COUNT, DATE, ID, STATUS, TEXT, TYPES
from tthc_xl.rules.register import BY_KEY, COLUMNS, DATE_KEYS, from_rows
from tthc_xl.rules.values import map_distinct


def cells(*values: object) -> pd.Series:
    return pd.Series(list(values), dtype=object)


def parse(column_type, *values: object):
    parsed, invalid = column_type.parse(cells(*values))
    return list(pd.Series(parsed).astype(object)), list(invalid)


# ---------------------------------------------------------------- every type


@pytest.mark.parametrize("column_type", TYPES, ids=lambda t: t.kind)
def test_a_blank_column_is_what_the_parser_makes_of_empty_cells(column_type):
    parsed, invalid = column_type.parse(cells(None, "", "   ", float("nan")))
    blank = column_type.blank(4)
    assert not np.asarray(invalid).any()
    assert pd.Series(blank).dtype == pd.Series(parsed).dtype
    pd.testing.assert_series_equal(
        pd.Series(blank).reset_index(drop=True), pd.Series(parsed).reset_index(drop=True)
    )


@pytest.mark.parametrize("column_type", TYPES, ids=lambda t: t.kind)
def test_an_empty_cell_is_written_as_an_empty_cell(column_type):
    # ... but for the channel: a blank channel is "Trực tiếp", and says so once written.
    shown = "Trực tiếp" if column_type is CHANNEL else None
    assert column_type.cells(pd.Series(column_type.blank(2))) == [shown, shown]


def test_each_register_column_has_its_type():
    assert BY_KEY["dossier_id"].type is ID
    assert BY_KEY["procedure_code"].type is CODE
    assert BY_KEY["procedure_name"].type is TEXT
    assert BY_KEY["channel"].type is CHANNEL
    assert BY_KEY["status"].type is STATUS
    assert BY_KEY["supplement_count"].type is COUNT
    assert BY_KEY["synced"].type is BOOL
    assert DATE_KEYS == (
        "received_at",
        "due_at",
        "supplement_requested_at",
        "supplement_received_at",
        "finished_at",
        "returned_at",
    )
    assert {c.type.kind for c in COLUMNS} == {
        "id", "text", "code", "date", "channel", "status", "count", "bool"
    }  # fmt: skip


# ---------------------------------------------------------------- dates


def test_dates_are_day_first_and_excel_serials_are_read():
    parsed, invalid = parse(
        DATE, "03/04/2026 15:00", 46115.625, dt.datetime(2026, 4, 3, 15, 0), "", "31/02/2026"
    )
    april_3 = pd.Timestamp(2026, 4, 3, 15, 0)
    assert parsed[:3] == [april_3, april_3, april_3]  # 3 April, never 4 March
    assert pd.isna(parsed[3]) and pd.isna(parsed[4])
    assert invalid == [False, False, False, False, True]  # 31/02 is no day: unreadable


def test_a_date_cell_is_a_datetime_formatted_day_first():
    parsed, _ = DATE.parse(cells("03/04/2026 15:00", None))
    assert DATE.cells(parsed) == [dt.datetime(2026, 4, 3, 15, 0), None]
    assert DATE.number_format == "dd/mm/yyyy hh:mm"
    assert DATE.reason == "Ngày không đọc được"


@pytest.mark.parametrize(
    ("cell", "no_date_yet"),
    [
        ("Chưa có", True),  # README: "in a date column, 'chưa có' [is] empty"
        ("chưa có", True),
        ("CHUA CO", True),  # typed without diacritics
        ("  Không có ", True),
        ("N/A", True),
        ("Chưa có ngày", False),  # more than the words: an unreadable date, reported
        ("03/04/2026", False),
        ("Có", False),
    ],
)
def test_no_date_words_are_a_date_types_own(cell, no_date_yet):
    import re

    assert bool(re.match(DATE.empty_words or "(?!)", cell)) is no_date_yet
    assert TEXT.empty_words is None  # "không" is a fine word in a note


def test_a_typed_date_and_an_excel_date_are_the_same_fact():
    text, _ = DATE.parse(cells("16/03/2026 10:00", None))
    serial, _ = DATE.parse(cells(dt.datetime(2026, 3, 16, 10, 0), None))
    a, b = DATE.comparable(text), DATE.comparable(serial)
    assert a[0] == b[0]
    assert np.isnan(a[1]) and np.isnan(b[1])


# ---------------------------------------------------------------- text columns


def test_a_procedure_code_excel_made_a_number_gets_its_zeros_back():
    assert parse(CODE, "1.00487", 1.00487, "2.002621", "", None)[0] == [
        "1.004870",
        "1.004870",
        "2.002621",
        "",
        "",
    ]
    assert CODE.number_format == "@"
    assert CODE.cells(cells("1.004870", "")) == ["1.004870", None]
    assert (
        CODE.comparable(cells("1.004870"))[0] == CODE.comparable(CODE.parse(cells(1.00487))[0])[0]
    )


def test_a_dossier_id_is_text_and_keeps_its_digits():
    parsed, invalid = parse(ID, " 000.05.31.H23-260316-0001 ", 12345.0, None)
    assert parsed == ["000.05.31.H23-260316-0001", "12345", ""]
    assert invalid == [False, False, False]
    assert ID.number_format == "@"
    assert ID.is_text and CODE.is_text and TEXT.is_text


def test_free_text_is_stripped_and_compared_in_composed_form():
    assert parse(TEXT, "  Hộ tịch ", 12.0, None)[0] == ["Hộ tịch", "12", ""]
    assert TEXT.number_format is None
    composed = "Hộ tịch"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert TEXT.comparable(cells(composed))[0] == TEXT.comparable(cells(decomposed))[0]
    assert TEXT.cells(cells("Hộ tịch", "")) == ["Hộ tịch", None]


# ---------------------------------------------------------------- channel and status


def test_channels_blank_counts_as_direct():
    parsed, invalid = parse(CHANNEL, "Trực tuyến", 2, "", "Bưu chính công ích", "Trực tiếp", "fax")
    assert parsed == [2, 2, 1, 3, 1, 1]  # 1 trực tiếp, 2 trực tuyến, 3 bưu chính
    assert invalid == [False, False, False, False, False, True]  # unknown: direct, warned
    assert list(CHANNEL.blank(2)) == [1, 1]
    assert CHANNEL.number_format is None


def test_a_channel_cell_shows_its_label():
    assert CHANNEL.cells(pd.Series(np.array([2, 1, 3], dtype=np.int8))) == [
        "Trực tuyến",
        "Trực tiếp",
        "Bưu chính công ích",
    ]
    blank = CHANNEL.comparable(CHANNEL.parse(cells(""))[0])
    direct = CHANNEL.comparable(CHANNEL.parse(cells("Trực tiếp"))[0])
    assert blank[0] == direct[0]  # a blank channel and "Trực tiếp" are the same fact


def test_statuses_by_name_or_portal_code():
    parsed, invalid = parse(STATUS, "Đã trả kết quả", "9", "Đang xử lý - quá hạn", "", "???")
    assert parsed == [10, 9, 4, 0, 0]
    assert invalid == [False, False, False, False, True]  # blank is unknown, not unreadable
    assert list(STATUS.blank(2)) == [0, 0]
    assert STATUS.cells(pd.Series(np.array([10, 2, 0], dtype=np.int8))) == [
        "Đã trả kết quả",
        "Được tiếp nhận",
        None,
    ]


# ---------------------------------------------------------------- counts and yes/no


def test_a_blank_count_waits_for_the_supplement_rule():
    parsed, invalid = parse(COUNT, "2", 3.0, "", "-1", 1.5)
    assert parsed == [2, 3, -1, -1, -1]  # -1: no count given
    assert invalid == [False, False, False, True, True]
    assert list(COUNT.blank(2)) == [-1, -1]
    assert COUNT.cells(pd.Series([2, 0, -1])) == [2, None, None]  # 0 is left empty in HoSo


def test_the_register_makes_a_blank_count_0_or_1():
    rows = [
        ["Mã hồ sơ", "Ngày yêu cầu bổ sung", "Số lần yêu cầu bổ sung"],
        ["A", "05/03/2026 09:00", None],  # asked once, count not written: 1
        ["B", None, None],  # never asked: 0
        ["C", "05/03/2026 09:00", 2],
    ]
    assert from_rows(rows).frame["supplement_count"].tolist() == [1, 0, 2]
    no_column = from_rows([["Mã hồ sơ", "Ngày yêu cầu bổ sung"], ["A", "05/03/2026"], ["B", None]])
    assert no_column.frame["supplement_count"].tolist() == [1, 0]


def test_yes_no_cells():
    parsed, invalid = parse(BOOL, "Có", "Không", "x", "", "có lẽ")
    assert parsed[:3] == [True, False, True]
    assert pd.isna(parsed[3]) and pd.isna(parsed[4])
    assert invalid == [False, False, False, False, True]
    shown = BOOL.cells(pd.Series(pd.array([True, False, pd.NA], dtype="boolean")))
    assert shown == ["Có", "Không", None]
    assert BOOL.number_format is None


# ---------------------------------------------------------------- map_distinct


def test_map_distinct_calls_the_function_once_per_distinct_value():
    seen: list[object] = []

    def upper(value: object) -> str:
        seen.append(value)
        return str(value).upper()

    out = map_distinct(cells("a", "b", "a", None, "a", float("nan")), upper, empty="")
    assert list(out) == ["A", "B", "A", "", "A", ""]
    assert seen == ["a", "b"]
    codes = map_distinct(cells("x", None), lambda v: 7, empty=-1, dtype=np.int8)
    assert codes.dtype == np.int8 and list(codes) == [7, -1]
    assert list(map_distinct(cells(None), lambda v: f"<{v}>")) == ["<None>"]  # func(None)

"""Header spellings and layouts real exports use: the shared alias table, bracketed notes,
two-row merged headers, and the date forms a Vietnamese-locale export writes."""

import datetime as dt

import pandas as pd
import pytest

from tthc_xl.rules.register import (
    HEADER_SCAN_ROWS,
    ONLINE_FLAG,
    combine_header_rows,
    find_header,
    header_key,
    is_row_number_header,
)
from tthc_xl.rules.values import parse_channels, parse_datetimes, parse_statuses

T = dt.datetime


@pytest.mark.parametrize(
    ("header", "key"),
    [
        # the provincial one-stop export
        ("Số hồ sơ", "dossier_id"),
        ("Mã TTHC", "procedure_code"),
        ("Loại việc", "procedure_name"),
        ("Ngày tiếp nhận", "received_at"),
        ("Hạn xử lý", "due_at"),
        ("Ngày kết thúc xử lý", "finished_at"),
        ("Ngày trả", "returned_at"),
        ("Kênh nộp", "channel"),
        ("Tình trạng hồ sơ", "status"),
        ("Người nộp", "applicant"),
        ("Số CCCD", "id_number"),
        # the national portal's field names
        ("NgayYeuCauBoSung", "supplement_requested_at"),
        ("SoLanBoSung", "supplement_count"),
        ("NgayKetThucXuLy", "finished_at"),
        # case, diacritics, spaces, line breaks, punctuation, a bracketed note
        ("NGAY TIEP NHAN", "received_at"),
        ("ngay\nhen tra", "due_at"),
        ("MÃ  HỒ SƠ", "dossier_id"),
        ("Mã hồ sơ (*)", "dossier_id"),
        ("Ngày tiếp nhận (dd/mm/yyyy)", "received_at"),
        ("Nộp trực tuyến (Có/Không)", ONLINE_FLAG),
        ("TRANG_THAI", "status"),
    ],
)
def test_header_spellings(header, key):
    assert header_key(header) == key


@pytest.mark.parametrize(
    "header", ["Cán bộ thụ lý", "Ghi chú nội bộ", "", None, 12, "Ghi chú (tệp nhập)"]
)
def test_unknown_headers_name_no_column(header):
    assert header_key(header) is None


def test_row_number_headers():
    assert all(is_row_number_header(h) for h in ("STT", "stt", "Số TT", "TT", "Số thứ tự"))
    assert not is_row_number_header("Mã hồ sơ")


def test_two_row_header_with_group_and_vertically_merged_cells():
    # calamine gives a merged cell as its value followed by blanks
    upper = ["STT", "Thông tin hồ sơ", "", "", "Ngày", "", "", "Trạng thái"]
    lower = ["", "Mã hồ sơ", "Mã thủ tục", "Tên thủ tục", "Tiếp nhận", "Hẹn trả", "Trả", ""]
    rows = [["SỔ THEO DÕI HỒ SƠ"], ["Từ ngày 01/01/2026 đến ngày 31/03/2026"], [], upper, lower]
    header = find_header(rows, merged=True)
    assert (header.top, header.bottom) == (3, 4)
    keys = header.keys
    assert keys == {
        1: "dossier_id",
        2: "procedure_code",
        3: "procedure_name",
        4: "received_at",  # "Ngày" + "Tiếp nhận"
        5: "due_at",
        6: "returned_at",
        7: "status",  # merged down: the upper text
    }
    assert header.names[0] == "STT"


def test_single_row_header_wins_a_tie_with_the_row_below():
    rows = [["Mã hồ sơ", "Ngày tiếp nhận"], ["(1)", "(2)"], ["A1", "01/01/2026"]]
    header = find_header(rows, merged=True)
    assert (header.top, header.bottom) == (0, 0)


def test_a_data_row_is_never_taken_for_a_sub_header():
    rows = [["MaHoSo", "KenhThucHien", "TrangThaiHoSo"], ["X1", "Trực tuyến", "4"]]
    header = find_header(rows, merged=True)
    assert (header.top, header.bottom) == (0, 0)
    assert header.keys == {0: "dossier_id", 1: "channel", 2: "status"}


def test_combine_keeps_lower_text_first():
    options = combine_header_rows(["Người nộp", ""], ["Họ tên", "Số CCCD"])
    assert options[0][0] == "Họ tên"
    assert "Người nộp Họ tên" in options[0]


def test_no_header_without_a_dossier_id_column():
    assert find_header([["Tên thủ tục", "Ngày tiếp nhận"], ["a", "b"]], merged=True) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("15/01/2026 2:15 CH", T(2026, 1, 15, 14, 15)),  # chiều = PM
        ("15/01/2026 9:15:30 SA", T(2026, 1, 15, 9, 15, 30)),  # sáng = AM
        ("15/01/2026 12:05 SA", T(2026, 1, 15, 0, 5)),
        ("15/01/2026 02:15 PM", T(2026, 1, 15, 14, 15)),
        ("03/04/2026 9h05", T(2026, 4, 3, 9, 5)),
        ("9h05 03/04/2026", T(2026, 4, 3, 9, 5)),
        ("ngày 03/04/2026", T(2026, 4, 3)),
        ("46034", T(2026, 1, 12)),  # a bare serial number, as text
        ("46034,625", T(2026, 1, 12, 15, 0)),  # decimal comma; 15:00 exactly
    ],
)
def test_more_date_forms(raw, expected):
    parsed, invalid = parse_datetimes(pd.Series([raw], dtype=object))
    assert not invalid[0]
    assert parsed[0] == pd.Timestamp(expected)


@pytest.mark.parametrize("raw", ["31/02/2026", "15/01/2026 25:00", "Chưa có ngày"])
def test_still_not_dates(raw):
    parsed, invalid = parse_datetimes(pd.Series([raw], dtype=object))
    assert invalid[0] and pd.isna(parsed[0])


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Đã trả kết quả (đúng hạn)", 10),
        ("Đang xử lý - quá hạn", 4),
        ("HOAN THANH TRUOC HAN", 9),
        ("Đã xử lý xong, chờ trả", 9),
        ("Không được tiếp nhận", 3),
        ("Trả lại", 0),  # not a status the portal knows
    ],
)
def test_status_text_with_a_qualifier(raw, code):
    codes, invalid = parse_statuses(pd.Series([raw], dtype=object))
    assert codes[0] == code and bool(invalid[0]) == (code == 0)


def test_postal_channel_spelled_as_the_post_office():
    codes, invalid = parse_channels(pd.Series(["Nộp qua bưu điện", "Bưu chính công ích"]))
    assert list(codes) == [3, 3] and not invalid.any()


def test_the_header_is_found_among_the_first_30_rows_only():
    header = [["Mã hồ sơ", "Ngày tiếp nhận"]]
    assert HEADER_SCAN_ROWS == 30
    assert find_header([["SỔ THEO DÕI"]] * 29 + header).top == 29
    assert find_header([["SỔ THEO DÕI"]] * 30 + header) is None

"""Headers known by what they say (rules/headers.py), not only by an alias.

Each spelling below is written here, from the kinds of exports issue 9 describes (filler
words, abbreviations, word order, no diacritics, capitals, line breaks, words run
together); none of them is in the alias list, so each is matched by meaning.
"""

import pytest

from tthc_xl.rules.headers import meaning_keys
from tthc_xl.rules.register import (
    DEFAULT_ALIASES,
    RULE_ALIAS,
    RULE_MEANING,
    find_header,
    header_key,
    name_columns,
)
from tthc_xl.rules.text import fold

SPELLINGS = [
    # Ngày tiếp nhận: filler, abbreviations, breaks, order, no diacritics, runs
    ("Ngày giờ\ntiếp nhận", "received_at"),
    ("Thời điểm nhận hồ sơ", "received_at"),
    ("Ngày/giờ nhận HS", "received_at"),
    ("NGÀY GIỜ TN", "received_at"),
    ("ngay gio tiep nhan ho so", "received_at"),
    ("NgayGioTiepNhanHS", "received_at"),
    ("Thời gian nộp hồ sơ trên hệ thống", "received_at"),
    ("Tiếp nhận - Ngày", "received_at"),
    ("Ngày tiếp nhận (theo phiếu)", "received_at"),
    # Ngày hẹn trả
    ("Ngày hẹn trả KQ", "due_at"),
    ("Thời hạn GQ", "due_at"),
    ("Hạn xử lý theo quy định", "due_at"),
    ("han gq cua ho so", "due_at"),
    ("Ngày hẹn\ntrả kết quả cho công dân", "due_at"),
    ("Ngày dự kiến trả", "due_at"),
    ("Ngày trả kết quả (dự kiến)", "due_at"),  # the note changes the meaning
    ("HAN_TRA_KQ", "due_at"),
    # Ngày có kết quả
    ("Ngày có KQ", "finished_at"),
    ("Thời điểm hoàn thành xử lý", "finished_at"),
    ("Ngày GQ xong", "finished_at"),
    ("Ngày HT", "finished_at"),
    ("Ngày kết thúc\nXL", "finished_at"),
    ("NGAY_KT_XL", "finished_at"),
    ("ngay hoan thanh ho so", "finished_at"),
    # Ngày trả kết quả
    ("Ngày trả KQ cho công dân", "returned_at"),
    ("Thời gian trả kết quả thực tế", "returned_at"),
    ("Ngày công dân nhận KQ", "returned_at"),
    ("NGAY DA TRA KQ", "returned_at"),
    # supplements
    ("Ngày YC bổ sung HS", "supplement_requested_at"),
    ("Ngày yêu cầu bổ sung hồ sơ lần 1", "supplement_requested_at"),
    ("Ngày nhận HS bổ sung", "supplement_received_at"),
    ("Số lần YCBS", "supplement_count"),
    # a time column beside its date
    ("Giờ\nnhận HS", "received_at:time"),
    ("Giờ hẹn trả KQ", "due_at:time"),
    # channel, status, procedure, id
    ("Hình thức nộp HS", "channel"),
    ("Hình thức nộp (Trực tiếp/Trực tuyến/BCCI)", "channel"),  # a note listing values
    ("Phương thức tiếp nhận", "channel"),
    ("Kênh\nnộp HS", "channel"),
    ("TT xử lý", "status"),
    ("Tình trạng giải quyết hồ sơ", "status"),
    ("Trạng thái HS", "status"),
    ("Mã thủ tục HC", "procedure_code"),
    ("Mã TT", "procedure_code"),
    ("ma thu tuc hc", "procedure_code"),
    ("Tên TT", "procedure_name"),
    ("Tên dịch vụ công", "procedure_name"),
    ("Số biên nhận", "dossier_id"),
    ("Mã biên nhận HS", "dossier_id"),
    ("Số phiếu tiếp nhận", "dossier_id"),
    # the applicant's details
    ("SĐT liên hệ", "phone"),
    ("ĐT", "phone"),
    ("Số CCCD/CMND", "id_number"),
    ("Họ tên người nộp HS", "applicant"),
    ("Lĩnh vực của thủ tục", "field"),
    ("Nộp TT", "online_flag"),
    ("Thanh toán TT", "paid_online"),
    ("Đơn vị giải quyết hồ sơ", "department"),
]


# Two spellings lose their note in brackets before the alias list is looked at (README:
# "Ngày tiếp nhận (dd/mm/yyyy)"), and what is left, "Ngày tiếp nhận" and "Hình thức nộp",
# is an alias: they are named exactly, not by meaning.
ALIAS_AFTER_THE_NOTE = {"Ngày tiếp nhận (theo phiếu)", "Hình thức nộp (Trực tiếp/Trực tuyến/BCCI)"}
# A clock column is named only beside its date column, spelt here as the alias list has it.
DATE_BESIDE = {"received_at:time": "Ngày tiếp nhận", "due_at:time": "Ngày hẹn trả"}


def test_no_spelling_is_an_alias_each_is_named_by_meaning():
    assert not [h for h, _ in SPELLINGS if fold(h) in DEFAULT_ALIASES]
    for header, key in SPELLINGS:
        beside = [[DATE_BESIDE[key]]] if key in DATE_BESIDE else []
        naming = name_columns([*beside, [header]], None)
        at = len(beside)
        rule = RULE_ALIAS if header in ALIAS_AFTER_THE_NOTE else RULE_MEANING
        assert (naming.keys.get(at), naming.rules.get(at)) == (key, rule), header


@pytest.mark.parametrize(("header", "key"), SPELLINGS)
def test_spelling_names_its_column_by_meaning(header, key):
    assert meaning_keys(header) == {key}
    assert header_key(header) == key


@pytest.mark.parametrize(
    "header",
    [
        "Cán bộ tiếp nhận",  # a person of the centre, no date
        "Người tiếp nhận",
        "Ngày ký quyết định",
        "Số ngày trễ hạn",
        "Thời gian giải quyết",  # a duration ("3 ngày"), not a moment
        "Hình thức nhận kết quả",  # how the result goes back, not how it came in
        "Trạng thái thanh toán",
        "Ngày sinh",
        "Lý do trễ hạn",
        "Số TT",  # a row number
        "Ghi chú (tệp nhập)",
        "Mức độ DVC trực tuyến",
        "Ngày rút hồ sơ",
        "Nộp qua DVC",
    ],
)
def test_headers_about_something_else_name_nothing(header):
    assert header_key(header) is None


@pytest.mark.parametrize(
    ("header", "keys"),
    [
        ("Ngày tiếp nhận/trả KQ", {"received_at", "returned_at"}),
        ("Mã HS/Mã TTHC", {"dossier_id", "procedure_code"}),
        ("Ngày hoàn thành và trả kết quả", {"finished_at", "returned_at"}),
        ("Ngày tiếp nhận, hẹn trả", {"received_at", "due_at"}),
    ],
)
def test_a_header_that_could_be_two_columns_names_neither(header, keys):
    assert meaning_keys(header) == keys
    assert header_key(header) is None
    naming = name_columns([["Mã hồ sơ"], [header]], None)
    assert naming.keys == {0: "dossier_id"}
    assert naming.ambiguous == {1: tuple(sorted(keys))}


def test_two_headers_that_could_be_one_column_name_neither():
    naming = name_columns([["Mã hồ sơ"], ["Thời hạn GQ"], ["Ngày hẹn trả KQ dự kiến"]], None)
    assert naming.keys == {0: "dossier_id"}
    assert naming.ambiguous == {1: ("due_at",), 2: ("due_at",)}


def test_an_exact_spelling_wins_over_a_meaning():
    # "Hạn xử lý" is an alias of Ngày hẹn trả; "Thời hạn GQ" only means it
    naming = name_columns([["Thời hạn GQ"], ["Mã hồ sơ"], ["Hạn xử lý"]], None)
    assert naming.keys == {1: "dossier_id", 2: "due_at"}
    assert naming.rules == {1: RULE_ALIAS, 2: RULE_ALIAS}
    assert naming.shadowed == {0: "due_at"} and not naming.ambiguous
    # the clerk's AnhXaCot spelling is exact too
    clerk = dict(DEFAULT_ALIASES) | {fold("Thời hạn GQ"): "due_at"}
    naming = name_columns([["Thời hạn GQ"], ["Mã hồ sơ"], ["Ngày hẹn trả KQ"]], clerk)
    assert naming.keys == {0: "due_at", 1: "dossier_id"}
    assert naming.rules[0] == RULE_ALIAS and 2 not in naming.keys


def test_a_clock_needs_its_date_column():
    assert name_columns([["Mã hồ sơ"], ["Giờ tiếp nhận"]], None).keys == {0: "dossier_id"}
    naming = name_columns([["Mã hồ sơ"], ["Ngày TN"], ["Giờ TN"]], None)
    assert naming.keys == {0: "dossier_id", 1: "received_at", 2: "received_at:time"}
    assert naming.rules[1] == RULE_MEANING


def test_a_bare_clock_column_belongs_to_the_date_on_its_left():
    naming = name_columns([["Mã hồ sơ"], ["Ngày nhận"], ["Giờ"], ["Hạn GQ"], ["Giờ phút"]], None)
    assert naming.keys == {
        0: "dossier_id",
        1: "received_at",
        2: "received_at:time",
        3: "due_at",
        4: "due_at:time",
    }
    assert name_columns([["Mã hồ sơ"], ["Trạng thái"], ["Giờ"]], None).keys == {
        0: "dossier_id",
        1: "status",
    }


def test_the_header_row_is_found_by_meaning():
    rows = [
        ["BÁO CÁO HỒ SƠ"],
        ["Số biên nhận", "Mã TT", "Ngày giờ\ntiếp nhận", "Thời hạn GQ", "TT xử lý"],
        ["B1", "1.004873", "10/03/2026 09:00", "13/03/2026 09:00", "Đang xử lý"],
    ]
    header = find_header(rows)
    assert header.top == 1
    assert header.keys == {
        0: "dossier_id",
        1: "procedure_code",
        2: "received_at",
        3: "due_at",
        4: "status",
    }


@pytest.mark.parametrize(
    "header",
    [
        "HinhThuc",  # the portal: how the result is delivered, not how it was submitted
        "Hình thức",
        "Hình thức trả kết quả",
        "NgayHenTraCaNhan",  # the portal: one official's step, not the dossier's
        "NgayTiepNhanCaNhan",
        "Ngày hẹn trả cá nhân",
        "Ngày tiếp nhận (cá nhân)",
    ],
)
def test_portal_header_traps_name_no_register_column(header):
    assert meaning_keys(header) == frozenset()


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Hình thức nộp hồ sơ", "channel"),
        ("Phương thức tiếp nhận", "channel"),
        ("Ngày công dân nhận kết quả", "returned_at"),  # a citizen is no official's step
        ("Tên tổ chức, cá nhân", "applicant"),
    ],
)
def test_what_the_traps_must_not_take_away(header, key):
    assert meaning_keys(header) == frozenset({key})

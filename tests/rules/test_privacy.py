"""What of the register may leave the office: the allow list, the masks, the redactor."""

import datetime as dt
import unicodedata

import pytest

from tthc_xl.rules.privacy import REDACTED, Action, Policy, Redactor, initials, last_digits, mask


def test_initials_of_vietnamese_names():
    assert initials("Nguyễn Văn An") == "N.V.A."
    assert initials("  đặng thị   ngọc  ") == "Đ.T.N."
    assert initials(None) == ""


def test_only_the_last_three_digits_go():
    assert last_digits("001203004567") == "***567"
    assert last_digits("0912 345 678") == "***678"
    assert last_digits("+84 (903) 111-222") == "***222"
    assert last_digits(912345678.0) == "***678"  # a phone Excel turned into a number
    assert last_digits("không có") == ""


def test_masks_by_column():
    assert mask(Action.INITIALS, "Trần Thị Bích") == "T.T.B."
    assert mask(Action.LAST_DIGITS, "079088001122") == "***122"
    assert mask(Action.DROP, "Số 12 Hàng Bạc") is None
    assert mask(Action.KEEP, "Hộ tịch") == "Hộ tịch"
    assert mask(Action.INITIALS, "") is None


def test_allow_list_not_ban_list():
    policy = Policy()
    assert policy.action("Mã hồ sơ", "dossier_id") is Action.KEEP
    assert policy.action("Ngày hẹn trả", "due_at") is Action.KEEP
    assert policy.action("Chủ hồ sơ", "applicant") is Action.INITIALS
    assert policy.action("Số giấy tờ", "id_number") is Action.LAST_DIGITS
    assert policy.action("Số điện thoại", "phone") is Action.LAST_DIGITS
    assert policy.action("Địa chỉ", "address") is Action.DROP
    # free text staff write, and names nobody foresaw, stay home
    assert policy.action("Ghi chú", "note") is Action.DROP
    assert policy.action("SĐT liên hệ", None) is Action.DROP
    assert policy.action("CCCD chủ hộ", None) is Action.DROP
    assert policy.action("Mức độ", None) is Action.DROP


def test_cauhinh_lists_extend_and_restrict():
    policy = Policy.from_settings("Mức độ; Ghi chú", "bo phan xu ly\nMức độ")
    assert policy.action("Ghi chú", "note") is Action.KEEP  # marked safe by the staff
    assert policy.action("Bộ phận xử lý", "department") is Action.DROP  # marked personal
    assert policy.action("Mức độ", None) is Action.DROP  # personal wins over safe
    assert policy.action("Địa chỉ", "address") is Action.DROP
    everything = Policy(include_personal=True)
    assert everything.action("Địa chỉ", "address") is Action.KEEP


def test_redactor_finds_names_and_numbers_however_written():
    redact = Redactor(["Nguyễn Văn An", "0912345678", "001203004567", "An", 84, None])
    text = "Gọi bà nguyễn văn an (0912 345 678, CCCD 001.203.004.567) ngày 05/01"
    out = redact(text)
    assert "Nguy" not in out.lower() and "678" not in out and "567" not in out
    assert out.count(REDACTED) == 3 and out.endswith("ngày 05/01")
    assert redact("Anh Bình") == "Anh Bình"  # a two-letter name does not blank words
    assert redact(912345678) == REDACTED  # the phone as a number
    assert redact(2026) == 2026


# ------------------------------------------------------------------ issue 21: any spelling

NAME, PHONE, CCCD = "Đỗ Thị Hoa", "0918776833", "001203004567"


@pytest.mark.parametrize(
    "spelled",
    [
        "0918776833",
        "0918 776 833",
        "0918.776.833",
        "(0918) 776 833",
        "0918-776-833",
        "0918/776/833",
        "0918   776  833",
        "0918\u00a0776\u00a0833",
        "0918\n776\t833",
        "+84 918 776 833",
        "84.918.776.833",
        "+84918776833",
        "(+84) 918 776 833",
        "0084 918 776 833",
        "０９１８７７６８３３",
        "０９１８ ７７６ ８３３",
        "0918\u200b776\u200c833",
        "09\u00ad18\ufeff776\u2060833",
        "0918\u200d776833",
        "918776833",  # the number Excel made of it, typed back
        "918 776 833",
    ],
)
def test_a_phone_is_removed_however_it_is_written(spelled):
    redact = Redactor([NAME, PHONE, CCCD])
    assert redact(f"Tư pháp - gọi {spelled} (Đỗ Thị Hoa)") == (
        f"Tư pháp - gọi {REDACTED} ({REDACTED})"
    )


@pytest.mark.parametrize(
    "spelled",
    [
        "Đỗ Thị Hoa",
        "đỗ thị hoa",
        "ĐỖ THỊ HOA",
        "do thi hoa",
        "DO THI HOA",
        "Do Thi Hoa",
        "Đỗ  Thị   Hoa",
        "Đỗ\u00a0Thị\u00a0Hoa",
        "Đỗ\nThị\r\nHoa",
        "Đỗ\tThị Hoa",
        "Đỗ\u3000Thị\u2009Hoa",
        unicodedata.normalize("NFD", "Đỗ Thị Hoa"),
        unicodedata.normalize("NFD", "ĐỖ THỊ HOA"),
        "Đỗ Th\u200bị Ho\u00ada",
        "\ufeffĐỗ Thị\u200c Hoa",
        "ĐỗThịHoa",
        "Ðỗ Thị Hoa",  # Ð (eth) as legacy encodings write Đ
        "Ｄỗ Ｔhị Ｈｏａ",
    ],
)
def test_a_name_is_removed_however_it_is_written(spelled):
    redact = Redactor([NAME, PHONE, CCCD])
    assert redact(f"Hồ sơ của {spelled}, gọi 0918776833.") == (
        f"Hồ sơ của {REDACTED}, gọi {REDACTED}."
    )


def test_an_id_number_and_an_address_are_removed_however_written():
    redact = Redactor([CCCD, "Số 12 Hàng Bạc, Hoàn Kiếm"])
    for spelled in [
        "001 203 004 567",
        "001.203.004.567",
        "001-203-004-567",
        "1203004567",  # the leading zeros Excel dropped
        "００１２０３００４５６７",
        "001203\u200b004567",
    ]:
        assert redact(f"CCCD {spelled} cấp ngày 01/02/2020") == (
            f"CCCD {REDACTED} cấp ngày 01/02/2020"
        ), spelled
    for spelled in [
        "số 12, hàng bạc, hoàn kiếm",
        "SO 12 HANG BAC - HOAN KIEM",
        "Số 12\nHàng Bạc,\nHoàn Kiếm",
    ]:
        assert REDACTED in redact(f"ở {spelled}"), spelled
    assert redact("ở số 12, hàng bạc, hoàn kiếm.") == f"ở {REDACTED}."


ORDINARY = (
    "Quý I/2026: tiếp nhận 1.234 hồ sơ, đúng hạn 95,5% (1.179 hồ sơ), trễ 3; hồ sơ "
    "000.05.00006 thủ tục 1.004870 nhận ngày 01/03/2026 lúc 08:30, hẹn trả 05/03/2026.\n"
    "Anh Bình, chị An, ông Văn Anh và bà Đỗ Thị Hoan đã nhận kết quả; mã 76833, số 918 "
    "và 0918 là số khác, số hiệu 10918776833 và 09187768331 cũng vậy. Một cửa: 024.3826.1234"
)


def test_ordinary_text_and_figures_survive_byte_for_byte():
    """Short numbers, dates, dossier ids, codes, rates, one-word names, a longer word or
    a longer number that holds a value are not a person's values."""
    redact = Redactor([NAME, PHONE, CCCD, "Văn An", "An", "Hoa", 2026, 12345, "0001"])
    assert redact(ORDINARY) == ORDINARY
    assert redact.find(ORDINARY) == []
    assert redact(ORDINARY + " Văn An.") == ORDINARY + f" {REDACTED}."


def test_a_match_is_whole_words_never_part_of_one():
    """The boundary rule: a value matches a run of whole words (letters never split),
    wherever the spaces fall inside it; digits next to letters are a word of their own."""
    redact = Redactor(["Văn An", PHONE])
    assert redact("Văn Anh") == "Văn Anh"
    assert redact("Trần Văn Anh và Lê Văn Ant") == "Trần Văn Anh và Lê Văn Ant"
    assert redact("Ông Trần Văn An, Bình") == f"Ông Trần {REDACTED}, Bình"
    assert redact("VănAn") == REDACTED
    assert redact("XVăn An") == "XVăn An"
    assert redact("SĐT0918776833.") == f"SĐT{REDACTED}."
    assert redact("Văn An0918776833") == REDACTED + REDACTED


def test_number_cells_and_other_values():
    redact = Redactor([PHONE, CCCD, NAME, "000123"])
    assert redact(918776833) == REDACTED  # Excel dropped the leading zero
    assert redact(918776833.0) == REDACTED
    assert redact(84918776833) == REDACTED  # the +84 form as a number
    assert redact(1203004567) == REDACTED
    assert redact(123) == REDACTED  # "000123" as a number cell (as before)
    for kept in [2026, 95.5, 0, 1234, -918776833, True, None, dt.date(2026, 1, 5)]:
        assert redact(kept) == kept
    assert redact("") == ""


def test_find_gives_the_spans_and_scrub_text_replaces_them():
    redact = Redactor([NAME, PHONE])
    text = "gọi (0918) 776 833 hoặc +84 918 776 833 - Đỗ  Thị Hoa"
    spans = redact.find(text)
    assert [text[a:b] for a, b in spans] == ["(0918) 776 833", "+84 918 776 833", "Đỗ  Thị Hoa"]
    assert redact.scrub_text(text) == f"gọi {REDACTED} hoặc {REDACTED} - {REDACTED}"
    assert not Redactor([None, "", "An", 84, True]) and Redactor([NAME])

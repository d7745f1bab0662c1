"""What of the register may leave the office: the allow list, the masks, the redactor."""

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

"""Formula functions, called with what Excel really passes to them."""

import datetime as dt

import pytest
from helpers import DATA
from helpers.excel import as_excel_range, remote_book
from python_calamine import CalamineWorkbook

from tthc_xl.book.context import read_context
from tthc_xl.book.reader import read_workbook
from tthc_xl.book.xlbook import XlwingsBook
from tthc_xl.excel import udfs
from tthc_xl.rules import register
from tthc_xl.rules.engine import Engine

SAMPLE = DATA / "register_2026Q1.xlsx"


@pytest.fixture(scope="module")
def table():
    """HoSo[#All] of the sample: dates as Excel serial floats, '' for empty cells."""
    rows = CalamineWorkbook.from_path(str(SAMPLE)).get_sheet_by_name("HoSo").to_python()
    return as_excel_range(rows)


@pytest.fixture(scope="module")
def expected():
    """The sample workbook's figures, read as a file, with the built-in context.

    The UDFs without a calling workbook use the built-in DanhMuc/NgayNghi/CauHinh, so
    compare with the engine given the same defaults.
    """
    data = read_workbook(SAMPLE)
    return Engine(data.register).evaluate("2026-Q1").kpi()


def test_figures_match_the_engine(table, expected):
    c, r, i = expected["counts"], expected["rates"], expected["index766"]
    assert udfs.ONLINE_RATE(table, "2026-Q1") == pytest.approx(r["online_rate"])
    assert udfs.EARLY_RATE(table, "2026-Q1") == pytest.approx(r["early_rate"])
    assert udfs.ON_TIME_RATE(table, "2026-Q1") == pytest.approx(r["on_time_or_early_rate"])
    assert udfs.RECEIVED_COUNT(table, "2026-Q1") == c["received_new"]
    assert udfs.RECEIVED_COUNT(table, "2026-Q1", "Trực tuyến") == c["received_online"]
    assert udfs.RECEIVED_COUNT(table, "2026-Q1", "truc tiep") == c["received_direct"]
    assert udfs.RECEIVED_COUNT(table, "2026-Q1", 3.0) == c["received_postal"]
    assert udfs.RESOLVED_COUNT(table, "2026-Q1") == c["resolved"]
    assert udfs.RESOLVED_COUNT(table, "2026-Q1", "trước hạn") == c["early"]
    assert udfs.RESOLVED_COUNT(table, "2026-Q1", "Đúng hạn") == c["on_time"]
    assert udfs.RESOLVED_COUNT(table, "2026-Q1", "quá hạn") == c["late"]
    assert udfs.LATE_COUNT(table, "2026-Q1") == c["late"] + c["pending_overdue"]
    assert udfs.PENDING_COUNT(table, "2026-Q1") == c["pending"]
    assert udfs.PENDING_COUNT(table, "2026-Q1", "trong hạn") == c["pending_within"]
    assert udfs.PENDING_COUNT(table, "2026-Q1", "quá hạn") == c["pending_overdue"]
    assert udfs.DUE_SOON_COUNT(table, "2026-Q1") == c["due_soon"]
    assert udfs.INDEX766_PROGRESS(table, "2026-Q1") == pytest.approx(i["progress"])
    assert udfs.INDEX766_ONLINE(table, "2026-Q1") == pytest.approx(i["online_service"])


def test_index766_names_any_computed_group(table, expected):
    """The generic function gives what the named ones give, by key or by Vietnamese name;
    a group the register cannot compute is a readable error in the cell."""
    i = expected["index766"]
    assert udfs.INDEX766(table, "2026-Q1", "progress") == pytest.approx(i["progress"])
    assert udfs.INDEX766(table, "2026-Q1", "Dịch vụ công trực tuyến") == pytest.approx(
        i["online_service"]
    )
    assert udfs.INDEX766(table, "2026-Q1", "tien do giai quyet") == pytest.approx(i["progress"])
    refused = udfs.INDEX766(table, "2026-Q1", "transparency")
    assert refused.startswith("Lỗi: nhóm chỉ số 766 'transparency'") and '"progress"' in refused


def test_whole_column_ranges_with_trailing_blanks(table, expected):
    padded = table + [[None] * len(table[0]) for _ in range(20_000)]
    assert udfs.RESOLVED_COUNT(padded, "2026-Q1") == expected["counts"]["resolved"]


def test_as_of_and_compare_arguments(table):
    snapshot = udfs.PENDING_COUNT(table, "2026-Q1", None, 46054.0)  # 01/02/2026 00:00
    assert isinstance(snapshot, int)
    assert snapshot == udfs.PENDING_COUNT(table, "2026-Q1", "", "2026-02-01T00:00")


def test_compare_argument_gives_the_hand_worked_counts():
    """Due 10:00 and finished 16:00 the same day: on time by date, late by moment."""
    d = 46083.0  # 02/03/2026
    table = [
        ["Mã hồ sơ", "Mã TTHC", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả", "Trạng thái"],
        ["D1", "1.004873", d + 8 / 24, d + 10 / 24, d + 16 / 24, 9.0],
        ["D2", "1.004873", d + 8 / 24, d + 2 + 17 / 24, d + 1 + 9 / 24, 9.0],  # early
        ["D3", "1.004873", d + 8 / 24, d + 10 / 24, d + 1 + 9 / 24, 9.0],  # late
    ]
    assert udfs.RESOLVED_COUNT(table, "2026-03", "quá hạn", None, "ngày") == 1
    assert udfs.RESOLVED_COUNT(table, "2026-03", "quá hạn", None, "thời điểm") == 2
    assert udfs.RESOLVED_COUNT(table, "2026-03", "đúng hạn", None, "ngày") == 1
    assert udfs.RESOLVED_COUNT(table, "2026-03", "đúng hạn", None, "thời điểm") == 0


def test_bieu06_spills_the_form(table, expected):
    form = udfs.BIEU06(table, "2026-Q1")
    assert form[0][:3] == ["STT", "Lĩnh vực", "(3) Tổng số"]
    total = form[-1]
    assert total[1] == "Tổng cộng" and total[2] == expected["counts"]["total"]
    assert len(form) == 2 + len(expected["by_field"])


def test_due_date_and_workdays():
    # 3 working days from Mon 16/3/2026 10:00 (serial 46097.41666…) -> Thu 19/3 10:00
    assert udfs.DUE_DATE(46097 + 10 / 24, 1.004873) == dt.datetime(2026, 3, 19, 10, 0)
    assert udfs.DUE_DATE("16/03/2026 10:00", "1.004873") == dt.datetime(2026, 3, 19, 10, 0)
    # Tết: 9/2 to 23/2 holds six working days
    assert udfs.WORKDAYS_VN(46062.0, 46076.0) == 6
    assert udfs.WORKDAYS_VN("01/01/2026", "10/01/2026") == 6


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda t: udfs.ONLINE_RATE(t, "2026-Q9"), "Kỳ báo cáo"),
        (lambda t: udfs.ONLINE_RATE(t, ""), "thiếu kỳ"),
        (lambda t: udfs.ONLINE_RATE("HoSo", "2026-Q1"), "bảng HoSo"),
        (lambda t: udfs.ONLINE_RATE([["a", "b"], [1, 2]], "2026-Q1"), "Mã hồ sơ"),
        (lambda t: udfs.RESOLVED_COUNT(t, "2026-Q1", "sớm"), "không hợp lệ"),
        (lambda t: udfs.RECEIVED_COUNT(t, "2026-Q1", "fax"), "kênh"),
        (lambda t: udfs.ONLINE_RATE(t, "2026-Q1", "2026-05-01T00:00"), "phải nằm trong kỳ"),
        (lambda t: udfs.ONLINE_RATE(t, "2026-Q1", None, "tuần"), "so sánh"),
        (lambda t: udfs.DUE_DATE("hôm qua", "1.004873"), "không hợp lệ"),
        (lambda t: udfs.DUE_DATE(46097.5, "9.999999"), "DanhMuc"),
        (lambda t: udfs.WORKDAYS_VN("", 46000), "không hợp lệ"),
    ],
)
def test_bad_arguments_give_readable_text(table, call, fragment):
    value = call(table)
    assert isinstance(value, str) and value.startswith("Lỗi: ")
    assert fragment in value and "Traceback" not in value


def test_zero_denominator_shows_a_dash():
    empty = [["Mã hồ sơ", "Mã TTHC", "Ngày tiếp nhận"]]
    assert udfs.ONLINE_RATE(empty, "2026-Q1") == "—"
    assert udfs.RECEIVED_COUNT(empty, "2026-Q1") == 0


def test_thirty_cells_parse_the_table_once(table, monkeypatch):
    calls = []
    real = register.from_rows

    def counting(rows, **kw):
        calls.append(len(rows))
        return real(rows, **kw)

    monkeypatch.setattr(udfs, "from_rows", counting)
    udfs.clear_caches()
    fresh = [list(r) for r in table]
    for _ in range(10):
        udfs.ONLINE_RATE(fresh, "2026-Q1")
        udfs.RESOLVED_COUNT(fresh, "2026-Q1", "quá hạn")
        udfs.PENDING_COUNT(fresh, "2026-03")
    assert len(calls) == 1

    # an edited cell is a new table: parsed again, never served stale
    before = udfs.RESOLVED_COUNT(fresh, "2026-Q1")
    records = udfs.engine_for(fresh).evaluate("2026-Q1").dossier_records()
    row = 1 + next(i for i, r in enumerate(records) if r["outcome"] == "early")
    fresh[row][fresh[0].index("Ngày có kết quả")] = ""
    fresh[row][fresh[0].index("Ngày trả kết quả")] = ""
    assert udfs.RESOLVED_COUNT(fresh, "2026-Q1") == before - 1
    assert len(calls) == 2


def test_caches_are_bounded_and_clear_caches_empties_them(table):
    udfs.clear_caches()
    assert udfs.cache_info() == {"engines": 0, "results": 0, "contexts": 0, "default": 0}
    tables = [[list(r) for r in table[: 2 + i]] for i in range(10)]  # ten contents
    for t in tables:
        udfs.RECEIVED_COUNT(t, "2026-Q1")
        udfs.KPI_KEY(t, "2026-Q1")
    for i in range(10):  # ten workbooks
        book = remote_book({"KPI": [["x"]]}, name=f"TTHC_{i}.xlsm")
        assert udfs.WORKDAYS_VN("16/03/2026", "20/03/2026", book.sheets["KPI"]["B2"]) == 5
    info = udfs.cache_info()
    # least recently used dropped
    assert info == {"engines": 4, "results": 8, "contexts": 4, "default": 1}
    udfs.clear_caches()
    assert udfs.cache_info() == {"engines": 0, "results": 0, "contexts": 0, "default": 0}
    assert udfs.RECEIVED_COUNT(tables[-1], "2026-Q1") == udfs.RECEIVED_COUNT(tables[-1], "2026-Q1")


def test_the_calling_workbooks_settings_are_used(table):
    """The caller's workbook supplies DanhMuc, NgayNghi and CauHinh."""
    book = remote_book(
        {
            "KPI": [["x"]],
            "DanhMuc": [
                ["Mã TTHC", "Tên thủ tục", "Lĩnh vực", "Thời hạn", "Đơn vị thời hạn"],
                ["1.004873", "Xác nhận tình trạng hôn nhân", "Hộ tịch", 5, "ngày làm việc"],
            ],
            "NgayNghi": [["Ngày", "Loại", "Ghi chú"], [dt.datetime(2026, 3, 17), "Nghỉ", "thử"]],
            "CauHinh": [["Mục", "Giá trị"], ["Cách so sánh hạn", "thời điểm"]],
        }
    )
    caller = book.sheets["KPI"]["B2"]
    udfs.clear_caches()
    # 5 working days from Mon 16/3 10:00 with Tue 17/3 off: 18, 19, 20, 23, 24/3
    assert udfs.DUE_DATE("16/03/2026 10:00", "1.004873", caller) == dt.datetime(2026, 3, 24, 10)
    assert udfs.WORKDAYS_VN("16/03/2026", "20/03/2026", caller) == 4
    with_book = udfs.RESOLVED_COUNT(table, "2026-Q1", "quá hạn", None, None, caller)
    ctx = read_context(XlwingsBook(book))
    assert ctx.settings.compare_mode.value == "moment" and len(ctx.catalog) == 1
    reg = read_workbook(SAMPLE).register
    expected = Engine(reg, ctx.catalog, ctx.overrides, ctx.settings).evaluate("2026-Q1")
    assert with_book == expected.counts["late"]
    assert with_book != udfs.RESOLVED_COUNT(table, "2026-Q1", "quá hạn")


@pytest.mark.parametrize(
    "as_excel_hands_it",
    [dt.datetime(2026, 3, 1), 46082.0, dt.datetime(2026, 3, 20, 8, 0)],
    ids=["datetime", "serial", "mid-month"],
)
def test_a_date_typed_as_the_period_means_its_month(table, as_excel_hands_it):
    # "2026-03" typed into a General cell reaches the function as 01/03/2026
    march = Engine(read_workbook(SAMPLE).register).evaluate("2026-03").kpi()
    assert udfs.RECEIVED_COUNT(table, as_excel_hands_it) == march["counts"]["received_new"]
    assert udfs.ONLINE_RATE(table, as_excel_hands_it) == pytest.approx(
        march["rates"]["online_rate"]
    )
    spilled = udfs.BIEU06(table, as_excel_hands_it)
    assert spilled == udfs.BIEU06(table, "2026-03") and len(spilled) > 1


def test_a_year_typed_as_a_number_and_an_empty_period(table):
    year = Engine(read_workbook(SAMPLE).register).evaluate("2026").kpi()
    assert udfs.RECEIVED_COUNT(table, 2026.0) == year["counts"]["received_new"]
    assert "thiếu kỳ báo cáo" in udfs.ONLINE_RATE(table, "")


def test_the_period_help_says_a_date_means_its_month():
    assert "tháng của ngày" in udfs.PERIOD_DOC and len(udfs.PERIOD_DOC) <= 255

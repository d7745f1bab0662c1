"""The register read from typed columns (fastexcel) is the register calamine's rows give.

Every check reads one file both ways: `typed_register` and `register.from_rows` over
python-calamine's rows (what every other reader of the workbook uses). Where the typed
read cannot promise that, it must decline (None), and `read_register` still reads right.
"""

import datetime as dt

import openpyxl
import pytest
from helpers.communes import register, specs, write_commune
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from tthc_xl.book.reader import read_register, read_register_sheets
from tthc_xl.book.typed import typed_register
from tthc_xl.rules import register as register_mod

HEADER = ["Mã hồ sơ", "Mã TTHC", "Kênh nộp", "Ngày tiếp nhận", "Ngày hẹn trả",
          "Số lần yêu cầu bổ sung", "Trạng thái", "Ghi chú"]  # fmt: skip


def rows_register(path, sheet="HoSo"):
    with CalamineWorkbook.from_path(str(path)) as wb:
        rows = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    return register_mod.from_rows(rows)


def assert_same(a, b):
    assert list(a.frame.columns) == list(b.frame.columns)
    for column in a.frame.columns:
        left, right = a.frame[column], b.frame[column]
        assert left.dtype == right.dtype, column
        assert left.equals(right), (column, left[left != right].head(), right[left != right].head())
    assert a.row_numbers.tolist() == b.row_numbers.tolist()
    assert a.warnings == b.warnings
    assert a.extra_columns == b.extra_columns
    assert {k: v.tolist() for k, v in a.invalid.items()} == {
        k: v.tolist() for k, v in b.invalid.items()
    }


def book(path, rows, sheet="HoSo", at="A1", formats=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    top = openpyxl.utils.cell.coordinate_to_tuple(at)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                cell = ws.cell(row=top[0] + r, column=top[1] + c, value=value)
                if isinstance(value, dt.datetime | dt.time):
                    cell.number_format = (formats or {}).get(c, "dd/mm/yyyy hh:mm")
    wb.save(path)
    return path


def test_generated_communes_read_the_same(tmp_path):
    for spec in specs(3, dossiers=400):
        path = write_commune(tmp_path / spec.file, register(spec), spec.name)
        typed = typed_register(path, "HoSo")
        assert typed is not None and len(typed) == spec.dossiers
        assert_same(typed, rows_register(path))


def test_the_workbook_saved_by_an_office_suite_reads_the_same(tmp_path, soffice):
    """Excel and LibreOffice keep text in a shared-strings table, not inline."""
    spec = specs(1, dossiers=300)[0]
    path = write_commune(tmp_path / "xa.xlsx", register(spec), spec.name)
    saved = soffice(path, "xlsx")
    typed = typed_register(saved, "HoSo")
    assert typed is not None
    assert_same(typed, rows_register(saved))


D = dt.datetime(2026, 1, 5, 9, 30)
BASE = [["HS-1", "1.001", "Trực tuyến", D, D + dt.timedelta(days=2), 1.0, "Đang xử lý", "a"],
        ["HS-2", "1.002", "Trực tiếp", D, None, None, "Đã trả kết quả", None]]  # fmt: skip


def test_blank_rows_spaces_and_midnight_read_the_same(tmp_path):
    rows = [HEADER, *BASE, [None] * 8, ["   ", None, " ", None, None, None, None, "  "],
            ["HS-3 ", " 1.003", "Trực tuyến", dt.datetime(2026, 1, 6), None, 0.0, "", "x "],
            [None, None, None, None, None, None, None, "chỉ có ghi chú"]]  # fmt: skip
    path = book(tmp_path / "b.xlsx", rows)
    typed = typed_register(path, "HoSo")
    assert typed is not None
    assert_same(typed, rows_register(path))
    assert typed.row_numbers.tolist() == [2, 3, 6, 7]


@pytest.mark.parametrize(
    "case",
    [
        "title_above",
        "starts_at_b2",
        "time_of_day",
        "ids_as_numbers",
        "repeated_header",
        "blank_header",
        "number_header",
        "two_row_header",
    ],  # fmt: skip
)
def test_what_typed_columns_cannot_promise_is_declined_and_still_read_right(tmp_path, case):
    rows = [list(HEADER), *[list(r) for r in BASE]]
    at, formats = "A1", None
    if case == "title_above":
        rows = [["SỔ THEO DÕI HỒ SƠ"], [None], *rows]
    elif case == "starts_at_b2":
        at = "B2"
    elif case == "time_of_day":
        rows[0].append("Giờ tiếp nhận")
        rows[1].append(dt.time(9, 30))
        rows[2].append(dt.time(14, 0))
        formats = {8: "hh:mm"}
    elif case == "ids_as_numbers":
        rows[1][1] = 1001.0  # a procedure code typed as a number beside text codes
    elif case == "repeated_header":
        rows[0][7] = "Trạng thái"
    elif case == "blank_header":
        rows[0][7] = None
    elif case == "number_header":
        rows[0][7] = 2026
    elif case == "two_row_header":
        rows = [["Thông tin hồ sơ", None, None, "Ngày", None, None, None, None],
                ["Mã hồ sơ", "Mã TTHC", "Kênh nộp", "Tiếp nhận", "Hẹn trả",
                 "Số lần yêu cầu bổ sung", "Trạng thái", "Ghi chú"], *rows[1:]]  # fmt: skip
    path = book(tmp_path / f"{case}.xlsx", rows, at=at, formats=formats)
    assert typed_register(path, "HoSo") is None
    sheets, typed = read_register_sheets(path)
    assert typed is None and sheets["HoSo"]
    assert_same(read_register(path).register, rows_register(path))


def test_an_error_cell_reads_as_calamine_reads_it(tmp_path):
    rows = [HEADER, *BASE]
    rows[2] = list(rows[2])
    rows[2][5] = "#N/A"  # openpyxl writes it as an error value (t="e")
    path = book(tmp_path / "e.xlsx", rows)
    typed = typed_register(path, "HoSo")
    assert typed is not None
    assert_same(typed, rows_register(path))


def test_a_register_sheet_under_another_spelling_is_read_typed(tmp_path):
    path = book(tmp_path / "s.xlsx", [HEADER, *BASE], sheet="hoso")
    sheets, typed = read_register_sheets(path)
    assert typed is not None and sheets == {"hoso": []}
    assert_same(read_register(path).register, rows_register(path, "hoso"))


TEXT = st.text(alphabet=st.sampled_from(list("aĐ ễ1.-\t") + ["\xa0", "\u3000"]), max_size=6)
CELL = {
    "text": st.one_of(st.none(), TEXT),
    "number": st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False)),
    "date": st.one_of(
        st.none(),
        st.datetimes(dt.datetime(2001, 1, 1), dt.datetime(2030, 12, 31)).map(
            lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000)
        ),
    ),
    "bool": st.one_of(st.none(), st.booleans()),
}
KIND = ["text", "text", "text", "date", "date", "number", "text", "bool"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_register_of_plain_columns_reads_the_same(tmp_path_factory, data):
    body = data.draw(
        st.lists(st.tuples(*(CELL[k] for k in KIND)).map(list), min_size=0, max_size=40)
    )
    path = book(tmp_path_factory.mktemp("h") / "h.xlsx", [HEADER, *body])
    typed = typed_register(path, "HoSo")
    if typed is not None:  # e.g. no row holds anything: calamine may see fewer columns
        assert_same(typed, rows_register(path))

"""Finding the table the way real exports lay it out: titles, a merged two-row header,
line breaks in headers, blank rows, repeated page headers, column numbers, footers and
signature blocks, shuffled and undiacritised headers, serial dates, numeric codes."""

import pytest
from helpers.imports import (
    T,
    make_workbook,
    register_dicts,
    run,
    sheet_dicts,
    write_text,
    write_xlsx,
)

from tthc_xl.importer.mapping import profile_from_rows
from tthc_xl.importer.readers import read_file
from tthc_xl.importer.table import choose_tables


@pytest.fixture
def book(tmp_path):
    return make_workbook(tmp_path / "So.xlsx")


def motcua_like(tmp_path, name="motcua.xlsx"):
    """The provincial export: title block, group header merged over the real one (cells
    merged down for STT/Trạng thái), text dates, a footer total and a signature line."""
    rows = [
        ["UBND XÃ TUỆ TĨNH"],
        ["SỔ THEO DÕI HỒ SƠ"],
        ["Từ ngày 01/01/2026 đến ngày 31/03/2026"],
        [],
        [
            "STT",
            "Thông tin hồ sơ",
            None,
            None,
            "Thời gian",
            None,
            None,
            "Trạng thái",
            "Ghi chú hệ thống",
        ],
        [
            None,
            "Mã hồ sơ",
            "Mã thủ tục",
            "Tên\nthủ tục",
            "Ngày nhận",
            "Ngày hẹn trả",
            "Ngày hoàn thành",
            None,
            None,
        ],
        [
            1,
            "M01",
            "1.004873",
            "Xác nhận tình trạng hôn nhân",
            "16/03/2026 10:00:00",
            "19/03/2026 10:00:00",
            "18/03/2026 16:00:00",
            "Đã xử lý xong",
            "nhanh",
        ],
        [],  # a stray blank row
        [
            2,
            "M02",
            "1.001193",
            "Đăng ký khai sinh",
            "15/03/2026 20:00:00",
            None,
            "16/03/2026 07:55:00",
            "Đã xử lý xong",
            None,
        ],
        [
            3,
            "M03",
            "2.000635",
            "Cấp bản sao trích lục hộ tịch",
            "19/03/2026 15:30:00",
            None,
            None,
            "Đang xử lý",
            None,
        ],
        [None, "Tổng cộng: 3 hồ sơ"],
        [],
        [None, None, None, None, None, None, "NGƯỜI LẬP BIỂU"],
        [None, None, None, None, None, None, "(Ký, ghi rõ họ tên)"],
        [None, "Nguyễn Văn Lập"],  # the signer's name lands in the Mã hồ sơ column
    ]
    merges = ["A5:A6", "B5:D5", "E5:G5", "H5:H6", "I5:I6"]
    return write_xlsx(tmp_path / name, rows, merges=merges)


def test_provincial_layout(tmp_path, book):
    result = run(book, motcua_like(tmp_path))
    (summary,) = result.files
    assert (summary.rows_read, summary.added, summary.rejected) == (3, 3, 0)
    assert summary.ignored_columns == ["STT"]
    assert summary.skipped == {"dòng cuối bảng (tổng cộng, ký tên)": 4}
    assert result.problems == []
    reg = register_dicts(book)
    assert set(reg) == {"M01", "M02", "M03"}
    assert reg["M01"]["received_at"] == T(2026, 3, 16, 10)
    assert reg["M01"]["due_at"] == T(2026, 3, 19, 10)
    assert reg["M01"]["finished_at"] == T(2026, 3, 18, 16)
    assert reg["M01"]["procedure_name"] == "Xác nhận tình trạng hôn nhân"
    assert reg["M01"]["status"] == 9 and reg["M03"]["status"] == 4
    assert reg["M01"]["Ghi chú hệ thống"] == "nhanh"  # unknown column kept
    assert summary.extra_columns == ["Ghi chú hệ thống"]


def test_shuffled_uppercase_undiacritised_headers_serial_dates_numeric_codes(tmp_path, book):
    rows = [
        ["DANH SACH HO SO TIEP NHAN QUY I"],
        [
            "TRANG THAI",
            "NGAY TIEP NHAN",
            "MA TTHC",
            "SO HO SO",
            "KENH NOP",
            "NGAY CO KET QUA",
            "HAN XU LY",
        ],
        [10, 46097.4166666667, 1.00487, "S-01", 2, 46099.6666666667, 46101.7083333333],
        ["9", "46097,625", 2.000635, "S-02", "1", "46097.7", None],
        [4, 46100, 1.004873, 12345, "3", None, None],
    ]
    result = run(book, write_xlsx(tmp_path / "khac.xlsx", rows))
    assert result.problems == []
    reg = register_dicts(book)
    assert set(reg) == {"S-01", "S-02", "12345"}  # a number id loses its '.0', not digits
    s1 = reg["S-01"]
    assert s1["received_at"] == T(2026, 3, 16, 10)  # 46097.41666 rounded to the second
    assert s1["finished_at"] == T(2026, 3, 18, 16)
    assert s1["due_at"] == T(2026, 3, 20, 17)
    assert s1["procedure_code"] == "1.004870"  # Excel made 1.004870 the number 1.00487
    assert (s1["channel"], s1["status"]) == (2, 10)
    assert reg["S-02"]["received_at"] == T(2026, 3, 16, 15)  # "46097,625": 15:00 exactly
    assert reg["S-02"]["procedure_code"] == "2.000635"
    assert reg["12345"]["channel"] == 3 and reg["12345"]["received_at"] == T(2026, 3, 19)


def test_page_headers_repeated_column_numbers_and_rows_without_id(tmp_path, book):
    rows = [
        ["Mã hồ sơ", "Tên thủ tục", "Ngày tiếp nhận", "Trạng thái"],
        ["(1)", "(2)", "(3)", "(4)"],
        ["P1", "Đăng ký khai sinh", "02/03/2026 08:00", "Đang xử lý"],
        ["Trang 1/2"],
        ["Mã hồ sơ", "Tên thủ tục", "Ngày tiếp nhận", "Trạng thái"],
        ["P2", "Đăng ký khai tử", "03/03/2026 08:00", "Đang xử lý"],
        [None, "Chứng thực chữ ký", "04/03/2026 08:00", "Đang xử lý"],  # data, no id
    ]
    path = write_text(tmp_path / "trang.csv", rows, delimiter=";")
    result = run(book, path)
    (summary,) = result.files
    assert summary.added == 2 and summary.rejected == 1
    assert summary.skipped["dòng đánh số cột"] == 1
    assert summary.skipped["dòng tiêu đề lặp lại"] == 1
    assert summary.skipped["dòng số trang"] == 1
    (problem,) = result.problems
    assert problem.rejected and problem.row == 7 and "thiếu Mã hồ sơ" in problem.reason
    assert "Chứng thực chữ ký" in problem.raw_row
    assert set(register_dicts(book)) == {"P1", "P2"}
    (logged,) = sheet_dicts(book, "LoiNhap")
    assert logged["Dòng"] == 7 and "Chứng thực chữ ký" in logged["Dữ liệu gốc của dòng"]


def test_a_dossier_row_after_the_footer_is_still_a_dossier(tmp_path, book):
    rows = [
        ["Mã hồ sơ", "Tên thủ tục", "Ngày tiếp nhận", "Trạng thái"],
        ["F1", "Đăng ký khai sinh", "02/03/2026 08:00", "Đang xử lý"],
        ["Tổng số: 1"],
        ["F2", "Đăng ký khai tử", "03/03/2026 08:00", "Đang xử lý"],
        ["Người lập"],
        ["Trần Văn Ký"],
    ]
    run(book, write_text(tmp_path / "f.csv", rows))
    assert set(register_dicts(book)) == {"F1", "F2"}


def test_every_register_sheet_of_a_file_is_read(tmp_path):
    header = ["MaHoSo", "NgayTiepNhan", "TrangThaiHoSo"]
    path = write_xlsx(
        tmp_path / "hai_sheet.xlsx",
        [header, ["A1", "01/03/2026 08:00", 4]],
        more_sheets={"Trang 2": [header, ["A2", "02/03/2026 08:00", 9]], "Ghi chú": [["x"]]},
    )
    tables, notes = choose_tables(read_file(path), profile_from_rows(None).aliases)
    assert [t.sheet for t in tables] == ["Sheet1", "Trang 2"] and notes == []


def test_a_tthc_workbook_given_as_export_gives_its_hoso_only(tmp_path):
    header = ["Mã hồ sơ", "Tên thủ tục", "Lĩnh vực", "Ngày tiếp nhận", "Ngày hẹn trả", "Tình trạng"]
    path = write_xlsx(
        tmp_path / "TTHC_khac.xlsx",
        [header, ["Q1", "Đăng ký khai sinh", "Hộ tịch", "01/03/2026 08:00", None, "Quá hạn"]],
        sheet="CanhBao",
        more_sheets={
            "HoSo": [header[:4], ["Q1", "Đăng ký khai sinh", "Hộ tịch", "01/03/2026 08:00"]]
        },
    )
    tables, notes = choose_tables(read_file(path), profile_from_rows(None).aliases)
    assert [t.sheet for t in tables] == ["HoSo"]
    assert notes and "CanhBao" in notes[0]


def test_two_unknown_columns_of_one_name_are_both_kept(tmp_path, book):
    rows = [
        [None, None, "Quyết định", None, "Giấy phép", None, None],
        ["Mã hồ sơ", "Trạng thái", "Số", "Ngày", "Số", "Ngày", "Ngày tiếp nhận"],
        ["Q1", "4", "12/QĐ", "01/03/2026", "GP-7", "02/03/2026", "01/03/2026"],
    ]
    result = run(book, write_xlsx(tmp_path / "hai_cot.xlsx", rows, merges=["C1:D1", "E1:F1"]))
    reg = register_dicts(book)["Q1"]
    assert (reg["Số (Quyết định)"], reg["Ngày (Quyết định)"]) == ("12/QĐ", "01/03/2026")
    assert (reg["Số (Giấy phép)"], reg["Ngày (Giấy phép)"]) == ("GP-7", "02/03/2026")
    assert len(result.files[0].extra_columns) == 4
    # and with no group to tell them apart, the second is numbered
    rows = [["Mã hồ sơ", "Trạng thái", "Số", "Số"], ["Q2", "4", "A", "B"]]
    run(book, write_text(tmp_path / "hai_cot.csv", rows))
    reg = register_dicts(book)["Q2"]
    assert (reg["Số"], reg["Số (2)"]) == ("A", "B")

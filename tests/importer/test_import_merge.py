"""Upsert by Mã hồ sơ: what is added, what is updated, what is never touched, what is
logged, and that importing again changes nothing at all."""

import openpyxl
import pandas as pd
import pytest
from helpers.imports import (
    T,
    make_workbook,
    register_dicts,
    run,
    sheet_dicts,
    sheet_rows,
    write_text,
    write_xlsx,
)

from tthc_xl.rules.register import COLUMNS

HEADERS = [c.header for c in COLUMNS]


def row(**cells):
    """A HoSo row in canonical column order from canonical keys."""
    keys = [c.key for c in COLUMNS]
    return [cells.get(k) for k in keys]


@pytest.fixture
def staffed(tmp_path):
    """A register the staff have worked in: notes, and a column of their own."""
    rows = [
        [*HEADERS, "Cán bộ phụ trách"],
        row(
            dossier_id="A1",
            procedure_code="1.004873",
            received_at=T(2026, 3, 2, 9, 0),
            channel="Bưu chính công ích",
            status="Đang xử lý",
            applicant="Lê Thị Hoa",
            note="gọi lại cho dân",
        )
        + ["chị Mai"],
        row(
            dossier_id="A2",
            procedure_code="1.001193",
            received_at=T(2026, 3, 3, 8, 0),
            status="Đang xử lý",
            note="ưu tiên",
        )
        + ["anh Tùng"],
    ]
    return make_workbook(tmp_path / "So.xlsx", rows)


def test_partial_export_completed_by_a_later_one_then_reimported(tmp_path, staffed):
    early = write_text(
        tmp_path / "dau_ky.csv",
        [
            ["Số hồ sơ", "Mã thủ tục", "Ngày tiếp nhận", "Tình trạng", "Ngày có kết quả"],
            ["A1", "1.004873", "02/03/2026 09:00", "Đang xử lý", ""],
            ["B1", "1.004873", "05/03/2026 10:00", "Đang xử lý", ""],
        ],
        delimiter=";",
        bom=True,
    )
    late = write_xlsx(
        tmp_path / "cuoi_ky.xlsx",
        [
            ["Số hồ sơ", "Ngày có kết quả", "Ngày trả kết quả", "Trạng thái", "Ngày tiếp nhận"],
            ["A1", T(2026, 3, 4, 16, 0), T(2026, 3, 5, 8, 0), 10, None],
            ["B1", T(2026, 3, 9, 10, 0), None, 9, None],
        ],
    )
    first = run(staffed, early, late)
    assert [(f.added, f.updated, f.unchanged) for f in first.files] == [(1, 0, 1), (0, 2, 0)]
    reg = register_dicts(staffed)
    assert list(reg) == ["A1", "A2", "B1"]  # existing rows in place, the new one appended
    a1, b1 = reg["A1"], reg["B1"]
    assert a1["received_at"] == T(2026, 3, 2, 9)  # the later file had no receipt date
    assert (a1["finished_at"], a1["returned_at"], a1["status"]) == (
        T(2026, 3, 4, 16),
        T(2026, 3, 5, 8),
        10,
    )
    assert (b1["received_at"], b1["finished_at"], b1["status"]) == (
        T(2026, 3, 5, 10),
        T(2026, 3, 9, 10),
        9,
    )
    assert a1["channel"] == 3  # nothing in either file said otherwise
    assert (a1["note"], a1["Cán bộ phụ trách"]) == ("gọi lại cho dân", "chị Mai")
    assert a1["source"] == "Khác: cuoi_ky.xlsx" and reg["A2"]["source"] == ""

    before = staffed.read_bytes()
    log_lines = len(sheet_dicts(staffed, "NhatKy"))
    again = run(staffed, early, late)
    assert [(f.added, f.updated) for f in again.files] == [(0, 0), (0, 0)]
    assert again.changes == [] and not again.written
    assert staffed.read_bytes() == before  # nothing written at all
    assert len(sheet_dicts(staffed, "NhatKy")) == log_lines


def test_empty_cells_never_erase_and_notes_and_staff_columns_are_never_touched(tmp_path, staffed):
    export = write_xlsx(
        tmp_path / "x.xlsx",
        [
            [
                "Mã hồ sơ",
                "Chủ hồ sơ",
                "Trạng thái",
                "Ghi chú",
                "Cán bộ phụ trách",
                "Ngày tiếp nhận",
            ],
            ["A1", None, "Đã trả kết quả", "ghi chú của hệ thống", "hệ thống ghi", None],
            ["A2", "Phạm Văn Bình", None, None, None, "03/03/2026 08:00"],
        ],
    )
    result = run(staffed, export)
    reg = register_dicts(staffed)
    a1, a2 = reg["A1"], reg["A2"]
    assert a1["applicant"] == "Lê Thị Hoa" and a1["status"] == 10
    assert a2["applicant"] == "Phạm Văn Bình" and a2["status"] == 4
    assert (a1["note"], a2["note"]) == ("gọi lại cho dân", "ưu tiên")
    assert (a1["Cán bộ phụ trách"], a2["Cán bộ phụ trách"]) == ("chị Mai", "anh Tùng")
    # the file's own note and its column of the staff column's name are kept beside them
    assert a1["Ghi chú (tệp nhập)"] == "ghi chú của hệ thống"
    assert a1["Cán bộ phụ trách (tệp nhập)"] == "hệ thống ghi"
    assert set(result.files[0].extra_columns) == {
        "Ghi chú (tệp nhập)",
        "Cán bộ phụ trách (tệp nhập)",
    }
    header = sheet_rows(staffed, "HoSo")[0]
    assert header[: len(HEADERS) + 1] == [*HEADERS, "Cán bộ phụ trách"]  # nothing moved


def test_every_change_is_logged_with_file_dossier_field_old_and_new(tmp_path, staffed):
    export = write_text(
        tmp_path / "moi.csv",
        [
            ["Mã hồ sơ", "Trạng thái", "Ngày có kết quả", "Người xử lý"],
            ["A1", "Đã xử lý xong", "04/03/2026 16:00", "Hùng"],
            ["C1", "Đang xử lý", "", "Lan"],
        ],
    )
    run(staffed, export)
    log = sheet_dicts(staffed, "NhatKy")
    lines = {(r["Mã hồ sơ"], r["Trường"]): (r["Giá trị cũ"], r["Giá trị mới"]) for r in log}
    assert lines[("A1", "Trạng thái")] == ("Đang xử lý", "Đã xử lý xong")
    assert lines[("A1", "Ngày có kết quả")] == ("", "04/03/2026 16:00")
    assert lines[("A1", "Người xử lý")] == ("", "Hùng")
    assert lines[("A1", "Nguồn")] == ("", "Khác: moi.csv")  # the source system, then the file
    assert lines[("C1", "(hồ sơ mới)")] == ("", "dòng 4")
    assert lines[("", "Người xử lý")] == ("", "(thêm cột)")
    assert {r["Tệp"] for r in log} == {"Khác: moi.csv"}
    assert all(r["Thời gian"] is not None for r in log)
    # the column the import created is its own: a later file updates it
    later = write_text(tmp_path / "sau.csv", [["Mã hồ sơ", "Người xử lý"], ["A1", "Hà"]])
    run(staffed, later)
    assert register_dicts(staffed)["A1"]["Người xử lý"] == "Hà"


def test_duplicates_in_one_file(tmp_path, staffed):
    export = write_text(
        tmp_path / "lap.csv",
        [
            ["Mã hồ sơ", "Trạng thái", "Ngày tiếp nhận", "Chủ hồ sơ"],
            ["D1", "Đang xử lý", "02/03/2026 08:00", ""],
            ["D1", "4", "", "Vũ Văn An"],  # agrees (empty cells agree with anything)
            ["D2", "Đang xử lý", "02/03/2026 08:00", ""],
            ["D2", "Đã trả kết quả", "02/03/2026 08:00", ""],  # conflicts
        ],
    )
    result = run(staffed, export)
    (summary,) = result.files
    assert (summary.added, summary.rejected, summary.merged_duplicates) == (1, 2, 1)
    reg = register_dicts(staffed)
    assert reg["D1"]["applicant"] == "Vũ Văn An" and reg["D1"]["received_at"] == T(2026, 3, 2, 8)
    assert "D2" not in reg
    rejected = [p for p in result.problems if p.rejected]
    assert [p.row for p in rejected] == [4, 5]
    assert all("D2" in p.reason and "Trạng thái" in p.reason for p in rejected)
    logged = sheet_dicts(staffed, "LoiNhap")
    assert {r["Dòng"] for r in logged} == {4, 5}
    assert all("Mã hồ sơ=D2" in r["Dữ liệu gốc của dòng"] for r in logged)


def test_finished_before_received_is_rejected_also_against_the_register(tmp_path, staffed):
    export = write_text(
        tmp_path / "sai.csv",
        [
            ["Mã hồ sơ", "Ngày tiếp nhận", "Ngày có kết quả", "Trạng thái"],
            ["E1", "10/03/2026 10:00", "09/03/2026 16:00", "Đã xử lý xong"],
            ["A1", "", "01/03/2026 16:00", "Đã xử lý xong"],  # register: received 02/03
            ["E2", "10/03/2026 10:00", "10/03/2026", "Đã xử lý xong"],  # no clock: same day
        ],
    )
    result = run(staffed, export)
    rejected = {p.row: p for p in result.problems if p.rejected}
    assert set(rejected) == {2, 3}
    assert "trước Ngày tiếp nhận" in rejected[2].reason
    assert "theo sổ" in rejected[3].reason
    reg = register_dicts(staffed)
    assert "E1" not in reg and "E2" in reg
    assert reg["A1"]["status"] == 4  # the rejected row changed nothing


def test_an_impossible_date_drops_that_cell_with_a_warning(tmp_path, staffed):
    export = write_text(
        tmp_path / "ngay.csv",
        [
            ["Mã hồ sơ", "Ngày tiếp nhận", "Trạng thái", "Kênh nộp"],
            ["A1", "31/02/2026 09:00", "Đã xử lý xong", "qua Zalo"],
            ["G1", "31/02/2026", "Đang xử lý", "Trực tuyến"],
        ],
    )
    result = run(staffed, export)
    warnings = [p for p in result.problems if not p.rejected]
    assert {(p.row, p.value) for p in warnings} == {
        (2, "31/02/2026 09:00"),
        (3, "31/02/2026"),
        (2, "qua Zalo"),
    }
    assert all("bỏ qua ô này" in p.reason for p in warnings)
    assert any(p.column == "Ngày tiếp nhận (cột B)" for p in warnings)
    reg = register_dicts(staffed)
    assert reg["A1"]["received_at"] == T(2026, 3, 2, 9)  # kept
    assert reg["A1"]["status"] == 9 and reg["A1"]["channel"] == 3  # postal kept
    assert "G1" in reg and pd.isna(reg["G1"]["received_at"])
    assert len(sheet_dicts(staffed, "LoiNhap")) == 3
    run(staffed, export)  # the same problems are not logged twice
    assert len(sheet_dicts(staffed, "LoiNhap")) == 3


def test_a_yes_no_online_flag_does_not_turn_postal_into_direct(tmp_path, staffed):
    export = write_text(
        tmp_path / "hotich.csv",
        [["Số hồ sơ", "Nộp trực tuyến"], ["A1", "Không"], ["A2", "Có"], ["H1", "Không"]],
        delimiter=";",
    )
    run(staffed, export)
    reg = register_dicts(staffed)
    assert (reg["A1"]["channel"], reg["A2"]["channel"], reg["H1"]["channel"]) == (3, 2, 1)


def test_formula_looking_text_is_stored_as_text(tmp_path, staffed):
    export = write_text(
        tmp_path / "congthuc.csv",
        [
            ["Mã hồ sơ", "Chủ hồ sơ", "Số điện thoại", "Địa chỉ", "Ghi chú riêng"],
            ["=1+1", '=HYPERLINK("http://x")', "+84912345678", "@thon1", "-5"],
        ],
    )
    run(staffed, export)
    ws = openpyxl.load_workbook(staffed)["HoSo"]
    last = [c for c in ws[ws.max_row] if c.value is not None]
    stored = {c.value: c.data_type for c in last}
    for text in ("=1+1", '=HYPERLINK("http://x")', "+84912345678", "@thon1", "-5"):
        assert stored[text] == "s", text  # text, never a formula
    reg = register_dicts(staffed)
    assert reg["=1+1"]["applicant"] == '=HYPERLINK("http://x")'


def test_clerk_mapping_sheet(tmp_path):
    book = make_workbook(tmp_path / "So.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb.create_sheet("AnhXaCot")
    for r in (
        ("Tên cột trong tệp", "Cột của sổ"),
        ("Mã biên nhận", "Mã hồ sơ"),
        ("Ngày nộp HS", "Ngày tiếp nhận"),
        ("Cột nội bộ", "Bỏ qua"),
        ("CB thụ lý", "Cán bộ thụ lý"),
        ("Thiếu cột của sổ", None),
    ):
        ws.append(r)
    wb.save(book)
    export = write_text(
        tmp_path / "he_thong_moi.csv",
        [
            ["Mã biên nhận", "Ngày nộp HS", "Cột nội bộ", "CB thụ lý"],
            ["N1", "02/03/2026 08:00", "x", "Lan"],
        ],
    )
    result = run(book, export)
    reg = register_dicts(book)
    assert reg["N1"]["received_at"] == T(2026, 3, 2, 8)
    assert reg["N1"]["Cán bộ thụ lý"] == "Lan" and "Cột nội bộ" not in reg["N1"]
    assert any("AnhXaCot dòng 6" in n for n in result.notes)


def test_hoso_duplicates_are_reported_and_only_the_first_updated(tmp_path):
    book = make_workbook(
        tmp_path / "So.xlsx",
        [
            HEADERS,
            row(dossier_id="Z1", status="Đang xử lý"),
            row(dossier_id="Z1", status="Đang xử lý"),
        ],
    )
    result = run(book, write_text(tmp_path / "z.csv", [["Mã hồ sơ", "Trạng thái"], ["Z1", "9"]]))
    assert any("Z1" in n for n in result.notes)
    statuses = [r[HEADERS.index("Trạng thái")] for r in sheet_rows(book, "HoSo")[1:]]
    assert statuses == ["Đã xử lý xong", "Đang xử lý"]


def test_a_register_keeping_the_channel_as_a_yes_no_column(tmp_path):
    book = make_workbook(
        tmp_path / "So.xlsx",
        [["Mã hồ sơ", "Nộp trực tuyến", "Trạng thái"], ["Y1", "Có", "Đang xử lý"]],
    )
    export = write_text(
        tmp_path / "kenh.csv", [["MaHoSo", "KenhThucHien"], ["Y1", "1"], ["Y2", "2"]]
    )
    run(book, export)
    rows = sheet_rows(book, "HoSo")
    assert rows[0][:3] == ["Mã hồ sơ", "Nộp trực tuyến", "Trạng thái"]  # no second column
    assert [r[1] for r in rows[1:]] == ["Không", "Có"]
    reg = register_dicts(book)
    assert (reg["Y1"]["channel"], reg["Y2"]["channel"]) == (1, 2)


def test_a_file_with_both_a_channel_and_an_online_flag_keeps_both(tmp_path):
    book = make_workbook(tmp_path / "So.xlsx")
    export = write_text(
        tmp_path / "hai_kenh.csv",
        [["Mã hồ sơ", "Kênh nộp", "Nộp trực tuyến"], ["V1", "Bưu chính công ích", "Không"]],
    )
    result = run(book, export)
    reg = register_dicts(book)["V1"]
    assert reg["channel"] == 3 and reg["Nộp trực tuyến (tệp nhập)"] == "Không"
    assert result.problems == []


def test_copies_of_register_columns_never_pass_for_them(tmp_path):
    # A register with no Nguồn column, a file with its own "Nguồn": the file's column is
    # kept as "Nguồn (tệp nhập)" and HoSo gains the real Nguồn to its right; reading the
    # workbook back must take each for what it is.
    book = make_workbook(tmp_path / "So.xlsx", [["Mã hồ sơ", "Trạng thái"], ["W1", "4"]])
    export = write_text(
        tmp_path / "nguon.csv", [["Mã hồ sơ", "Nguồn", "Trạng thái"], ["W2", "Cổng DVCQG", "9"]]
    )
    run(book, export)
    header = sheet_rows(book, "HoSo")[0]
    assert header.index("Nguồn (tệp nhập)") < header.index("Nguồn")
    reg = register_dicts(book)
    assert reg["W2"]["source"] == "Khác: nguon.csv"
    assert reg["W2"]["Nguồn (tệp nhập)"] == "Cổng DVCQG"
    assert again_is_quiet(book, export)


def again_is_quiet(book, *files):
    before = book.read_bytes()
    result = run(book, *files)
    return not result.written and book.read_bytes() == before

"""Issue 9: a column known by its meaning, and no dossier dropping out in silence.

Outcomes are worked by hand from docs/rules.md: the period 2026-Q1 judged at its end,
compared by date (finished before the due day: early; on it: on time; after: late).
"""

import datetime as dt

import openpyxl
import pytest
from helpers.imports import make_workbook, register_dicts, run, write_text, write_xlsx

from tthc_xl.book.reader import read_workbook
from tthc_xl.importer import ImportAborted
from tthc_xl.importer.summary import summary_text
from tthc_xl.rules.engine import Engine

T = dt.datetime
AFTER_Q1 = T(2026, 4, 15)


@pytest.fixture
def book(tmp_path):
    return make_workbook(tmp_path / "So.xlsx")


def records(path):
    engine = Engine.from_workbook(read_workbook(path))
    return {r["dossier_id"]: r for r in engine.evaluate("2026-Q1", now=AFTER_Q1).dossier_records()}


def add_mapping(path, lines):
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("AnhXaCot")
    ws.append(["Tên cột trong tệp", "Cột của sổ"])
    for line in lines:
        ws.append(list(line))
    wb.save(path)


# The receipt column is headed with words no rule knows ("vào sổ"): a missed mapping.
MISSED = [
    ["Mã hồ sơ", "Mã TTHC", "Ngày vào sổ", "Hạn giải quyết", "Ngày có kết quả", "Trạng thái"],
    ["H1", "1.004873", "10/03/2026 09:00", "13/03/2026 09:00", "12/03/2026 10:00", "Đã xử lý xong"],
    ["H2", "1.004873", "11/03/2026 08:00", "16/03/2026 08:00", "16/03/2026 15:00", "Đã xử lý xong"],
    ["H3", "1.001193", "12/03/2026 14:00", "12/03/2026 17:00", "13/03/2026 09:00", "Đã xử lý xong"],
    ["H4", "1.004873", "20/03/2026 10:00", "25/03/2026 10:00", None, "Đang xử lý"],
    ["H5", "1.004873", "27/03/2026 10:00", "01/04/2026 10:00", None, "Đang xử lý"],
]
EXPECTED = {  # dossier -> (due, outcome), worked by hand above
    "H1": ("2026-03-13T09:00", "early"),
    "H2": ("2026-03-16T08:00", "on_time"),
    "H3": ("2026-03-12T17:00", "late"),
    "H4": ("2026-03-25T10:00", "pending_overdue"),
    "H5": ("2026-04-01T10:00", "pending_within"),
}


def test_unknown_receipt_column_holding_dates_is_refused_then_imports_once_mapped(tmp_path, book):
    export = write_xlsx(tmp_path / "motcua_moi.xlsx", MISSED)
    before = book.read_bytes()
    with pytest.raises(ImportAborted) as caught:
        run(book, export)
    message = str(caught.value)
    assert "'Ngày vào sổ' (cột C)" in message  # names the column
    assert "'Ngày tiếp nhận'" in message
    assert "10/03/2026 09:00" in message  # shows sample values
    assert "AnhXaCot" in message and "'Ngày vào sổ' | 'Ngày tiếp nhận'" in message
    assert book.read_bytes() == before  # nothing written

    add_mapping(book, [("Ngày vào sổ", "Ngày tiếp nhận")])
    result = run(book, export)
    assert result.total("added") == 5
    reg = register_dicts(book)
    assert reg["H1"]["received_at"] == T(2026, 3, 10, 9)
    got = {d: (r["due_at"], r["outcome"]) for d, r in records(book).items()}
    assert got == EXPECTED


def test_the_receipt_header_of_the_issue_is_understood(tmp_path, book):
    rows = [[h.replace("Ngày vào sổ", "Ngày giờ\ntiếp nhận") for h in MISSED[0]], *MISSED[1:]]
    result = run(book, write_xlsx(tmp_path / "motcua.xlsx", rows))
    assert result.total("added") == 5
    assert "Cột lạ" not in summary_text(result)
    got = {d: (r["due_at"], r["outcome"]) for d, r in records(book).items()}
    assert got == EXPECTED


def test_an_unknown_date_column_can_be_set_aside_and_then_the_gap_is_counted(tmp_path, book):
    rows = [[h for i, h in enumerate(r) if i != 2] for r in MISSED]  # no receipt at all
    rows = [r + [v] for r, v in zip(rows, ["Ngày vào sổ", *["05/03/2026"] * 5], strict=True)]
    export = write_text(tmp_path / "thieu.csv", rows)
    with pytest.raises(ImportAborted):
        run(book, export)
    add_mapping(book, [("Ngày vào sổ", "Bỏ qua")])
    result = run(book, export)
    text = summary_text(result)
    assert "5 hồ sơ mới không được tính vào kỳ nào" in text
    assert "'Ngày tiếp nhận'" in text
    assert all(r["outcome"] == "out_of_scope" for r in records(book).values())


def test_a_file_only_updating_known_dossiers_needs_no_receipt_column(tmp_path, book):
    add_mapping(book, [("Ngày vào sổ", "Ngày tiếp nhận")])
    run(book, write_xlsx(tmp_path / "dau.xlsx", MISSED))
    update = [["Mã hồ sơ", "Ngày nhận lại", "Trạng thái"], ["H4", "01/03/2026", "Đã xử lý xong"]]
    result = run(book, write_text(tmp_path / "capnhat.csv", update))
    assert result.total("updated") == 1 and not result.notes


def test_two_headers_that_could_be_the_due_date_are_refused_with_the_fix(tmp_path, book):
    rows = [
        ["Mã hồ sơ", "Mã TTHC", "Ngày tiếp nhận", "Thời hạn GQ", "Ngày hẹn trả KQ dự kiến"],
        ["A1", "1.004873", "10/03/2026 09:00", "13/03/2026 09:00", "14/03/2026 09:00"],
    ]
    export = write_xlsx(tmp_path / "hai_han.xlsx", rows)
    before = book.read_bytes()
    with pytest.raises(ImportAborted) as caught:
        run(book, export)
    message = str(caught.value)
    assert "'Thời hạn GQ' (cột D) và 'Ngày hẹn trả KQ dự kiến' (cột E)" in message
    assert "'Thời hạn GQ' | 'Ngày hẹn trả'" in message
    assert "'Ngày hẹn trả KQ dự kiến' | 'Bỏ qua'" in message
    assert book.read_bytes() == before
    add_mapping(book, [("Thời hạn GQ", "Bỏ qua"), ("Ngày hẹn trả KQ dự kiến", "Ngày hẹn trả")])
    run(book, export)
    assert register_dicts(book)["A1"]["due_at"] == T(2026, 3, 14, 9)


def test_a_header_that_could_be_two_columns_is_refused(tmp_path, book):
    rows = [
        ["Mã hồ sơ", "Mã TTHC", "Ngày tiếp nhận/trả KQ", "Trạng thái"],
        ["A1", "1.004873", "10/03/2026 09:00", "Đang xử lý"],
    ]
    with pytest.raises(ImportAborted) as caught:
        run(book, write_xlsx(tmp_path / "lan.xlsx", rows))
    message = str(caught.value)
    assert "'Ngày tiếp nhận/trả KQ' (cột C) có thể là 'Ngày tiếp nhận' hoặc" in message
    assert "'Ngày tiếp nhận/trả KQ' | 'Ngày tiếp nhận'" in message


def test_split_date_and_time_columns_make_one_moment(tmp_path, book):
    # Đăng ký khai sinh is due the same day at closing (17:00), or the next working day
    # when received after the 15:00 cut-off (docs/rules.md, due dates).
    rows = [
        ["Mã hồ sơ", "Mã TTHC", "Ngày TN", "Giờ TN", "Ngày có KQ", "Giờ có KQ", "Trạng thái"],
        # Thu 19/03 15:30, after the cut-off: due Fri 20/03 17:00; done Fri 10:00: on time
        ["S1", "1.001193", "19/03/2026", "15:30", "20/03/2026", "10:00", "Đã xử lý xong"],
        # Thu 19/03 09:00: due that day 17:00; done 16:00 the same day: on time
        ["S2", "1.001193", "19/03/2026", "9h00", "19/03/2026", "16:00", "Đã xử lý xong"],
        # Excel's own date and time cells; Tue 17/03 16:10, after the cut-off: due Wed
        # 18/03 17:00; done Thu 19/03: late
        [
            "S3",
            "1.001193",
            dt.date(2026, 3, 17),
            dt.time(16, 10),
            "19/03/2026",
            None,
            "Đã xử lý xong",
        ],
    ]
    result = run(book, write_xlsx(tmp_path / "tach.xlsx", rows))
    assert result.total("added") == 3 and not result.problems
    reg = register_dicts(book)
    assert reg["S1"]["received_at"] == T(2026, 3, 19, 15, 30)
    assert reg["S1"]["finished_at"] == T(2026, 3, 20, 10)
    assert reg["S2"]["received_at"] == T(2026, 3, 19, 9)
    assert reg["S3"]["received_at"] == T(2026, 3, 17, 16, 10)
    assert reg["S3"]["finished_at"] == T(2026, 3, 19)  # no clock given: the day
    got = {d: (r["due_at"], r["outcome"]) for d, r in records(book).items()}
    assert got == {
        "S1": ("2026-03-20T17:00", "on_time"),
        "S2": ("2026-03-19T17:00", "on_time"),
        "S3": ("2026-03-18T17:00", "late"),
    }


def test_an_unreadable_time_is_a_warning_on_its_cell(tmp_path, book):
    rows = [
        ["Mã hồ sơ", "Mã TTHC", "Ngày tiếp nhận", "Giờ tiếp nhận", "Trạng thái"],
        ["S1", "1.001193", "19/03/2026", "sáng", "Đang xử lý"],
    ]
    result = run(book, write_text(tmp_path / "gio.csv", rows))
    assert [(p.row, p.value) for p in result.problems] == [(2, "sáng")]
    assert "giờ" in result.problems[0].reason
    assert register_dicts(book)["S1"]["received_at"] == T(2026, 3, 19)


def test_a_mapped_column_whose_values_do_not_read_is_reported_for_the_file(tmp_path, book):
    rows = [["Mã hồ sơ", "Mã TTHC", "Ngày tiếp nhận", "Thời hạn GQ", "Trạng thái"]]
    rows += [
        [f"D{i}", "1.004873", "10/03/2026 09:00", "3 ngày làm việc", "Đang xử lý"] for i in range(4)
    ]
    result = run(book, write_text(tmp_path / "han.csv", rows))
    text = summary_text(result)
    assert "'Thời hạn GQ' (cột D) được đọc là 'Ngày hẹn trả' nhưng 4/4 ô không đọc được" in text


def test_a_name_without_code_or_due_date_is_counted(tmp_path, book):
    rows = [
        ["Mã hồ sơ", "Tên thủ tục", "Ngày tiếp nhận", "Ngày hẹn trả", "Trạng thái"],
        ["N1", "Đăng ký khai sinh", "10/03/2026 09:00", "10/03/2026 17:00", "Đang xử lý"],
        ["N2", "Đăng ký khai sinh", "10/03/2026 09:00", None, "Đang xử lý"],
    ]
    result = run(book, write_text(tmp_path / "ten.csv", rows))
    assert result.total("added") == 2
    assert any("1 hồ sơ mới chỉ có Tên thủ tục" in n for n in result.notes)


def test_a_register_the_old_importer_filled_wrong_is_mended_by_importing_again(tmp_path, book):
    # Before issue 9 the receipt column "Ngày giờ tiếp nhận" became an extra HoSo column
    # (NhatKy: "(thêm cột)") and the dossiers had no Ngày tiếp nhận.
    wb = openpyxl.load_workbook(book)
    hoso, log = wb["HoSo"], wb.create_sheet("NhatKy")
    log.append(["Thời gian", "Tệp", "Mã hồ sơ", "Trường", "Giá trị cũ", "Giá trị mới"])
    header = [c.value for c in hoso[1]]
    hoso.cell(row=1, column=len(header) + 1, value="Ngày giờ tiếp nhận")
    hoso.cell(row=2, column=1, value="H1")
    hoso.cell(row=2, column=len(header) + 1, value="10/03/2026 09:00")
    log.append([T(2026, 3, 1), "cu.xlsx", None, "Ngày giờ tiếp nhận", None, "(thêm cột)"])
    wb.save(book)
    assert records(book)["H1"]["outcome"] == "out_of_scope"
    rows = [[h.replace("Ngày vào sổ", "Ngày giờ tiếp nhận") for h in MISSED[0]], *MISSED[1:]]
    run(book, write_xlsx(tmp_path / "motcua.xlsx", rows))
    got = {d: (r["due_at"], r["outcome"]) for d, r in records(book).items()}
    assert got == EXPECTED

"""Two truths (issue 19): each file's source system, the system of record per column, the
portal's own columns. Figures worked by hand in the comments."""

import json

import pytest
from click.testing import CliRunner
from helpers.imports import (
    T,
    make_workbook,
    register_dicts,
    run,
    sheet_dicts,
    write_text,
    write_xlsx,
)

from tthc_xl.cli import cli
from tthc_xl.rules.settings import Settings

ONE_STOP_HEADER = [
    "Số hồ sơ",
    "Mã thủ tục",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày có kết quả",
    "Hình thức nộp",
    "Trạng thái",
]
PORTAL_HEADER = [
    "MaHoSo",
    "MaTTHC",
    "KenhThucHien",
    "NgayTiepNhan",
    "NgayHenTra",
    "NgayKetThucXuLy",
    "TrangThaiHoSo",
]


def one_stop(tmp_path, name="motcua_q1.csv"):
    """Two dossiers resolved early in the one-stop system: D1 finished 03/03 10:00, due
    04/03 17:00; D2 finished 03/03 11:00, due 05/03 09:00."""
    return write_text(
        tmp_path / name,
        [
            ONE_STOP_HEADER,
            ["D1", "1.004873", "02/03/2026 08:00", "04/03/2026 17:00", "03/03/2026 10:00",
             "Trực tuyến", "Đã xử lý xong"],
            ["D2", "1.004873", "02/03/2026 09:00", "05/03/2026 09:00", "03/03/2026 11:00",
             "Trực tuyến", "Đã xử lý xong"],
        ],
        delimiter=";",
    )  # fmt: skip


def civil_status(tmp_path):
    """The civil-status system's list: D1 finished 05/03 10:00 (one-stop says 03/03)."""
    return write_text(
        tmp_path / "hotich_q1.csv",
        [["Số hồ sơ", "Ngày có kết quả"], ["D1", "05/03/2026 10:00"]],
        delimiter=";",
    )


def portal(tmp_path, name="danh_sach_cong.xlsx"):
    """The portal received D1's finish late: NgayKetThucXuLy 06/03 10:00 (two days after
    its due moment); D2 as the one-stop system has it."""
    return write_xlsx(
        tmp_path / name,
        [
            PORTAL_HEADER,
            ["D1", "1.004873", 2, T(2026, 3, 2, 8), T(2026, 3, 4, 17), T(2026, 3, 6, 10), 9],
            ["D2", "1.004873", 2, T(2026, 3, 2, 9), T(2026, 3, 5, 9), T(2026, 3, 3, 11), 9],
        ],
    )


def kpi(workbook):
    out = CliRunner().invoke(cli, ["kpi", str(workbook), "--period", "2026-Q1", "--json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.output)["counts"]


@pytest.mark.parametrize("order", ["one_stop_first", "portal_first"])
def test_portal_lag_never_overwrites_the_system_of_record(tmp_path, order):
    book = make_workbook(tmp_path / "So.xlsx")
    files = [one_stop(tmp_path), portal(tmp_path)]
    if order == "portal_first":
        files.reverse()
    for f in files:
        run(book, f)
    counts = kpi(book)
    assert (counts["early"], counts["late"]) == (2, 0)  # the one-stop system's figures
    d1 = register_dicts(book)["D1"]
    assert d1["finished_at"] == T(2026, 3, 3, 10)
    assert d1["portal_finished_at"] == T(2026, 3, 6, 10)  # the portal's own column
    assert d1["portal_due_at"] == T(2026, 3, 4, 17)
    assert d1["source"] == "Một cửa: motcua_q1.csv"

    before = book.read_bytes()  # importing either file again changes nothing
    for f in files:
        assert not run(book, f).written
    assert book.read_bytes() == before


def test_a_dossier_only_on_the_portal_enters_marked_until_its_system_brings_it(tmp_path):
    book = make_workbook(tmp_path / "So.xlsx")
    run(book, portal(tmp_path))
    d1 = register_dicts(book)["D1"]
    assert d1["source"] == "Cổng DVCQG: danh_sach_cong.xlsx"
    assert d1["finished_at"] == T(2026, 3, 6, 10)  # entered from the portal's values
    run(book, one_stop(tmp_path))
    d1 = register_dicts(book)["D1"]
    assert d1["source"] == "Một cửa: motcua_q1.csv"
    assert d1["finished_at"] == T(2026, 3, 3, 10)
    lines = sheet_dicts(book, "NhatKy")
    assert any(line["Tệp"] == "Một cửa: motcua_q1.csv" for line in lines)


def test_two_systems_of_record_disagreeing_give_a_conflict_line(tmp_path):
    book = make_workbook(tmp_path / "So.xlsx")
    run(book, one_stop(tmp_path))
    civil = civil_status(tmp_path)
    run(book, civil)
    assert register_dicts(book)["D1"]["finished_at"] == T(2026, 3, 3, 10)  # Một cửa ranks first
    errors = [e for e in sheet_dicts(book, "LoiNhap") if "hai hệ thống gốc" in e["Lý do"]]
    assert len(errors) == 1
    reason = errors[0]["Lý do"]
    assert "03/03/2026 10:00" in reason and "05/03/2026 10:00" in reason
    assert "Một cửa: motcua_q1.csv" in reason and "Hộ tịch: hotich_q1.csv" in reason
    before = book.read_bytes()
    assert not run(book, civil).written  # the same conflict again: nothing new to say
    assert book.read_bytes() == before


def test_the_ranking_in_cauhinh_decides(tmp_path):
    settings = Settings(record_ranking="Hộ tịch; Một cửa")
    book = make_workbook(tmp_path / "So.xlsx", settings=settings)
    run(book, one_stop(tmp_path))
    civil = civil_status(tmp_path)
    run(book, civil)
    assert register_dicts(book)["D1"]["finished_at"] == T(2026, 3, 5, 10)


def test_the_portal_is_known_by_its_field_names_in_any_case_and_order(tmp_path):
    book = make_workbook(tmp_path / "So.xlsx")
    run(book, one_stop(tmp_path))
    shuffled = write_text(  # an ordinary file name, lower-case fields in another order
        tmp_path / "export.csv",
        [
            ["trangthaihoso", "MAHOSO", "ngayketthucxuly", "kenhthuchien"],
            ["9", "D1", "06/03/2026 10:00", "2"],
        ],
    )
    result = run(book, shuffled)
    assert any("Cổng DVCQG" in n for n in result.files[0].notes)
    d1 = register_dicts(book)["D1"]
    assert (d1["finished_at"], d1["portal_finished_at"]) == (T(2026, 3, 3, 10), T(2026, 3, 6, 10))


def test_the_clerk_names_the_source(tmp_path):
    book = make_workbook(tmp_path / "So.xlsx")
    run(book, one_stop(tmp_path))
    later = write_text(
        tmp_path / "bo_sung.csv",
        [["Số hồ sơ", "Ngày có kết quả"], ["D1", "03/03/2026 16:00"]],
        delimiter=";",
    )
    out = CliRunner().invoke(cli, ["import", str(book), str(later), "--source", "mot-cua"])
    assert out.exit_code == 0, out.output
    d1 = register_dicts(book)["D1"]
    assert d1["finished_at"] == T(2026, 3, 3, 16)  # same system: the later import wins
    assert d1["source"] == "Một cửa: bo_sung.csv"


def test_the_portal_fills_a_blank_but_never_takes_the_dossier_over(tmp_path):
    book = make_workbook(tmp_path / "So.xlsx")
    run(book, one_stop(tmp_path))
    more = write_xlsx(
        tmp_path / "dvcqg.xlsx",
        [
            [*PORTAL_HEADER, "ThanhToanTrucTuyen", "HinhThuc"],
            ["D1", "1.004873", 2, T(2026, 3, 2, 8), T(2026, 3, 4, 17), T(2026, 3, 6, 10), 9,
             "Có", 1],
        ],
    )  # fmt: skip
    run(book, more)
    d1 = register_dicts(book)["D1"]
    assert d1["paid_online"] is True  # a blank the one-stop export left
    assert d1["source"] == "Một cửa: motcua_q1.csv"  # still its system of record's
    assert d1["HinhThuc"] == 1 and d1["channel"] == 2  # result delivery kept apart

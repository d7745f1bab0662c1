"""`tthc-xl import` end to end: the sample exports into the built workbook, the engine's
due dates and outcomes afterwards, the summary, --dry-run, backups, a new workbook."""

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import DATA
from helpers.imports import make_workbook, register_dicts, sheet_dicts, write_text

from tthc_xl.book.filebook import BACKUP_DIR
from tthc_xl.book.reader import read_workbook
from tthc_xl.cli import cli
from tthc_xl.cli import importing as cli_importing
from tthc_xl.rules.engine import Engine

BUILT = Path(__file__).resolve().parents[2] / "workbook" / "TTHC_Q.xlsm"
SAMPLES = [DATA / "motcua_2026Q1.xlsx", DATA / "hotich_2026Q1.csv", DATA / "dvcqg_2026Q1.xlsx"]


def invoke(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


@pytest.fixture
def built(tmp_path):
    path = tmp_path / "TTHC_Q.xlsm"
    shutil.copy(BUILT, path)
    return path


def records(path, period="2026-Q1"):
    engine = Engine.from_workbook(read_workbook(path))
    return {r["dossier_id"]: r for r in engine.evaluate(period).dossier_records()}


def test_samples_into_the_built_workbook_give_the_right_due_dates_and_outcomes(built):
    vba_before = zipfile.ZipFile(built).read("xl/vbaProject.bin")
    result = invoke(built, *SAMPLES)
    assert result.exit_code == 0, result.output
    r = records(built)
    assert len(r) == 300  # three exports of 100 dossiers each, no overlap
    # Đăng ký khai sinh (same day), received Sunday 15/03 20:00: due Monday 16/03 closing;
    # finished Monday 07:55, the due date: on time (compared by date).
    assert r["000.05.00001"]["due_at"] == "2026-03-16T17:00"
    assert r["000.05.00001"]["outcome"] == "on_time"
    # Xác nhận tình trạng hôn nhân, 3 working days from Friday 13/02 09:42: Tết (14-22/02)
    # is skipped, 5h18 that Friday + 8h Mon 23 + 8h Tue 24 + 2h42 Wed 25 = Wed 25/02 09:42.
    assert r["000.05.00101"]["due_at"] == "2026-02-25T09:42"
    assert r["000.05.00101"]["outcome"] == "on_time"
    # The portal gives the due date (23/02 17:00); finished 24/02: late.
    assert r["000.05.00208"]["due_at"] == "2026-02-23T17:00"
    assert r["000.05.00208"]["outcome"] == "late"
    # Same day, received Thursday 19/03 at 15:00 sharp (not after the cut-off): due that
    # day at closing; finished 16:00: on time.
    assert r["000.05.00209"]["due_at"] == "2026-03-19T17:00"
    assert r["000.05.00209"]["outcome"] == "on_time"

    with zipfile.ZipFile(built) as z:
        assert z.read("xl/vbaProject.bin") == vba_before  # the macros survive the write
        assert b"customUI" in z.read("_rels/.rels")  # and the ribbon
    ws = openpyxl.load_workbook(built, keep_vba=True)["HoSo"]
    # the Excel table grew with the rows, and with the portal's own six columns
    assert ws.tables["HoSo"].ref == "A1:AC301"
    assert ws["A2"].value == "000.05.00000" and ws["A2"].number_format == "@"
    assert len(list((built.parent / BACKUP_DIR).iterdir())) == 1


def test_summary_lists_counts_columns_and_every_problem(tmp_path):
    book = make_workbook(tmp_path / "So.xlsx")
    export = write_text(
        tmp_path / "xuat.csv",
        [
            ["STT", "Mã hồ sơ", "Ngày tiếp nhận", "Trạng thái", "Cán bộ thụ lý"],
            ["1", "K1", "02/03/2026 08:00", "Đang xử lý", "Lan"],
            ["2", "K2", "31/02/2026 08:00", "Đang xử lý", ""],
            ["3", "", "03/03/2026 08:00", "Đang xử lý", "Hà"],
        ],
    )
    result = invoke(book, export)
    assert result.exit_code == 0
    out = result.output
    assert "xuat.csv" in out and "Thêm" in out and "Bị loại" in out
    line = next(x for x in out.splitlines() if x.startswith("xuat.csv "))
    assert line.split()[1:] == ["3", "2", "0", "0", "1", "1"]
    assert "Bỏ qua cột số thứ tự: STT." in out
    assert "Cột lạ được giữ lại trong HoSo: Cán bộ thụ lý." in out
    assert (
        "Cảnh báo: xuat.csv, dòng 3, cột Ngày tiếp nhận (cột C), giá trị '31/02/2026 08:00'" in out
    )
    assert "Loại dòng: xuat.csv, dòng 4, cột Mã hồ sơ (cột B)" in out
    assert "Đã ghi sổ vào So.xlsx" in out
    logged = sheet_dicts(book, "LoiNhap")
    assert [(r["Dòng"], r["Tệp"]) for r in logged] == [(3, "xuat.csv"), (4, "xuat.csv")]


def test_dry_run_writes_nothing_and_shows_the_changes(tmp_path):
    book = make_workbook(tmp_path / "So.xlsx")
    invoke(book, write_text(tmp_path / "a.csv", [["Mã hồ sơ", "Trạng thái"], ["K1", "4"]]))
    before = book.read_bytes()
    later = write_text(tmp_path / "b.csv", [["Mã hồ sơ", "Trạng thái"], ["K1", "9"], ["K2", "4"]])
    result = invoke(book, later, "--dry-run")
    assert result.exit_code == 0
    assert book.read_bytes() == before
    assert "Chạy thử: chưa ghi gì vào sổ." in result.output
    assert "- K1 (Khác: b.csv): Trạng thái 'Đang xử lý' → 'Đã xử lý xong'." in result.output
    assert "- Thêm 1 hồ sơ mới: K2." in result.output
    assert register_dicts(book)["K1"]["status"] == 4


def test_dry_run_groups_changes_by_dossier_and_counts_the_source_column(tmp_path):
    book = make_workbook(tmp_path / "So.xlsx")
    first = [["Mã hồ sơ", "Trạng thái", "Ngày có kết quả"], ["K1", "4", ""], ["K2", "4", ""]]
    invoke(book, write_text(tmp_path / "a.csv", first))
    later = [
        ["Mã hồ sơ", "Trạng thái", "Ngày có kết quả"],
        ["K1", "9", "03/03/2026 10:00"],
        ["K2", "9", "04/03/2026 11:00"],
    ]
    out = invoke(book, write_text(tmp_path / "b.csv", later), "--dry-run").output
    lines = [x for x in out.splitlines() if x.startswith("- K")]
    # one line per dossier, its fields together in register order; Nguồn (a.csv -> b.csv)
    # is not listed per cell
    assert lines == [
        "- K1 (Khác: b.csv): Ngày có kết quả '' → '03/03/2026 10:00'; "
        "Trạng thái 'Đang xử lý' → 'Đã xử lý xong'.",
        "- K2 (Khác: b.csv): Ngày có kết quả '' → '04/03/2026 11:00'; "
        "Trạng thái 'Đang xử lý' → 'Đã xử lý xong'.",
    ]
    assert "- Nguồn: ghi lại cho 2 hồ sơ (tên tệp nhập)." in out
    assert "Nguồn '" not in out


def test_backups_follow_the_setting_and_the_file_keeps_its_mode(tmp_path):
    book = make_workbook(tmp_path / "So.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["CauHinh"]
    row = next(r for r in ws.iter_rows() if r[0].value == "Số bản sao lưu giữ lại")
    row[1].value = 2
    wb.save(book)
    book.chmod(0o640)
    for i in range(4):
        export = write_text(tmp_path / f"x{i}.csv", [["Mã hồ sơ", "Trạng thái"], [f"B{i}", "4"]])
        assert invoke(book, export).exit_code == 0
    assert len(list((tmp_path / BACKUP_DIR).iterdir())) == 2
    assert book.stat().st_mode & 0o777 == 0o640
    assert set(register_dicts(book)) == {"B0", "B1", "B2", "B3"}


def test_a_missing_xlsx_workbook_is_created_only_when_something_is_imported(tmp_path):
    export = write_text(tmp_path / "x.csv", [["Mã hồ sơ", "Trạng thái"], ["N1", "4"]])
    target = tmp_path / "Moi.xlsx"
    # a missing register is made only when asked (--create): a mistyped name makes none
    refused = invoke(target, export)
    assert refused.exit_code == 2 and "tthc-xl new" in refused.stderr
    assert invoke(target, export, "--create", "--dry-run").exit_code == 0
    assert list(tmp_path.iterdir()) == [export]
    result = invoke(target, export, "--create")
    assert result.exit_code == 0 and "Đã tạo sổ mới" in result.output
    assert set(register_dicts(target)) == {"N1"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Moi.xlsx", "x.csv"]
    wb = openpyxl.load_workbook(target)
    assert {"HoSo", "DanhMuc", "NgayNghi", "CauHinh", "NhatKy"} <= set(wb.sheetnames)
    result = invoke(tmp_path / "Moi.xlsm", export, "--create")
    assert result.exit_code == 2 and "Chỉ tạo được sổ mới đuôi .xlsx" in result.stderr


def test_help_is_vietnamese_and_files_are_required(tmp_path):
    result = CliRunner().invoke(cli, ["import", "--help"])
    assert result.exit_code == 0
    assert "Nhập các tệp xuất" in result.output and "Chạy thử" in result.output
    result = invoke(make_workbook(tmp_path / "So.xlsx"))
    assert result.exit_code == 2 and "Chưa chọn tệp nào" in result.stderr


def test_a_large_import_shows_a_progress_bar(tmp_path, monkeypatch):
    monkeypatch.setattr(cli_importing, "PROGRESS_MIN_BYTES", 0)
    book = make_workbook(tmp_path / "So.xlsx")
    export = write_text(tmp_path / "x.csv", [["Mã hồ sơ", "Trạng thái"], ["P1", "4"]])
    result = invoke(book, export)
    assert result.exit_code == 0
    assert result.stderr.startswith("Đang nhập") and "Ghi hồ sơ mới 1/1" in result.stderr


def test_a_workbook_with_a_chart_of_the_clerks_is_written_in_place(tmp_path):
    from openpyxl.chart import BarChart, Reference

    book = make_workbook(tmp_path / "So.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb.create_sheet("BieuDo")
    ws.append(["a", 1])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=1))
    ws.add_chart(chart, "D2")
    wb.save(book)
    with zipfile.ZipFile(book) as z:
        charts = {n: z.read(n) for n in z.namelist() if n.startswith("xl/charts/")}
    export = write_text(tmp_path / "x.csv", [["Mã hồ sơ", "Trạng thái"], ["C1", "4"]])
    result = invoke(book, export)
    assert result.exit_code == 0, result.output
    assert not list(tmp_path.glob("So (tthc-xl *).xlsx"))
    assert set(register_dicts(book)) == {"C1"}
    with zipfile.ZipFile(book) as z:
        assert {n: z.read(n) for n in charts} == charts  # her chart, byte for byte

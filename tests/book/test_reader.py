"""Reading real .xlsx files: the sample register, messy layouts, missing sheets."""

import datetime as dt

import openpyxl
import pytest
from helpers import DATA

from tthc_xl.book.errors import WorkbookError
from tthc_xl.book.reader import REGISTER_SHEETS, read_sheets, read_workbook
from tthc_xl.rules.engine import Engine
from tthc_xl.rules.settings import CompareMode


def records(path, period="2026-Q1", **kw):
    data = read_workbook(path)
    return {
        r["dossier_id"]: r
        for r in Engine.from_workbook(data).evaluate(period, **kw).dossier_records()
    }


def test_sample_register_hand_checked_dossiers():
    r = records(DATA / "register_2026Q1.xlsx")
    # 00006: 10 working days from Tue 3/2 07:37 (Tết skipped) = Tue 24/2 07:37, plus the
    # pause 3/2 13:37 -> 9/2 02:37 (27 h 23 min of working time) = Fri 27/2 11:00
    assert r["000.05.00006"]["due_at"] == "2026-02-27T11:00"
    # 00003: 4 working hours from Fri 20/3 09:15, but NgayNghi makes 20/3 a day off
    assert r["000.05.00003"]["due_at"] == "2026-03-23T11:00"
    # 00001: same-day procedure received Sunday 15/3 20:00 -> Monday closing
    assert r["000.05.00001"]["due_at"] == "2026-03-16T17:00"
    assert r["000.05.00001"]["outcome"] == "on_time"
    # status 1 (Mới đăng ký) is never counted
    assert r["000.05.00005"]["outcome"] == "out_of_scope"
    assert len(r) == 300


def _write(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)


def test_messy_register_with_defaults(tmp_path):
    path = tmp_path / "messy.xlsx"
    _write(
        path,
        {
            "HoSo": [
                ["SỔ THEO DÕI HỒ SƠ"],
                [],
                [
                    "TRANG THAI",
                    "ngay\ntiep nhan",
                    "MA HO SO",
                    "Ma TTHC",
                    "Kenh nop",
                    "Ngày có  kết quả",
                    "Cột riêng",
                ],
                [4, "16/03/2026 10:00", "A1", 1.004873, 2, None, "giữ"],
                [
                    "da tra ket qua",
                    46097.41666666666,
                    "A2",
                    "1.004873",
                    "1",
                    "18-03-2026 16:00",
                    None,
                ],
                [None, None, None, None, None, None, None],
                ["9", "31/02/2026", "A3", "1.004873", "Trực tuyến", None, None],
            ],
        },
    )
    data = read_workbook(path)
    assert data.register.extra_columns == ["Cột riêng"]
    assert data.register.row_numbers.tolist() == [4, 5, 7]
    result = Engine.from_workbook(data).evaluate("2026-Q1")
    recs = result.dossier_records()
    assert [r["dossier_id"] for r in recs] == ["A1", "A2", "A3"]
    assert [r["due_at"] for r in recs] == ["2026-03-19T10:00", "2026-03-19T10:00", None]
    assert [r["outcome"] for r in recs] == ["pending_overdue", "early", "out_of_scope"]
    assert any("31/02/2026" in w for w in recs[2]["warnings"])
    assert result.counts["received_online"] == 1 and result.counts["received_direct"] == 1


def test_catalog_holidays_and_settings_sheets_are_read(tmp_path):
    path = tmp_path / "so.xlsx"
    _write(
        path,
        {
            "HoSo": [
                ["Mã hồ sơ", "Mã TTHC", "Ngày tiếp nhận", "Ngày có kết quả"],
                ["B1", "5.000001", "16/03/2026 10:00", "19/03/2026 15:00"],
            ],
            "DanhMuc": [
                ["Mã TTHC", "Tên thủ tục", "Lĩnh vực", "Thời hạn", "Đơn vị thời hạn"],
                ["5.000001", "Thủ tục thử", "Tư pháp", 3, "ngày làm việc"],
                ["5.000002", "Hỏng", "Tư pháp", "ba", "ngày làm việc"],
            ],
            "NgayNghi": [["Ngày", "Loại", "Ghi chú"], [dt.datetime(2026, 3, 17), "Nghỉ", "thử"]],
            "CauHinh": [
                ["Mục", "Giá trị"],
                ["Cách so sánh hạn", "thời điểm"],
                ["Giờ làm việc", "07:00-11:30; 13:30-17:00"],
            ],
        },
    )
    data = read_workbook(path)
    assert data.settings.compare_mode is CompareMode.MOMENT
    assert any("5.000002" in p for p in data.problems)
    engine = Engine.from_workbook(data)
    (rec,) = engine.evaluate("2026-Q1").dossier_records()
    # 17/3 is a day off on NgayNghi: Mon 10:00 + 3 days = Wed 18, Thu 19, Fri 20 10:00
    assert rec["due_at"] == "2026-03-20T10:00"
    assert rec["outcome"] == "early"
    assert engine.evaluate("2026-Q1").by_field == {"Tư pháp": engine.evaluate("2026-Q1").counts}


def test_missing_sheets_use_the_defaults(tmp_path):
    path = tmp_path / "only_register.xlsx"
    _write(
        path,
        {
            "Sheet": [
                ["Mã hồ sơ", "Mã TTHC", "Ngày tiếp nhận"],
                ["C1", "1.004873", "31/12/2025 10:00"],
            ]
        },
    )
    (rec,) = records(path).values()
    # built-in catalog (3 working days) and the 2026 overrides (2/1 off): 5/1, 6/1, 7/1
    assert rec["due_at"] == "2026-01-07T10:00"


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "tệp hỏng"), (b"PK\x03\x04 truncated", "tệp hỏng"), (b"\x00\x01binary", "tệp hỏng")],
)
def test_unreadable_files(tmp_path, content, reason):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(WorkbookError, match=reason):
        read_workbook(path)


def test_no_register_header(tmp_path):
    path = tmp_path / "none.xlsx"
    _write(path, {"HoSo": [["a", "b"], [1, 2]]})
    with pytest.raises(WorkbookError, match="Mã hồ sơ"):
        read_workbook(path)


def test_missing_file(tmp_path):
    with pytest.raises(WorkbookError, match="Không tìm thấy"):
        read_workbook(tmp_path / "nope.xlsx")


def test_read_sheets_reads_only_the_wanted_sheets(tmp_path):
    path = tmp_path / "book.xlsx"
    header = ["Mã hồ sơ", "Ngày tiếp nhận"]
    _write(path, {"KPI": [["x"]], "Ho so": [header, ["H1", "2026-01-05"]], "cau hinh": [["a"]]})
    got = read_sheets(path, REGISTER_SHEETS)
    assert list(got) == ["Ho so", "cau hinh"]  # the workbook's own names, found by the rule
    assert got["Ho so"][1][0] == "H1"


def test_read_sheets_reads_every_sheet_when_hoso_is_renamed(tmp_path):
    """The register is then looked for by its header in every sheet."""
    path = tmp_path / "book.xlsx"
    header = ["Mã hồ sơ", "Ngày tiếp nhận"]
    _write(path, {"KPI": [["x"]], "Sổ hồ sơ": [header, ["H1", "2026-01-05"]]})
    assert list(read_sheets(path, REGISTER_SHEETS)) == ["KPI", "Sổ hồ sơ"]
    assert read_workbook(path).register.frame["dossier_id"].tolist() == ["H1"]

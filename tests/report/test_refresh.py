"""`tthc-xl refresh` and the file back end: safe writes into a real macro workbook."""

import hashlib
import json
import re
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import figure
from helpers.excel import make_macro_workbook
from helpers.shared import demo_quarter
from openpyxl.chart import BarChart, Reference
from python_calamine import CalamineWorkbook

from tthc_xl.book.errors import WorkbookLockedError
from tthc_xl.book.filebook import FileBook
from tthc_xl.book.ooxml import RIBBON_REL
from tthc_xl.cli import cli
from tthc_xl.sheets.kpi import KPI_FIRST_ROW, KPI_ITEMS


@pytest.fixture(scope="module")
def demo_frame():
    frame = demo_quarter()
    # every tenth dossier keeps the mix of cases and keeps the file quick to rewrite
    return frame.iloc[::10].reset_index(drop=True)


@pytest.fixture
def workbook(tmp_path, demo_frame):
    return make_macro_workbook(tmp_path / "TTHC_Q.xlsm", demo_frame)


def part(path, name):
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sheet(path, name):
    book = CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def test_refresh_writes_the_figures_and_keeps_macros_and_ribbon(workbook):
    vba_before = part(workbook, "xl/vbaProject.bin")
    result = CliRunner().invoke(cli, ["refresh", str(workbook), "--period", "2026-Q1"])
    assert result.exit_code == 0, result.output
    assert "Đã cập nhật chỉ số Quý I năm 2026" in result.stdout

    assert part(workbook, "xl/vbaProject.bin") == vba_before
    rels = part(workbook, "_rels/.rels").decode()
    assert RIBBON_REL in rels and "customUI/customUI14.xml" in rels
    assert "TTHC_Refresh" in part(workbook, "customUI/customUI14.xml").decode()
    with zipfile.ZipFile(workbook) as z:
        types = z.read("[Content_Types].xml").decode()
    assert "macroEnabled" in types

    kpi = json.loads(
        CliRunner().invoke(cli, ["kpi", str(workbook), "-p", "2026-Q1", "--json"]).stdout
    )
    rows = sheet(workbook, "KPI")
    written = {
        rows[KPI_FIRST_ROW - 1 + i][0]: rows[KPI_FIRST_ROW - 1 + i][2]
        for i in range(len(KPI_ITEMS))
    }
    assert written["Tiếp nhận mới trong kỳ"] == kpi["counts"]["received_new"]
    assert written["  - Quá hạn"] == kpi["counts"]["pending_overdue"]
    online = written["Tỷ lệ tiếp nhận trực tuyến"]  # text: 100,00% on any PC
    assert re.fullmatch(r"\d+,\d\d%", online)
    assert figure(online) == pytest.approx(int(kpi["rates"]["online_rate"] * 10000) / 10000)

    bieu = sheet(workbook, "Bieu06")
    total = next(r for r in bieu if r[1] == "Tổng cộng")
    assert total[2] == kpi["counts"]["total"] and total[10] == kpi["counts"]["pending"]
    warnings = sheet(workbook, "CanhBao")
    overdue = [r for r in warnings if r[5] == "Quá hạn, đang giải quyết"]
    assert len(overdue) == kpi["counts"]["pending_overdue"]

    backups = list((workbook.parent / "tthc-xl-saoluu").glob("TTHC_Q.*.xlsm"))
    assert len(backups) == 1 and part(backups[0], "xl/vbaProject.bin") == vba_before


def test_refresh_twice_keeps_the_ribbon_once(workbook):
    for _ in range(2):
        assert CliRunner().invoke(cli, ["refresh", str(workbook), "-p", "2026-Q1"]).exit_code == 0
    rels = part(workbook, "_rels/.rels").decode()
    assert rels.count(RIBBON_REL) == 1


def test_backups_are_pruned_to_the_setting(workbook):
    book = FileBook(workbook, backups=2)
    book.save()
    for _ in range(3):
        FileBook(workbook, backups=2).save()
    assert len(list((workbook.parent / "tthc-xl-saoluu").iterdir())) == 2


def test_a_workbook_with_someone_elses_chart_is_written_in_place(tmp_path, demo_frame):
    path = make_macro_workbook(tmp_path / "co_bieu_do.xlsm", demo_frame.head(50))
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb.create_sheet("Thống kê")
    for row in [["Tháng", "Số hồ sơ"], [1, 900], [2, 800], [3, 1200]]:
        ws.append(row)
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=4), titles_from_data=True)
    ws.add_chart(chart, "D2")
    wb.save(path)
    before = digest(path)

    result = CliRunner().invoke(cli, ["refresh", str(path), "-p", "2026-Q1"])
    assert result.exit_code == 0, result.output  # her sheet is hers: written in place
    assert digest(path) != before and not list(tmp_path.glob("co_bieu_do (tthc-xl*"))
    with zipfile.ZipFile(path) as z:
        assert any(n.startswith("xl/charts/") for n in z.namelist())  # her chart kept
    kpi = json.loads(CliRunner().invoke(cli, ["kpi", str(path), "-p", "2026-Q1", "--json"]).stdout)
    received = sheet(path, "KPI")[KPI_FIRST_ROW]  # the row under "Từ kỳ trước chuyển sang"
    assert received[0] == "Tiếp nhận mới trong kỳ"
    assert received[2] == kpi["counts"]["received_new"] > 0


def test_a_workbook_open_in_excel_is_left_alone(workbook):
    owner = workbook.with_name("~$" + workbook.name[2:])
    owner.write_bytes(b"owner")
    before = digest(workbook)
    result = CliRunner().invoke(cli, ["refresh", str(workbook), "-p", "2026-Q1"])
    assert result.exit_code == 2
    assert "đang mở trong Excel" in result.stderr
    assert digest(workbook) == before
    with pytest.raises(WorkbookLockedError):
        FileBook(workbook)


def test_failed_save_leaves_the_workbook_byte_identical(workbook, monkeypatch):
    before = digest(workbook)
    book = FileBook(workbook)
    book.write("KPI", 1, [["x"]])

    def broken(path):  # a disk that fills up half way
        raise OSError("No space left on device")

    monkeypatch.setattr(book.wb, "save", broken)
    with pytest.raises(OSError):
        book.save()
    assert digest(workbook) == before
    assert [p.name for p in workbook.parent.iterdir() if p.name.startswith(".")] == []


def test_formula_looking_text_is_stored_as_text(workbook):
    book = FileBook(workbook)
    book.write("KPI", 1, [['=HYPERLINK("http://x")', "+84912", "-1", "@SUM(A1)"]])
    book.save()
    ws = openpyxl.load_workbook(workbook)["KPI"]
    assert [c.data_type for c in ws[1][:4]] == ["s", "s", "s", "s"]
    assert sheet(workbook, "KPI")[0][:4] == ['=HYPERLINK("http://x")', "+84912", "-1", "@SUM(A1)"]


def test_out_writes_elsewhere_and_leaves_the_original(workbook, tmp_path):
    before = digest(workbook)
    out = tmp_path / "ban_moi.xlsm"
    result = CliRunner().invoke(cli, ["refresh", str(workbook), "-p", "2026-03", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert digest(workbook) == before and out.exists()
    assert "Tháng 03 năm 2026" in sheet(out, "Bieu06")[3][0]


def test_refresh_of_a_broken_file_exits_2(tmp_path):
    bad = tmp_path / "hong.xlsm"
    bad.write_bytes(b"not a zip")
    result = CliRunner().invoke(cli, ["refresh", str(bad)])
    assert result.exit_code == 2 and "Lỗi" in result.stderr

"""The sheets a clerk prints say what the command line says (issue 8)."""

from __future__ import annotations

import datetime as dt
import json
import math

import openpyxl
import pytest
from click.testing import CliRunner
from helpers.excel import as_excel_range
from helpers.imports import make_workbook, write_xlsx
from helpers.registers import rows_of

from tthc_xl.book.reader import read_sheets
from tthc_xl.cli import cli
from tthc_xl.excel import udfs
from tthc_xl.sheets.kpi import KPI_FIRST_ROW, KPI_ITEMS

SAMPLES = ("motcua_2026Q1.xlsx", "dvcqg_2026Q1.xlsx", "hotich_2026Q1.csv")


def kpi_row(path, key: str) -> list[object]:
    index = [item[2] for item in KPI_ITEMS].index(key)
    return read_sheets(path)["KPI"][KPI_FIRST_ROW - 1 + index]


def test_a_rate_just_under_the_target_reads_94_99_everywhere(tmp_path):
    # 968 of 1019 online: 94,9951% -- rounding would show a met 95% target.
    day = dt.datetime(2026, 2, 2, 9, 0)
    dossiers = [
        {
            "dossier_id": f"D{i:04d}",
            "procedure_code": "1.001193",
            "channel": "Trực tuyến" if i < 968 else "Trực tiếp",
            "received_at": day,
            "finished_at": day + dt.timedelta(hours=2),
            "status": "Đã trả kết quả",
        }
        for i in range(1019)
    ]
    rows = rows_of(*dossiers)
    path = make_workbook(tmp_path / "so.xlsx", rows)
    raw = CliRunner().invoke(cli, ["kpi", str(path), "-p", "2026-Q1", "--json"])
    rate = json.loads(raw.stdout)["rates"]["online_rate"]
    assert rate == pytest.approx(968 / 1019, abs=1e-12)  # 0.949951: rounded, 95,00%
    assert f"{rate:.2%}" == "95.00%"

    kpi = CliRunner().invoke(cli, ["kpi", str(path), "-p", "2026-Q1"])
    assert kpi.exit_code == 0, kpi.output
    line = next(x for x in kpi.stdout.splitlines() if x.startswith("Tỷ lệ tiếp nhận trực tuyến"))
    assert line.split()[-1] == "94,99%"

    done = CliRunner().invoke(cli, ["refresh", str(path), "-p", "2026-Q1"])
    assert done.exit_code == 0, done.output
    label, formula, stored, target = kpi_row(path, "rates.online_rate")[:4]
    assert stored == "94,99%"  # truncated before written, as text: no format rounds it up
    wb = openpyxl.load_workbook(path)
    ws = wb["KPI"]
    row = KPI_FIRST_ROW + [item[2] for item in KPI_ITEMS].index("rates.online_rate")
    cell = ws.cell(row=row, column=2)
    assert 'TRUNC(KPI_VALUE($E$4,"rates.online_rate"),4)' in cell.value
    # what the formula cell computes in Excel: TRUNC(UDF, 4), the single-figure function too
    key = udfs.KPI_KEY(as_excel_range(rows), "2026-Q1")
    for live in (
        udfs.KPI_VALUE(key, "rates.online_rate"),
        udfs.ONLINE_RATE(as_excel_range(rows), "2026-Q1"),
    ):
        assert math.trunc(live * 10_000) / 10_000 == 0.9499
    bieu = "\n".join(str(r[0]) for r in read_sheets(path)["Bieu06"] if r and r[0])
    assert "Tỷ lệ tiếp nhận trực tuyến: 94,99%" in bieu

    made = CliRunner().invoke(cli, ["report", str(path), "-p", "2026-Q1"])
    assert made.exit_code == 0, made.output
    baocao = "\n".join(
        " ".join(str(v) for v in r if v not in (None, "")) for r in read_sheets(path)["BaoCao"]
    )
    assert "968/1.019" in baocao and "94,99%" in baocao
    assert "95,00%" not in baocao and "95%: đạt" not in baocao


def test_a_running_quarter_counts_a_dossier_due_later_as_within(tmp_path, monkeypatch):
    monkeypatch.setenv("TTHC_XL_NOW", "2026-02-10T09:00")
    # 1.004873: 3 working days; received Monday 09/02 08:00, due Thursday 12/02
    dossier = {
        "dossier_id": "D1",
        "procedure_code": "1.004873",
        "channel": "Trực tuyến",
        "received_at": dt.datetime(2026, 2, 9, 8, 0),
        "status": "Đang giải quyết",
    }
    rows = rows_of(dossier)
    path = make_workbook(tmp_path / "so.xlsx", rows)
    listed = CliRunner().invoke(cli, ["dossiers", str(path), "-p", "2026-Q1"])
    assert listed.exit_code == 0, listed.output
    assert "tính đến 10/02/2026 09:00" in listed.stdout
    assert "Trong hạn" in listed.stdout or "trong hạn" in listed.stdout
    done = CliRunner().invoke(cli, ["refresh", str(path), "-p", "2026-Q1"])
    assert done.exit_code == 0, done.output
    assert "tính đến 10/02/2026 09:00" in done.stdout
    assert kpi_row(path, "counts.pending_within")[2] == 1
    assert kpi_row(path, "counts.pending_overdue")[2] == 0
    warnings = read_sheets(path)["CanhBao"]
    assert not any("Quá hạn" in str(c) for r in warnings for c in r)
    assert udfs.PENDING_COUNT(as_excel_range(rows), "2026-Q1", "trong hạn") == 1
    # an explicit --as-of still wins over the clock (a future one is refused): once the
    # clock has passed the quarter, judged at 10/02 it is within, at the quarter's end overdue
    monkeypatch.setenv("TTHC_XL_NOW", "2026-04-15T09:00")
    early = CliRunner().invoke(
        cli, ["kpi", str(path), "-p", "2026-Q1", "--as-of", "2026-02-10T09:00", "--json"]
    )
    assert '"pending_overdue": 0' in early.stdout, early.output
    late = CliRunner().invoke(
        cli, ["kpi", str(path), "-p", "2026-Q1", "--as-of", "2026-03-31T23:59", "--json"]
    )
    assert '"pending_overdue": 1' in late.stdout, late.output


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("command", ["kpi", "dossiers", "refresh"])
def test_reading_commands_refuse_an_export(tmp_path, sample, command):
    from pathlib import Path

    src = Path(__file__).parents[1] / "data" / sample
    path = tmp_path / sample
    path.write_bytes(src.read_bytes())
    args = [command, str(path), "-p", "2026-Q1"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "không phải sổ theo dõi" in result.stderr and "tthc-xl import" in result.stderr
    assert result.stdout == ""
    assert path.read_bytes() == src.read_bytes()


def test_refresh_lays_out_a_register_that_holds_only_hoso(tmp_path):
    day = dt.datetime(2026, 2, 2, 9, 0)
    rows = rows_of(
        {
            "dossier_id": "D1",
            "procedure_code": "1.001193",
            "channel": "Trực tuyến",
            "received_at": day,
            "status": "Đang giải quyết",
        }
    )
    path = write_xlsx(tmp_path / "chi_hoso.xlsx", rows, sheet="HoSo")
    done = CliRunner().invoke(cli, ["refresh", str(path), "-p", "2026-Q1"])
    assert done.exit_code == 0, done.output
    assert "còn thiếu «Tên đơn vị», «Địa danh»" in done.stderr
    wb = openpyxl.load_workbook(path)
    assert {"KPI", "CanhBao", "Bieu06", "CauHinh", "DanhMuc", "NgayNghi"} <= set(wb.sheetnames)
    kpi = wb["KPI"]
    assert kpi["A1"].value.startswith("CHỈ SỐ") and kpi["B3"].value == "2026-Q1"
    assert "còn thiếu «Tên đơn vị», «Địa danh»" in kpi["A2"].value
    assert [kpi.cell(row=KPI_FIRST_ROW + i, column=1).value for i in range(len(KPI_ITEMS))] == [
        item[0] for item in KPI_ITEMS
    ]
    assert int(kpi.page_setup.paperSize) == 9  # A4
    bieu = wb["Bieu06"]
    assert "C6:F6" in {str(m) for m in bieu.merged_cells.ranges}
    assert [bieu.cell(row=8, column=c).value for c in (1, 13)] == ["(1)", "(13)"]
    assert bieu.page_setup.orientation == "landscape"
    total = next(r for r in range(9, 20) if bieu.cell(row=r, column=2).value == "Tổng cộng")
    assert bieu.cell(row=total, column=3).font.b and bieu.cell(row=total, column=3).border.top.style
    warn = wb["CanhBao"]
    assert warn["A4"].value == "Mã hồ sơ" and warn.freeze_panes == "A5"
    assert warn.column_dimensions["A"].width >= 25
    settings = {r[0].value: r[1].value for r in wb["CauHinh"].iter_rows(min_row=2)}
    assert settings["Tên đơn vị"] == "UBND xã ……" and settings["Địa danh"] == "Xã ……"


def test_help_pages_have_no_english_from_click(tmp_path):
    english = (
        "Usage",
        "Options",
        "Commands",
        "Show this",
        "exit.",
        "default:",
        "INTEGER",
        "PATH",
        "FILE",
        "DIRECTORY",
        "WORKBOOK",
        "[OPTIONS]",
        "COMMAND",
        "ARGS",
    )
    pages = [[], *([name] for name in cli.commands)]
    for page in pages:
        out = CliRunner().invoke(cli, [*page, "--help"])
        assert out.exit_code == 0, out.output
        assert "Cách dùng:" in out.stdout
        for word in english:
            assert word not in out.stdout, (page, word)
    bare = CliRunner().invoke(cli, [])
    assert "Usage" not in bare.output and "Chưa chọn lệnh" in bare.output
    bad = CliRunner().invoke(cli, ["kpi", "x.xlsx", "-p", "2026-Q1", "--compare", "xyz"])
    assert bad.exit_code == 2 and "ngay|thoi-diem" in bad.stderr and "date|moment" in bad.stderr

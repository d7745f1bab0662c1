"""The command line, through click's runner and once as a real process."""

import json
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from helpers import DATA

from tthc_xl.cli import cli
from tthc_xl.rules.scorecard import COMPUTED_766

SAMPLE = str(DATA / "register_2026Q1.xlsx")
COUNT_KEYS = {
    "carried_over",
    "received_new",
    "received_online",
    "received_direct",
    "received_postal",
    "total",
    "resolved",
    "early",
    "on_time",
    "late",
    "pending",
    "pending_within",
    "pending_overdue",
    "due_soon",
}
OUTCOMES = {"early", "on_time", "late", "pending_within", "pending_overdue", "out_of_scope"}


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_kpi_json_contract():
    result = run("kpi", SAMPLE, "--period", "2026-Q1", "--json")
    assert result.exit_code == 0, result.output
    kpi = json.loads(result.stdout)
    assert set(kpi) == {"period", "counts", "rates", "index766", "by_field"}
    assert kpi["period"] == {
        "label": "2026-Q1",
        "start": "2026-01-01T00:00:00",
        "end": "2026-03-31T23:59:59",
        "as_of": "2026-03-31T23:59:59",
    }
    assert set(kpi["counts"]) == COUNT_KEYS
    assert set(kpi["rates"]) == {"online_rate", "early_rate", "on_time_or_early_rate"}
    # one key per QĐ 766 group the register computes (rules/scorecard.py), today these two
    assert set(kpi["index766"]) == {g.key for g in COMPUTED_766} >= {"progress", "online_service"}
    for field, counts in kpi["by_field"].items():
        assert set(counts) == COUNT_KEYS, field
    c = kpi["counts"]
    assert c["total"] == c["resolved"] + c["pending"]
    assert kpi["rates"]["online_rate"] == pytest.approx(c["received_online"] / c["received_new"])
    assert sum(f["total"] for f in kpi["by_field"].values()) == c["total"]


def test_dossiers_json_contract():
    result = run(
        "dossiers",
        SAMPLE,
        "--period",
        "2026-Q1",
        "--as-of",
        "2026-03-15T10:00",
        "--compare",
        "moment",
        "--json",
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 300
    for row in rows:
        assert set(row) == {"dossier_id", "due_at", "outcome", "warnings"}
        assert isinstance(row["dossier_id"], str)
        assert row["due_at"] is None or re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", row["due_at"])
        assert row["outcome"] in OUTCOMES
        assert all(isinstance(w, str) for w in row["warnings"])
    first = {r["dossier_id"]: r for r in rows}["000.05.00006"]
    assert first["due_at"] == "2026-02-27T11:00"


def test_as_of_and_compare_change_the_result():
    base = json.loads(run("kpi", SAMPLE, "-p", "2026-Q1", "--json").stdout)
    snap = json.loads(
        run("kpi", SAMPLE, "-p", "2026-Q1", "--as-of", "2026-02-01T00:00", "--json").stdout
    )
    assert snap["counts"]["total"] < base["counts"]["total"]
    assert snap["period"]["as_of"] == "2026-02-01T00:00:00"


def test_compare_mode_gives_the_hand_worked_counts(tmp_path):
    """Three dossiers whose outcome depends on the comparison mode as the rules say."""
    import openpyxl

    path = tmp_path / "so.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "HoSo"
    ws.append(
        ["Mã hồ sơ", "Mã TTHC", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả", "Trạng thái"]
    )
    # due 10:00, finished 16:00 the same day: on time by date, late by moment
    ws.append(["D1", "1.004873", "02/03/2026 08:00", "02/03/2026 10:00", "02/03/2026 16:00", 9])
    # finished the day before the due date: early in both modes
    ws.append(["D2", "1.004873", "02/03/2026 08:00", "04/03/2026 17:00", "03/03/2026 09:00", 9])
    # finished the day after the due date: late in both modes
    ws.append(["D3", "1.004873", "02/03/2026 08:00", "02/03/2026 10:00", "03/03/2026 09:00", 9])
    wb.save(path)
    by_date = json.loads(
        run("kpi", str(path), "-p", "2026-03", "--compare", "date", "--json").stdout
    )
    by_moment = json.loads(
        run("kpi", str(path), "-p", "2026-03", "--compare", "moment", "--json").stdout
    )
    assert [by_date["counts"][k] for k in ("early", "on_time", "late")] == [1, 1, 1]
    assert [by_moment["counts"][k] for k in ("early", "on_time", "late")] == [1, 0, 2]


def test_readable_tables_are_vietnamese():
    result = run("kpi", SAMPLE, "--period", "2026-Q1")
    assert result.exit_code == 0
    assert "Tổng số hồ sơ nhận giải quyết" in result.stdout
    assert "Tỷ lệ tiếp nhận trực tuyến" in result.stdout and "%" in result.stdout
    assert "Biểu 06" in result.stdout
    result = run("dossiers", SAMPLE, "--period", "2026-Q1")
    assert result.exit_code == 0
    assert "Mã hồ sơ" in result.stdout and "000.05.00006" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["kpi", SAMPLE], "Thiếu tham số bắt buộc --period"),
        (["kpi", SAMPLE, "--period", "2026-Q9"], "Kỳ báo cáo"),
        (
            ["kpi", SAMPLE, "--period", "2026-Q1", "--as-of", "2026-05-01T10:00"],
            "phải nằm trong kỳ",
        ),
        (["kpi", SAMPLE, "--period", "2026-Q1", "--as-of", "mai"], "không hợp lệ"),
        (["kpi", SAMPLE, "--period", "2026-Q1", "--compare", "tuần"], "Cách so sánh hạn"),
        (["kpi", SAMPLE, "--period", "2026-Q1", "--bogus"], "Không có tùy chọn"),
        (["dossiers", "khong-co.xlsx", "--period", "2026-Q1"], "Không tìm thấy tệp"),
        (["nope"], "Không có lệnh"),
    ],
)
def test_bad_arguments_exit_2_with_a_vietnamese_message(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_unreadable_workbook_exits_2(tmp_path):
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = run("kpi", str(bad), "--period", "2026-Q1", "--json")
    assert result.exit_code == 2
    assert "Không đọc được tệp" in result.stderr


def test_demo_imports_its_exports_into_a_workbook_that_reads_back_the_same(demo_run):
    from helpers.shared import demo_quarter

    from tthc_xl.rules.engine import Engine
    from tthc_xl.rules.register import Register

    path = demo_run.workbook  # the session's one `tthc-xl demo` run (tests/conftest.py)
    assert path.exists() and "Tổng số hồ sơ nhận giải quyết" in demo_run.stdout
    from_file = json.loads(run("kpi", str(path), "-p", "2026-Q1", "--json").stdout)
    frame = demo_quarter()
    in_memory = Engine(Register(frame, frame.index.to_numpy() + 2)).evaluate("2026-Q1").kpi()
    assert from_file == json.loads(json.dumps(in_memory, ensure_ascii=False))
    c = from_file["counts"]
    assert 2800 <= c["received_new"] <= 3000
    assert c["carried_over"] > 0 and c["late"] > 0 and c["pending"] > 0
    assert 0.995 <= from_file["rates"]["online_rate"] < 1


def test_console_script_runs_as_a_process(tmp_path):
    exe = shutil.which("tthc-xl") or str(
        __import__("pathlib").Path(sys.executable).parent / "tthc-xl"
    )
    out = subprocess.run(
        [exe, "kpi", SAMPLE, "--period", "2026-Q1", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["period"]["label"] == "2026-Q1"
    out = subprocess.run(
        [exe, "kpi", SAMPLE, "--period", "nope"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 2 and "Lỗi" in out.stderr

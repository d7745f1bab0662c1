"""A workbook built by tthc-xl 0.1.0 (before the package was laid out in rooms) keeps
working with this package: its VBA names `tthc_xl.macros` and `tthc_xl.udfs`, and the
command line reads, refreshes and imports into it.

`tests/data/TTHC_Q_0.1.0.xlsm` is a byte copy of the workbook as committed in 0.1.0.
"""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tthc_xl.book.reader import read_workbook
from tthc_xl.cli import cli
from tthc_xl.rules.engine import Engine

with warnings.catch_warnings():  # oletools 0.60 uses pyparsing's deprecated names
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser

from helpers import DATA

FIELD = DATA / "TTHC_Q_0.1.0.xlsm"
SAMPLES = [DATA / "motcua_2026Q1.xlsx", DATA / "hotich_2026Q1.csv", DATA / "dvcqg_2026Q1.xlsx"]


@pytest.fixture(scope="module")
def vba() -> dict[str, str]:
    parser = VBA_Parser(str(FIELD))
    try:
        return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


@pytest.fixture
def field_copy(tmp_path) -> Path:
    path = tmp_path / "TTHC_Q.xlsm"
    shutil.copyfile(FIELD, path)
    return path


def test_every_runpython_command_of_the_old_ribbon_runs_an_existing_macro(vba):
    commands = re.findall(r'RunPython "([^"]*)"', vba["TTHC_Ribbon"])
    assert len(commands) == 7
    # executed as Excel would, in a fresh interpreter, each call replaced by a check
    checks = [re.sub(r"m\.(\w+)\(\)$", r"assert callable(m.\1), '\1'", c) for c in commands]
    assert all(check != command for check, command in zip(checks, commands, strict=True))
    script = "\n".join(f"exec({check!r})" for check in checks)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_every_udf_the_old_workbook_declares_is_served_by_tthc_xl_udfs(vba):
    calls = re.findall(r'XLPy\.CallUDF\("([\w.]+)", "(\w+)"', vba["xlwings_udfs"])
    assert len(calls) >= 12
    for module_name, function in calls:
        assert module_name == "tthc_xl.udfs"
        assert callable(getattr(importlib.import_module(module_name), function)), function


def test_old_udf_path_computes_with_what_excel_passes():
    udfs = importlib.import_module("tthc_xl.udfs")
    table = [
        ["Mã hồ sơ", "Mã TTHC", "Kênh nộp", "Ngày tiếp nhận", "Ngày có kết quả", "Trạng thái"],
        ["A1", "1.001193", "Trực tuyến", 46084.375, 46084.5, "Đã xử lý xong"],  # 03/03/2026
        ["A2", "1.001193", "Trực tiếp", 46085.375, "", "Đang xử lý"],
        ["A3", "1.001193", 2.0, 46086.375, "", "Đang xử lý"],
        ["A4", "1.001193", "", 46087.375, "", "Đang xử lý"],
    ]
    assert udfs.ONLINE_RATE(table, "2026-03") == 0.5  # 2 online of 4 received
    assert udfs.RECEIVED_COUNT(table, "2026-03", "Trực tiếp") == 2  # blank channel = direct


def test_cli_refreshes_and_imports_into_the_old_workbook(field_copy):
    with zipfile.ZipFile(field_copy) as z:
        vba_before = z.read("xl/vbaProject.bin")
    imported = CliRunner().invoke(cli, ["import", str(field_copy), *map(str, SAMPLES)])
    assert imported.exit_code == 0, imported.output
    refreshed = CliRunner().invoke(cli, ["refresh", str(field_copy), "--period", "2026-Q1"])
    assert refreshed.exit_code == 0, refreshed.output
    with zipfile.ZipFile(field_copy) as z:
        assert z.read("xl/vbaProject.bin") == vba_before
        assert b"customUI" in z.read("_rels/.rels")
    engine = Engine.from_workbook(read_workbook(field_copy))
    records = {r["dossier_id"]: r for r in engine.evaluate("2026-Q1").dossier_records()}
    assert len(records) == 300
    # Xác nhận tình trạng hôn nhân, 3 working days from Friday 13/02/2026 09:42 over Tết:
    # 5h18 that Friday + 8h Mon 23 + 8h Tue 24 + 2h42 Wed 25 = Wed 25/02 09:42.
    assert records["000.05.00101"]["due_at"] == "2026-02-25T09:42"

"""Issue 21, consistent reads: publish and report read the workbook under its lock, so a
copy or a report made while an import writes is wholly before or wholly after it (never
HoSo after and KPI before)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hostile.makers import csv_file, dossier_row

from tthc_xl.cli import cli

# An import as another process makes it: lock, write the new version, replace, release.
WRITER = """
import os, sys, time
from pathlib import Path
from tthc_xl.book import lock
workbook, after = Path(sys.argv[1]), Path(sys.argv[2])
key = lock.acquire(workbook)
print("locked", flush=True)
time.sleep(float(sys.argv[3]))
os.replace(after, workbook)
lock.release(key)
"""


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args)])


def register_ids(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path, read_only=True)["HoSo"]
    return [str(r[0]) for r in ws.iter_rows(min_row=2, values_only=True) if r and r[0]]


@pytest.fixture
def importing(built, tmp_path):
    """Start a writer holding the lock on `built` that replaces it by a version with five
    more dossiers after a while; yield once it holds the lock."""
    after = tmp_path / "after.xlsm"
    shutil.copy(built, after)
    rows = [dossier_row(i, received="05/02/2026 09:00") for i in range(1, 6)]
    done = invoke("import", after, csv_file(tmp_path / "x.csv", rows))
    assert done.exit_code == 0, done.output
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(built), str(after), "3"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None and writer.stdout.readline().strip() == "locked"
    yield
    writer.wait(timeout=30)


def test_publish_during_an_import_copies_one_version(built, tmp_path, importing):
    copy = tmp_path / "c.xlsx"
    result = invoke("publish", built, "-p", "2026-Q1", "-o", copy, "--with-register")
    assert result.exit_code == 0, result.output
    assert len(register_ids(copy)) == 5  # HoSo after the import ...
    kpi = openpyxl.load_workbook(copy)["KPI"]
    figures = {row[0]: row[1] for row in kpi.iter_rows(values_only=True) if row and row[0]}
    assert figures["Tiếp nhận mới trong kỳ"] == 5  # ... and KPI after it too


def test_report_to_another_file_during_an_import_reads_one_version(built, tmp_path, importing):
    out = tmp_path / "BaoCao.xlsm"
    result = invoke("report", built, "-p", "2026-Q1", "-o", out)
    assert result.exit_code == 0, result.output
    assert len(register_ids(out)) == 5

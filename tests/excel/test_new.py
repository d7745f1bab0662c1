"""`tthc-xl new`: a fresh workbook from the template the package carries."""

import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tthc_xl.book.ooxml import RIBBON_REL, ribbon_parts, vba_bytes
from tthc_xl.book.reader import read_workbook
from tthc_xl.cli import cli

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "workbook" / "TTHC_Q.xlsm"
PACKAGED = ROOT / "tthc_xl" / "data" / "TTHC_Q.xlsm"


def test_the_packaged_template_is_the_committed_workbook():
    assert PACKAGED.read_bytes() == COMMITTED.read_bytes()


def check_fresh_workbook(path: Path, unit: str) -> None:
    """What a commune needs from a new workbook: every sheet, macros, ribbon, its name."""
    assert vba_bytes(path) == vba_bytes(COMMITTED)
    assert ribbon_parts(path) == ribbon_parts(COMMITTED)
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        assert RIBBON_REL.encode() in z.read("_rels/.rels")
    wb = openpyxl.load_workbook(path, keep_vba=True)
    assert wb.sheetnames == openpyxl.load_workbook(COMMITTED, keep_vba=True).sheetnames
    assert wb["CauHinh"]["A2"].value == "Tên đơn vị" and wb["CauHinh"]["B2"].value == unit
    assert len(read_workbook(path).register.frame) == 0  # no dossier yet


def test_new_writes_a_workbook_with_the_unit_name(tmp_path):
    out = tmp_path / "TTHC_2026.xlsm"
    result = CliRunner().invoke(cli, ["new", str(out), "--unit", "Xã Hòa Bình"])
    assert result.exit_code == 0, result.output
    assert str(out) in result.stdout
    check_fresh_workbook(out, "Xã Hòa Bình")
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temp file left


def test_new_without_a_unit_is_the_template_itself(tmp_path):
    out = tmp_path / "so.xlsm"
    assert CliRunner().invoke(cli, ["new", str(out)]).exit_code == 0
    assert out.read_bytes() == COMMITTED.read_bytes()


@pytest.mark.parametrize("name", ["so.xlsx", "exists.xlsm"])
def test_new_refuses_another_suffix_or_an_existing_file(tmp_path, name):
    out = tmp_path / name
    if name.startswith("exists"):
        out.write_bytes(b"old")
    result = CliRunner().invoke(cli, ["new", str(out), "--unit", "Xã A"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Lỗi: ")
    assert not out.exists() or out.read_bytes() == b"old"


@pytest.mark.slow
def test_new_from_an_installed_wheel_outside_the_checkout(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "-w", str(wheels), "--no-deps", "-q"],
        check=True,
    )
    (wheel,) = wheels.glob("tthc_xl-*.whl")
    with zipfile.ZipFile(wheel) as z:
        assert "tthc_xl/data/TTHC_Q.xlsm" in z.namelist()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([venv / "bin" / "pip", "install", "-q", str(wheel)], check=True)
    work = tmp_path / "xa"
    work.mkdir()
    done = subprocess.run(
        [venv / "bin" / "tthc-xl", "new", "TTHC.xlsm", "--unit", "Xã Tuệ Tĩnh"],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    where = subprocess.run(
        [venv / "bin" / "python", "-c", "import tthc_xl; print(tthc_xl.__file__)"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(venv) in where and str(ROOT) not in where
    check_fresh_workbook(work / "TTHC.xlsm", "Xã Tuệ Tĩnh")

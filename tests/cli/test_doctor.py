"""`tthc-xl doctor` and `tthc-xl setup`: the commune PC's first run, through the CLI on
real workbooks made by `tthc-xl new`, and the Kiểm tra cài đặt button on a remote Book."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers.excel import remote_book
from python_calamine import CalamineWorkbook

from tthc_xl.book.names import SHEET_SETTINGS, SHEET_XLWINGS
from tthc_xl.cli import cli
from tthc_xl.excel import doctor, macros
from tthc_xl.rules.settings import LABELS, PLACEHOLDER

ROOT = Path(__file__).resolve().parents[2]
VIETNAMESE_HOME = r"C:\Users\Nguyễn Văn An\AppData\Local\Programs\Python\Python311\pythonw.exe"
ASCII_HOME = r"C:\TTHC\Python311\pythonw.exe"
RIBBON = "customUI/customUI14.xml"


@pytest.fixture
def workbook(tmp_path) -> Path:
    path = tmp_path / "TTHC_2026.xlsm"
    result = CliRunner().invoke(cli, ["new", str(path), "--unit", "Xã Hòa Bình"])
    assert result.exit_code == 0, result.output
    return path


def conf(path: Path) -> dict[str, str]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET_XLWINGS).to_python()
    return {str(r[0]).upper(): str(r[1]) for r in rows if r and r[0]}


def lines(output: str, name: str) -> list[str]:
    return [line for line in output.splitlines() if line[2:].startswith(name)]


def test_setup_writes_the_interpreter_and_keeps_the_rest(workbook):
    before = conf(workbook)
    result = CliRunner().invoke(cli, ["setup", str(workbook), "--python", ASCII_HOME])
    assert result.exit_code == 0, result.output
    after = conf(workbook)
    assert after["INTERPRETER_WIN"] == ASCII_HOME
    assert {k: v for k, v in after.items() if k != "INTERPRETER_WIN"} == {
        k: v for k, v in before.items() if k != "INTERPRETER_WIN"
    }
    with zipfile.ZipFile(workbook) as z:  # still the macro workbook, with its ribbon
        assert RIBBON in z.namelist() and "xl/vbaProject.bin" in z.namelist()


def test_setup_refuses_a_path_with_vietnamese_letters_and_says_the_way_out(workbook):
    original = workbook.read_bytes()
    result = CliRunner().invoke(cli, ["setup", str(workbook), "--python", VIETNAMESE_HOME])
    assert result.exit_code != 0
    assert "có chữ có dấu" in result.output and r"C:\TTHC\Python311" in result.output
    assert "Nguyễn Văn An" in result.output
    assert workbook.read_bytes() == original  # nothing written


def _doctor(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["doctor", *args])
    return result.exit_code, result.output


def test_doctor_flags_a_non_ascii_interpreter_in_the_workbook(workbook):
    assert CliRunner().invoke(cli, ["setup", str(workbook), "--python", ASCII_HOME]).exit_code == 0
    code, output = _doctor(str(workbook))
    (line,) = lines(output, "Python của sổ")
    assert line.startswith("✓") and ASCII_HOME in line
    wb = openpyxl.load_workbook(workbook, keep_vba=True)  # as a clerk's edit would leave it
    ws = wb[SHEET_XLWINGS]
    for row in ws.iter_rows():
        if str(row[0].value).upper() == "INTERPRETER_WIN":
            row[1].value = VIETNAMESE_HOME
    wb.save(workbook)
    code, output = _doctor(str(workbook))
    (line,) = lines(output, "Python của sổ")
    assert line.startswith("✗") and "có chữ có dấu" in line and r"C:\TTHC\Python311" in line
    assert code == 2 and "Cần sửa các dòng có dấu ✗" in output


def test_doctor_expands_localappdata_to_find_the_user_name(workbook, monkeypatch):
    # the old default: ASCII as written, but the user folder behind it is not
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\Nguyễn Văn An\AppData\Local")
    check = doctor.interpreter_problem(r"%LOCALAPPDATA%\Programs\Python\Python311\pythonw.exe")
    assert check is not None and "Nguyễn Văn An" in check and r"C:\TTHC" in check
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\an\AppData\Local")
    assert doctor.interpreter_problem(r"%LOCALAPPDATA%\Python311\pythonw.exe") is None


def test_doctor_one_line_a_check_and_windows_checks_said_not_to_apply(workbook):
    code, output = _doctor(str(workbook))
    checks = output.splitlines()[:-1]
    assert len(checks) == 9 and all(line[:2] in ("✓ ", "! ", "✗ ", "– ") for line in checks)
    assert lines(output, "Phiên bản")[0].startswith("✓")  # xlwings matches the VBA module
    assert "0.37.8" in lines(output, "Phiên bản")[0]
    (unit,) = lines(output, "Thông tin đơn vị")  # --unit fills the name and the place
    assert unit.startswith("! ") and "Người ký, Số kế hoạch" in unit
    assert "Tên đơn vị" not in unit and "Địa danh" not in unit
    if sys.platform != "win32":
        for name in ("Tệp DLL của xlwings", "Dấu tải từ Internet"):
            (line,) = lines(output, name)
            assert line.startswith("– ") and "không áp dụng" in line
    assert code in (0, 1, 2)


def test_doctor_warns_of_an_unfilled_unit_and_a_onedrive_folder(tmp_path):
    folder = tmp_path / "OneDrive - UBND" / "Sổ"
    folder.mkdir(parents=True)
    path = folder / "TTHC.xlsm"
    assert CliRunner().invoke(cli, ["new", str(path)]).exit_code == 0  # unit left as ……
    code, output = _doctor(str(path))
    (unit,) = lines(output, "Thông tin đơn vị")
    assert unit.startswith("! ") and "Tên đơn vị" in unit and "CauHinh" in unit
    (place,) = lines(output, "Chỗ để sổ")
    assert place.startswith("! ") and "OneDrive" in place and "C:\\TTHC\\" in place
    assert code >= 1


def test_exit_codes():
    ok = doctor.Check("a", doctor.Status.OK, "")
    na = doctor.Check("b", doctor.Status.NOT_HERE, "")
    warn = doctor.Check("c", doctor.Status.WARN, "")
    fail = doctor.Check("d", doctor.Status.FAIL, "")
    assert doctor.exit_code([ok, na]) == 0
    assert doctor.exit_code([ok, warn, na]) == 1
    assert doctor.exit_code([warn, fail, ok]) == 2


def test_doctor_without_a_workbook_checks_the_pc():
    code, output = _doctor()
    assert lines(output, "Python")[0].startswith(("✓", "!"))
    assert not lines(output, "Chỗ để sổ") and not lines(output, "Python của sổ")


def test_the_doctor_names_what_the_rest_of_the_package_names():
    # copied so that the doctor does not import the rules (pandas): pinned here
    assert doctor.XLWINGS_SHEET == SHEET_XLWINGS and doctor.SETTINGS_SHEET == SHEET_SETTINGS
    assert tuple(label for _, label, _ in LABELS[:3]) == doctor.UNIT_LABELS
    by_attr = {attr: label for attr, label, _ in LABELS}
    assert (by_attr["signer"], by_attr["plan_number"]) == doctor.REPORT_LABELS
    assert doctor.PLACEHOLDER == PLACEHOLDER


def _python_at(folder: Path) -> Path:
    """The interpreter of this venv, reached through a path under `folder`."""
    folder.mkdir(parents=True)
    link = folder / "python"
    link.symlink_to(Path(sys.executable))
    return link


def _env() -> dict[str, str]:
    paths = [str(ROOT), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need rights on Windows")
def test_a_python_under_a_vietnamese_folder_is_flagged_and_setup_refuses_it(tmp_path, workbook):
    python = _python_at(tmp_path / "Nguyễn Văn An")
    script = (
        "import sys; from tthc_xl.cli import cli; "
        "sys.argv = ['tthc-xl'] + sys.argv[1:]; cli(prog_name='tthc-xl')"
    )
    run = subprocess.run(
        [str(python), "-c", script, "doctor"], capture_output=True, text=True, env=_env()
    )
    (line,) = lines(run.stdout, "Thư mục Python")
    assert line.startswith("✗") and "Nguyễn Văn An" in line and r"C:\TTHC\Python311" in line
    assert run.returncode == 2
    original = workbook.read_bytes()
    run = subprocess.run(
        [str(python), "-c", script, "setup", str(workbook)],
        capture_output=True,
        text=True,
        env=_env(),
    )
    assert run.returncode != 0 and r"C:\TTHC\Python311" in run.stdout + run.stderr
    assert workbook.read_bytes() == original


def test_doctor_imports_no_pandas(workbook):
    script = (
        "import sys\nfrom tthc_xl.cli import cli\n"
        "try:\n    cli(['doctor', sys.argv[1]], prog_name='tthc-xl')\n"
        "except SystemExit:\n    pass\n"
        "print('HEAVY', sorted(m for m in ('pandas', 'numpy', 'openpyxl') if m in sys.modules))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(workbook)], capture_output=True, text=True
    )
    assert "HEAVY []" in run.stdout, run.stdout + run.stderr


def test_the_check_install_button_shows_the_lines():
    book = remote_book({"KPI": [["x"]]})
    macros.check_install(book)
    (alert,) = [a["args"] for a in book.json()["actions"] if a["func"] == "alert"]
    assert "Kiểm tra cài đặt" in alert[0] and "Python:" in alert[0] and "xlwings" in alert[0]

"""What a mail gateway or antivirus sees in the workbook: oletools' mraptor (the
heuristic many gateways use) must rate both copies of TTHC_Q.xlsm "Macro OK", as it rates
xlwings' own template. A macro that runs as the file opens (A) in a project that writes
files (W) or starts a program (X, xlwings' RunPython does both) is "SUSPICIOUS"."""

import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from tthc_xl.excel.build import PACKAGE_COPY, template_path

with warnings.catch_warnings():  # oletools 0.60 uses pyparsing's deprecated names
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.mraptor import MacroRaptor
    from oletools.olevba import VBA_Parser

ROOT = Path(__file__).resolve().parents[2]
COPIES = [ROOT / "workbook" / "TTHC_Q.xlsm", PACKAGE_COPY]
MACRO_OK = 2  # mraptor's exit codes: 2 Macro OK, 20 SUSPICIOUS


def raptor(path: Path) -> MacroRaptor:
    parser = VBA_Parser(str(path))
    try:
        scan = MacroRaptor(parser.get_vba_code_all_modules())
    finally:
        parser.close()
    scan.scan()
    return scan


@pytest.mark.parametrize("path", COPIES, ids=["workbook", "package"])
def test_mraptor_rates_the_workbook_macro_ok(path):
    scan = raptor(path)
    assert not scan.autoexec, scan.autoexec_match
    assert not scan.suspicious, scan.matches


@pytest.mark.parametrize("path", COPIES, ids=["workbook", "package"])
def test_the_mraptor_command_says_macro_ok(path):
    # the tool as a gateway runs it, from this environment
    run = subprocess.run(
        [sys.executable, "-m", "oletools.mraptor", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == MACRO_OK, run.stdout
    assert "Macro OK" in run.stdout


def test_the_scanner_sees_what_the_workbook_needs_without_an_auto_run():
    # not vacuous: the project does write files and start Python (RunPython), so only the
    # missing auto-run keeps it clean; xlwings' template is rated the same way
    scan = raptor(COPIES[0])
    assert scan.write and scan.execute
    assert not raptor(template_path()).suspicious

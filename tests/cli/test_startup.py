"""Quick start-up (issue 18): a command imports only what it needs. Every ribbon click and
every command starts a fresh Python; pandas, numpy and pyarrow cost about 0.5 s to import,
which `--help` and `new` must not pay. Checked in fresh interpreters, by what is in
sys.modules (the timings are in bench/bench_startup.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tthc_xl.cli import cli

HEAVY = (
    "pandas",
    "numpy",
    "pyarrow",
    "fastexcel",
    "openpyxl",
    "python_calamine",
    "duckdb",
    "holidays",
    "matplotlib",
    "docx",
    "xlwings",
)

_RUN = """
import json, sys
from tthc_xl.cli import cli
try:
    code = cli.main({args!r}, prog_name="tthc-xl", standalone_mode=False)
except SystemExit as exc:  # a command that ends itself with its exit code
    code = exc.code
code = 0 if code is None else code  # a command that ran returns None
print(json.dumps({{"code": code, "modules": sorted({{m.split(".")[0] for m in sys.modules}})}}))
"""


def run_fresh(args: list[str], cwd=None) -> tuple[int, set[str]]:
    """Run `tthc-xl ARGS` in a fresh interpreter: its exit code and the top-level modules
    it imported."""
    out = subprocess.run(
        [sys.executable, "-c", _RUN.format(args=args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=True,
    ).stdout
    last = json.loads(out.strip().splitlines()[-1])
    return last["code"], set(last["modules"])


def _modules(code: str) -> set[str]:
    listing = "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    script = f"{code}\nimport json, sys\n{listing}"
    out = subprocess.check_output([sys.executable, "-c", script], text=True)
    return set(json.loads(out))


def test_importing_the_cli_loads_click_and_the_standard_library_only():
    """Each command module imports its library inside the command: a top-level import of
    anything heavy in any cli/*.py module fails here."""
    baseline = _modules("pass")  # what site itself loads (the editable install's finder...)
    extra = _modules("import tthc_xl.cli") - baseline - set(sys.stdlib_module_names)
    assert extra == {"tthc_xl", "click"}


def test_help_imports_nothing_heavy():
    code, modules = run_fresh(["--help"])
    assert code == 0
    assert [m for m in HEAVY if m in modules] == []


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_each_commands_help_imports_nothing_heavy(command):
    code, modules = run_fresh([command, "--help"])
    assert code == 0
    assert [m for m in HEAVY if m in modules] == []


def test_new_copies_the_template_without_pandas_numpy_or_openpyxl(tmp_path):
    code, modules = run_fresh(["new", "TTHC_2026.xlsm"], cwd=tmp_path)
    assert code == 0
    assert (tmp_path / "TTHC_2026.xlsm").stat().st_size > 10_000  # the real template
    assert [m for m in HEAVY if m in modules] == []


def test_a_usage_error_imports_nothing_heavy():
    code, modules = run_fresh(["kpi"])  # no workbook: a Vietnamese usage error, exit 2
    assert code == 2
    assert [m for m in HEAVY if m in modules] == []


def test_doctor_checks_the_setup_without_pandas_numpy_or_openpyxl(tmp_path):
    """`tthc-xl doctor` (no workbook): what is installed is checked, not imported."""
    code, modules = run_fresh(["doctor"], cwd=tmp_path)
    assert code in (0, 1, 2, 3)  # its verdict; this test is about what it loads
    assert [m for m in HEAVY if m in modules] == []

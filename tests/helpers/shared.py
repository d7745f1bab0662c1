"""What the whole test session shares: built once, even when pytest-xdist runs the tests
in several processes (the pattern of pytest-xdist's documentation: a file lock in the
folder every worker of the run shares)."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from filelock import FileLock


def session_root(tmp_path_factory) -> Path:
    """The temporary folder of this run: the workers' common parent under xdist, else the
    run's own (never the parent of a plain run: that one outlives the session)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once(tmp_path_factory, name: str, build: Callable[[Path], None]) -> Path:
    """The folder `name` that `build(folder)` filled, run by the first process to ask;
    the others wait for it. A build that fails is tried again by the next one to ask."""
    root = session_root(tmp_path_factory)
    folder = root / name
    done = root / f"{name}.done"
    with FileLock(str(root / f"{name}.lock")):
        if not done.exists():
            folder.mkdir(exist_ok=True)
            build(folder)
            done.touch()
    return folder


@dataclass(frozen=True)
class Demo:
    """`tthc-xl demo`'s folder and what it printed. Shared: copy a file before changing it."""

    folder: Path
    output: str  # stdout and stderr, as the clerk sees them
    stdout: str

    @property
    def workbook(self) -> Path:
        return self.folder / "TTHC_demo_2026Q1.xlsm"


def run_demo(folder: Path) -> None:
    """`tthc-xl demo --out folder` through the CLI, its printout kept beside the files."""
    from click.testing import CliRunner

    from tthc_xl.cli import cli

    result = CliRunner().invoke(cli, ["demo", "--out", str(folder)])
    assert result.exit_code == 0, result.output
    printed = {"output": result.output, "stdout": result.stdout}
    (folder / "printed.json").write_text(json.dumps(printed, ensure_ascii=False))


def read_demo(folder: Path) -> Demo:
    printed = json.loads((folder / "printed.json").read_text())
    return Demo(folder, printed["output"], printed["stdout"])


@functools.cache
def _quarter() -> pd.DataFrame:
    from tthc_xl.demo import generate

    return generate()


def demo_quarter() -> pd.DataFrame:
    """The demo's generated quarter (`tthc_xl.demo.generate()`, seed 2026): generated once
    per process, a fresh copy for each caller."""
    return _quarter().copy(deep=True)

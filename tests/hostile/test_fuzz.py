"""Issue #10: a property-based fuzz test of every reader, under a memory cap (RLIMIT_AS in
a child process) and a time cap per example (SIGALRM), with a bounded number of
examples so it runs in CI. The body is fuzz_driver.py."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

DRIVER = Path(__file__).with_name("fuzz_driver.py")


def run_driver(tmp_path, examples: int):
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.run(
        [sys.executable, str(DRIVER), str(tmp_path), str(examples)],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )


def test_readers_survive_a_few_mutated_files(tmp_path):
    result = run_driver(tmp_path, 15)
    assert result.returncode == 0 and "fuzz ok" in result.stdout, result.stderr[-4000:]


@pytest.mark.slow
def test_readers_survive_many_mutated_files(tmp_path):
    result = run_driver(tmp_path, 150)
    assert result.returncode == 0 and "fuzz ok" in result.stdout, result.stderr[-4000:]

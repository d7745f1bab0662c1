"""Running the CLI in a child process under a memory cap and a time cap, so a reader that
tries to allocate gigabytes fails the test instead of the machine."""

from __future__ import annotations

import subprocess
import sys

MEMORY_CAP = 2 * 1024**3  # address space; numpy, pandas and calamine load in ~1 GB of it

_CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
from tthc_xl.cli import main
sys.argv = ["tthc-xl", *sys.argv[1:]]
main()
"""


def run_capped(*args: object, timeout: float = 120, cap: int = MEMORY_CAP):
    """`tthc-xl args` in a child process with RLIMIT_AS = cap; the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-c", _CHILD.format(cap=cap), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def clean(result, *, allowed=(0, 2)) -> None:
    """A result or a clean refusal: exit 0 or 2, no traceback, a message on refusal."""
    assert result.returncode in allowed, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    if result.returncode == 2:
        assert "\nLỗi:" in "\n" + result.stderr, result.stderr[-2000:]

"""What the rendered-page tests share: text without white space (pdftotext spaces
justified lines apart) and the CLI run through click's runner."""

from __future__ import annotations

import re

from click.testing import CliRunner, Result

from tthc_xl.cli import cli


def dense(text: str) -> str:
    return re.sub(r"\s+", "", text)


def invoke(*args: object) -> Result:
    """`tthc-xl ARGS` in-process; the caller checks the exit code."""
    return CliRunner().invoke(cli, [str(a) for a in args])


def invoke_ok(*args: object) -> Result:
    """`tthc-xl ARGS` in-process, which must succeed."""
    done = invoke(*args)
    assert done.exit_code == 0, done.output
    return done

"""LibreOffice headless and poppler: the independent client the tests open files with."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

# LibreOffice loads the VBA project (so its modules can be inspected) but never runs it.
LO_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry">
<item oor:path="/org.openoffice.Office.Calc/Filter/Import/VBA"><prop oor:name="Load" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Filter/Import/VBA"><prop oor:name="Executable" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
</oor:items>
"""  # noqa: E501 - one registry item per line


# What each outside program comes in on Debian/Ubuntu (.ci/run installs them): a test that
# needs one skips, naming the package, where it is missing.
PACKAGES = {
    "soffice": "libreoffice-calc",
    "swriter": "libreoffice-writer",
    "pdftotext": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pdftoppm": "poppler-utils",
}


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing(program: str) -> str | None:
    """Why `program` cannot run here (None when it can). LibreOffice Writer is no command of
    its own: it is there when soffice's program folder holds `swriter`."""
    if program == "swriter":
        exe = soffice_path()
        if exe is None:
            return missing("soffice")
        if (Path(os.path.realpath(exe)).parent / "swriter").exists():
            return None
        found = False
    else:
        found = (soffice_path() if program == "soffice" else shutil.which(program)) is not None
    if found:
        return None
    return f"{program} is not installed: sudo apt-get install {PACKAGES[program]}"


def require(*programs: str) -> None:
    """Skip the running test where one of `programs` is missing, naming its package."""
    for program in programs:
        reason = missing(program)
        if reason:
            pytest.skip(reason)


def soffice_executable() -> str:
    require("soffice")
    exe = soffice_path()
    assert exe is not None
    return exe


def make_profile(folder: Path) -> Path:
    (folder / "user").mkdir(parents=True, exist_ok=True)
    (folder / "user" / "registrymodifications.xcu").write_text(LO_SETTINGS)
    return folder


def convert(path: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """`soffice --convert-to fmt`; the converted file, which must exist and not be empty.
    A Word file needs LibreOffice Writer, any other LibreOffice Calc."""
    if path.suffix.lower() in (".docx", ".doc", ".odt", ".rtf"):
        require("swriter")
    done = subprocess.run(
        [
            soffice_executable(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = outdir / f"{path.stem}.{fmt.split(':')[0]}"
    # soffice exits 0 even when it could not convert: the file is the evidence
    assert out.is_file() and out.stat().st_size > 0, (done.returncode, done.stderr)
    return out


def pdf_text(pdf: Path, layout: bool = True) -> str:
    """pdftotext's reading of the PDF (pages separated by form feeds)."""
    require("pdftotext")
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdf_page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's size in points, from pdfinfo."""
    require("pdfinfo")
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    return [
        (float(w), float(h))
        for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info, re.M)
    ]


def is_a4(size: tuple[float, float]) -> bool:
    """A4 (595 x 842 pt) either way round, to a point."""
    w, h = sorted(size)
    return abs(w - 595.3) < 1.5 and abs(h - 841.9) < 1.5

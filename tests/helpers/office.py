"""LibreOffice headless and poppler: the independent client the tests open files with."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

# LibreOffice loads the VBA project (so its modules can be inspected) but never runs it.
LO_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry">
<item oor:path="/org.openoffice.Office.Calc/Filter/Import/VBA"><prop oor:name="Load" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Filter/Import/VBA"><prop oor:name="Executable" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
</oor:items>
"""  # noqa: E501 - one registry item per line


def soffice_executable() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice is needed (.ci/run installs libreoffice-calc)"
    return exe


def make_profile(folder: Path) -> Path:
    (folder / "user").mkdir(parents=True, exist_ok=True)
    (folder / "user" / "registrymodifications.xcu").write_text(LO_SETTINGS)
    return folder


def convert(path: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """`soffice --convert-to fmt`; the converted file, which must exist and not be empty."""
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
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdf_page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's size in points, from pdfinfo."""
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

"""LibreOffice headless and poppler: the independent client the tests open files with."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
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


# LibreOffice's own locale setting (Tools > Options > Languages > Locale setting): its
# number formats come from its own locale data, so no system locale (vi_VN) is needed.
LO_LOCALE = (
    '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" '
    'oor:op="fuse"><value>{}</value></prop></item>\n'
)


def make_profile(folder: Path, locale: str | None = None) -> Path:
    """A LibreOffice user profile; `locale` ("vi-VN": decimal comma, dot thousands) sets
    how numbers show, else they show as the machine's locale has them."""
    settings = LO_SETTINGS
    if locale:
        settings = settings.replace("</oor:items>", LO_LOCALE.format(locale) + "</oor:items>")
    (folder / "user").mkdir(parents=True, exist_ok=True)
    (folder / "user" / "registrymodifications.xcu").write_text(settings)
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


@dataclass(frozen=True)
class Word:
    """A word pdftotext found, with its box in points from the page's top left."""

    left: float
    top: float
    width: float
    height: float
    text: str

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def middle(self) -> float:
        return self.top + self.height / 2


def pdf_words(pdf: Path) -> list[list[Word]]:
    """Each page's words with their boxes (pdftotext -tsv)."""
    require("pdftotext")
    args = ["pdftotext", "-tsv", str(pdf), "-"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    pages: dict[int, list[Word]] = {}
    for r in csv.DictReader(io.StringIO(out), delimiter="\t", quoting=csv.QUOTE_NONE):
        page = pages.setdefault(int(r["page_num"]), [])
        if r["level"] == "5":  # a word; the other levels are pages, flows and lines
            box = (float(r["left"]), float(r["top"]), float(r["width"]), float(r["height"]))
            page.append(Word(*box, r["text"]))
    return [pages[n] for n in sorted(pages)]


def pdf_rows(pdf: Path, gap: float = 0.6) -> list[list[list[str]]]:
    """Each page as rows of cell texts, read by position, not from runs of spaces: words
    whose middles lie on one line make a row; a gap wider than `gap` times the letter
    height ends a cell (a space is about a quarter of it). A wrapped cell gives one row
    per line; text cut at a cell's edge runs into its neighbour, and no cell then reads
    whole."""
    pages = []
    for words in pdf_words(pdf):
        lines: list[list[Word]] = []
        for word in sorted(words, key=lambda w: (w.top, w.left)):
            first = lines[-1][0] if lines else None
            if first and _level(first, word) and _level(word, first):
                lines[-1].append(word)
            else:
                lines.append([word])
        rows = []
        for line in lines:
            line.sort(key=lambda w: w.left)
            cells = [[line[0]]]
            for before, word in zip(line, line[1:], strict=False):
                if word.left - before.right > gap * min(before.height, word.height):
                    cells.append([word])
                else:
                    cells[-1].append(word)
            rows.append([" ".join(w.text for w in cell) for cell in cells])
        pages.append(rows)
    return pages


def _level(a: Word, b: Word) -> bool:
    """`a`'s middle lies within `b`'s height: one line (a tall wrapped header's lines and
    the row under it are not chained into one)."""
    return b.top <= a.middle <= b.top + b.height


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

"""A workbook seen without the rows of some sheets: what the email copy loads with openpyxl.

openpyxl makes a Python object of every cell it loads, so loading a workbook costs what its
register holds (issue 18: `publish` was 9.6× `kpi` at 3,000 dossiers, 41× at 30,000). The
copy sends KPI, CanhBao, Bieu06 and BaoCao; the register goes only with --with-register,
and then as rows read by calamine. So the copy builder loads a view of the package in
which the named sheets keep their header row and nothing below; every other part is the
workbook's own bytes. The view lives in a private work folder beside the workbook (it
still holds the other sheets' texts; book/scratch.py) and is removed when the copy is made.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from .extent import sheet_parts
from .names import find_sheet
from .scratch import scratch

_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"[^>]*?(?:/>|>.*?</row>)', re.S)


def top_rows_only(sheet_xml: bytes, keep: int) -> bytes:
    """A worksheet part with its rows below row `keep` taken out."""
    return _ROW.sub(lambda m: m.group(0) if int(m.group(1)) <= keep else b"", sheet_xml)


def trimmed_parts(path: Path, sheets: Collection[str]) -> list[str]:
    """The worksheet parts of the sheets named (by the sheet-name rule), for the view."""
    with zipfile.ZipFile(path) as z:
        labels = sheet_parts(z)
    chosen = {find_sheet(labels.values(), s) for s in sheets} - {None}
    return [part for part, name in labels.items() if name in chosen]


@contextmanager
def without_rows(path: Path, sheets: Collection[str], keep: int = 1) -> Iterator[Path]:
    """A copy of the workbook at `path` in which the sheets named keep only their top
    `keep` rows, for reading; removed on leaving the block."""
    path = Path(path)
    parts = set(trimmed_parts(path, sheets))
    # beside the workbook, never the system temp folder: the view holds the other
    # sheets' texts (book/scratch.py; removed at the end, or by the next run if killed)
    with scratch(path.resolve().parent) as folder:
        view = folder / path.name
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(view, "w") as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename in parts:
                    data = top_rows_only(data, keep)
                dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        yield view

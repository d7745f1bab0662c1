"""Size limits of a sheet, checked before anything allocates it.

python-calamine builds a dense grid from A1 to a sheet's last cell: one cell at XFD1048576
asks for 17 billion cells (512 GiB) and the process aborts without a word. So before
calamine reads an .xlsx/.xlsm, :func:`check_zip_extent` scans each sheet's XML as a
stream (a regex over chunks, no XML tree) for its declared ``<dimension>`` and the
references of its cells, and refuses a sheet whose area is above
`MAX_SHEET_CELLS`. A declared dimension larger than the real extent is no reason to
refuse: calamine is then handed a copy without the ``<dimension>`` element.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384  # XFD
# Cells from A1 to a sheet's last cell that a reader may allocate: about 1 GB in calamine
# and Python together; a register of 3,000 dossiers a quarter is 150,000 cells a year.
MAX_SHEET_CELLS = 25_000_000

_CHUNK = 1 << 20
_REF = re.compile(rb"<(?:\w+:)?(c)\s[^>]*?\br=\"([A-Z]{1,3})(\d{1,9})\"")
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"([A-Z]{1,3})(\d{1,9})(?::([A-Z]{1,3})(\d{1,9}))?\""
)
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")


class ExtentError(Exception):
    """A sheet too large to read; the message (Vietnamese) names the sheet and its cell."""


@dataclass
class Extent:
    rows: int = 0
    columns: int = 0

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def scan_sheet(z: zipfile.ZipFile, part: str) -> tuple[Extent, Extent | None]:
    """(real extent from the cell references, declared <dimension> or None)."""
    real = Extent()
    declared: Extent | None = None
    tail = b""
    first = True
    with z.open(part) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            data = tail + chunk
            if first:
                m = _DIMENSION.search(data[:_CHUNK])
                if m:
                    col = m.group(3) or m.group(1)
                    row = m.group(4) or m.group(2)
                    declared = Extent(int(row), column_number(col.decode()))
                first = False
            cut = data.rfind(b"<")
            scan, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            if len(tail) > 4096:  # no tag is that long in a sheet: do not keep growing
                scan, tail = data, b""
            for m in _REF.finditer(scan):
                row = int(m.group(3))
                if row > real.rows:
                    real.rows = row
                col = column_number(m.group(2).decode())
                if col > real.columns:
                    real.columns = col
    return real, declared


def _sheet_label(part: str) -> str:
    return Path(part).stem


def check_zip_extent(path: Path) -> Path:
    """Refuse (ExtentError) an .xlsx whose sheets reach past the cell limit; return the
    path calamine may read: `path` itself, or a temp copy without a misleading
    <dimension>. The caller removes a copy it was given."""
    oversized_dimension = False
    try:
        with zipfile.ZipFile(path) as z:
            parts = [n for n in z.namelist() if _SHEET_PART.fullmatch(n)]
            for part in parts:
                real, declared = scan_sheet(z, part)
                if real.rows > EXCEL_MAX_ROWS or real.columns > EXCEL_MAX_COLUMNS:
                    raise ExtentError(
                        f"sheet '{_sheet_label(part)}' có ô ngoài giới hạn của Excel "
                        f"(dòng {real.rows:,}, cột {real.columns:,}); tệp không hợp lệ."
                    )
                if real.cells > MAX_SHEET_CELLS:
                    raise ExtentError(
                        f"sheet '{_sheet_label(part)}' có dữ liệu đến tận ô "
                        f"{column_letters(real.columns)}{real.rows} "
                        f"({real.rows:,} dòng × {real.columns:,} cột, quá giới hạn "
                        f"{MAX_SHEET_CELLS:,} ô). Hãy xóa các ô thừa ở xa bảng dữ liệu "
                        "(Ctrl+End để tìm) rồi lưu lại."
                    )
                if declared is not None and declared.cells > MAX_SHEET_CELLS:
                    oversized_dimension = True
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, ValueError):
        return path  # calamine gives its own, caught, error for a broken file
    if not oversized_dimension:
        return path
    return _without_dimension(path)


def _without_dimension(path: Path) -> Path:
    """A temp copy of the workbook whose sheets declare no <dimension>."""
    fd, name = tempfile.mkstemp(suffix=path.suffix)
    copy = Path(name)
    with (
        open(fd, "wb") as out,
        zipfile.ZipFile(path) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            with src.open(info) as fh:
                if _SHEET_PART.fullmatch(info.filename):
                    dst.writestr(info, _DIMENSION_ELEMENT.sub(b"", fh.read()))
                else:
                    with dst.open(info, "w") as target:
                        shutil.copyfileobj(fh, target)
    return copy


_DIMENSION_ELEMENT = re.compile(rb"<(?:\w+:)?dimension\b[^>]*/>")


@contextlib.contextmanager
def readable_by_calamine(path: Path) -> Iterator[Path]:
    """The path calamine may safely read for `path` (ExtentError if none): a zip workbook
    is scanned first; other formats are passed as they are."""
    with open(path, "rb") as fh:
        is_zip = fh.read(4) == b"PK\x03\x04"
    safe = check_zip_extent(path) if is_zip else path
    try:
        yield safe
    finally:
        if safe != path:
            safe.unlink(missing_ok=True)

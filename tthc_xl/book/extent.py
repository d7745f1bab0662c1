"""Size limits of a sheet, checked before anything allocates it.

python-calamine builds a dense grid from A1 to a sheet's last cell: one cell at XFD1048576
asks for 17 billion cells (512 GiB) and the process aborts without a word. So before
calamine reads an .xlsx/.xlsm, :func:`check_zip_extent` scans each sheet's XML as a
stream (a regex over chunks, no XML tree) for its declared ``<dimension>`` and the
references of its cells, and refuses a sheet whose area is above
`MAX_SHEET_CELLS`. A declared dimension larger than the real extent is no reason to
refuse: calamine sizes its grid by the cells it finds (checked: a sheet declaring
A1:XFD1048576 with three rows reads as three rows).
"""

from __future__ import annotations

import contextlib
import html
import re
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384  # XFD
# Cells from A1 to a sheet's last cell that a reader may allocate: under 1 GB in calamine
# and Python together; a register of 3,000 dossiers a quarter is 70,000 cells a year, and
# 200,000 dossiers (the import limit) by 23 columns are 4.6 million.
MAX_SHEET_CELLS = 10_000_000

_CHUNK = 1 << 20
# A cell's reference (r="AB12", r = 'AB12') and a row's number (r="12"), found from the
# literal 'r' (fast): any attribute whose name ends in r and holds letters+digits counts as a
# reference, which can only make the check stricter, never miss a cell however the tag
# is spaced.
_REF = re.compile(rb"""r\s*=\s*["']([A-Za-z]+)(\d+)["']""")
_ROW = re.compile(rb"""r\s*=\s*["'](\d+)["']""")
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"([A-Z]{1,3})(\d{1,9})(?::([A-Z]{1,3})(\d{1,9}))?\""
)
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
# A reference that could reach past the limits: two letters or more (column AA on), or a
# row of 300,000 on (six digits from 3, or seven digits), in an attribute named r. A sheet
# without one spans at most Z299999, 7.8 million cells: no reason to refuse it, so the
# exact scan (every reference) is skipped; a sheet with one is scanned exactly. A
# commune's register is ~23 columns by ~3,000 rows, an export at the import limit 200,000
# rows: one regex search per chunk instead of millions of references.
_FAR_REF = re.compile(rb"""r\s*=\s*["'](?:[A-Za-z]{2}|[A-Za-z]*(?:\d{7}|[3-9]\d{5}))""")
_NEAR_ROWS, _NEAR_COLUMNS = 299_999, 26


class ExtentError(Exception):
    """A sheet too large to read; the message (Vietnamese) names the sheet and its cell."""


@dataclass
class Extent:
    rows: int = 0
    columns: int = 0

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def vn_int(n: int) -> str:
    """1.048.576: a whole number as Vietnamese writes it."""
    return f"{n:,}".replace(",", ".")


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
            # a row past Excel's last (its cells may carry no reference of their own);
            # an empty formatted row inside Excel's grid allocates nothing
            last_row = max(map(int, _ROW.findall(scan)), default=0)
            if last_row > EXCEL_MAX_ROWS:
                real.rows = max(real.rows, last_row)
            refs = _REF.findall(scan)
            if refs:  # few distinct column letters: convert each once
                real.rows = max(real.rows, max(map(int, (row for _, row in refs))))
                letters = {col for col, _ in refs}
                real.columns = max(
                    real.columns, max(column_number(c.decode().upper()) for c in letters)
                )
    return real, declared


def may_be_far(z: zipfile.ZipFile, part: str) -> bool:
    """Could the sheet reach past the limits? False only when no reference of it can
    (see _FAR_REF): one regex search per chunk instead of reading every reference."""
    if _NEAR_ROWS > EXCEL_MAX_ROWS or _NEAR_ROWS * _NEAR_COLUMNS > MAX_SHEET_CELLS:
        return True  # limits lowered below what the quick look can vouch for
    tail = b""
    with z.open(part) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                return False
            data = tail + chunk
            for m in _FAR_REF.finditer(data):
                # the attribute r itself (error="Chọn..." and xmlns:r="http..." are not
                # references; calamine reads a cell's place from r only)
                if m.start() == 0 or data[m.start() - 1 : m.start()].isspace():
                    return True
            tail = data[-64:]  # a reference cut by the chunk's end is whole next time


def sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> the sheet's name, for messages (the part name when unknown)."""
    try:
        workbook = z.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = {}
    for element in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', element))
        targets[attrs.get("Id", "")] = attrs.get("Target", "")
    names = {}
    for element in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        attrs = dict(re.findall(r'([\w:]+)="([^"]*)"', element))
        target = targets.get(attrs.get("r:id", ""), "")
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        names[part] = html.unescape(attrs.get("name", ""))
    return names


def check_zip_extent(path: Path, sheets: Collection[str] | None = None) -> None:
    """Refuse (ExtentError) an .xlsx whose sheets reach past Excel's size or the cell
    limit, before calamine allocates them.

    `sheets`: the names of the only sheets that will be read (calamine allocates nothing
    for a sheet it is not asked for); a sheet part whose name cannot be told is scanned
    all the same."""
    try:
        with zipfile.ZipFile(path) as z:
            labels = sheet_parts(z)
            for part in [n for n in z.namelist() if _SHEET_PART.fullmatch(n)]:
                if sheets is not None and part in labels and labels[part] not in sheets:
                    continue
                if not may_be_far(z, part):
                    continue
                real, _declared = scan_sheet(z, part)
                label = labels.get(part, Path(part).stem)
                if real.rows > EXCEL_MAX_ROWS or real.columns > EXCEL_MAX_COLUMNS:
                    raise ExtentError(
                        f"sheet '{label}' có ô ngoài giới hạn của Excel "
                        f"(dòng {vn_int(real.rows)}, cột {vn_int(real.columns)}); tệp không hợp lệ."
                    )
                if real.cells > MAX_SHEET_CELLS:
                    raise ExtentError(
                        f"sheet '{label}' có dữ liệu trải đến dòng {vn_int(real.rows)} và cột "
                        f"{column_letters(real.columns)} (vùng A1:{column_letters(real.columns)}"
                        f"{real.rows}, quá giới hạn {vn_int(MAX_SHEET_CELLS)} ô). "
                        "Hãy xóa các ô thừa ở xa bảng dữ liệu (Ctrl+End để tìm) rồi lưu lại."
                    )
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, ValueError):
        return  # calamine gives its own, caught, error for a broken file


def check_extent(path: Path, sheets: Collection[str] | None = None) -> None:
    """ExtentError unless calamine may safely read `sheets` (every sheet when None) of
    `path`: a zip workbook is scanned; other formats (.xls, .xlsb, .ods) pass as they are."""
    with open(path, "rb") as fh:
        if fh.read(4) == b"PK\x03\x04":
            check_zip_extent(path, sheets)


@contextlib.contextmanager
def readable_by_calamine(path: Path) -> Iterator[Path]:
    """`path`, once calamine may safely read every sheet of it (ExtentError if not)."""
    check_extent(path)
    yield path

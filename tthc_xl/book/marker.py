"""What a workbook file is: a register, an email copy, a ranking, or something else.

Every workbook tthc-xl writes carries a custom document property ``tthc-xl`` naming its
kind (docProps/custom.xml), so a write can refuse a target that is not a register and the
city can rank registers only. A register made before the marker (0.1.0: a plain workbook
with a HoSo sheet) is still taken for one, and gets the marker on its next write.

Reading the kind opens the zip and two small parts; no sheet is read.
"""

from __future__ import annotations

import re
import zipfile
from enum import Enum
from html import unescape
from pathlib import Path

MARKER = "tthc-xl"
_COPY_TITLE = "Báo cáo TTHC"  # the title every email copy has had (report/copy/builder.py)
_XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")


class Kind(Enum):
    """The kinds of file tthc-xl tells apart; the value is the marker written."""

    REGISTER = "register"
    COPY = "copy"
    RANKING = "ranking"
    OTHER = "other"  # an export, a foreign workbook, a Word file, anything else

    @property
    def label(self) -> str:
        return {
            "register": "sổ theo dõi hồ sơ",
            "copy": "bản gửi email",
            "ranking": "sổ xếp hạng",
            "other": "tệp không phải sổ theo dõi hồ sơ",
        }[self.value]


_PROPERTY = re.compile(
    r'<property\b[^>]*\bname="'
    + re.escape(MARKER)
    + r'"[^>]*>\s*<vt:lpwstr\b[^>]*>([^<]*)</vt:lpwstr>',
    re.S,
)
_SHEET_NAME = re.compile(r'<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"')
_TITLE = re.compile(r"<dc:title\b[^>]*>([^<]*)</dc:title>")


def _part(z: zipfile.ZipFile, name: str) -> str:
    try:
        return z.read(name).decode("utf-8", "replace")
    except KeyError:
        return ""


def marked_kind(path: Path) -> Kind | None:
    """The kind the file's marker says, or None (no marker, not an Excel zip, unreadable)."""
    try:
        with zipfile.ZipFile(path) as z:
            found = _PROPERTY.search(_part(z, "docProps/custom.xml"))
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    if found is None:
        return None
    try:
        return Kind(unescape(found.group(1)).strip())
    except ValueError:
        return Kind.OTHER


def _unmarked_kind(path: Path) -> Kind:
    """A workbook without the marker: a register of 0.1.0 has a HoSo sheet; an email copy
    of then has the same HoSo (--with-register) but its own title."""
    from .names import SHEET_REGISTER, find_sheet

    try:
        with zipfile.ZipFile(path) as z:
            names = [unescape(n) for n in _SHEET_NAME.findall(_part(z, "xl/workbook.xml"))]
            title = _TITLE.search(_part(z, "docProps/core.xml"))
    except (OSError, zipfile.BadZipFile, ValueError):
        return Kind.OTHER
    if find_sheet(names, SHEET_REGISTER) is None:
        return Kind.OTHER
    if title is not None and unescape(title.group(1)).startswith(_COPY_TITLE):
        return Kind.COPY
    return Kind.REGISTER


def kind_of(path: Path) -> Kind:
    """What the (existing, regular) file at `path` is; Kind.OTHER for anything unreadable."""
    path = Path(path)
    if path.suffix.lower() not in _XLSX_SUFFIXES:
        return Kind.OTHER  # .xls, .ods, .csv: exports; tthc-xl writes no register there
    marked = marked_kind(path)
    return marked if marked is not None else _unmarked_kind(path)


def is_register(path: Path) -> bool:
    return kind_of(path) is Kind.REGISTER


def mark(wb, kind: Kind) -> None:
    """Put the marker of `kind` into an openpyxl workbook before it is saved."""
    from openpyxl.packaging.custom import StringProperty

    props = wb.custom_doc_props
    if MARKER in props.names:
        del props[MARKER]
    props.append(StringProperty(name=MARKER, value=kind.value))

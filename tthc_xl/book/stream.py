"""Rows streamed into a saved .xlsx sheet, for tables too long for openpyxl's cell objects.

openpyxl spends ~20 µs on each cell it creates, styles and serialises: the city's list of
late dossiers (10^5 cells) took over 2 s. Here the workbook is saved by openpyxl with one
styled template row, and the remaining rows are written as SpreadsheetML text straight
into that sheet's part, each cell with its column's style from the template row. Text
goes in as inline strings (never a formula, whatever it starts with), without the
characters XML cannot hold.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from tthc_xl.book.atomic import replacing
from tthc_xl.book.base import file_text
from tthc_xl.book.extent import column_letters, column_number, sheet_parts

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_ROW = re.compile(rb'<row r="(\d+)"[^>]*?(?:/>|>(.*?)</row>)', re.S)
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+(?::([A-Z]+)\d+)?"')
_CELL_STYLE = re.compile(rb'<c r="([A-Z]+)\d+"(?:[^>]*?\bs="(\d+)")?')


def excel_serial(value: dt.datetime) -> float:
    """A moment as Excel's day number (1900 date system), to the second."""
    delta = value - EXCEL_EPOCH
    return delta.days + round(delta.seconds) / 86400


def _cell(ref: str, style: str, value: object) -> str:
    if value is None or value != value:  # NaN, pandas' NaT
        return f'<c r="{ref}"{style}/>'
    if isinstance(value, str):
        text = escape(file_text(value))
        if not text:
            return f'<c r="{ref}"{style}/>'
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.datetime):  # pandas' Timestamp is one; NaT is not
        return f'<c r="{ref}"{style}><v>{excel_serial(value)!r}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"{style}><v>{value!r}</v></c>'
    return _cell(ref, style, str(value))


def _template_styles(sheet_xml: bytes, row: int) -> dict[str, str]:
    """Column letters -> ' s="N"' of the cells of `row` in the saved sheet."""
    for m in _ROW.finditer(sheet_xml):
        if int(m.group(1)) == row:
            return {
                c.group(1).decode(): f' s="{c.group(2).decode()}"' if c.group(2) else ""
                for c in _CELL_STYLE.finditer(m.group(2) or b"")
            }
    raise ValueError(f"row {row} not in the sheet")


def append_rows(path: Path, sheet: str, rows: Iterable[Sequence[object]], template_row: int) -> int:
    """Write `rows` after the last row of `sheet` in the saved workbook `path`, each cell
    styled as the cell of its column in `template_row`; returns the new last row.

    The file is rewritten beside itself and replaced in one step."""
    with zipfile.ZipFile(path) as z:
        part = next((p for p, name in sheet_parts(z).items() if name == sheet), None)
        if part is None:
            raise ValueError(f"no sheet {sheet!r} in {path.name}")
        xml = z.read(part)
    styles = _template_styles(xml, template_row)
    last = max((int(m.group(1)) for m in _ROW.finditer(xml)), default=0)
    width = 0
    out: list[str] = []
    columns: dict[int, tuple[str, str]] = {}  # position -> (letters, style attribute)
    for values in rows:
        last += 1
        width = max(width, len(values))
        cells = []
        for col, value in enumerate(values, start=1):
            if col not in columns:
                letters = column_letters(col)
                columns[col] = letters, styles.get(letters, "")
            letters, style = columns[col]
            cells.append(_cell(f"{letters}{last}", style, value))
        out.append(f'<row r="{last}">{"".join(cells)}</row>')
    end = xml.rindex(b"</sheetData>")
    xml = xml[:end] + "".join(out).encode("utf-8") + xml[end:]
    dimension = _DIMENSION.search(xml)
    if dimension is not None:
        right = column_number(dimension.group(1).decode()) if dimension.group(1) else 1
        ref = f'<dimension ref="A1:{column_letters(max(right, width))}{last}"'
        xml = xml[: dimension.start()] + ref.encode() + xml[dimension.end() :]
    with (
        replacing(Path(path)) as tmp,  # the mode kept, one step (book/atomic.py)
        zipfile.ZipFile(path) as src,
        zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info, xml if info.filename == part else src.read(info.filename))
    return last

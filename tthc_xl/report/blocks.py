"""The report as blocks: what BaoCao and the Word file both render.

The charts' data block and geometry live in :mod:`tthc_xl.book.charts` (the file back end
re-creates the charts at save and cannot import report/): a Chart block is a caption row
followed by CHART_ROWS rows of CHART_ROW_PT kept free for the chart, whose row the report
writes into the data block (report/chartdata.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tthc_xl.book.charts import CHART_ROW_PT, CHART_ROWS, CHARTS  # noqa: F401 - re-exported
from tthc_xl.sheets.baocao import COLUMN_WIDTHS, LINE_PT, PRINT_COLUMNS  # noqa: F401 - printed area

CHART_KEYS = tuple(c.key for c in CHARTS)
CHART_TITLES = {c.key: c.caption for c in CHARTS}

LIST_LIMIT = 10  # due-soon dossiers listed in BaoCao; longer lists stay on their sheets


# ------------------------------------------------------------------ blocks


@dataclass(frozen=True)
class Header:
    parent: str
    unit: str
    number: str
    date_line: str


@dataclass(frozen=True)
class Centered:
    text: str
    bold: bool = True
    italic: bool = False


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    italic: bool = False


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    spans: tuple[int, ...]  # printed-area columns each column takes; they sum to 7
    numeric: tuple[bool, ...]  # right-aligned columns
    bold_last: bool = False


@dataclass(frozen=True)
class Chart:
    key: str
    title: str


@dataclass(frozen=True)
class Signature:
    recipients: tuple[str, ...]
    lines: tuple[str, ...]  # KT. CHỦ TỊCH, PHÓ CHỦ TỊCH
    signer: str


Block = Header | Centered | Heading | Paragraph | Table | Chart | Signature


def block_text(b: Block) -> str:
    if isinstance(b, Header):
        return "\n".join([b.parent, b.unit, b.number, *MOTTO, b.date_line])
    if isinstance(b, Table):
        return "\n".join(" | ".join(r) for r in (b.headers, *b.rows))
    if isinstance(b, Chart):
        return b.title
    if isinstance(b, Signature):
        return "\n".join(["Nơi nhận:", *b.recipients, *b.lines, b.signer])
    return b.text


MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def estimated_lines(text: str, width_chars: float) -> int:
    """How many lines a wrapped text takes (Times New Roman 13 in `width_chars` units)."""
    per_line = max(8, int(width_chars * 0.95))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


# What one row of a sheet can hold: Excel cuts a cell at 32,767 characters and a row at
# 409 points (it shows neither more, and says nothing).
CELL_MAX_CHARS = 32767
ROW_MAX_PT = 409.0
PARAGRAPH_INDENT = "      "  # a paragraph's first line starts indented


def paragraph_height(text: str) -> float:
    """The height of a paragraph's row in BaoCao, in points: its lines across the printed
    width, and a little space after."""
    width = sum(COLUMN_WIDTHS[:PRINT_COLUMNS])
    return LINE_PT * estimated_lines(PARAGRAPH_INDENT + text, width) + 4

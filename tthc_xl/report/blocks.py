"""The report as blocks: what BaoCao and the Word file both render, and the fixed places
of BaoCao (the printed columns, the chart data block beside them).

Chart data block (the native charts point here; report/pictures.py draws the Word ones):
fixed cells right of the printed area, all starting in column CHART_DATA_COLUMN.

- CHART_MONTHS_ROW: header [Tháng, Trực tuyến, Trực tiếp, Bưu chính, Tỷ lệ trực tuyến],
  then one row per month of the period (at most CHART_MONTHS_MAX; blank below).
- CHART_FIELDS_ROW: header [Lĩnh vực, Trước hạn, Đúng hạn, Quá hạn, Đang giải quyết trong
  hạn, Đang giải quyết quá hạn], then one row per field (at most CHART_FIELDS_MAX).
- CHART_WEEKDAYS_ROW: header [Thứ, Hồ sơ tiếp nhận], then Thứ Hai .. Chủ nhật (7 rows).

The charts stand in the printed area at `ReportSummary.chart_anchors` (key -> (row,
column)), each given CHART_ROWS rows of 15 pt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# -- the chart data block (the charts helper points the native charts here)
CHART_DATA_COLUMN = 10  # J
CHART_MONTHS_ROW = 2
CHART_MONTHS_MAX = 12
CHART_FIELDS_ROW = CHART_MONTHS_ROW + CHART_MONTHS_MAX + 2  # 16
CHART_FIELDS_MAX = 40
CHART_WEEKDAYS_ROW = CHART_FIELDS_ROW + CHART_FIELDS_MAX + 2  # 58
CHART_MONTHS_HEADERS = ("Tháng", "Trực tuyến", "Trực tiếp", "Bưu chính", "Tỷ lệ trực tuyến")
CHART_FIELDS_HEADERS = (
    "Lĩnh vực",
    "Trước hạn",
    "Đúng hạn",
    "Quá hạn",
    "Đang giải quyết trong hạn",
    "Đang giải quyết quá hạn",
)
CHART_WEEKDAYS_HEADERS = ("Thứ", "Hồ sơ tiếp nhận")
CHART_KEYS = ("months", "fields", "weekdays")
CHART_TITLES = {
    "months": "Biểu đồ 1. Hồ sơ tiếp nhận theo tháng, theo kênh và tỷ lệ trực tuyến",
    "fields": "Biểu đồ 2. Kết quả giải quyết theo lĩnh vực",
    "weekdays": "Biểu đồ 3. Hồ sơ tiếp nhận theo thứ trong tuần",
}
CHART_ROWS = 16  # rows (15 pt each) kept free in the printed area for each chart

# -- the printed area: columns A..G
PRINT_COLUMNS = 7
COLUMN_WIDTHS = (6.0, 24.0, 9.0, 10.0, 12.0, 10.0, 11.0)
LIST_LIMIT = 200  # dossiers listed in BaoCao under the forecast and the portal comparison


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

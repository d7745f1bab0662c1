"""The tool's own charts on the BaoCao sheet: where their data lives, and how a file keeps them.

The report writes three small tables (the chart data block) at a fixed place on BaoCao,
right of the printed columns A..G, so it never prints; three native Excel charts read
them, so they stay live in Excel. The charts stand inside the printed report, under
their captions; since the report's length follows the data, the report writes the row
of each chart into the block's anchor row (:data:`ANCHOR_ROW`), where a later save reads
it back: a `refresh` or `import`, which do not write the report, keep the charts where
the last report put them.

An openpyxl save cannot carry a chart through faithfully, so the file back end knows its
own charts by sheet, title and anchor cell (:func:`own_chart_parts`) and re-creates them
from :data:`CHARTS` on every save (:func:`restore_charts`). Any other chart, picture or
shape still makes the workbook "lossy" and is never overwritten.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from .names import SHEET_REPORT

# ------------------------------------------------------------------ the data block
# Column T onwards of BaoCao, right of the report text: a title row, then three tables,
# each a header row and a fixed number of rows reserved below it. The rows never move,
# so a chart's ranges stay where they are whatever a later report writes.
DATA_ANCHOR = "T2"
DATA_TITLE = "Số liệu cho biểu đồ (tthc-xl ghi mỗi lần lập báo cáo; đừng sửa tay)"
ANCHOR_ROW = 3  # T3: a label; U3, V3, W3: the BaoCao row of each chart, in CHARTS order
ANCHOR_LABEL = "Dòng đặt biểu đồ"
ANCHOR_COLUMN = "A"  # charts start at the left edge of the printed area
CHART_ROWS = 16  # rows of CHART_ROW_PT kept free under each caption in the report
CHART_ROW_PT = 15.0
DATA_WIDTH = 14  # width of the block's columns (they do not print)


@dataclass(frozen=True)
class TableSpec:
    """One table of the data block: its header and how many rows it may hold."""

    key: str
    headers: tuple[str, ...]
    rows: int  # rows reserved for data below the header


MONTHS = TableSpec(
    "months",
    ("Tháng", "Trực tuyến", "Trực tiếp", "Bưu chính", "Tỷ lệ trực tuyến", "Chỉ tiêu"),
    12,
)
FIELDS = TableSpec(
    "fields", ("Lĩnh vực", "Trước hạn", "Đúng hạn", "Quá hạn", "Đang giải quyết"), 12
)
WEEKDAYS = TableSpec("weekdays", ("Ngày trong tuần", "Số hồ sơ tiếp nhận"), 7)
TABLES = (MONTHS, FIELDS, WEEKDAYS)
RATE_FORMAT = "0.0%"


def data_origin() -> tuple[int, int]:
    """(row, column) of the block's title cell, 1-based."""
    letter, row = coordinate_from_string(DATA_ANCHOR)
    return row, column_index_from_string(letter)


def table_header_row(table: TableSpec) -> int:
    """The sheet row of a table's header: tables follow each other with one blank row."""
    row = data_origin()[0] + 2
    for t in TABLES:
        if t.key == table.key:
            return row
        row += 1 + t.rows + 1
    raise KeyError(table.key)


# ------------------------------------------------------------------ the charts


@dataclass(frozen=True)
class ChartSpec:
    """One chart: its title (how a saved file is recognised), anchor, table and series."""

    key: str
    title: str
    anchor: str  # where the chart stands until a report has written its row (ANCHOR_ROW)
    table: TableSpec
    bars: tuple[int, ...]  # table columns (0-based, 0 = categories) drawn as bars
    lines: tuple[int, ...] = ()  # table columns drawn as lines on a secondary % axis
    stacked: bool = False
    width_cm: float = 15.6  # inside A..G (about 16.1 cm), itself inside A4's 16.5 cm
    height_cm: float = 7.6  # inside CHART_ROWS x CHART_ROW_PT (8.5 cm)
    y_title: str = "Số hồ sơ"

    @property
    def number(self) -> int:
        return next(i for i, c in enumerate(CHARTS, start=1) if c.key == self.key)

    @property
    def caption(self) -> str:
        """The line the report prints above the chart (and the Word file above its picture)."""
        return f"Biểu đồ {self.number}. {self.title}"


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec(
        "months",
        "Hồ sơ tiếp nhận theo tháng và tỷ lệ trực tuyến",
        "A40",
        MONTHS,
        bars=(1, 2, 3),
        lines=(4, 5),
        stacked=True,
    ),
    ChartSpec(
        "fields", "Kết quả giải quyết theo lĩnh vực", "A58", FIELDS, bars=(1, 2, 3, 4), stacked=True
    ),
    ChartSpec("weekdays", "Hồ sơ tiếp nhận theo ngày trong tuần", "A76", WEEKDAYS, bars=(1,)),
)
CHART_TITLES = {c.title: c for c in CHARTS}


@dataclass(frozen=True)
class ChartRanges:
    """The A1 ranges a chart reads: categories, and each series' header and values."""

    categories: str
    series: tuple[tuple[str, str], ...]  # (name cell, values range) per series


def chart_ranges(spec: ChartSpec, filled: int, sheet: str = SHEET_REPORT) -> ChartRanges:
    """The ranges of `spec` over the first `filled` rows of its table."""
    header = table_header_row(spec.table)
    col0 = data_origin()[1]
    first, last = header + 1, header + max(filled, 1)

    def col(c: int) -> str:
        return get_column_letter(col0 + c)

    quoted = f"'{sheet}'" if re.search(r"[^A-Za-z0-9_]", sheet) else sheet
    return ChartRanges(
        f"{quoted}!${col(0)}${first}:${col(0)}${last}",
        tuple(
            (f"{quoted}!${col(c)}${header}", f"{quoted}!${col(c)}${first}:${col(c)}${last}")
            for c in (*spec.bars, *spec.lines)
        ),
    )


def filled_rows(ws, table: TableSpec) -> int:
    """How many rows of a table the last report filled: category cells down to a blank."""
    header = table_header_row(table)
    col = data_origin()[1]
    n = 0
    while n < table.rows and ws.cell(row=header + 1 + n, column=col).value not in (None, ""):
        n += 1
    return n


def anchor_cells() -> dict[str, tuple[int, int]]:
    """Chart key -> (row, column) of the cell holding the BaoCao row of that chart."""
    col = data_origin()[1]
    return {c.key: (ANCHOR_ROW, col + i) for i, c in enumerate(CHARTS, start=1)}


def anchor_of(spec: ChartSpec, row: object) -> str:
    """The anchor cell for a row read from the block; the spec's own when it is no row."""
    if isinstance(row, int | float) and not isinstance(row, bool) and 1 <= row <= 1_048_000:
        return f"{ANCHOR_COLUMN}{int(row)}"
    return spec.anchor


def chart_anchors(ws) -> dict[str, str]:
    """Chart key -> anchor cell, as the last report wrote them into the block (openpyxl)."""
    cells = anchor_cells()
    return {
        c.key: anchor_of(c, ws.cell(row=cells[c.key][0], column=cells[c.key][1]).value)
        for c in CHARTS
    }


def has_data_block(ws) -> bool:
    """Whether BaoCao holds our block (its title and first header where they belong)."""
    row, col = data_origin()
    return (
        ws.cell(row=row, column=col).value == DATA_TITLE
        and ws.cell(row=table_header_row(MONTHS), column=col).value == MONTHS.headers[0]
    )


# ------------------------------------------------------------------ openpyxl


def make_chart(spec: ChartSpec, filled: int, sheet: str = SHEET_REPORT):
    """A native chart for `spec` (openpyxl), reading the first `filled` rows of its table."""
    from openpyxl.chart import BarChart, LineChart
    from openpyxl.chart import Series as SeriesFactory

    ranges = chart_ranges(spec, filled, sheet)
    bar = BarChart()
    bar.type = "col"
    bar.title = _title(spec.title)
    bar.y_axis.title = spec.y_title
    bar.y_axis.majorGridlines = None
    bar.y_axis.delete = False
    # counts from 0: one month's single bar of 1.090 otherwise gets an axis 1089,6..1090,2
    bar.y_axis.scaling.min = 0
    bar.x_axis.delete = False
    bar.legend.position = "b"
    if spec.stacked:
        bar.grouping = "stacked"
        bar.overlap = 100
    n_bars = len(spec.bars)
    for name, values in ranges.series[:n_bars]:
        bar.series.append(SeriesFactory(values, title_from_data=False, title=None))
        bar.series[-1].tx = _series_text(name)
    _categories(bar, ranges.categories)
    if spec.lines:
        line = LineChart()
        for name, values in ranges.series[n_bars:]:
            line.series.append(SeriesFactory(values, title_from_data=False, title=None))
            line.series[-1].tx = _series_text(name)
        _categories(line, ranges.categories)
        line.y_axis.axId = 200
        line.y_axis.title = "Tỷ lệ"
        line.y_axis.number_format = "0%"
        line.y_axis.scaling.min = 0
        line.y_axis.scaling.max = 1
        line.y_axis.crosses = "max"
        line.y_axis.majorGridlines = None
        line.y_axis.delete = False
        bar += line
    bar.width = spec.width_cm
    bar.height = spec.height_cm
    return bar


def _title(text: str):
    """A 12 pt bold title: the default (18 pt) takes half of a 7 cm chart."""
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import (
        CharacterProperties,
        Paragraph,
        ParagraphProperties,
        RegularTextRun,
    )

    font = CharacterProperties(sz=1200, b=True)
    paragraph = Paragraph(
        pPr=ParagraphProperties(defRPr=font), r=[RegularTextRun(rPr=font, t=text)]
    )
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def _categories(chart, cells: str) -> None:
    """Text categories (months, fields, weekdays) as a string reference, as Excel writes."""
    from openpyxl.chart.data_source import AxDataSource, StrRef

    for s in chart.series:
        s.cat = AxDataSource(strRef=StrRef(f=cells))


def _series_text(cell: str):
    from openpyxl.chart.data_source import StrRef
    from openpyxl.chart.series import SeriesLabel

    return SeriesLabel(strRef=StrRef(f=cell))


def title_text(chart) -> str:
    """The plain text of an openpyxl chart's title ('' when it has none)."""
    title = getattr(chart, "title", None)
    if title is None:
        return ""
    if isinstance(title, str):
        return title
    rich = getattr(getattr(title, "tx", None), "rich", None)
    if rich is None:
        return ""
    return "".join(r.t or "" for p in rich.p for r in (p.r or []))


def restore_charts(wb, charts: tuple[ChartSpec, ...] = CHARTS) -> int:
    """Put our charts on the workbook's BaoCao afresh (:func:`draw_charts`); returns how many.

    Called before every file save: openpyxl keeps only a lossy copy of a chart it read.
    """
    from tthc_xl.book.names import find_sheet

    name = find_sheet(wb.sheetnames, SHEET_REPORT)
    return 0 if name is None else draw_charts(wb[name], charts)


def draw_charts(ws, charts: tuple[ChartSpec, ...] = CHARTS) -> int:
    """Our charts on one openpyxl sheet, afresh over its data block's filled rows; returns
    how many. The copies of ours go and new ones from `charts` take their place; a chart
    whose table is empty is left out; other charts on the sheet are not touched."""
    titles = {c.title for c in charts}
    ws._charts = [c for c in ws._charts if title_text(c) not in titles]
    if not has_data_block(ws):
        return 0
    anchors = chart_anchors(ws)
    made = 0
    for spec in charts:
        filled = filled_rows(ws, spec.table)
        if filled:
            ws.add_chart(make_chart(spec, filled, ws.title), anchors.get(spec.key, spec.anchor))
            made += 1
    return made


# ------------------------------------------------------------------ Excel (xlwings)

EXCEL_POINTS_PER_CM = 72 / 2.54


def add_excel_charts(
    ws,
    filled: dict[str, int],
    anchors: dict[str, str] | None = None,
    charts: tuple[ChartSpec, ...] = CHARTS,
    move: bool = True,
) -> list[str]:
    """Create our charts on an xlwings sheet that has no chart yet; returns their names.

    The xlwings API draws plain (stacked) columns from the table's filled rows; the rate
    lines of the month chart come with the next file save, which re-creates the charts.
    Charts already on the sheet keep their ranges (the block never moves); with `move`
    (desktop Excel; the remote client cannot move a chart) ours follow their caption to
    `anchors`. A remote client that sends no chart list gets none added.
    """
    anchors = anchors or {}
    try:
        existing = list(ws.charts)
    except (KeyError, NotImplementedError):  # a remote client that reports no chart list
        return []
    if existing:
        by_title = {c.title: c for c in charts}
        for chart in existing:
            spec = by_title.get(str(chart.name))
            if move and spec is not None and spec.key in anchors:
                cell = ws.range(anchors[spec.key])
                chart.left, chart.top = cell.left, cell.top
        return []
    added: list[str] = []
    col0 = data_origin()[1]
    for spec in charts:
        n = min(filled.get(spec.key, 0), spec.table.rows)
        if not n:
            continue
        header = table_header_row(spec.table)
        last = col0 + max(spec.bars)
        chart = ws.charts.add(
            left=0,
            top=0,
            width=spec.width_cm * EXCEL_POINTS_PER_CM,
            height=spec.height_cm * EXCEL_POINTS_PER_CM,
            chart_type="column_stacked" if spec.stacked else "column_clustered",
            name=spec.title,
            anchor=ws.range(anchors.get(spec.key, spec.anchor)),
        )
        chart.set_source_data(ws.range((header, col0), (header + n, last)), plot_by="columns")
        chart.title = spec.title
        added.append(spec.title)
    return added


# ------------------------------------------------------------------ a saved file

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
}
_R_ID = f"{{{_NS['r']}}}id"


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    """A part's relationships: id -> target part name."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in z.namelist():
        return {}
    out: dict[str, str] = {}
    for rel in ET.fromstring(z.read(rels)).findall("pr:Relationship", _NS):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        out[rel.get("Id", "")] = posixpath.normpath(path)
    return out


def _sheet_part(z: zipfile.ZipFile, sheet: str) -> str | None:
    from tthc_xl.book.names import find_sheet

    book = ET.fromstring(z.read("xl/workbook.xml"))
    sheets = {s.get("name", ""): s.get(_R_ID, "") for s in book.iterfind("m:sheets/m:sheet", _NS)}
    name = find_sheet(sheets, sheet)
    return None if name is None else _rels(z, "xl/workbook.xml").get(sheets[name])


def _anchor_cell(anchor: ET.Element) -> str | None:
    start = anchor.find("xdr:from", _NS)
    if start is None:
        return None
    col = start.findtext("xdr:col", namespaces=_NS)
    row = start.findtext("xdr:row", namespaces=_NS)
    if col is None or row is None:
        return None
    return f"{get_column_letter(int(col) + 1)}{int(row) + 1}"


def _chart_title(xml: bytes) -> str:
    title = ET.fromstring(xml).find("c:chart/c:title", _NS)
    if title is None:
        return ""
    return "".join(t.text or "" for t in title.iter(f"{{{_NS['a']}}}t"))


def own_chart_parts(z: zipfile.ZipFile, charts: tuple[ChartSpec, ...] = CHARTS) -> set[str]:
    """The drawing and chart parts that are only our charts: on BaoCao, each a chart whose
    title and anchor cell are one of `charts`. A drawing holding anything else (a picture,
    a shape, a chart of someone else's or ours moved elsewhere) is not ours at all."""
    try:
        sheet = _sheet_part(z, SHEET_REPORT)
        if sheet is None:
            return set()
        rows = _anchor_rows(z, sheet)
        wanted = {(c.title, anchor_of(c, rows.get(c.key))) for c in charts}
        own: set[str] = set()
        for drawing in _drawing_parts(z, sheet):
            targets = _rels(z, drawing)
            root = ET.fromstring(z.read(drawing))
            anchors = [a for a in root if a.tag.endswith("Anchor")]
            parts: set[str] = set()
            for anchor in anchors:
                ref = anchor.find(".//c:chart", _NS)
                frame = anchor.find("xdr:graphicFrame", _NS)
                if ref is None or frame is None:
                    break
                part = targets.get(ref.get(_R_ID, ""))
                if part is None or part not in z.namelist():
                    break
                if (_chart_title(z.read(part)), _anchor_cell(anchor)) not in wanted:
                    break
                parts.add(part)
            else:
                if anchors:
                    own |= parts | {drawing} | {_rels_part(p) for p in (drawing, *parts)}
        return own & set(z.namelist())
    except (KeyError, ET.ParseError, ValueError):
        return set()


def _rels_part(part: str) -> str:
    """'xl/drawings/drawing1.xml' -> 'xl/drawings/_rels/drawing1.xml.rels'."""
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels"


def _anchor_rows(z: zipfile.ZipFile, sheet_part: str) -> dict[str, float]:
    """Chart key -> the row the last report wrote into the block (numbers only)."""
    wanted = {f"{get_column_letter(col)}{row}": key for key, (row, col) in anchor_cells().items()}
    out: dict[str, float] = {}
    for _, el in ET.iterparse(z.open(sheet_part)):
        if el.tag == f"{{{_NS['m']}}}c" and el.get("r") in wanted:
            value = el.findtext("m:v", namespaces=_NS)
            if value is not None and el.get("t") in (None, "n"):
                with contextlib.suppress(ValueError):
                    out[wanted[el.get("r", "")]] = float(value)
        elif el.tag == f"{{{_NS['m']}}}row" and int(el.get("r", "0")) > ANCHOR_ROW:
            break
    return out


def _drawing_parts(z: zipfile.ZipFile, sheet_part: str) -> list[str]:
    root = ET.fromstring(z.read(sheet_part))
    rels = _rels(z, sheet_part)
    return [
        rels[d.get(_R_ID, "")]
        for d in root.iterfind("m:drawing", _NS)
        if d.get(_R_ID, "") in rels and rels[d.get(_R_ID, "")] in z.namelist()
    ]

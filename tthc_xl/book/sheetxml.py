"""A worksheet part edited in place, in one streaming pass: cells rewritten, rows appended,
the print look and the table's extent set, every other byte of the part kept.

The register (HoSo) and the two logs (NhatKy, LoiNhap) grow every quarter; loading them
into openpyxl to change a few hundred cells costs what the whole register costs. Here the
edits are kept as (row, column) -> value and applied to the part's XML: rows without an
edit are copied as they are, a changed cell keeps its style (its number format set where
the write gives one, through :class:`StyleTable`), new text goes in as an inline string
(never a formula, whatever it starts with, and never an index into a shared-string table
other parts use), and the dimension grows to cover what was added.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from lxml import etree

from .extent import column_letters, column_number
from .text import file_text

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_ROW = re.compile(rb"<row\b([^>]*?)(/>|>(.*?)</row>)", re.S)
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_ATTR_R = re.compile(rb'\br="([A-Z]*)(\d+)"')
_ATTR_S = re.compile(rb'\bs="(\d+)"')
_SPANS = re.compile(rb'\s+spans="[^"]*"')
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"\s*/>')
# CT_Worksheet's children after sheetData, in schema order: an element is put before the
# first of those after it that the part holds.
_TAIL = (
    "sheetCalcPr sheetProtection protectedRanges scenarios autoFilter sortState "
    "dataConsolidate customSheetViews mergeCells phoneticPr conditionalFormatting "
    "dataValidations hyperlinks printOptions pageMargins pageSetup headerFooter "
    "rowBreaks colBreaks customProperties cellWatches ignoredErrors smartTags "
    "drawing legacyDrawing legacyDrawingHF drawingHF picture oleObjects controls "
    "webPublishItems tableParts extLst"
)
TAIL_ORDER = tuple(_TAIL.split(" "))
PRINT_LOOK = ("printOptions", "pageMargins", "pageSetup", "headerFooter", "colBreaks")
_COL = re.compile(rb"<col\b([^>]*)/?>")
_MIN_MAX_STYLE = tuple(re.compile(rb"\b" + a + rb'="(\d+)"') for a in (b"min", b"max", b"style"))
_WIDTH = re.compile(rb'\bwidth="([\d.]+)"')
_HT = re.compile(rb'\bht="([\d.]+)"')
_HEIGHT = re.compile(rb'\s+(?:ht|customHeight)="[^"]*"')


@dataclass
class Columns:
    """What a part's `<cols>` says of each column: its style and its width."""

    styles: dict[int, int] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)


@dataclass
class SheetEdits:
    """What a command changes in a sheet it does not redraw: cells, and its print look."""

    cells: dict[int, dict[int, tuple[object, str | None]]] = field(default_factory=dict)
    look: dict[str, bytes] = field(default_factory=dict)  # print elements, as openpyxl drew
    page_setup_pr: bytes | None = None  # sheetPr's pageSetUpPr (fit to page)
    tables: dict[str, tuple[int, int, list[str]]] = field(
        default_factory=dict
    )  # last row, col, headers

    def set(self, row: int, col: int, value: object, fmt: str | None) -> None:
        self.cells.setdefault(row, {})[col] = (value, fmt)

    def apply_to_rows(self, rows: list[list[object]]) -> list[list[object]]:
        """The sheet's values as `Book.read` gives them, with these edits."""
        out = [list(r) for r in rows]
        for r, cells in self.cells.items():
            while len(out) < r:
                out.append([])
            line = out[r - 1]
            for c, (value, _) in cells.items():
                while len(line) < c:
                    line.append(None)
                line[c - 1] = file_text(value) if isinstance(value, str) else value
        return out


# ------------------------------------------------------------------ styles


class StyleTable:
    """styles.xml, grown only by the cell formats an edit needs; indices never move."""

    def __init__(self, xml: bytes) -> None:
        self.original = xml
        self.root = etree.fromstring(xml)
        self.changed = False
        self._cache: dict[tuple[int, str], int] = {}
        self._wraps: dict[int, bool] = {}

    def _q(self, tag: str) -> str:
        return f"{{{MAIN}}}{tag}"

    def _numfmt_id(self, fmt: str) -> int:
        from openpyxl.styles.numbers import BUILTIN_FORMATS_REVERSE

        if fmt in BUILTIN_FORMATS_REVERSE:
            return int(BUILTIN_FORMATS_REVERSE[fmt])
        numfmts = self.root.find(self._q("numFmts"))
        if numfmts is None:
            numfmts = etree.Element(self._q("numFmts"))
            self.root.insert(0, numfmts)
        ids = [163]
        for n in numfmts.findall(self._q("numFmt")):
            if n.get("formatCode") == fmt:
                return int(n.get("numFmtId", "0"))
            ids.append(int(n.get("numFmtId", "0")))
        new = etree.SubElement(numfmts, self._q("numFmt"))
        new.set("numFmtId", str(max(ids) + 1))
        new.set("formatCode", fmt)
        numfmts.set("count", str(len(numfmts)))
        self.changed = True
        return max(ids) + 1

    def with_format(self, base: int, fmt: str) -> int:
        """The index of a cell format like `base` showing numbers as `fmt`."""
        key = (base, fmt)
        if key in self._cache:
            return self._cache[key]
        xfs = self.root.find(self._q("cellXfs"))
        if xfs is None or not len(xfs):
            raise ValueError("styles.xml has no cellXfs")
        items = list(xfs)
        template = items[base] if base < len(items) else items[0]
        fid = str(self._numfmt_id(fmt))
        if template.get("numFmtId", "0") == fid:
            self._cache[key] = base
            return base
        wanted = etree.fromstring(etree.tostring(template))
        wanted.set("numFmtId", fid)
        wanted.set("applyNumberFormat", "1")
        text = etree.tostring(wanted, method="c14n")
        for i, xf in enumerate(items):
            if etree.tostring(xf, method="c14n") == text:
                self._cache[key] = i
                return i
        xfs.append(wanted)
        xfs.set("count", str(len(xfs)))
        self.changed = True
        self._cache[key] = len(items)
        return len(items)

    def wraps(self, index: int) -> bool:
        """Whether cell format `index` wraps its text."""
        if index not in self._wraps:
            xfs = self.root.find(self._q("cellXfs"))
            items = list(xfs) if xfs is not None else []
            xf = items[index] if index < len(items) else None
            align = xf.find(self._q("alignment")) if xf is not None else None
            self._wraps[index] = align is not None and align.get("wrapText") in ("1", "true")
        return self._wraps[index]

    def to_bytes(self) -> bytes:
        if not self.changed:
            return self.original
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ------------------------------------------------------------------ cells


def excel_serial(value: dt.datetime | dt.date) -> float | int:
    """A moment (or a day) as Excel's day number, 1900 date system, to the second."""
    if not isinstance(value, dt.datetime):
        return (value - EXCEL_EPOCH.date()).days
    delta = value.replace(tzinfo=None) - EXCEL_EPOCH
    serial = delta.days + round(delta.seconds) / 86400
    return int(serial) if serial == int(serial) else serial


def cell_xml(ref: str, style: int, value: object) -> bytes:
    """One `<c>` element; text never becomes a formula."""
    s = f' s="{style}"' if style else ""
    if isinstance(value, str):
        value = file_text(value)
    if value is None or value == "" or (isinstance(value, float) and not math.isfinite(value)):
        return f'<c r="{ref}"{s}/>'.encode()
    if isinstance(value, str):
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'.encode()
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'.encode()
    if isinstance(value, dt.datetime | dt.date):
        return f'<c r="{ref}"{s}><v>{excel_serial(value)!r}</v></c>'.encode()
    if isinstance(value, dt.time):
        fraction = (value.hour * 3600 + value.minute * 60 + value.second) / 86400
        return f'<c r="{ref}"{s}><v>{fraction!r}</v></c>'.encode()
    if isinstance(value, numbers.Integral):
        return f'<c r="{ref}"{s}><v>{int(value)}</v></c>'.encode()
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            return f'<c r="{ref}"{s}/>'.encode()
        return f'<c r="{ref}"{s}><v>{number!r}</v></c>'.encode()
    return cell_xml(ref, style, str(value))


def columns_of(head: bytes) -> Columns:
    """Each column's own style (what Excel gives a cell typed into it: HoSo's text and date
    formats, its wrapped procedure names) and width, from `<cols>`."""
    found = Columns()
    for m in _COL.finditer(head):
        low, high, style = (p.search(m.group(1)) for p in _MIN_MAX_STYLE)
        if low is None or high is None:
            continue
        width = _WIDTH.search(m.group(1))
        for col in range(int(low.group(1)), min(int(high.group(1)), 16384) + 1):
            if style is not None and int(style.group(1)):
                found.styles[col] = int(style.group(1))
            if width is not None:
                found.widths[col] = float(width.group(1))
    return found


def _fit_height(
    attrs: bytes, cells: dict[int, tuple[int, object]], styles: StyleTable, columns: Columns
) -> bytes:
    """The row as tall as its wrapped texts need: LibreOffice does not fit a row to them
    as Excel does (Excel fits a row whose height is not set; one set here it keeps)."""
    from .forms import lines_height, text_lines

    lines = 1
    for col, (style, value) in cells.items():
        if isinstance(value, str) and value and styles.wraps(style):
            lines = max(lines, text_lines(value, columns.widths.get(col, 8.43)))
    old = _HT.search(attrs)
    if lines == 1 or (old is not None and float(old.group(1)) >= lines_height(lines)):
        return attrs  # a row made taller (by the clerk, by a longer text) stays so
    height = lines_height(lines)
    return _HEIGHT.sub(b"", attrs) + f' ht="{height}" customHeight="1"'.encode()


def _edited_row(
    row: int,
    attrs: bytes,
    body: bytes,
    edits: dict[int, tuple[object, str | None]],
    styles: StyleTable,
    columns: Columns | None = None,
) -> bytes:
    cells: dict[int, bytes] = {}
    written: dict[int, tuple[int, object]] = {}
    for m in _CELL.finditer(body):
        ref = _ATTR_R.search(m.group(1))
        if ref is None:
            raise ValueError(f"row {row}: a cell without its reference")
        cells[column_number(ref.group(1).decode())] = m.group(0)
    for col, (value, fmt) in edits.items():
        old = cells.get(col)
        found = _ATTR_S.search(old.split(b">", 1)[0]) if old is not None else None
        if old is None:  # a new cell takes its column's style, as in Excel
            style = columns.styles.get(col, 0) if columns is not None else 0
        else:
            style = int(found.group(1)) if found else 0
        if fmt:
            style = styles.with_format(style, fmt)
        cells[col] = cell_xml(f"{column_letters(col)}{row}", style, value)
        written[col] = (style, value)
    attrs = _SPANS.sub(b"", attrs)
    if columns is not None:
        attrs = _fit_height(attrs, written, styles, columns)
    return b"<row" + attrs + b">" + b"".join(cells[c] for c in sorted(cells)) + b"</row>"


def edit_cells(xml: bytes, edits: SheetEdits, styles: StyleTable) -> bytes:
    """The part with `edits.cells` applied: one pass over its rows."""
    if not edits.cells:
        return xml
    start = xml.find(b"<sheetData")
    if start < 0:
        raise ValueError("no sheetData")
    open_end = xml.index(b">", start) + 1
    if xml[open_end - 2 : open_end] == b"/>":  # <sheetData/>
        head, data, tail = xml[:start] + b"<sheetData>", b"", b"</sheetData>" + xml[open_end:]
    else:
        close = xml.rindex(b"</sheetData>")
        head, data, tail = xml[:open_end], xml[open_end:close], xml[close:]
    todo = sorted(edits.cells)
    columns = columns_of(head)
    out: list[bytes] = []
    pos = 0
    i = 0
    last_row = 0
    for m in _ROW.finditer(data):
        ref = re.search(rb'\br="(\d+)"', m.group(1))
        if ref is None:
            raise ValueError("a row without its number")
        row = int(ref.group(1))
        last_row = row
        while i < len(todo) and todo[i] < row:  # an edit in a row the part lacks
            out.append(data[pos : m.start()])
            pos = m.start()
            out.append(
                _edited_row(
                    todo[i], f' r="{todo[i]}"'.encode(), b"", edits.cells[todo[i]], styles, columns
                )
            )
            i += 1
        if i < len(todo) and todo[i] == row:
            out.append(data[pos : m.start()])
            out.append(
                _edited_row(row, m.group(1), m.group(3) or b"", edits.cells[row], styles, columns)
            )
            pos = m.end()
            i += 1
    out.append(data[pos:])
    for row in todo[i:]:
        out.append(_edited_row(row, f' r="{row}"'.encode(), b"", edits.cells[row], styles, columns))
    rows = max(last_row, todo[-1])
    cols = max(max(c) for c in edits.cells.values() if c) if any(edits.cells.values()) else 1
    return _grow_dimension(head, rows, cols) + b"".join(out) + tail


def _grow_dimension(head: bytes, rows: int, cols: int) -> bytes:
    m = _DIMENSION.search(head)
    if m is None:
        return head
    first_col, first_row = m.group(1).decode(), int(m.group(2))
    last_col = m.group(3).decode() if m.group(3) else first_col
    last_row = int(m.group(4)) if m.group(4) else first_row
    right = column_letters(max(column_number(last_col), cols))
    ref = f'<dimension ref="{first_col}{first_row}:{right}{max(last_row, rows)}"/>'
    return head[: m.start()] + ref.encode() + head[m.end() :]


# ------------------------------------------------------------------ the print look


def _element(xml: bytes, tag: str) -> re.Match[bytes] | None:
    return re.search(
        rb"<" + tag.encode() + rb"\b(?:[^>]*?/>|.*?</" + tag.encode() + rb">)", xml, re.S
    )


def set_tail_element(tail: bytes, tag: str, new: bytes) -> bytes:
    """`new` in place of the part's element `tag` after sheetData, else where the schema
    puts it."""
    found = _element(tail, tag)
    if found is not None:
        return tail if found.group(0) == new else tail[: found.start()] + new + tail[found.end() :]
    for later in TAIL_ORDER[TAIL_ORDER.index(tag) + 1 :]:
        after = re.search(rb"<" + later.encode() + rb"\b", tail)
        if after is not None:
            return tail[: after.start()] + new + tail[after.start() :]
    end = tail.rindex(b"</worksheet>")
    return tail[:end] + new + tail[end:]


def set_page_setup_pr(head: bytes, new: bytes) -> bytes:
    """sheetPr's pageSetUpPr set to `new`; its other children (tab colour, outline) and its
    attributes (the VBA code name) kept."""
    pr = _element(head, "sheetPr")
    if pr is None:
        start = head.index(b">", head.index(b"<worksheet")) + 1
        return head[:start] + b"<sheetPr>" + new + b"</sheetPr>" + head[start:]
    text = pr.group(0)
    old = _element(text, "pageSetUpPr")
    if old is not None:
        text2 = text[: old.start()] + new + text[old.end() :]
    elif text.endswith(b"/>"):
        text2 = text[:-2] + b">" + new + b"</sheetPr>"
    else:  # pageSetUpPr goes after tabColor and outlinePr, i.e. last
        text2 = text[: -len(b"</sheetPr>")] + new + b"</sheetPr>"
    return head[: pr.start()] + text2 + head[pr.end() :]


def apply_look(xml: bytes, edits: SheetEdits) -> bytes:
    """The print elements openpyxl drew for this sheet, each put in if it differs."""
    if not edits.look and edits.page_setup_pr is None:
        return xml
    close = xml.rfind(b"</sheetData>")
    cut = close if close >= 0 else xml.index(b"<sheetData")
    head, tail = xml[:cut], xml[cut:]
    if edits.page_setup_pr is not None:
        head = set_page_setup_pr(head, edits.page_setup_pr)
    for tag in PRINT_LOOK:
        if tag in edits.look:
            tail = set_tail_element(tail, tag, edits.look[tag])
    return head + tail


def look_of(sheet_xml: bytes) -> tuple[dict[str, bytes], bytes | None]:
    """The print elements (and sheetPr's pageSetUpPr) of a part openpyxl wrote."""
    found = {tag: m.group(0) for tag in PRINT_LOOK if (m := _element(sheet_xml, tag))}
    pr = _element(sheet_xml, "pageSetUpPr")
    return found, pr.group(0) if pr else None


# ------------------------------------------------------------------ the table


def resize_table_xml(xml: bytes, last_row: int, last_col: int, headers: list[str]) -> bytes:
    """A table part spanning to (last_row, last_col); a column added at the right named by
    `headers` (the header row's cells, A first)."""
    root = etree.fromstring(xml)
    first = root.get("ref", "A1").split(":")[0]
    m = re.fullmatch(r"([A-Z]+)(\d+)", first)
    if m is None:
        raise ValueError(f"table ref {root.get('ref')!r}")
    first_col = column_number(m.group(1))
    ref = f"{first}:{column_letters(last_col)}{max(last_row, int(m.group(2)) + 1)}"
    if root.get("ref") == ref:
        return xml
    root.set("ref", ref)
    auto = root.find(f"{{{MAIN}}}autoFilter")
    if auto is not None:
        auto.set("ref", ref)
    columns = root.find(f"{{{MAIN}}}tableColumns")
    width = last_col - first_col + 1
    if columns is not None and len(columns) != width:
        items = list(columns)
        for extra in items[width:]:
            columns.remove(extra)
        next_id = max((int(c.get("id", "0")) for c in items), default=0) + 1
        for c in range(first_col + len(columns), last_col + 1):
            name = headers[c - 1] if c - 1 < len(headers) and headers[c - 1] else ""
            col = etree.SubElement(columns, f"{{{MAIN}}}tableColumn")
            col.set("id", str(next_id))
            col.set("name", name or f"Cột {column_letters(c)}")
            next_id += 1
        columns.set("count", str(len(columns)))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

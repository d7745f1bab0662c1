"""Export files to rows of cells: spreadsheets through python-calamine, text in whatever
encoding the systems and Excel write, HTML tables saved as ".xls".

Everything a file can do wrong is caught here, before any parsing of the register, with a
Vietnamese message naming the file: too big, a zip bomb, password-protected, truncated,
not a spreadsheet at all.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import cast

from tthc_xl.book.extent import (
    EXCEL_MAX_COLUMNS,
    EXCEL_MAX_ROWS,
    MAX_SHEET_CELLS,
    ExtentError,
    readable_by_calamine,
    vn_int,
)
from tthc_xl.rules.text import nfc

# Limits, as module constants so tests (and a commune with a bigger export) can change them.
# Measured (bench: a 17 MB CSV of 100,000 dossiers peaks at 0.96 GB RSS, the import
# being roughly linear in rows): a commune PC of 4 GB holds an import of 200,000 rows
# (about 2 GB); bigger exports are refused with a message asking for shorter periods.
MAX_FILE_BYTES = 40 * 1024 * 1024  # on disk
MAX_IMPORT_ROWS = 200_000  # rows of one import, all files together
MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024  # inside an .xlsx (a zip)
MAX_ZIP_RATIO = 100  # uncompressed : compressed; real .xlsx files stay well under 30
ZIP_RATIO_FLOOR = 20 * 1024 * 1024  # the ratio is only judged above this unpacked size
MAX_MERGED_CELLS = 1_000_000  # cells under merged cells (colspan x rowspan), per sheet

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xlsb", ".xls", ".ods")
DELIMITERS = (",", ";", "\t")

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .xlsx is an OLE container with these streams (names stored as UTF-16LE).
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!DOCTYPE\s+html|<html|<table|<meta)", re.I)
_SPREADSHEET_ML = b"urn:schemas-microsoft-com:office:spreadsheet"  # Excel 2003 XML
_EXCEL_TEXT_CELL = re.compile(r'^="(.*)"$', re.S)  # ="000123": the CSV idiom for "keep as text"

Rows = list[list[object]]


class ImportFileError(Exception):
    """A file that cannot be imported at all; the message is for the clerk, in Vietnamese."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.file = Path(path).name
        self.reason = reason
        super().__init__(f"Tệp '{self.file}': {reason}")


@dataclass
class Sheet:
    """One sheet (or the whole of a text file) as rows of raw cells, row 1 first."""

    name: str
    rows: Rows
    kind: str  # "bảng tính", "văn bản UTF-8, phân cách ';'", ... for the summary


def read_file(path: str | Path) -> list[Sheet]:
    """Every sheet of an export file, or raise ImportFileError saying why not."""
    sheets = _read_any(Path(path))
    rows = sum(len(sheet.rows) for sheet in sheets)
    if rows > MAX_IMPORT_ROWS:
        raise ImportFileError(
            path,
            f"tệp có {vn_int(rows)} dòng, quá giới hạn {vn_int(MAX_IMPORT_ROWS)} dòng một lần "
            "nhập (để máy 4 GB không hết bộ nhớ). Hãy xuất từng khoảng thời gian ngắn hơn.",
        )
    for sheet in sheets:  # Excel's own size: what cannot be a sheet cannot be imported
        widest = max(map(len, sheet.rows), default=0)
        if widest > EXCEL_MAX_COLUMNS or len(sheet.rows) > EXCEL_MAX_ROWS:
            too = (
                f"{vn_int(widest)} cột (Excel có tối đa {vn_int(EXCEL_MAX_COLUMNS)})"
                if widest > EXCEL_MAX_COLUMNS
                else f"{vn_int(len(sheet.rows))} dòng (Excel có tối đa {vn_int(EXCEL_MAX_ROWS)})"
            )
            raise ImportFileError(
                path,
                f"{_where(sheets, sheet)}có {too}; không nhập được. Hãy xuất lại chỉ "
                "với các cột cần thiết.",
            )
    return sheets


def _where(sheets: list[Sheet], sheet: Sheet) -> str:
    return f"sheet '{sheet.name}' " if len(sheets) > 1 else "bảng "


def _read_any(p: Path) -> list[Sheet]:
    if not p.exists():
        raise ImportFileError(p, "không tìm thấy tệp.")
    if p.is_dir():
        raise ImportFileError(p, "đây là thư mục, không phải tệp.")
    size = p.stat().st_size
    if size == 0:
        raise ImportFileError(p, "tệp rỗng (0 byte), không có dữ liệu.")
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            p,
            f"tệp quá lớn ({_megabytes(size)}; giới hạn {_megabytes(MAX_FILE_BYTES)}). "
            "Hãy xuất từng khoảng thời gian ngắn hơn.",
        )
    with open(p, "rb") as fh:
        head = fh.read(4096)
    suffix = p.suffix.lower()
    if head.startswith(_ZIP_MAGICS):
        _check_zip(p)
        return _read_spreadsheet(p)
    if head.startswith(_OLE_MAGIC):
        data = p.read_bytes()
        if any(name in data for name in _ENCRYPTED_STREAMS):
            raise ImportFileError(
                p,
                "tệp được đặt mật khẩu. Hãy mở tệp trong Excel, bỏ mật khẩu "
                "(Tệp > Thông tin > Bảo vệ sổ làm việc) rồi lưu lại và nhập lại.",
            )
        return _read_spreadsheet(p)
    if _HTML_START.match(head.lstrip(codecs.BOM_UTF8)):
        return _read_html(p)
    if _SPREADSHEET_ML in head:
        return _read_spreadsheet_ml(p)
    if suffix in SPREADSHEET_SUFFIXES:
        raise ImportFileError(
            p,
            f"không phải tệp Excel hợp lệ dù có đuôi '{suffix}' (có thể đã bị đổi tên hoặc "
            "hỏng). Hãy xuất lại tệp từ hệ thống.",
        )
    return [_read_text(p)]


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB".replace(".", ",")


# ------------------------------------------------------------------ spreadsheets


def _check_zip(path: Path) -> None:
    """Refuse truncated zips and zip bombs before anything unpacks them."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFileError(
            path,
            "tệp bị hỏng hoặc chưa tải về hết (không đọc được cấu trúc zip của tệp Excel). "
            "Hãy tải hoặc xuất lại tệp.",
        ) from exc
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError(
            path,
            f"tệp giải nén ra quá lớn ({_megabytes(unpacked)}; giới hạn "
            f"{_megabytes(MAX_UNCOMPRESSED_BYTES)}); không nhập để tránh treo máy.",
        )
    worst = max(
        (i.file_size / max(i.compress_size, 1) for i in infos if i.file_size > ZIP_RATIO_FLOOR),
        default=0.0,
    )
    if unpacked > ZIP_RATIO_FLOOR and max(worst, unpacked / max(packed, 1)) > MAX_ZIP_RATIO:
        raise ImportFileError(
            path,
            "tệp nén bất thường (tỷ lệ giải nén quá cao, có thể là 'bom zip'); không nhập.",
        )


def _read_spreadsheet(path: Path) -> list[Sheet]:
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        with readable_by_calamine(path) as safe, CalamineWorkbook.from_path(str(safe)) as wb:
            return [
                Sheet(
                    name,
                    cast(Rows, wb.get_sheet_by_name(name).to_python(skip_empty_area=False)),
                    "bảng tính",
                )
                for name in wb.sheet_names
            ]
    except ExtentError as exc:
        raise ImportFileError(path, str(exc)) from exc
    except PasswordError as exc:
        raise ImportFileError(
            path, "tệp được đặt mật khẩu. Hãy bỏ mật khẩu trong Excel rồi nhập lại."
        ) from exc
    except Exception as exc:  # calamine raises several types for broken files
        raise ImportFileError(
            path,
            "không đọc được tệp: tệp hỏng, chưa tải về hết hoặc không phải bảng tính. "
            "Hãy mở thử trong Excel hoặc xuất lại.",
        ) from exc


# ------------------------------------------------------------------ text files


def decode_text(data: bytes) -> tuple[str, str]:
    """Bytes of a text export -> (NFC text, encoding label).

    UTF-8 with or without BOM, UTF-16 (Excel's "Unicode Text") with or without BOM, else
    Windows-1258. cp1258 writes tone marks as separate combining characters, so the text
    is normalised to NFC (composed), as every other source gives it.
    """
    if data.startswith(codecs.BOM_UTF8):
        return nfc(data[3:].decode("utf-8", errors="strict")), "UTF-8 (BOM)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return nfc(data.decode("utf-16")), "UTF-16"
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(0) * 3 >= len(sample):
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        encoding = "utf-16-le" if odd > even else "utf-16-be"
        return nfc(data.decode(encoding)), "UTF-16"
    try:
        return nfc(data.decode("utf-8")), "UTF-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8 as a whole. A file some of whose lines are UTF-8 (with letters beyond
    # ASCII) and others not was pasted together from two sources: each line is decoded
    # in its own encoding, and the label says so, rather than garbling one half.
    lines = data.split(b"\n")
    utf8_lines = 0
    decoded: list[str] = []
    for line in lines:
        try:
            text = line.decode("utf-8")
            if not line.isascii():
                utf8_lines += 1
        except UnicodeDecodeError:
            text = line.decode("cp1258")
        decoded.append(text)
    if utf8_lines:
        return nfc("\n".join(decoded)), "trộn UTF-8 và Windows-1258, đã giải mã từng dòng"
    return nfc(data.decode("cp1258")), "Windows-1258"


def detect_delimiter(text: str) -> str:
    """The delimiter among , ; and tab that splits the most lines into the same number of
    fields (title lines have one field; an address with a comma in a ';' file does not
    change the count of ';')."""
    lines = [line for line in text.splitlines()[:200] if line.strip()][:60]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts = [len(fields) for fields in csv.reader(lines, delimiter=delimiter)]
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        width, lines_with_it = Counter(multi).most_common(1)[0]
        score = (lines_with_it, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_text(path: Path) -> Sheet:
    data = path.read_bytes()
    try:
        text, encoding = decode_text(data)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            path,
            "không nhận ra bảng mã của tệp văn bản (dùng UTF-8, UTF-16 hoặc Windows-1258).",
        ) from exc
    if "\x00" in text or _control_share(text) > 0.01:
        raise ImportFileError(
            path,
            "không phải tệp văn bản hay bảng tính (nội dung nhị phân). "
            "Hãy chọn tệp Excel hoặc CSV xuất từ hệ thống.",
        )
    if not text.strip():
        raise ImportFileError(path, "tệp không có dữ liệu (chỉ có khoảng trắng).")
    reader = None
    try:
        delimiter = detect_delimiter(text)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        lines = []
        for fields in reader:
            lines.append(fields)
            if len(fields) > EXCEL_MAX_COLUMNS:
                break  # read_file refuses the width; no need to read on
    except csv.Error as exc:  # a field longer than the csv module's limit (128 KB)
        line = reader.line_num if reader is not None else 0
        raise ImportFileError(
            path,
            f"dòng {line or '?'} có một ô dài quá {csv.field_size_limit() // 1024} KB "
            "(có thể thiếu dấu ngoặc kép đóng); không phải tệp xuất hợp lệ.",
        ) from exc
    if '="' in text:
        lines = [[_unwrap(c) if c.startswith('="') else c for c in row] for row in lines]
    rows: Rows = cast(Rows, lines)
    label = {",": "','", ";": "';'", "\t": "tab"}[delimiter]
    return Sheet(path.stem, rows, f"văn bản {encoding}, phân cách {label}")


def _unwrap(cell: str) -> str:
    match = _EXCEL_TEXT_CELL.match(cell)
    return match.group(1).replace('""', '"') if match else cell


def _control_share(text: str) -> float:
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    return bad / max(len(sample), 1)


# ------------------------------------------------------------------ HTML ".xls"


class _TooBig(Exception):
    """An HTML table past the cell limits."""


class _TableParser(HTMLParser):
    """Rows of every <table>, a cell spanning columns or rows given as value-then-blanks,
    the way calamine gives merged cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Rows] = []
        self._rows: Rows | None = None
        self._row: list[object] | None = None
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._pending: dict[tuple[int, int], str] = {}  # (row, col) taken by a rowspan
        self.cells = 0  # cells made so far, and cells covered by a rowspan
        self.covered = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._rows, self._pending = [], {}
        elif tag == "tr" and self._rows is not None:
            self._row = []
            self._fill_pending()
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._span = (_int(a.get("colspan")), _int(a.get("rowspan")))
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def _fill_pending(self) -> None:
        if self._rows is None or self._row is None:
            return
        r = len(self._rows)
        while (r, len(self._row)) in self._pending:
            self._row.append(self._pending.pop((r, len(self._row))))

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if self._rows is None:
            return
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            text = "\n".join(" ".join(part.split()) for part in "".join(self._cell).split("\n"))
            cols, rows = self._span
            r, c = len(self._rows), len(self._row)
            self.cells += cols
            self.covered += cols * (rows - 1)  # limits by area, not per axis
            if (
                self.covered > MAX_MERGED_CELLS
                or self.cells > MAX_SHEET_CELLS
                or c + cols > EXCEL_MAX_COLUMNS
                or r + rows > EXCEL_MAX_ROWS
            ):
                raise _TooBig
            self._row.append(text.strip())
            self._row.extend([""] * (cols - 1))
            for dr in range(1, rows):
                for dc in range(cols):
                    self._pending[(r + dr, c + dc)] = ""
            self._cell = None
            self._fill_pending()
        elif tag == "tr" and self._row is not None:
            self._rows.append(self._row)
            self._row = None
        elif tag == "table" and self._rows is not None:
            self.tables.append(self._rows)
            self._rows = None


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _read_html(path: Path) -> list[Sheet]:
    """Many one-stop systems save an HTML table under an .xls name; Excel opens it anyway."""
    data = path.read_bytes()
    charset = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", data[:4096])
    text = None
    for encoding in ([charset.group(1).decode("ascii")] if charset else []) + ["utf-8", "cp1258"]:
        try:
            text = data.decode(encoding)
            break
        except (LookupError, UnicodeDecodeError):
            continue
    if text is None:
        raise ImportFileError(path, "không nhận ra bảng mã của tệp HTML.")
    parser = _TableParser()
    try:
        parser.feed(nfc(text.lstrip("\ufeff")))
        parser.close()
    except _TooBig as exc:
        raise ImportFileError(
            path,
            "bảng HTML quá lớn hoặc có ô gộp (colspan/rowspan) phủ quá nhiều ô; "
            "không đọc để tránh treo máy.",
        ) from exc
    tables = [t for t in parser.tables if t]
    if not tables:
        raise ImportFileError(path, "tệp HTML không có bảng nào.")
    return [Sheet(f"Bảng {i}", rows, "bảng HTML") for i, rows in enumerate(tables, start=1)]


# ------------------------------------------------------------------ Excel 2003 XML ".xls"


def _read_spreadsheet_ml(path: Path) -> list[Sheet]:
    """Excel 2003 XML (SpreadsheetML), which some older systems save under an .xls name.

    ss:Index skips cells, ss:MergeAcross/MergeDown merge them (value-then-blanks, as
    calamine gives merged cells); DateTime cells become datetimes, Number cells floats (a
    Number or DateTime cell whose text is no such value is kept as text, for the checks
    downstream to name). Indexes and merges are checked against Excel's size and the
    cell limits before anything is allocated.
    """
    import datetime as dt
    import xml.etree.ElementTree as ET

    ns = "{urn:schemas-microsoft-com:office:spreadsheet}"
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise ImportFileError(path, "tệp XML của Excel bị hỏng hoặc chưa tải về hết.") from exc
    sheets: list[Sheet] = []
    for ws in root.iter(f"{ns}Worksheet"):
        name = ws.get(f"{ns}Name", f"Sheet{len(sheets) + 1}")
        budget = _CellBudget(path, name)
        rows: Rows = []
        below: set[tuple[int, int]] = set()  # cells covered by a MergeDown
        r = -1
        for row in ws.iter(f"{ns}Row"):
            r = _index(path, name, row.get(f"{ns}Index"), r + 2, EXCEL_MAX_ROWS, "dòng") - 1
            budget.take(max(r - len(rows), 0) + 1)
            while len(rows) < r:
                rows.append([])
            cells: list[object] = []
            for cell in row.iter(f"{ns}Cell"):
                c = _index(path, name, cell.get(f"{ns}Index"), 0, EXCEL_MAX_COLUMNS, "cột") - 1
                c = max(c, len(cells))
                budget.take(max(c - len(cells), 0))
                while (r, len(cells)) in below or len(cells) < c:
                    cells.append(None)
                across = _span(path, name, cell.get(f"{ns}MergeAcross"), EXCEL_MAX_COLUMNS)
                down = _span(path, name, cell.get(f"{ns}MergeDown"), EXCEL_MAX_ROWS)
                if len(cells) + across >= EXCEL_MAX_COLUMNS or r + down >= EXCEL_MAX_ROWS:
                    raise ImportFileError(
                        path, f"sheet '{name}', dòng {r + 1}: ô gộp vượt quá kích thước của Excel."
                    )
                budget.take(1 + across)
                budget.merged((across + 1) * down)
                for dr in range(1, down + 1):
                    for dc in range(across + 1):
                        below.add((r + dr, len(cells) + dc))
                cells.append(_xml_value(cell.find(f"{ns}Data"), ns, dt))
                cells.extend([None] * across)
            while (r, len(cells)) in below:
                cells.append(None)
            rows.append(cells)
        sheets.append(Sheet(name, rows, "bảng tính XML"))
    if not sheets:
        raise ImportFileError(path, "tệp XML của Excel không có sheet nào.")
    return sheets


def _xml_value(data, ns: str, dt) -> object:
    if data is None:
        return None
    text = "".join(data.itertext())
    kind = data.get(f"{ns}Type", "String")
    if not text.strip():
        return None if kind in ("Number", "DateTime") else text
    if kind == "Number":
        try:
            number = float(text)
        except ValueError:
            return text
        return number if math.isfinite(number) else text
    if kind == "DateTime":
        try:
            return dt.datetime.fromisoformat(text.strip()[:19])
        except ValueError:
            return text
    return text


def _index(path: Path, sheet: str, raw: str | None, default: int, limit: int, what: str) -> int:
    """A 1-based ss:Index, refused (naming the sheet) when not a number within Excel."""
    if raw is None:
        if default > limit:
            raise ImportFileError(path, f"sheet '{sheet}': quá {vn_int(limit)} {what} của Excel.")
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = -1
    if not 1 <= value <= limit:
        raise ImportFileError(
            path,
            f"sheet '{sheet}': chỉ số {what} ss:Index không hợp lệ "
            f"(phải từ 1 đến {vn_int(limit)}); "
            "tệp hỏng hoặc không phải do Excel tạo.",
        )
    return value


def _span(path: Path, sheet: str, raw: str | None, limit: int) -> int:
    if raw is None:
        return 0
    try:
        value = int(raw.strip())
    except ValueError:
        value = -1
    if not 0 <= value < limit:
        raise ImportFileError(
            path, f"sheet '{sheet}': ô gộp (MergeAcross/MergeDown) không hợp lệ; tệp hỏng."
        )
    return value


class _CellBudget:
    """Cells a reader may create for one sheet, and cells merges may cover, counted as
    they come so an area is refused before it is allocated (limits by area, not axis)."""

    def __init__(self, path: Path, sheet: str) -> None:
        self.path, self.sheet = path, sheet
        self.cells = 0
        self.covered = 0

    def take(self, n: int) -> None:
        self.cells += n
        if self.cells > MAX_SHEET_CELLS:
            raise ImportFileError(
                self.path,
                f"sheet '{self.sheet}' quá lớn (hơn {vn_int(MAX_SHEET_CELLS)} ô); "
                "không đọc để tránh treo máy.",
            )

    def merged(self, n: int) -> None:
        self.covered += n
        if self.covered > MAX_MERGED_CELLS:
            raise ImportFileError(
                self.path,
                f"sheet '{self.sheet}' có ô gộp phủ quá nhiều ô (hơn {vn_int(MAX_MERGED_CELLS)}); "
                "không đọc để tránh treo máy.",
            )

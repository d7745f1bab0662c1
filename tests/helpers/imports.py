"""Writing export files the way the systems and Excel write them, for the import tests.

Every file is real: .xlsx through openpyxl (merged cells included), text in the byte
encoding a system would use. Nothing here imports the importer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from pathlib import Path

import openpyxl

from tthc_xl.book.layout import new_workbook
from tthc_xl.book.reader import read_sheets, read_workbook
from tthc_xl.rules.catalog import Catalog
from tthc_xl.rules.register import empty_frame
from tthc_xl.rules.settings import Settings

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Text as Windows writes it in code page 1258: tone marks as separate combining bytes
    after a base letter that may carry its shape mark (ô, ơ, ư, â, ă, ê)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize(
            "NFC", parts[0] + "".join(m for m in parts[1:] if m not in TONE_MARKS)
        )
        out += base.encode("cp1258")
        out += "".join(m for m in parts[1:] if m in TONE_MARKS).encode("cp1258")
    return bytes(out)


def text_bytes(
    rows: list[list[object]], *, encoding: str = "utf-8", delimiter: str = ",", bom: bool = False
) -> bytes:
    """CSV/TSV bytes in an encoding ('utf-8', 'utf-16-le', 'utf-16-be', 'cp1258')."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    text = buf.getvalue()
    if encoding == "cp1258":
        return to_cp1258(text)
    data = text.encode(encoding)
    if bom:
        data = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[
            encoding
        ] + data
    return data


def write_text(path: Path, rows: list[list[object]], **kw) -> Path:
    path.write_bytes(text_bytes(rows, **kw))
    return path


def write_xlsx(
    path: Path,
    rows: list[list[object]],
    *,
    merges: list[str] = (),
    sheet: str = "Sheet1",
    more_sheets: dict[str, list[list[object]]] | None = None,
    text_columns: tuple[int, ...] = (),
) -> Path:
    """An .xlsx export: rows from A1 (None = empty cell), merged ranges like 'B5:E5'."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                cell = ws.cell(row=r, column=c, value=value)
                if c - 1 in text_columns and isinstance(value, str):
                    cell.number_format = "@"
                    cell.data_type = "s"
    for ref in merges:
        ws.merge_cells(ref)
    for name, extra in (more_sheets or {}).items():
        other = wb.create_sheet(name)
        for row in extra:
            other.append(row)
    wb.save(path)
    return path


def make_workbook(
    path: Path,
    register_rows: list[list[object]] | None = None,
    settings: Settings | None = None,
) -> Path:
    """A data workbook (HoSo table, DanhMuc, NgayNghi, CauHinh); `register_rows` (header
    first) replace the empty HoSo; `settings` fill CauHinh (default: a new workbook's)."""
    wb = new_workbook(empty_frame(), Catalog.default(), settings or Settings())
    if register_rows is not None:
        ws = wb["HoSo"]
        for table in list(ws.tables):
            del ws.tables[table]
        ws.delete_rows(1, ws.max_row)
        for r, row in enumerate(register_rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
    wb.save(path)
    return path


def register_dicts(path: Path) -> dict[str, dict[str, object]]:
    """The register as the engine reads it: dossier id -> {key: parsed value}."""
    frame = read_workbook(path).register.frame
    return {r["dossier_id"]: r for r in frame.to_dict("records")}


def sheet_rows(path: Path, sheet: str) -> list[list[object]]:
    return read_sheets(path).get(sheet, [])


def sheet_dicts(path: Path, sheet: str) -> list[dict[str, object]]:
    """Rows of a log sheet (header in row 1) as dicts."""
    rows = sheet_rows(path, sheet)
    if not rows:
        return []
    header = rows[0]
    return [
        dict(zip(header, r, strict=False)) for r in rows[1:] if any(v not in ("", None) for v in r)
    ]


def T(*args) -> dt.datetime:  # noqa: N802 - reads like a constructor in test tables
    return dt.datetime(*args)


def run(workbook: Path, *files: Path, dry_run: bool = False, backups: int = 2, source=None):
    """The import as the CLI runs it: a FileBook on the workbook file, saved safely;
    `source` names the files' source system as `--source` does."""
    from tthc_xl.book.filebook import FileBook
    from tthc_xl.importer import run_import

    book = FileBook(workbook, backups=backups, readonly=dry_run)
    return run_import(book, list(files), dry_run=dry_run, source=source)

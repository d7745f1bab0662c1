"""Issue 18: a sheet that grows (HoSo, NhatKy, LoiNhap) is edited in place in one pass:
the rows it does not change are copied byte for byte, a changed cell keeps its style,
a number format comes from a style that shows it, text never becomes a formula, and the
shared strings other parts use are left as they were."""

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from tthc_xl.book.filebook import FileBook
from tthc_xl.book.sheetxml import SheetEdits, StyleTable, edit_cells
from tthc_xl.cli import cli

DATA = Path(__file__).resolve().parents[1] / "data"
BUILT = Path(__file__).resolve().parents[2] / "workbook" / "TTHC_Q.xlsm"
ROW = re.compile(rb"<row\b.*?(?:/>|</row>)", re.S)
STYLES = (
    b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<cellXfs count="2"><xf numFmtId="0" fontId="0"/><xf numFmtId="0" fontId="1"/></cellXfs>'
    b"</styleSheet>"
)
SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<dimension ref="A1:B3"/><sheetData>'
    b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    b'<row r="3" spans="1:2"><c r="A3" s="1"><v>7</v></c><c r="B3"><v>8</v></c></row>'
    b"</sheetData></worksheet>"
)


def hoso_part(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        from tthc_xl.book.package import sheets

        return dict(sheets(z))["HoSo"]


def test_edits_between_after_and_in_rows_in_one_pass():
    edits = SheetEdits()
    edits.set(2, 2, "=1+1", None)  # a row the part lacks, between two it has
    edits.set(3, 1, 9, None)  # a changed cell keeps its style
    edits.set(5, 3, dt.datetime(2026, 1, 2, 12), "dd/mm/yyyy hh:mm")  # appended
    styles = StyleTable(STYLES)
    xml = edit_cells(SHEET, edits, styles)
    rows = ROW.findall(xml)
    assert rows[0] == b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'  # untouched, as it was
    assert b'<c r="B2" t="inlineStr"><is><t>=1+1</t></is></c>' in rows[1]  # text, never a formula
    assert b'<c r="A3" s="1"><v>9</v></c><c r="B3"><v>8</v></c>' in rows[2]
    assert [r[:11] for r in rows] == [b'<row r="1">', b'<row r="2">', b'<row r="3">',
                                      b'<row r="5">']  # fmt: skip
    assert b'<dimension ref="A1:C5"/>' in xml
    new_style = int(re.search(rb'<c r="C5" s="(\d+)"><v>46024.5</v>', rows[3]).group(1))
    grown = styles.to_bytes()
    assert b'formatCode="dd/mm/yyyy hh:mm"' in grown and new_style == 2
    # the same format again: the same style, nothing added
    assert styles.with_format(0, "dd/mm/yyyy hh:mm") == 2 and grown.count(b"<xf ") == 3


def test_an_import_rewrites_only_the_rows_it_changes(tmp_path):
    path = tmp_path / "TTHC_Q.xlsm"
    shutil.copy(BUILT, path)
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["import", str(path), str(DATA / "motcua_2026Q1.xlsx")]).exit_code == 0
    )
    part = hoso_part(path)
    with zipfile.ZipFile(path) as z:
        before = z.read(part)
        strings = {n: z.read(n) for n in z.namelist() if n.endswith("sharedStrings.xml")}
    book = FileBook(path)
    rows = book.read("HoSo")
    book.write("HoSo", 3, [["đã sửa"]], left=2)
    book.write("HoSo", len(rows) + 1, [["MOI.1", None, dt.datetime(2026, 2, 3, 8, 30)]],
               formats=[None, None, "dd/mm/yyyy hh:mm"])  # fmt: skip
    book.save()
    assert not book.loaded  # openpyxl never loaded the register
    with zipfile.ZipFile(path) as z:
        after = z.read(part)
        assert {n: z.read(n) for n in strings} == strings
    old_rows, new_rows = ROW.findall(before), ROW.findall(after)
    assert len(new_rows) == len(old_rows) + 1
    changed = [i for i, (a, b) in enumerate(zip(old_rows, new_rows, strict=False)) if a != b]
    assert changed == [2]  # row 3 only; every other row byte for byte
    ws = openpyxl.load_workbook(path, keep_vba=True)["HoSo"]
    assert ws.cell(row=3, column=2).value == "đã sửa"
    added = ws.cell(row=len(rows) + 1, column=3)
    assert (
        added.value == dt.datetime(2026, 2, 3, 8, 30) and added.number_format == "dd/mm/yyyy hh:mm"
    )
    assert ws.cell(row=3, column=1).value == rows[2][0]

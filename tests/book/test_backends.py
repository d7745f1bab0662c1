"""What the import added to the workbook adapter: openpyxl loaded only to write, a read-only
mode, the file mode kept, a table widened with its column list, and text Excel would
convert kept as text in the open workbook."""

import os

import openpyxl
import pytest
from helpers.excel import remote_book
from helpers.imports import make_workbook
from openpyxl.worksheet.table import Table

from tthc_xl.book.errors import WorkbookError
from tthc_xl.book.filebook import FileBook
from tthc_xl.book.xlbook import XlwingsBook


def test_openpyxl_is_loaded_only_to_draw_a_sheet_of_ours(tmp_path):
    book = FileBook(make_workbook(tmp_path / "So.xlsx"))
    assert book.read("HoSo")[0][0] == "Mã hồ sơ"
    assert "CauHinh" in book.sheet_names()
    assert not book.loaded
    book.write("HoSo", 2, [["X1"]])  # the register is edited in place, never loaded
    assert not book.loaded and book.read("HoSo")[1][0] == "X1"
    book.write("CauHinh", 40, [["ghi chú"]])
    assert book.loaded and book.read("CauHinh")[39][0] == "ghi chú"
    book.save()
    wb = openpyxl.load_workbook(tmp_path / "So.xlsx")
    assert wb["HoSo"]["A2"].value == "X1" and wb["CauHinh"]["A40"].value == "ghi chú"


def test_readonly_reads_an_open_workbook_and_refuses_to_save(tmp_path):
    path = make_workbook(tmp_path / "So.xlsx")
    (tmp_path / "~$So.xlsx").write_bytes(b"owner")
    with pytest.raises(WorkbookError, match="đang mở"):
        FileBook(path)
    book = FileBook(path, readonly=True)
    assert book.read("HoSo")
    with pytest.raises(WorkbookError, match="chỉ để đọc"):
        book.save()


def test_a_new_file_gets_the_usual_mode(tmp_path):
    path = make_workbook(tmp_path / "So.xlsx")
    book = FileBook(path, out=tmp_path / "Moi.xlsx")
    book.write("HoSo", 2, [["X1"]])
    book.save()
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "Moi.xlsx").stat().st_mode & 0o777 == 0o666 & ~mask


def test_widening_a_table_keeps_its_column_list_in_step(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "HoSo"
    ws.append(["Mã hồ sơ", "Trạng thái"])
    ws.append(["A", "4"])
    ws.add_table(Table(displayName="HoSo", ref="A1:B2"))
    wb.save(path)
    book = FileBook(path, backups=0)
    book.write("HoSo", 1, [["Cán bộ", None]], left=3)
    book.write("HoSo", 3, [["B", "9", "Lan", "x"]])
    book.resize_table("HoSo", "HoSo", 3, 4)
    book.save()
    ws = openpyxl.load_workbook(path)["HoSo"]
    table = ws.tables["HoSo"]
    assert table.ref == "A1:D3"
    names = [c.name for c in table.tableColumns]
    assert names == ["Mã hồ sơ", "Trạng thái", "Cán bộ", "Cột D"]
    assert [c.value for c in ws[1]] == names  # header cells match the column list
    assert len({c.id for c in table.tableColumns}) == 4


def test_open_workbook_keeps_number_and_date_looking_text_as_text():
    book = remote_book({"HoSo": [["Mã hồ sơ", "Mã TTHC", "Ghi chú"]]})
    XlwingsBook(book).write(
        "HoSo",
        2,
        [["000123", "1.004870", "03/04/2026"], ["=1+1", "TRUE", "Hộ tịch"]],
        formats=["@", "@", None],
    )
    acts = book.json()["actions"]
    funcs = [a["func"] for a in acts]
    assert funcs == ["setNumberFormat", "setNumberFormat", "setValues"]  # formats first
    values = acts[-1]["values"]
    assert values == [["'000123", "'1.004870", "'03/04/2026"], ["'=1+1", "'TRUE", "Hộ tịch"]]


def test_open_workbook_reads_every_row_from_a1():
    rows = [["Mã hồ sơ", "Trạng thái"], ["A1", "4"], ["A2", "9"]]
    book = remote_book({"HoSo": rows, "Trong": []})
    adapter = XlwingsBook(book)
    assert adapter.read("HoSo") == rows
    assert adapter.read("Trong") in ([], [[None]])
    assert adapter.read("KhongCo") == []


def test_a_write_marks_a_register_made_before_the_marker(tmp_path):
    import re
    import zipfile

    from tthc_xl.book.marker import Kind, marked_kind

    path = make_workbook(tmp_path / "So.xlsx")
    with zipfile.ZipFile(path) as z:  # a 0.1.0 register: no custom properties at all
        parts = {n: z.read(n) for n in z.namelist() if n != "docProps/custom.xml"}
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            if name == "[Content_Types].xml":
                data = re.sub(rb'<Override PartName="/docProps/custom.xml"[^>]*/>', b"", data)
            z.writestr(name, data)
    assert marked_kind(path) is None
    book = FileBook(path)
    book.write("HoSo", 2, [["X1"]])
    book.save()
    assert marked_kind(path) is Kind.REGISTER
    assert openpyxl.load_workbook(path)["HoSo"]["A2"].value == "X1"

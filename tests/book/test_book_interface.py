"""The Book interface is complete: every back end implements all of it, nobody outside
book/ asks which one it holds, a page is drawn whole, CauHinh is read once, and what Excel
refuses to apply is said, not swallowed.

Excel's object model cannot run here: the desktop back end is exercised with xlwings'
real remote Book for the values and a stand-in for the COM objects that raises as pywin32
does (``pywintypes.com_error`` with Excel's own description in its excepinfo).
"""

from __future__ import annotations

import ast
from pathlib import Path

import openpyxl
import pytest
from helpers.desktop import DesktopExcel
from helpers.excel import remote_book
from helpers.imports import make_workbook
from python_calamine import CalamineWorkbook

import tthc_xl
from tthc_xl.book.base import Book
from tthc_xl.book.filebook import BACKUP_DIR, FileBook
from tthc_xl.book.page import Block, Page, PrintSetup, Span, Styled
from tthc_xl.book.recording import RecordingBook
from tthc_xl.book.xlbook import XlwingsBook
from tthc_xl.rules.settings import Settings

PACKAGE = Path(tthc_xl.__file__).parent


def test_every_back_end_implements_the_whole_interface():
    declared = set(Book.__abstractmethods__)
    assert {"read", "write", "lay_out", "sync_charts", "status", "recalculate", "save"} <= declared
    for back_end in (FileBook, XlwingsBook, RecordingBook):
        assert back_end.__abstractmethods__ == frozenset(), back_end
        assert issubclass(back_end, Book)

    class Partial(XlwingsBook):  # the check can fail: a back end missing one method
        lay_out = Book.lay_out  # type: ignore[assignment]

    with pytest.raises(TypeError, match="lay_out"):
        Partial(remote_book({"A": [[1]]}))


# ------------------------------------------------------------------ nobody probes

BACK_ENDS = {"FileBook", "XlwingsBook", "RecordingBook"}
PROBED = {"lay_out", "sync_charts", "wb", "recalculate", "loaded"}  # on anything
INSIDES = {"book", "wb", "api", "app"}  # a back end's insides, on a variable named book


def probes(source: str) -> list[str]:
    """Where code asks which back end a book is: isinstance against a back end, getattr
    of a Book method or of a back end's insides, .wb, contextlib.suppress(Exception)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = node.args
            if node.func.id == "isinstance" and len(args) == 2:
                names = {n.id for n in ast.walk(args[1]) if isinstance(n, ast.Name)}
                if names & BACK_ENDS:
                    found.append(f"isinstance {names & BACK_ENDS} line {node.lineno}")
            named = len(args) >= 2 and isinstance(args[1], ast.Constant)
            on_book = bool(args) and isinstance(args[0], ast.Name) and args[0].id == "book"
            probed = named and (args[1].value in PROBED or (on_book and args[1].value in INSIDES))
            if node.func.id in ("getattr", "hasattr") and probed:
                found.append(f"{node.func.id} {args[1].value!r} line {node.lineno}")
        if isinstance(node, ast.Attribute) and node.attr == "wb":
            found.append(f".wb line {node.lineno}")
        suppress = isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "suppress"
        if suppress and any(isinstance(a, ast.Name) and a.id == "Exception" for a in node.args):
            found.append(f"suppress(Exception) line {node.lineno}")
    return found


def test_nothing_outside_book_asks_which_back_end_it_holds():
    planted = (
        "def f(book):\n    if isinstance(book, FileBook):\n        return book.wb\n"
        "    g = getattr(book, 'sync_charts', None)\n    x = getattr(book, 'book', None)\n"
    )
    assert len(probes(planted)) == 4  # the scan sees each kind of probe
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if path.parent.name == "book" and path.parent.parent == PACKAGE:
            continue
        hits = probes(path.read_text(encoding="utf-8"))
        if hits:
            found[str(path.relative_to(PACKAGE))] = hits
    assert found == {}


# ------------------------------------------------------------------ the file back end


def test_a_fresh_page_is_drawn_whole_at_the_sheets_place_and_saved(tmp_path):
    path = make_workbook(tmp_path / "So.xlsx")
    book = FileBook(path, backups=0)
    book.write("CauHinh", 40, [["cũ"]])  # to be gone: the page is fresh
    drawn = []

    def look(ws):
        drawn.append(ws.max_row)  # a blank sheet
        ws.column_dimensions["A"].width = 33

    page = Page((Block(1, [["Tiêu đề"], [None, 7]]),), before=look)
    book.lay_out("CauHinh", page)
    book.lay_out("Moi", Page((Block(2, [["x"]]),)))  # a missing sheet goes after the last
    book.save()
    names = CalamineWorkbook.from_path(str(path)).sheet_names
    assert names[:4] == ["HoSo", "DanhMuc", "NgayNghi", "CauHinh"] and names[-1] == "Moi"
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("CauHinh").to_python()
    assert rows == [["Tiêu đề", ""], ["", 7]]
    assert drawn == [1]
    assert openpyxl.load_workbook(path)["CauHinh"].column_dimensions["A"].width == 33


def test_a_page_that_is_not_fresh_keeps_the_sheet(tmp_path):
    path = make_workbook(tmp_path / "So.xlsx")
    book = FileBook(path, backups=0)
    before = book.read("CauHinh")
    book.lay_out("CauHinh", Page((Block(1, [["Mục mới"]], left=5),), fresh=False))
    book.save()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("CauHinh").to_python()
    assert rows[0][4] == "Mục mới" and [r[:3] for r in rows[1:]] == [r[:3] for r in before[1:]]


@pytest.fixture
def parses(monkeypatch):
    """How many times CauHinh's rows are turned into settings, wherever that happens."""
    from tthc_xl.rules import settings as settings_mod

    count = {"n": 0}
    real = settings_mod.from_rows

    def counted(rows):
        count["n"] += 1
        return real(rows)

    monkeypatch.setattr(settings_mod, "from_rows", counted)
    return count


@pytest.mark.parametrize("command", ["refresh", "report"])
def test_cauhinh_is_read_once_for_the_figures_and_the_backups(tmp_path, parses, command):
    from tthc_xl.report.baocao import build_report
    from tthc_xl.report.refresh import refresh
    from tthc_xl.rules.period import parse_period

    path = make_workbook(tmp_path / "So.xlsx", settings=Settings(backups=1))
    for _ in range(2):
        parses["n"] = 0
        book = FileBook(path)  # the backups: what CauHinh says, no one sets them
        (refresh if command == "refresh" else build_report)(book, parse_period("2026-Q1"))
        book.save()
        assert parses["n"] == 1
    assert len(list((tmp_path / BACKUP_DIR).iterdir())) == 1  # two saves, one backup kept


def test_a_write_to_cauhinh_is_read_again(tmp_path):
    path = make_workbook(tmp_path / "So.xlsx", settings=Settings(backups=1))
    book = FileBook(path)
    assert book.settings().backups == 1
    rows = book.read("CauHinh")
    row = next(i for i, r in enumerate(rows, start=1) if "sao lưu" in str(r[0]))
    book.write("CauHinh", row, [[3]], left=2)
    assert book.settings().backups == 3


# ------------------------------------------------------------------ the Excel back end

LOOK = Styled(
    "định dạng thử",
    "Times New Roman",
    (Span(1, 1, 2, bold=True, border=True),),
    {1: 20.0},
    {1: 30.0},
    PrintSetup(print_columns=2, print_rows=2, row_breaks=(2,)),
)
STYLED = Page((Block(1, [["Tiêu đề", None], ["a", 1]]),), styled=LOOK)


def actions(book):
    return book.json()["actions"]


def test_the_remote_book_gets_the_values_and_a_note_for_the_look():
    book = remote_book({"BaoCao": [["cũ"]]})
    xl = XlwingsBook(book)
    xl.lay_out("BaoCao", STYLED)
    values = [a["values"] for a in actions(book) if a["func"] == "setValues"]
    assert values == [[["Tiêu đề", ""], ["a", 1]]]
    (note,) = xl.notes  # three steps of the look, said once
    assert "BaoCao" in note and "định dạng thử" in note and "chưa áp dụng" in note
    xl.lay_out("Khac", Page((Block(1, [["x"]]),)))  # a page with no Excel look: no note
    assert len(xl.notes) == 1


NO_PRINTER = "Unable to set the PaperSize property of the PageSetup class"


def test_excel_refusing_the_page_set_up_leaves_values_and_cell_looks_and_says_so(pywintypes):
    excel = DesktopExcel(remote_book({"BaoCao": [["cũ"]]}), {"BaoCao.PageSetup.": NO_PRINTER})
    xl = XlwingsBook(excel)
    xl.lay_out("BaoCao", STYLED)
    assert [a["values"] for a in actions(excel.remote) if a["func"] == "setValues"] == [
        [["Tiêu đề", ""], ["a", 1]]
    ]
    calls = [path for path, _ in excel.log]
    assert "BaoCao.Cells.UnMerge" in calls and "BaoCao.Cells.ClearFormats" in calls
    assert "BaoCao.Range().Merge" in calls and "BaoCao.Range().Borders.LineStyle" in calls
    assert "BaoCao.HPageBreaks.Add" in calls  # the steps before the refusal are done
    (note,) = xl.notes
    assert "trang in" in note and NO_PRINTER in note and "máy in" in note
    assert "định dạng ô" not in note


def test_a_protected_sheet_refusing_every_look_is_one_note_per_step(pywintypes):
    refused = {"BaoCao.": "The cell or chart you're trying to change is on a protected sheet."}
    excel = DesktopExcel(remote_book({"BaoCao": [["cũ"]]}), refused)
    xl = XlwingsBook(excel)
    xl.lay_out("BaoCao", STYLED)
    assert any(a["func"] == "setValues" for a in actions(excel.remote))
    assert len(xl.notes) == 3 and all("protected sheet" in n for n in xl.notes)
    assert "xóa định dạng cũ" in xl.notes[0] and "định dạng ô" in xl.notes[1]


def test_another_error_is_not_taken_for_excels(pywintypes):
    excel = DesktopExcel(remote_book({"BaoCao": [["cũ"]]}), {})
    xl = XlwingsBook(excel)
    broken = Styled("x", "Arial", (Span(1, 1, horizontal="diagonal"),), {}, {}, LOOK.page)
    with pytest.raises(KeyError):  # a mistake of ours is a failure, never a note
        xl.lay_out("BaoCao", Page(styled=broken))


def alerts(book):
    return [a["args"] for a in actions(book) if a["func"] == "alert"]


def test_the_report_button_shows_what_excel_did_not_apply(pywintypes):
    from tthc_xl.excel import macros

    rows = _macro_rows()
    excel = DesktopExcel(remote_book(rows), {"BaoCao.PageSetup.": NO_PRINTER})
    macros.build_report(excel)
    (message,) = alerts(excel.remote)
    assert message[3] == "info", message  # the report is written: not a failure
    assert "Đã lập báo cáo" in message[0] and NO_PRINTER in message[0]
    calls = [path for path, _ in excel.log]
    assert "Application.CalculateFull" not in calls  # the report does not recalculate
    assert "BaoCao.Range().Merge" in calls


def test_the_refresh_button_recalculates_in_excel_only(pywintypes):
    from tthc_xl.excel import macros

    excel = DesktopExcel(remote_book(_macro_rows()), {})
    macros.refresh(excel)
    assert ("Application.CalculateFull", ()) in excel.log
    (message,) = alerts(excel.remote)
    assert message[0].startswith("Đã cập nhật chỉ số") and message[3] == "info"
    assert excel.app.status_bar is False  # handed back to Excel


def test_excel_refusing_the_pdf_keeps_the_word_file_and_says_why(pywintypes, tmp_path, monkeypatch):
    from tthc_xl.excel import macros

    monkeypatch.setattr(macros.tempfile, "gettempdir", lambda: str(tmp_path))
    refused = {"Workbook.Worksheets().ExportAsFixedFormat": "Document not saved."}
    excel = DesktopExcel(remote_book(_macro_rows()), refused)
    macros.export_document(excel)
    (message,) = alerts(excel.remote)
    assert message[3] == "info" and "Đã ghi tệp Word" in message[0]
    assert "Không xuất được PDF của BaoCao" in message[0] and "Document not saved." in message[0]
    assert list(tmp_path.glob("BaoCao_*.docx"))


def _macro_rows():
    from helpers.registers import rows_of

    rows = rows_of(
        {
            "dossier_id": "D1",
            "procedure_code": "1.001193",
            "channel": "Trực tuyến",
            "received_at": "05/01/2026 08:00",
            "status": "Đang giải quyết",
        }
    )
    return {"HoSo": rows, "KPI": [[], [], ["Kỳ báo cáo", "2026-Q1"]]}

"""The Nhập dữ liệu button: Excel's file dialog, then the same import as the CLI written
into the open workbook, run here against a real xlwings Book (the remote interpreter)."""

import shutil
from pathlib import Path

import pytest
from helpers import DATA
from helpers.excel import remote_book
from python_calamine import CalamineWorkbook
from test_macros import VBA_CLIENT_ACTIONS

from tthc_xl.excel import macros
from tthc_xl.rules.register import from_rows

BUILT = Path(__file__).resolve().parents[2] / "workbook" / "TTHC_Q.xlsm"
SAMPLES = [DATA / "motcua_2026Q1.xlsx", DATA / "hotich_2026Q1.csv", DATA / "dvcqg_2026Q1.xlsx"]


@pytest.fixture
def sheets():
    book = CalamineWorkbook.from_path(str(BUILT))
    return {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}


def open_book(sheets):
    return remote_book(sheets, tables={"HoSo": ("HoSo", "A1:W2")})


def actions(book):
    return book.json()["actions"]


def sheet_after(book, sheets, name):
    """A sheet's cells after Excel carried out the setValues actions."""
    grid = [list(r) for r in sheets[name]]
    position = [s.name for s in book.sheets].index(name)
    for a in actions(book):
        if a["func"] != "setValues" or a["sheet_position"] != position:
            continue
        for i, row in enumerate(a["values"]):
            r = a["start_row"] + i
            while len(grid) <= r:
                grid.append([])
            for j, value in enumerate(row):
                c = a["start_column"] + j
                grid[r] += [None] * (c + 1 - len(grid[r]))
                # Excel keeps the text after a leading apostrophe
                grid[r][c] = value[1:] if isinstance(value, str) and value[:1] == "'" else value
    return grid


def test_button_imports_the_chosen_files_into_the_open_workbook(sheets, monkeypatch):
    book = open_book(sheets)
    monkeypatch.setattr(macros, "ask_import_files", lambda b: [str(p) for p in SAMPLES])
    macros.import_files(book)
    acts = actions(book)
    assert {a["func"] for a in acts} <= VBA_CLIENT_ACTIONS
    (alert,) = [a["args"] for a in acts if a["func"] == "alert"]
    assert alert[3] == "info"
    assert "motcua_2026Q1.xlsx: thêm 100, cập nhật 0" in alert[0]
    assert "Tổng: thêm 300" in alert[0] and "Ctrl+S" in alert[0]
    resize = [a for a in acts if a["func"] == "resizeTable"]
    # 23 columns of the register and the portal's six (its list is among the samples)
    assert resize and resize[-1]["args"][1] == "$A$1:$AC$301"

    hoso = sheet_after(book, sheets, "HoSo")
    reg = from_rows(hoso)
    assert len(reg.frame) == 300
    d = reg.frame.set_index("dossier_id")
    assert d.loc["000.05.00100", "channel"] == 2  # hotich's "Có"
    assert d.loc["000.05.00004", "procedure_code"] == "1.003010"
    assert d.loc["000.05.00201", "status"] == 9
    log = sheet_after(book, sheets, "NhatKy")
    assert sum(1 for r in log[1:] if r and r[3] == "(hồ sơ mới)") == 300


def test_cancelled_dialog_does_nothing(sheets, monkeypatch):
    book = open_book(sheets)
    monkeypatch.setattr(macros, "ask_import_files", lambda b: None)
    macros.import_files(book)
    assert actions(book) == []


def test_a_bad_file_is_a_message_and_nothing_is_written(sheets, tmp_path, monkeypatch):
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04broken")
    book = open_book(sheets)
    monkeypatch.setattr(
        macros, "ask_import_files", lambda b: [str(DATA / "hotich_2026Q1.csv"), str(bad)]
    )
    macros.import_files(book)
    acts = actions(book)
    assert [a["func"] for a in acts] == ["alert"]
    message = acts[0]["args"]
    assert message[3] == "critical" and "'hong.xlsx'" in message[0]
    assert message[0].startswith("Không nhập gì, sổ giữ nguyên")


def test_remote_engine_has_no_file_dialog(sheets):
    book = open_book(sheets)
    macros.import_files(book)  # no object model there: no Excel dialog
    (alert,) = [a["args"] for a in actions(book) if a["func"] == "alert"]
    assert "Không mở được hộp chọn tệp" in alert[0] and alert[3] == "critical"


class _Api:
    def __init__(self, answer):
        self.answer, self.calls = answer, []

    def GetOpenFilename(self, *args, **kwargs):  # noqa: N802 - Excel's name
        # COM sends a None by position as a null (Excel: "type mismatch"), not as missing
        if args or None in kwargs.values():
            raise TypeError("optional COM parameters must be named, never None by position")
        self.calls.append(kwargs)
        return self.answer


class _Book:
    def __init__(self, answer):
        engine = type("Engine", (), {"name": "excel"})()  # desktop Excel
        self.app = type("App", (), {"api": _Api(answer), "engine": engine})()


@pytest.mark.parametrize(
    ("answer", "paths"),
    [
        (("C:\\xuat\\a.xlsx", "C:\\xuat\\b.csv"), ["C:\\xuat\\a.xlsx", "C:\\xuat\\b.csv"]),
        ("C:\\xuat\\a.xlsx", ["C:\\xuat\\a.xlsx"]),
        (False, None),  # cancelled
    ],
)
def test_dialog_asks_excel_for_several_files(answer, paths):
    # Only Excel's COM Application can answer GetOpenFilename: a stand-in records the call.
    book = _Book(answer)
    assert macros.ask_import_files(book) == paths
    (call,) = book.app.api.calls
    assert "*.xlsx" in call["FileFilter"] and "*.csv" in call["FileFilter"]
    assert call["FilterIndex"] == 1 and call["Title"] == macros.IMPORT_TITLE
    assert call["MultiSelect"] is True and "ButtonText" not in call


def test_the_built_workbook_is_untouched_by_these_tests(tmp_path):
    copy = tmp_path / "x.xlsm"
    shutil.copy(BUILT, copy)
    assert copy.read_bytes() == BUILT.read_bytes()


def test_a_missing_receipt_column_is_a_warning_in_the_message_box(sheets, tmp_path, monkeypatch):
    from helpers.imports import write_text

    rows = [["Mã hồ sơ", "Mã TTHC", "Trạng thái"], ["K1", "1.004873", "Đang xử lý"]]
    rows.append(["K2", "1.004873", "Đang xử lý"])
    export = write_text(tmp_path / "thieu_ngay.csv", rows)
    book = open_book(sheets)
    monkeypatch.setattr(macros, "ask_import_files", lambda b: [str(export)])
    macros.import_files(book)
    (alert,) = [a["args"] for a in actions(book) if a["func"] == "alert"]
    assert "không có cột 'Ngày tiếp nhận': 2 hồ sơ mới không được tính vào kỳ nào" in alert[0]


def test_a_missed_receipt_column_is_refused_in_the_message_box(sheets, tmp_path, monkeypatch):
    from helpers.imports import write_text

    rows = [["Mã hồ sơ", "Mã TTHC", "Trạng thái", "Mốc ghi nhận"]]
    rows.append(["K1", "1.004873", "Đang xử lý", "10/03/2026 09:00"])
    export = write_text(tmp_path / "lech.csv", rows)
    book = open_book(sheets)
    monkeypatch.setattr(macros, "ask_import_files", lambda b: [str(export)])
    macros.import_files(book)
    acts = actions(book)
    assert [a["func"] for a in acts] == ["alert"]  # nothing written
    message = acts[0]["args"]
    assert message[3] == "critical"
    assert "'Mốc ghi nhận' | 'Ngày tiếp nhận'" in message[0]

"""Ribbon macros end to end against a real xlwings Book (the remote interpreter, on Linux)."""

import re

import pytest
from helpers import figure
from helpers.desktop import DesktopExcel, pywintypes  # noqa: F401 - a fixture
from helpers.excel import make_macro_workbook, remote_book
from helpers.shared import demo_quarter
from python_calamine import CalamineWorkbook

from tthc_xl.book.reader import read_workbook
from tthc_xl.excel import macros
from tthc_xl.excel.build import read_sources
from tthc_xl.rules.engine import Engine
from tthc_xl.sheets.kpi import KPI_FIRST_ROW, KPI_ITEMS

# Action types xlwings' VBA client can carry out (xlwings 0.37.8 addin/Remote.bas).
VBA_CLIENT_ACTIONS = {
    "setValues",
    "rangeClearContents",
    "rangeClearFormats",
    "rangeClear",
    "addSheet",
    "setSheetName",
    "setAutofit",
    "setRangeColor",
    "activateSheet",
    "addHyperlink",
    "setNumberFormat",
    "setPictureName",
    "setPictureHeight",
    "setPictureWidth",
    "deletePicture",
    "addPicture",
    "updatePicture",
    "alert",
    "setRangeName",
    "namesAdd",
    "nameDelete",
    "runMacro",
    "rangeDelete",
    "rangeInsert",
    "rangeSelect",
    "addTable",
    "setTableName",
    "resizeTable",
    "showAutofilterTable",
    "showHeadersTable",
    "showTotalsTable",
    "setTableStyle",
    "copyRange",
    "sheetDelete",
    "sheetClear",
    "sheetClearContents",
    "sheetClearFormats",
}


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    """The sheets of a real workbook file, as Excel would send them."""
    frame = demo_quarter().iloc[::10].reset_index(drop=True)
    path = make_macro_workbook(tmp_path_factory.mktemp("m") / "TTHC_Q.xlsm", frame)
    book = CalamineWorkbook.from_path(str(path))
    rows = {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}
    rows["KPI"] = [[], [], ["Kỳ báo cáo", "2026-Q1"]]
    return rows, path


def actions(book):
    return book.json()["actions"]


def alerts(book):
    return [a["args"] for a in actions(book) if a["func"] == "alert"]


def test_refresh_button_writes_the_engines_figures(sheets):
    rows, path = sheets
    book = remote_book(rows)
    macros.refresh(book)
    acts = actions(book)
    assert {a["func"] for a in acts} <= VBA_CLIENT_ACTIONS
    (message,) = alerts(book)
    assert message[0].startswith("Đã cập nhật chỉ số Quý I năm 2026") and message[3] == "info"

    kpi = Engine.from_workbook(read_workbook(path)).evaluate("2026-Q1").kpi()
    position = [s.name for s in book.sheets].index("KPI")
    values = {}
    for a in acts:
        if (
            a["func"] == "setValues"
            and a["sheet_position"] == position
            and a["start_column"] == 2
            and a["start_row"] >= KPI_FIRST_ROW - 1
        ):
            values[a["start_row"] + 1] = a["values"][0][0]
    by_label = {KPI_ITEMS[r - KPI_FIRST_ROW][0]: v for r, v in values.items()}
    assert by_label["Tiếp nhận mới trong kỳ"] == kpi["counts"]["received_new"]
    assert by_label["Đã giải quyết"] == kpi["counts"]["resolved"]
    shown = by_label["Tỷ lệ tiếp nhận trực tuyến"]  # text, quote-prefixed: Excel keeps it text
    assert re.fullmatch(r"'\d+,\d\d%", shown)
    online = kpi["rates"]["online_rate"]
    assert figure(shown) == pytest.approx(int(online * 10000) / 10000)


def test_a_failure_becomes_a_vietnamese_message_and_a_log(sheets, tmp_path, monkeypatch):
    monkeypatch.setattr(macros.tempfile, "gettempdir", lambda: str(tmp_path))
    rows, _ = sheets
    broken = {k: v for k, v in rows.items() if k != "HoSo"}
    broken["HoSo"] = [["không", "phải", "sổ"]]
    book = remote_book(broken)
    macros.refresh(book)
    (message,) = alerts(book)
    assert message[0].startswith("Lỗi:") and "Mã hồ sơ" in message[0]
    assert message[3] == "critical"
    log = (tmp_path / macros.LOG_NAME).read_text(encoding="utf-8")
    assert "refresh" in log and "WorkbookError" in log and ".py:" in log
    assert "không" not in log and "phải" not in log  # no cell value reaches the log


def test_settings_and_help_buttons(sheets):
    rows, _ = sheets
    book = remote_book(rows)
    macros.open_settings(book)
    assert any(a["func"] == "activateSheet" for a in actions(book))
    book = remote_book(rows)
    macros.show_help(book)
    (message,) = alerts(book)
    assert "Cập nhật chỉ số" in message[0] and "ONLINE_RATE" in message[0]


def test_runpython_commands_are_fixed_strings():
    # the form workbooks in the field run, written out for one known button
    assert macros.runpython_command("refresh") == "import tthc_xl.macros as m; m.refresh()"
    ribbon = read_sources().standard["TTHC_Ribbon"]
    assert (
        "Public Sub TTHC_Refresh(control As IRibbonControl)\r\n"
        "    TTHC_EnsureUdfHelp\r\n"
        '    RunPython "import tthc_xl.macros as m; m.refresh()"\r\n'
        "End Sub\r\n"
    ) in ribbon
    for _label, callback, name in macros.RIBBON_ACTIONS:
        command = macros.runpython_command(name)
        assert f'RunPython "{command}"' in ribbon
        assert command.isascii() and callable(getattr(macros, name)), callback


def test_report_button_writes_baocao_through_the_open_workbook(sheets):
    rows, _ = sheets
    book = remote_book(rows)
    macros.build_report(book)
    (message,) = alerts(book)
    assert message[3] == "info", message
    assert "Đã lập báo cáo" in message[0] and "Ctrl+S" in message[0]
    names = [s.name for s in book.sheets]
    position = names.index("BaoCao")
    written = [
        str(v)
        for a in actions(book)
        if a["func"] == "setValues" and a["sheet_position"] == position
        for row in a["values"]
        for v in row
    ]
    assert "BÁO CÁO" in written and any("Nơi nhận" in v for v in written)
    assert "MauBaoCao" in names  # the default wording, written for an older workbook


def test_export_button_writes_word_and_says_pdf_needs_excel(sheets, tmp_path, monkeypatch):
    monkeypatch.setattr(macros.tempfile, "gettempdir", lambda: str(tmp_path))
    rows, _ = sheets
    book = remote_book(rows)
    macros.export_document(book)
    (message,) = alerts(book)
    assert message[3] == "info", message
    docs = list(tmp_path.glob("BaoCao_*.docx"))
    assert len(docs) == 1 and "Đã ghi tệp Word" in message[0]
    assert "cần Excel trên Windows" in message[0]
    import docx

    assert "BÁO CÁO" in "\n".join(p.text for p in docx.Document(str(docs[0])).paragraphs)


PDF_OPEN = "Document not saved. The document may be open, or an error may have been encountered"


@pytest.mark.usefixtures("pywintypes")
def test_excel_refusing_the_pdf_says_so_and_keeps_the_word_file(sheets, tmp_path, monkeypatch):
    # desktop Excel whose ExportAsFixedFormat refuses, as when the PDF is open in a viewer
    monkeypatch.setattr(macros.tempfile, "gettempdir", lambda: str(tmp_path))
    rows, _ = sheets
    remote = remote_book(rows)
    excel = DesktopExcel(remote, {"Workbook.Worksheets().ExportAsFixedFormat": PDF_OPEN})
    macros.export_document(excel)
    (message,) = alerts(remote)
    docs = list(tmp_path.glob("BaoCao_*.docx"))
    assert len(docs) == 1 and f"Đã ghi tệp Word: {docs[0]}" in message[0]  # what was done
    assert "Không xuất được PDF" in message[0] and PDF_OPEN in message[0]  # what was not
    assert not list(tmp_path.glob("BaoCao_*.pdf"))
    exported = [args for path, args in excel.log if path.endswith("ExportAsFixedFormat")]
    assert exported == []  # refused before it was recorded: the stand-in raised


def test_excel_exporting_the_pdf_is_called_with_the_pdf_path(sheets, tmp_path, monkeypatch):
    monkeypatch.setattr(macros.tempfile, "gettempdir", lambda: str(tmp_path))
    rows, _ = sheets
    excel = DesktopExcel(remote_book(rows), {})
    macros.export_document(excel)
    (message,) = alerts(excel.remote)
    ((kind, target, *_),) = [a for p, a in excel.log if p.endswith("ExportAsFixedFormat")]
    assert kind == macros.XL_TYPE_PDF and target.endswith(".pdf")
    assert f"Đã ghi tệp PDF: {target}" in message[0]

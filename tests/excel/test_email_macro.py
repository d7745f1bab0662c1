"""The Tạo bản gửi email button, run against a real xlwings Book (the remote interpreter):
the copy of what Excel shows is written next to the workbook, with a draft email."""

import email
import email.policy
import sys
import types
import zipfile

import openpyxl
import pytest
from helpers.desktop import com_error, pywintypes  # noqa: F401 - a fixture
from helpers.excel import make_macro_workbook, remote_book
from helpers.shared import demo_quarter
from python_calamine import CalamineWorkbook

from tthc_xl.book.reader import read_workbook
from tthc_xl.excel import macros
from tthc_xl.rules.engine import Engine
from tthc_xl.sheets import in_copy
from tthc_xl.sheets.kpi import write_kpi_dashboard

NAME, ID_NUMBER, PHONE = "Nguyễn Văn An", "001203004567", "0912345678"
COPY = "TTHC_UBNDXa_2026-Q1.xlsx"  # the new workbook's placeholder unit, "UBND xã ……"


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    frame = demo_quarter().iloc[::10].reset_index(drop=True)
    frame.loc[0, ["applicant", "id_number", "phone", "address"]] = [
        NAME,
        ID_NUMBER,
        PHONE,
        "Số 12 phố Hàng Bạc",
    ]
    frame["SĐT liên hệ"] = ["0977123456"] + [None] * (len(frame) - 1)
    path = make_macro_workbook(tmp_path_factory.mktemp("m") / "TTHC_Q.xlsm", frame)
    book = CalamineWorkbook.from_path(str(path))
    rows = {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}
    rows["KPI"] = [[], [], ["Kỳ báo cáo", "2026-Q1"]]
    return rows, path


def test_button_writes_the_copy_and_a_draft(sheets, tmp_path, monkeypatch):
    rows, path = sheets
    # the remote Book has no folder of its own: the copy goes to the temp folder
    monkeypatch.setattr(macros.tempfile, "gettempdir", lambda: str(tmp_path))
    book = remote_book(rows)
    macros.email_copy(book)
    (alert,) = [a["args"] for a in book.json()["actions"] if a["func"] == "alert"]
    assert alert[3] == "info", alert[0]
    assert COPY in alert[0] and ".eml" in alert[0]

    out = tmp_path / COPY
    with zipfile.ZipFile(out) as z:
        assert not any("vbaProject" in n for n in z.namelist())
        text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    for secret in (NAME, ID_NUMBER, PHONE, "0977123456", "Hàng Bạc"):
        assert secret not in text

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [s.name for s in in_copy()]  # the registry's copied sheets
    assert wb.sheetnames[:4] == ["BaoCao", "Bieu06", "KPI", "CanhBao"]
    kpi = Engine.from_workbook(read_workbook(path)).evaluate("2026-Q1").kpi()
    values = {r[0]: r[1] for r in wb["KPI"].iter_rows(values_only=True) if r and r[0]}
    assert values["Tiếp nhận mới trong kỳ"] == kpi["counts"]["received_new"]
    assert values["Đang giải quyết"] == kpi["counts"]["pending"]
    total = next(r for r in wb["Bieu06"].iter_rows(values_only=True) if r[1] == "Tổng cộng")
    assert total[2] == kpi["counts"]["total"]
    assert all(c.data_type != "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)

    msg = email.message_from_bytes(
        out.with_suffix(".eml").read_bytes(), policy=email.policy.default
    )
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_filename() == COPY


def test_button_takes_the_looks_from_the_saved_workbook(sheets, tmp_path, monkeypatch):
    rows, path = sheets
    saved = tmp_path / "saved" / "TTHC_Q.xlsm"
    saved.parent.mkdir()
    wb = openpyxl.load_workbook(path, keep_vba=True)
    write_kpi_dashboard(wb.create_sheet("KPI"))
    wb["KPI"].column_dimensions["A"].width = 51
    wb.save(saved)
    monkeypatch.setattr(macros, "copy_folder", lambda book: (tmp_path, saved))
    macros.email_copy(remote_book(rows))
    ws = openpyxl.load_workbook(tmp_path / COPY)["KPI"]
    assert ws.column_dimensions["A"].width == 51
    cells = {row[0].value: row[1] for row in ws.iter_rows(min_row=6) if row[0].value}
    online = cells["Tỷ lệ tiếp nhận trực tuyến"]  # the dashboard's looks, the figure as text
    assert online.alignment.horizontal == "right" and online.value == "100,00%"


NO_OUTLOOK = "Invalid class string"  # what COM says where Outlook is not installed


@pytest.mark.usefixtures("pywintypes")
def test_outlook_refusing_the_draft_is_said_and_the_copy_stays(sheets, tmp_path, monkeypatch):
    def dispatch(name):
        excepinfo = (0, "Outlook", NO_OUTLOOK, None, 0, -2147221005)
        raise com_error(-2147221005, "Invalid class string", excepinfo, None)

    client = types.ModuleType("win32com.client")
    client.Dispatch = dispatch  # type: ignore[attr-defined]
    package = types.ModuleType("win32com")
    package.client = client  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "win32com", package)
    monkeypatch.setitem(sys.modules, "win32com.client", client)
    monkeypatch.setattr(macros.tempfile, "gettempdir", lambda: str(tmp_path))
    rows, _ = sheets
    book = remote_book(rows)
    macros.email_copy(book)
    (alert,) = [a["args"] for a in book.json()["actions"] if a["func"] == "alert"]
    assert COPY in alert[0]  # what was done: the copy, and the .eml beside it
    assert "Chưa mở được thư nháp trong Outlook" in alert[0] and NO_OUTLOOK in alert[0]
    assert (tmp_path / COPY).is_file() and list(tmp_path.glob("*.eml"))


def test_without_pywin32_the_message_says_outlook_was_not_driven(sheets, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "win32com", None)  # import fails, as off Windows
    monkeypatch.setattr(macros.tempfile, "gettempdir", lambda: str(tmp_path))
    rows, _ = sheets
    book = remote_book(rows)
    macros.email_copy(book)
    (alert,) = [a["args"] for a in book.json()["actions"] if a["func"] == "alert"]
    assert "không điều khiển được Outlook" in alert[0] and ".eml" in alert[0]

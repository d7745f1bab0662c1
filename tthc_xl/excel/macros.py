"""Ribbon macros: what each button of the TTHC tab runs through xlwings' RunPython.

`RIBBON_ACTIONS` is the one table of the TTHC tab: button label, VBA callback, Python
macro. ``tthc-xl build-workbook`` generates the VBA module ``TTHC_Ribbon`` from it (one
``Sub <callback>(control As IRibbonControl)`` per button) and refuses a ``customUI14.xml``
whose buttons do not match it. Each callback passes a fixed command built by
`runpython_command`, such as ``RunPython "import tthc_xl.macros as m; m.refresh()"``; no
cell value or path is ever pasted into it. Workbooks in the field run exactly these
strings, so the command form and the macro names must not change. The Python side finds
the workbook with ``xw.Book.caller()`` and asks Excel for anything else it needs. Every
macro:

- shows its progress in Excel's status bar;
- reports a failure as a Vietnamese message box, with the technical detail (types and
  stack, never a cell value) in ``tthc_xl.log`` next to the workbook;
- says so in a message box when it is not built yet, never failing silently.

Macros take an optional ``book`` so tests can hand them a real xlwings Book (the remote
interpreter's ``xw.Book(json=...)``) instead of the caller.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable
from pathlib import Path

import xlwings as xw

from tthc_xl.book.errors import WorkbookError
from tthc_xl.book.failures import log_failure, user_message
from tthc_xl.book.xlbook import (
    XlwingsBook,
    excel_error_types,
    excel_reason,
    has_object_model,
    set_status,
)

TITLE = "TTHC"
LOG_NAME = "tthc_xl.log"

# Ribbon button label -> (VBA callback, Python macro). The build generates the ribbon's VBA
# module from this table and checks customUI14.xml against it.
RIBBON_ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Nhập dữ liệu", "TTHC_Import", "import_files"),
    ("Cập nhật chỉ số", "TTHC_Refresh", "refresh"),
    ("Lập báo cáo", "TTHC_Report", "build_report"),
    ("Xuất Word/PDF", "TTHC_ExportDocument", "export_document"),
    ("Tạo bản gửi email", "TTHC_EmailCopy", "email_copy"),
    ("Cài đặt", "TTHC_Settings", "open_settings"),
    ("Hướng dẫn", "TTHC_Help", "show_help"),
    ("Kiểm tra cài đặt", "TTHC_Doctor", "check_install"),
)


def runpython_command(macro: str) -> str:
    """The fixed RunPython command string for a macro (ASCII, no user data).

    Workbooks already in the field call this exact form: do not change it."""
    return f"import tthc_xl.macros as m; m.{macro}()"


class NotBuiltYet(Exception):
    """A button whose job is planned but not implemented yet."""


class UserMessage(Exception):
    """A failure the clerk can fix (a bad file, a locked sheet): shown as it is, no log."""


def log_path(book: xw.Book) -> Path:
    """tthc_xl.log next to the workbook, or in the temp folder when it has no folder."""
    folder = Path(str(book.fullname)).parent
    if not str(book.fullname) or not folder.is_dir() or folder == Path("."):
        folder = Path(tempfile.gettempdir())
    return folder / LOG_NAME


def alert(book: xw.Book, text: str, critical: bool = False) -> None:
    book.app.alert(text, TITLE, mode="critical" if critical else "info")


def macro(func: Callable[[xw.Book], str | None]) -> Callable[[xw.Book | None], None]:
    """Resolve the workbook, show the outcome in a message box, log failures."""

    @functools.wraps(func)
    def run(book: xw.Book | None = None) -> None:
        book = book if book is not None else xw.Book.caller()
        try:
            message = func(book)
        except NotBuiltYet as exc:
            alert(book, f"Chức năng '{exc}' chưa được xây dựng trong phiên bản này.")
        except UserMessage as exc:
            alert(book, str(exc), critical=True)
        except Exception as exc:  # noqa: BLE001 - every failure reaches the clerk
            path = _log_failure(log_path(book), func.__name__, exc)
            text = str(exc) if isinstance(exc, WorkbookError) else user_message(exc)
            alert(book, f"Lỗi: {text}\n\nChi tiết kỹ thuật đã ghi vào: {path}", critical=True)
        else:
            if message:
                alert(book, message)
        finally:
            set_status(book, None)

    return run


def _log_failure(path: Path, name: str, exc: BaseException) -> Path:
    """The technical detail (types and stack, never a message that may quote a cell) goes
    to tthc_xl.log; a workbook's name is no personal data, a cell value may be."""
    return log_failure(path.parent, name, exc)


# ------------------------------------------------------------------ the buttons


IMPORT_FILTER = (
    "Tệp xuất dữ liệu (*.xlsx;*.xlsm;*.xls;*.xlsb;*.ods;*.csv;*.txt;*.tsv),"
    "*.xlsx;*.xlsm;*.xls;*.xlsb;*.ods;*.csv;*.txt;*.tsv,"
    "Tất cả các tệp (*.*),*.*"
)
IMPORT_TITLE = "Chọn các tệp xuất dữ liệu để nhập vào sổ"
MESSAGE_PROBLEMS = 8  # problems listed in the message box; the rest are in LoiNhap


def ask_import_files(book: xw.Book) -> list[str] | None:
    """Excel's own Open dialog, several files at once; None when the clerk cancels.

    Application.GetOpenFilename(FileFilter, FilterIndex, Title, ButtonText, MultiSelect)
    returns False on cancel and an array of paths with MultiSelect.
    """
    if not has_object_model(book):  # the remote interpreter has no dialogs
        raise UserMessage("Không mở được hộp chọn tệp của Excel trong môi trường này.")
    # keywords: COM sends a None by position as a null, not as "missing" (ButtonText is
    # left out, as Excel wants it on Windows)
    picked = book.app.api.GetOpenFilename(
        FileFilter=IMPORT_FILTER, FilterIndex=1, Title=IMPORT_TITLE, MultiSelect=True
    )
    if picked is False or picked is None:
        return None
    if isinstance(picked, str):
        return [picked]
    return [str(p) for p in picked]


def import_into(book: xw.Book, paths: list[str]) -> str:
    """The import behind the button, on files already chosen: the same `run_import` as
    `tthc-xl import`, writing into the open workbook; the summary for the message box."""
    from tthc_xl.book.errors import WorkbookError
    from tthc_xl.importer import ImportAborted, run_import
    from tthc_xl.importer.summary import count_rows, problem_lines
    from tthc_xl.style.numbers import thousands

    shown = {"percent": -1}

    def progress(text: str, fraction: float) -> None:
        percent = int(fraction * 100)
        if percent != shown["percent"]:
            shown["percent"] = percent
            set_status(book, f"Nhập dữ liệu: {text} ({percent}%)")

    try:
        result = run_import(XlwingsBook(book), paths, progress=progress)
    except (ImportAborted, WorkbookError) as exc:
        raise UserMessage(str(exc)) from exc
    lines = [
        f"{r[0]}: thêm {r[2]}, cập nhật {r[3]}, không đổi {r[4]}, bị loại {r[5]}, cảnh báo {r[6]}."
        for r in count_rows(result)
    ]
    extras = sorted({c for f in result.files for c in f.extra_columns})
    if extras:
        lines.append(f"Cột lạ được giữ lại: {', '.join(extras)}.")
    problems = problem_lines(result)
    if problems:
        lines.append(f"\nLỗi và cảnh báo ({thousands(len(problems))}, chi tiết ở sheet LoiNhap):")
        lines += problems[:MESSAGE_PROBLEMS]
        if len(problems) > MESSAGE_PROBLEMS:
            lines.append(f"… và {thousands(len(problems) - MESSAGE_PROBLEMS)} dòng khác.")
    lines += result.notes
    if result.written:
        lines.append("\nCác thay đổi đã ghi ở sheet NhatKy. Hãy lưu sổ (Ctrl+S) để giữ kết quả.")
    else:
        lines.append("\nKhông có gì thay đổi.")
    return "\n".join(lines)


@macro
def import_files(book: xw.Book) -> str | None:
    """Nhập dữ liệu: ask Excel for export files, merge them into HoSo."""
    paths = ask_import_files(book)
    if not paths:
        return None
    return import_into(book, paths)


@macro
def refresh(book: xw.Book) -> str | None:
    """Cập nhật chỉ số: KPI values, CanhBao and Bieu06 for the KPI sheet's period."""
    from tthc_xl.report.refresh import refresh as run_refresh

    xl = XlwingsBook(book)
    summary = run_refresh(xl)
    xl.recalculate()  # the live formulas, for the period just refreshed
    return summary.message()


def report_into(book: xw.Book):
    """The report behind both buttons: `build_report` through the open workbook, for the
    KPI sheet's period (the same code path as `tthc-xl report`)."""
    from tthc_xl.book.errors import WorkbookError
    from tthc_xl.report.baocao import build_report as run_report
    from tthc_xl.report.template import TemplateError

    try:
        return run_report(XlwingsBook(book))
    except (TemplateError, WorkbookError, ValueError) as exc:
        raise UserMessage(str(exc)) from exc


@macro
def build_report(book: xw.Book) -> str | None:
    """Lập báo cáo: KPI, CanhBao, Bieu06 refreshed, then BaoCao written from MauBaoCao."""
    from tthc_xl.sheets import filled_by

    summary = report_into(book)
    for sheet in filled_by("build_report"):  # the report the clerk asked for, in front
        book.sheets[sheet.name].activate()
    return summary.message() + "\nHãy lưu sổ (Ctrl+S) để giữ báo cáo."


XL_TYPE_PDF = 0  # XlFixedFormatType.xlTypePDF
XL_QUALITY_STANDARD = 0  # XlFixedFormatQuality.xlQualityStandard


def document_paths(book: xw.Book, period_label: str) -> tuple[Path, Path]:
    """BaoCao_<period>.docx and .pdf next to the workbook (the temp folder if it has none)."""
    folder = log_path(book).parent
    stem = f"BaoCao_{period_label.replace('..', '_').replace('/', '-')}"
    return folder / f"{stem}.docx", folder / f"{stem}.pdf"


def export_pdf_in_excel(book: xw.Book, path: Path) -> None:
    """Excel's own PDF of BaoCao (its page set-up: A4, ND 30 margins, one page wide); what
    Excel refuses (no printer, the file open elsewhere) is said, the Word file stays."""
    if not has_object_model(book):
        raise UserMessage(
            "Không xuất được PDF trong môi trường này (cần Excel trên Windows). "
            "Dùng lệnh: tthc-xl report <sổ> --period <kỳ> --pdf <tệp>."
        )
    try:
        # Quality standard; IncludeDocProperties False: no author or title of the workbook
        book.api.Worksheets("BaoCao").ExportAsFixedFormat(
            XL_TYPE_PDF, str(path), XL_QUALITY_STANDARD, False
        )
    except excel_error_types() as exc:
        raise UserMessage(
            f"Không xuất được PDF của BaoCao: Excel báo «{excel_reason(exc)}». Tệp Word đã "
            "ghi; có thể in BaoCao ra PDF bằng File > Export trong Excel."
        ) from exc


@macro
def export_document(book: xw.Book) -> str | None:
    """Xuất Word/PDF: the report rebuilt, then a Word file and Excel's PDF of BaoCao."""
    from tthc_xl.report.pictures import chart_pictures
    from tthc_xl.report.word import write_docx

    summary = report_into(book)
    docx, pdf = document_paths(book, summary.period_label)
    write_docx(summary, docx, chart_pictures(summary.charts))
    lines = [summary.message(), f"Đã ghi tệp Word: {docx}"]
    try:
        export_pdf_in_excel(book, pdf)
        lines.append(f"Đã ghi tệp PDF: {pdf}")
    except UserMessage as exc:
        lines.append(str(exc))
    return "\n".join(lines)


def copy_folder(book: xw.Book) -> tuple[Path, Path | None]:
    """Where the copy goes (next to the workbook, else the temp folder) and the workbook
    file whose looks it takes (None when the workbook has never been saved)."""
    full = Path(str(book.fullname))
    if str(book.fullname) and full.is_file():
        return full.parent, full
    return Path(tempfile.gettempdir()), None


def open_outlook_draft(subject: str, body: str, attachment: Path) -> str | None:
    """On Windows with Outlook: a draft with the copy attached. None when it is open,
    else why not (no pywin32 here, or what Outlook/COM said), for the message box."""
    try:
        import win32com.client  # pywin32, Windows only
    except ImportError:
        return "máy này không điều khiển được Outlook"
    try:
        mail = win32com.client.Dispatch("Outlook.Application").CreateItem(0)
        mail.Subject = subject
        mail.Body = body
        mail.Attachments.Add(str(attachment))
        mail.Display()
    except excel_error_types() as exc:  # COM: no Outlook, or it refused; the .eml stays
        return f"Outlook báo «{excel_reason(exc)}»"
    return None


@macro
def email_copy(book: xw.Book) -> str | None:
    """Tạo bản gửi email: the figures Excel shows, as a plain .xlsx beside the workbook
    (no macros, no formulas, no personal data), with a draft email."""
    from tthc_xl.book.errors import WorkbookError
    from tthc_xl.report.publish import email_body, email_subject, publish_open_book

    folder, template = copy_folder(book)
    try:
        done = publish_open_book(XlwingsBook(book), folder, template)
    except (WorkbookError, ValueError) as exc:
        raise UserMessage(str(exc)) from exc
    message = done.message()
    subject = email_subject(done.result, done.settings)
    body = email_body(done.result, done.settings, done.path.name)
    why_not = open_outlook_draft(subject, body, done.path)
    if why_not is None:
        message += "\nĐã mở thư nháp trong Outlook, có đính kèm bản gửi."
    else:
        message += (
            f"\nChưa mở được thư nháp trong Outlook ({why_not}). Bản gửi và tệp thư nháp "
            "(.eml) đã ghi: mở tệp .eml để gửi, hoặc đính kèm tệp .xlsx vào thư."
        )
    return message


@macro
def open_settings(book: xw.Book) -> str | None:
    """Cài đặt: bring the CauHinh sheet forward."""
    from tthc_xl.book.names import SHEET_SETTINGS

    book.sheets[SHEET_SETTINGS].activate()
    return None


HELP_TEXT = (
    "Các nút trên thẻ TTHC:\n"
    "- Nhập dữ liệu: chọn các tệp xuất từ hệ thống một cửa, hộ tịch, Cổng DVCQG; "
    "hồ sơ được gộp vào sheet HoSo, lỗi ghi ở LoiNhap, thay đổi ghi ở NhatKy.\n"
    "- Cập nhật chỉ số: tính lại sheet KPI, CanhBao (hồ sơ quá hạn, sắp đến hạn) và Bieu06 "
    "cho kỳ ở ô Kỳ báo cáo của sheet KPI.\n"
    "- Lập báo cáo: cập nhật chỉ số rồi viết sheet BaoCao theo lời văn ở sheet MauBaoCao.\n"
    "- Xuất Word/PDF: lập báo cáo rồi ghi tệp Word và PDF cạnh sổ.\n"
    "- Tạo bản gửi email: bản .xlsx chỉ có số liệu (không macro, không công thức, không "
    "thông tin cá nhân) cạnh sổ, kèm thư nháp .eml.\n"
    "- Cài đặt: sheet CauHinh (giờ làm việc, cách so sánh hạn, chỉ tiêu...).\n"
    "- Kiểm tra cài đặt: Python, xlwings, chỗ để sổ, thông tin đơn vị; mỗi mục một dòng "
    "kèm cách sửa (như lệnh tthc-xl doctor).\n"
    "Các hàm trong ô: ONLINE_RATE, EARLY_RATE, ON_TIME_RATE, RECEIVED_COUNT, RESOLVED_COUNT, "
    "LATE_COUNT, PENDING_COUNT, DUE_SOON_COUNT, CARRIED_OVER_COUNT, TOTAL_COUNT, "
    "INDEX766_PROGRESS, INDEX766_ONLINE, "
    "DUE_DATE, WORKDAYS_VN, BIEU06, KPI_KEY, KPI_VALUE."
)


@macro
def show_help(book: xw.Book) -> str | None:
    return HELP_TEXT


@macro
def check_install(book: xw.Book) -> str | None:
    """Kiểm tra cài đặt: `tthc-xl doctor` on this PC and this workbook, one line a check;
    a failure is shown as such (the same lines whoever helps reads over the phone)."""
    from tthc_xl.excel.doctor import exit_code, report, run_checks

    full = Path(str(book.fullname))
    checks = run_checks(full if str(book.fullname) and full.is_file() else None)
    text = "Kiểm tra cài đặt (như lệnh tthc-xl doctor):\n" + report(checks)
    if exit_code(checks) == 2:
        raise UserMessage(text)
    return text

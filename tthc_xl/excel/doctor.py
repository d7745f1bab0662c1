"""`tthc-xl doctor`: what stands between a commune PC and a working workbook, one line per
check, and `tthc-xl setup`: the running Python written into the workbook's xlwings.conf.

Light on purpose (the standard library, python-calamine, oletools for the VBA module;
no pandas): it must answer on a PC where the heavy parts are what is broken, and fast
enough to run on the phone with whoever helps. Every line says what to do.
"""

from __future__ import annotations

import enum
import os
import re
import shutil
import struct
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PureWindowsPath
from typing import Any

SUPPORTED_PYTHON = (3, 11)
XLWINGS_SHEET = "xlwings.conf"  # tthc_xl.book.names.SHEET_XLWINGS (test-pinned)
SETTINGS_SHEET = "CauHinh"  # tthc_xl.book.names.SHEET_SETTINGS (test-pinned)
INTERPRETER_KEY = "INTERPRETER_WIN"
# CauHinh's unit cells, as rules.settings.LABELS names them (test-pinned: importing the
# rules would load pandas), and the placeholder a new workbook holds there.
UNIT_LABELS = ("Tên đơn vị", "Cơ quan cấp trên", "Địa danh")
# what the report still needs when blank (rules.settings.missing_labels says the same);
# a blank parent body is not missing: a commune's UBND heads its own documents
REPORT_LABELS = ("Người ký", "Số kế hoạch")
PLACEHOLDER = "……"
ASCII_HOME = r"C:\TTHC\Python311"
ASCII_ADVICE = (
    f"cài lại Python vào thư mục chỉ có chữ không dấu, ví dụ {ASCII_HOME} (trình cài Python: "
    '"Customize installation" > "Customize install location"), cài tthc-xl bằng Python đó '
    "rồi chạy: tthc-xl setup <sổ>"
)
_VERSION_CONST = re.compile(r'XLWINGS_VERSION\s+As\s+String\s*=\s*"([^"]+)"', re.IGNORECASE)
_PERCENT_VAR = re.compile(r"%([^%]+)%")


class Status(enum.Enum):
    OK = "✓"
    WARN = "!"
    FAIL = "✗"
    NOT_HERE = "–"  # a Windows-only check elsewhere


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    text: str

    def line(self) -> str:
        return f"{self.status.value} {self.name}: {self.text}"


def exit_code(checks: Sequence[Check]) -> int:
    """0 when everything holds, 1 when something is only a warning, 2 on any failure."""
    statuses = {c.status for c in checks}
    return 2 if Status.FAIL in statuses else 1 if Status.WARN in statuses else 0


def _not_here(name: str) -> Check:
    return Check(name, Status.NOT_HERE, "không áp dụng (chỉ kiểm tra được trên Windows)")


def on_windows() -> bool:
    return sys.platform == "win32"


# ------------------------------------------------------------------ the PC


def check_python() -> Check:
    bits = struct.calcsize("P") * 8
    version = ".".join(str(v) for v in sys.version_info[:3])
    name = "Python"
    if sys.version_info[:2] < SUPPORTED_PYTHON:
        return Check(name, Status.FAIL, f"bản {version} quá cũ: cần Python 3.11 trở lên")
    text = f"{version}, {bits}-bit ({sys.executable})"
    if bits != 64:
        return Check(name, Status.WARN, f"{text}: Office 64-bit cần Python 64-bit; cài bản 64-bit")
    return Check(name, Status.OK, f"{text}; Office cũng phải là bản {bits}-bit")


def check_python_path() -> Check:
    """xlwings loads its DLL through an ANSI path: a user folder 'Nguyễn' breaks it."""
    name = "Thư mục Python"
    here = sys.executable
    if not here.isascii():
        return Check(name, Status.FAIL, f"'{here}' có chữ có dấu: {ASCII_ADVICE}")
    return Check(name, Status.OK, f"'{Path(here).parent}' chỉ có chữ không dấu")


def installed(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def check_dll(interpreter: str | None = None) -> Check:
    """xlwings{64|32}-<version>.dll beside the Python Excel starts (or the running one)."""
    name = "Tệp DLL của xlwings"
    if not on_windows():
        return _not_here(name)
    version = installed("xlwings") or "?"
    dll = f"xlwings{struct.calcsize('P') * 8}-{version}.dll"
    folders = [Path(sys.prefix), Path(sys.executable).parent]
    if interpreter:
        python = Path(expand_windows_vars(interpreter))
        folders = [python.parent, python.parent.parent, *folders]
    for folder in folders:
        if (folder / dll).is_file():
            return Check(name, Status.OK, f"có {folder / dll}")
    return Check(
        name,
        Status.FAIL,
        f"không thấy {dll} cạnh Python ({folders[0]}): cài lại bằng "
        f'"pip install --force-reinstall xlwings=={version}" bằng đúng Python đó',
    )


def check_libreoffice() -> Check:
    name = "LibreOffice (xuất PDF)"
    if on_windows():
        return Check(name, Status.NOT_HERE, "không cần trên Windows: Excel tự xuất PDF")
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return Check(name, Status.OK, f"có {found}")
    return Check(
        name, Status.WARN, "không thấy: cài LibreOffice (gói libreoffice-calc) để xuất PDF"
    )


# ------------------------------------------------------------------ the workbook


def expand_windows_vars(path: str) -> str:
    """%LOCALAPPDATA% and the like, as Windows expands them (left as they are when unset)."""
    return _PERCENT_VAR.sub(lambda m: os.environ.get(m.group(1), m.group(0)), path)


def vba_xlwings_version(workbook: Path) -> str | None:
    """XLWINGS_VERSION of the workbook's xlwings VBA module (None when it has none)."""
    with warnings.catch_warnings():  # oletools 0.60 uses pyparsing's deprecated names
        warnings.simplefilter("ignore", DeprecationWarning)
        from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(workbook))
    try:
        for _, _, filename, code in parser.extract_macros():
            if filename.rsplit(".", 1)[0].lower() == "xlwings":
                text = code.decode("cp1252") if isinstance(code, bytes) else code
                found = _VERSION_CONST.search(text)
                return found.group(1) if found else None
    finally:
        parser.close()
    return None


def check_versions(workbook: Path | None) -> Check:
    name = "Phiên bản"
    ours, xlwings = installed("tthc-xl"), installed("xlwings")
    if xlwings is None:
        return Check(name, Status.FAIL, 'chưa cài xlwings: chạy "pip install tthc-xl"')
    text = f"tthc-xl {ours}, xlwings {xlwings}"
    if workbook is None:
        return Check(name, Status.OK, text)
    in_book = vba_xlwings_version(workbook)
    if in_book is None:
        return Check(name, Status.FAIL, f"{text}; sổ không có mô-đun VBA xlwings: tạo sổ mới")
    if in_book != xlwings:
        return Check(
            name,
            Status.FAIL,
            f"{text}, nhưng mã VBA của sổ là xlwings {in_book}: cài đúng bản bằng "
            f'"pip install xlwings=={in_book}" (hoặc tạo sổ mới bằng tthc-xl new)',
        )
    return Check(name, Status.OK, f"{text}, khớp mã VBA của sổ")


def _sheet_rows(workbook: Path, sheet: str) -> list[list[Any]] | None:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(workbook))
    if sheet not in book.sheet_names:
        return None
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def conf_interpreter(workbook: Path) -> str | None:
    """Interpreter_Win of the workbook's xlwings.conf sheet ('' when the key is blank)."""
    rows = _sheet_rows(workbook, XLWINGS_SHEET) or []
    for row in rows:
        if not row or row[0] in (None, ""):
            break  # xlwings reads the block down to the first blank key
        if str(row[0]).strip().upper() == INTERPRETER_KEY:
            return str(row[1]).strip() if len(row) > 1 and row[1] is not None else ""
    return None


def interpreter_problem(path: str) -> str | None:
    """Why a path cannot be xlwings' interpreter (None when it can): letters outside ASCII,
    before or after expanding %VARIABLES%."""
    for shown in dict.fromkeys([path, expand_windows_vars(path)]):
        if not shown.isascii():
            return f"đường dẫn '{shown}' có chữ có dấu, xlwings không nạp được DLL: {ASCII_ADVICE}"
    return None


def check_interpreter(workbook: Path) -> Check:
    name = "Python của sổ (xlwings.conf)"
    value = conf_interpreter(workbook)
    if not value:
        return Check(name, Status.FAIL, "sổ chưa ghi Interpreter_Win: chạy tthc-xl setup <sổ>")
    problem = interpreter_problem(value)
    if problem:
        return Check(name, Status.FAIL, problem)
    if not on_windows():
        return Check(name, Status.OK, f"'{value}' (có tồn tại không: chỉ kiểm tra trên Windows)")
    if not Path(expand_windows_vars(value)).is_file():
        return Check(
            name, Status.FAIL, f"không có tệp '{value}': chạy tthc-xl setup <sổ> bằng Python đã cài"
        )
    return Check(name, Status.OK, f"'{value}'")


def check_location(workbook: Path) -> Check:
    name = "Chỗ để sổ"
    full = str(workbook.resolve())
    parts = {p.lower() for p in PureWindowsPath(full).parts} | {p.lower() for p in Path(full).parts}
    onedrive = [
        os.environ.get(v, "") for v in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")
    ]
    if any(p.startswith("onedrive") for p in parts) or any(
        root and full.lower().startswith(root.lower()) for root in onedrive
    ):
        return Check(
            name,
            Status.WARN,
            f"'{full}' nằm trong OneDrive: Excel mở sổ qua đường dẫn web và xlwings không "
            r"tìm thấy tệp; chép sổ vào thư mục trên máy, ví dụ C:\TTHC\ ",
        )
    if full.startswith(("\\\\", "//")):
        return Check(
            name,
            Status.WARN,
            f"'{full}' ở ổ mạng: Office chặn macro và tệp có thể bị người khác mở; "
            r"chép sổ vào C:\TTHC\ ",
        )
    return Check(name, Status.OK, f"'{full}'")


def check_internet_mark(workbook: Path) -> Check:
    """Mark of the Web: Office blocks every macro of a file downloaded or emailed."""
    name = "Dấu tải từ Internet"
    if not on_windows():
        return _not_here(name)
    try:
        with open(f"{workbook}:Zone.Identifier", encoding="utf-8", errors="replace") as mark:
            zone = re.search(r"ZoneId=(\d)", mark.read())
    except OSError:
        return Check(name, Status.OK, "không có: Office cho chạy macro của sổ")
    if zone and int(zone.group(1)) < 3:
        return Check(name, Status.OK, "có nhưng là vùng tin cậy")
    return Check(
        name,
        Status.FAIL,
        "sổ mang dấu tải từ Internet nên Office chặn macro: đóng sổ, chuột phải vào tệp > "
        "Properties > đánh dấu Unblock > OK (hoặc để sổ trong Trusted Location)",
    )


def check_unit(workbook: Path) -> Check:
    name = "Thông tin đơn vị (CauHinh)"
    rows = _sheet_rows(workbook, SETTINGS_SHEET)
    if rows is None:
        return Check(name, Status.FAIL, "sổ không có sheet CauHinh: tạo sổ mới bằng tthc-xl new")
    values = {str(r[0]).strip(): (r[1] if len(r) > 1 else None) for r in rows if r and r[0]}
    empty = [
        label
        for label in UNIT_LABELS
        if PLACEHOLDER in str(values.get(label) or "")
        or (values.get(label) in (None, "") and label != UNIT_LABELS[1])
    ]
    empty += [label for label in REPORT_LABELS if values.get(label) in (None, "")]
    if empty:
        return Check(
            name, Status.WARN, f"chưa điền {', '.join(empty)}: sửa ở sheet CauHinh (nút Cài đặt)"
        )
    return Check(name, Status.OK, f"{values[UNIT_LABELS[0]]}")


# ------------------------------------------------------------------ all of it


def run_checks(workbook: Path | None) -> list[Check]:
    """Every check, in the order someone on the phone would go through them."""
    checks = [check_python(), check_python_path()]
    interpreter = None
    if workbook is not None:
        try:
            interpreter = conf_interpreter(workbook)
        except Exception:  # noqa: BLE001 - an unreadable workbook is said below
            interpreter = None
    checks += [check_versions_safely(workbook), check_dll(interpreter)]
    if workbook is not None:
        checks += [
            _safely("Python của sổ (xlwings.conf)", lambda: check_interpreter(workbook)),
            check_location(workbook),
            check_internet_mark(workbook),
            _safely("Thông tin đơn vị (CauHinh)", lambda: check_unit(workbook)),
        ]
    checks.append(check_libreoffice())
    return checks


def check_versions_safely(workbook: Path | None) -> Check:
    return _safely("Phiên bản", lambda: check_versions(workbook))


def _safely(name: str, check: Callable[[], Check]) -> Check:
    """A workbook a check cannot read is that check's failure, not the doctor's crash."""
    try:
        return check()
    except Exception as exc:  # noqa: BLE001 - said on the line, the other checks go on
        return Check(name, Status.FAIL, f"không đọc được sổ ({type(exc).__name__}: {exc})")


def report(checks: Sequence[Check]) -> str:
    code = exit_code(checks)
    verdict = {
        0: "Cài đặt ổn.",
        1: "Dùng được, nhưng nên sửa các dòng có dấu !.",
        2: "Cần sửa các dòng có dấu ✗ trước khi dùng sổ.",
    }[code]
    return "\n".join([*(c.line() for c in checks), verdict])


# ------------------------------------------------------------------ setup


class SetupError(ValueError):
    """The interpreter cannot go into xlwings.conf; the message says the way out."""


def pythonw_of(executable: str) -> str:
    """pythonw.exe beside the running python.exe: RunPython starts it without a window."""
    path = PureWindowsPath(executable)
    return str(path.with_name("pythonw.exe")) if path.suffix.lower() == ".exe" else executable


def check_setup_interpreter(interpreter: str) -> None:
    problem = interpreter_problem(interpreter)
    if problem:
        raise SetupError(f"Không ghi được Python vào sổ: {problem}")
    if on_windows() and not Path(expand_windows_vars(interpreter)).is_file():
        raise SetupError(f"Không ghi được Python vào sổ: không có tệp '{interpreter}'.")


def write_interpreter(workbook: Path, interpreter: str) -> Path:
    """Interpreter_Win of the workbook's xlwings.conf set to `interpreter` (checked first),
    every other row kept; the workbook is saved safely (a backup, the ribbon kept)."""
    from tthc_xl.book.filebook import FileBook

    check_setup_interpreter(interpreter)
    book = FileBook(workbook, backups=1)
    if XLWINGS_SHEET not in book.sheet_names():
        raise SetupError(f"Sổ '{workbook.name}' không có sheet {XLWINGS_SHEET}: tạo sổ mới.")
    rows = book.read(XLWINGS_SHEET)
    row = len(rows) + 1
    for i, cells in enumerate(rows, start=1):
        if not cells or cells[0] in (None, ""):
            row = i  # xlwings stops at the first blank key: the key goes there
            break
        if str(cells[0]).strip().upper() == INTERPRETER_KEY:
            row = i
            break
    book.write(XLWINGS_SHEET, row, [["Interpreter_Win", interpreter]])
    return book.save()

"""`tthc-xl new`: a fresh commune workbook from the template the package carries.

The wheel holds the built ``TTHC_Q.xlsm`` (``tthc_xl/data``, refreshed by
``tthc-xl build-workbook``), so a commune that installed with pip never needs a checkout.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from tthc_xl.book.atomic import replacing
from tthc_xl.book.errors import WorkbookError

TEMPLATE = "TTHC_Q.xlsm"


def template_file() -> Path:
    """The packaged template (a real file inside the installed package)."""
    path = Path(str(resources.files("tthc_xl") / "data" / TEMPLATE))
    if not path.is_file():
        raise WorkbookError(f"Bản cài tthc-xl thiếu sổ mẫu {TEMPLATE}; hãy cài lại gói.")
    return path


def new_workbook_file(path: Path, unit: str | None = None) -> Path:
    """Write a fresh workbook at `path` (.xlsm, must not exist), with `unit` in CauHinh."""
    path = Path(path)
    if path.suffix.lower() != ".xlsm":
        raise WorkbookError(f"Sổ mới phải có đuôi .xlsm (sổ có macro), không phải '{path.name}'.")
    if path.exists():
        raise WorkbookError(f"Đã có tệp '{path}'. Chọn tên khác; tệp cũ giữ nguyên.")
    if not path.parent.is_dir():
        raise WorkbookError(f"Không có thư mục '{path.parent}'.")
    if unit is None or not unit.strip():
        with replacing(path) as tmp:  # the template's bytes, atomically
            shutil.copyfile(template_file(), tmp)
        return path
    # the writer loads openpyxl and pandas: only when there is a cell to write (issue 18)
    from tthc_xl.book.filebook import FileBook
    from tthc_xl.book.layout import settings_cell
    from tthc_xl.book.names import SHEET_SETTINGS
    from tthc_xl.rules.settings import unit_settings

    with replacing(path) as tmp:  # the template beside the target, then the unit into it
        shutil.copyfile(template_file(), tmp)
        book = FileBook(tmp, backups=0)
        for attr, value in unit_settings(unit).items():  # the unit, its place name
            ref = settings_cell(attr).split("!")[1].replace("$", "")
            book.write(SHEET_SETTINGS, int(ref[1:]), [[value]], left=ord(ref[0]) - 64)
        book.save()
    return path

"""The NhatKy line a copy WITH personal data leaves in the workbook it came from."""

from __future__ import annotations

import datetime as dt

from tthc_xl.book.base import Book
from tthc_xl.book.names import AUDIT_HEADERS, SHEET_AUDIT, find_sheet

PERSONAL_WARNING = (
    "Cảnh báo: bản gửi email CÓ dữ liệu cá nhân (họ tên, số giấy tờ, số điện thoại, địa "
    "chỉ) vì đã chọn --include-personal-data. Chỉ gửi cho người có thẩm quyền; việc này đã "
    f"được ghi vào sheet {SHEET_AUDIT}."
)


def log_personal_copy(book: Book, copy_file: str, now: dt.datetime) -> None:
    """One NhatKy line: a copy WITH personal data left the workbook (the caller saves)."""
    names = book.sheet_names()
    sheet = find_sheet(names, SHEET_AUDIT) or SHEET_AUDIT
    rows = book.read(sheet) if sheet in names else []
    last = 0
    for i, row in enumerate(rows, start=1):
        if any(v not in (None, "") for v in row):
            last = i
    if last == 0:
        book.write(sheet, 1, [list(AUDIT_HEADERS)])
        last = 1
    line = [
        now.replace(microsecond=0),
        copy_file,
        "",
        "Bản gửi email",
        "",
        "Có dữ liệu cá nhân (chọn gửi kèm dữ liệu cá nhân)",
    ]
    book.write(sheet, last + 1, [line], formats=["dd/mm/yyyy hh:mm"])

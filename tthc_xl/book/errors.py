"""Errors of the workbook I/O room; their messages are for the clerk, in Vietnamese."""

from __future__ import annotations

from pathlib import Path


class WorkbookError(Exception):
    """The workbook cannot be used."""


class WorkbookLockedError(WorkbookError):
    """The workbook is open in Excel (or locked by another program)."""


class LossyWorkbookError(WorkbookError):
    """Writing in place would lose parts; the result went to `written_to` instead."""

    def __init__(self, message: str, written_to: Path, lost: list[str]) -> None:
        super().__init__(message)
        self.written_to = written_to
        self.lost = lost


class NotARegisterError(WorkbookError):
    """A reading command was given an export or a foreign workbook instead of a register."""


def missing_workbook(path: Path) -> str:
    """A workbook that is not there: check the name, or make one (never 'take the release
    file': `tthc-xl new` makes a register with its macros)."""
    hint = (
        f" Nếu chưa có sổ, tạo sổ mới bằng lệnh: tthc-xl new {path.stem}.xlsm"
        if path.suffix.lower() in (".xlsm", ".xlsx")
        else ""
    )
    return f"Không tìm thấy tệp '{path}'. Hãy kiểm tra tên tệp và thư mục.{hint}"

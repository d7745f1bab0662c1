"""`tthc-xl import`: the export files into a workbook file, which the import may create.

A workbook that exists is opened as a `FileBook` (saved atomically, with backups). One that
does not exist yet (an .xlsx) is made by the import: a fresh data workbook (empty HoSo,
the built-in DanhMuc, NgayNghi and CauHinh) is written to the temp file of
`book.atomic.replacing`, the import writes into it, and only a finished import that wrote
something moves it into place. A failed import, a dry run or an import with nothing to
write leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tthc_xl.book import lock
from tthc_xl.book.atomic import remove_stale_temps, replacing
from tthc_xl.book.errors import WorkbookError
from tthc_xl.book.filebook import FileBook
from tthc_xl.importer.run import ImportResult, Progress, run_import
from tthc_xl.rules.sources import System


class CannotCreate(WorkbookError):
    """The workbook does not exist and cannot be made here: nothing was imported."""


class _NothingWritten(Exception):
    """Leaves `replacing` without moving the unused new workbook into place."""

    def __init__(self, result: ImportResult) -> None:
        self.result = result


def import_files(
    workbook: Path,
    files: Sequence[Path],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    source: System | None = None,
) -> ImportResult:
    """Import `files` into `workbook` (see the module docstring); `result.created` tells
    whether the workbook was made. `source`: the files' source system, as the clerk names it."""
    workbook = Path(workbook)
    if workbook.exists():
        book = FileBook(workbook, readonly=dry_run)
        return run_import(book, list(files), dry_run=dry_run, progress=progress, source=source)
    _check_new(workbook)
    key = lock.acquire(workbook)  # one writer per workbook name, as for an existing one
    try:
        remove_stale_temps(workbook)
        with replacing(workbook) as scratch:
            new_data_workbook(scratch)
            book = FileBook(scratch, backups=0, readonly=dry_run)
            result = run_import(
                book, list(files), dry_run=dry_run, progress=progress, source=source
            )
            if not result.written:
                raise _NothingWritten(result)
    except _NothingWritten as nothing:
        return nothing.result
    finally:
        lock.release(key)
    result.saved_to, result.created = workbook, True
    return result


def _check_new(path: Path) -> None:
    if path.suffix.lower() != ".xlsx":
        raise CannotCreate(
            f"Không tìm thấy sổ '{path}'. Chỉ tạo được sổ mới đuôi .xlsx; sổ .xlsm có macro "
            f"hãy tạo bằng lệnh: tthc-xl new {path}"
        )
    if not path.parent.exists():
        raise CannotCreate(f"Không có thư mục '{path.parent}' để tạo sổ mới.")


def new_data_workbook(path: Path) -> None:
    """A data workbook at `path`: empty HoSo, the built-in DanhMuc, NgayNghi and CauHinh."""
    from tthc_xl.book.layout import new_workbook
    from tthc_xl.rules.catalog import Catalog
    from tthc_xl.rules.register import empty_frame
    from tthc_xl.rules.settings import Settings

    new_workbook(empty_frame(), Catalog.default(), Settings()).save(path)

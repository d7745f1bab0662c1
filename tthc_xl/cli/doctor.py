"""`doctor` (what is wrong with an install, one line per check) and `setup` (the running
Python written into a workbook's xlwings.conf): the commune PC's first run."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tthc_xl.cli.base import UserError, command


@command()
@click.argument(
    "workbook", required=False, type=click.Path(dir_okay=False, path_type=Path), metavar="[SỔ]"
)
def doctor(workbook: Path | None) -> None:
    """Kiểm tra cài đặt trên máy này (và sổ, nếu có): Python, phiên bản, DLL của xlwings,
    Python ghi trong xlwings.conf, chỗ để sổ, dấu tải từ Internet, thông tin đơn vị,
    LibreOffice. Mỗi dòng một mục, ✓ là ổn, ! là nên sửa, ✗ là phải sửa, kèm cách sửa.
    Mã thoát: 0 mọi mục ổn, 1 có mục nên sửa, 2 có mục phải sửa.

    Ví dụ: tthc-xl doctor TTHC_2026.xlsm
    """
    from tthc_xl.excel.doctor import exit_code, report, run_checks

    if workbook is not None and not workbook.is_file():
        raise UserError(f"Không tìm thấy tệp sổ '{workbook}'.")
    checks = run_checks(workbook)
    click.echo(report(checks))
    sys.exit(exit_code(checks))


@command()
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path), metavar="SỔ")
@click.option(
    "--python",
    "interpreter",
    metavar="ĐƯỜNG_DẪN",
    help="pythonw.exe sẽ ghi vào sổ (mặc định: pythonw.exe của Python đang chạy lệnh này).",
)
def setup(workbook: Path, interpreter: str | None) -> None:
    """Ghi Python đang chạy (pythonw.exe) vào sheet xlwings.conf của sổ, để các nút và hàm
    của sổ chạy bằng đúng bản Python đã cài tthc-xl. Từ chối đường dẫn có chữ có dấu
    (xlwings không nạp được DLL qua đường dẫn đó) và nói cách cài lại.

    Ví dụ: tthc-xl setup TTHC_2026.xlsm
    """
    from tthc_xl.book.errors import WorkbookError
    from tthc_xl.excel.doctor import SetupError, pythonw_of, write_interpreter

    if not workbook.is_file():
        raise UserError(f"Không tìm thấy tệp sổ '{workbook}'.")
    chosen = interpreter or pythonw_of(sys.executable)
    try:
        saved = write_interpreter(workbook, chosen)
    except (SetupError, WorkbookError, OSError) as exc:
        raise UserError(str(exc)) from exc
    click.echo(f"Đã ghi Python của sổ (xlwings.conf, Interpreter_Win): {chosen}")
    click.echo(f"Sổ: {saved}")

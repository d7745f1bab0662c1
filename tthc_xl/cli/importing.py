"""The commands that read exports: `import` (into the register) and `inspect` (nothing
written)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import click

from tthc_xl.cli.base import (
    EXIT_USAGE,
    EXIT_WRITTEN_ELSEWHERE,
    UserError,
    command,
    guard,
    workbook_argument,
)

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar  # what click.progressbar returns

PROGRESS_MIN_BYTES = 2 * 1024 * 1024  # files smaller than this import too fast for a bar


def _files_to_import(files: tuple[Path, ...]) -> None:
    """Refuse, before anything is read, no file, a folder or a file that is not there."""
    if not files:
        raise UserError(
            "Chưa chọn tệp nào để nhập. Ví dụ: tthc-xl import TTHC_Q.xlsm tep_xuat.xlsx"
        )
    folders = [f for f in files if f.is_dir()]
    if folders:
        raise UserError(
            "Đây là thư mục, không phải tệp: "
            + ", ".join(f"'{f}'" for f in folders)
            + ". Hãy chọn các tệp trong thư mục. Chưa nhập gì."
        )
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise UserError(
            "Không tìm thấy tệp: " + ", ".join(f"'{f}'" for f in missing) + ". Chưa nhập gì."
        )


def _once_each(files: tuple[Path, ...]) -> tuple[Path, ...]:
    """Each file once, in the order given: a file named twice (or by two paths: a link,
    ./a and a) is imported once, and the clerk told."""
    kept: dict[tuple[int, int], Path] = {}
    times: dict[tuple[int, int], int] = {}
    for f in files:
        st = f.stat()
        key = (st.st_dev, st.st_ino)
        kept.setdefault(key, f)
        times[key] = times.get(key, 0) + 1
    for key, count in times.items():
        if count > 1:
            click.echo(
                f"Cảnh báo: tệp '{kept[key]}' được chọn {count} lần trong một lần nhập; "
                "chỉ nhập một lần.",
                err=True,
            )
    return tuple(kept.values())


@command("import")
@workbook_argument()
@click.argument("files", metavar="TỆP...", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--dry-run", is_flag=True, help="Chạy thử: chỉ cho xem những gì sẽ thay đổi, không ghi gì."
)
@click.option(
    "--create",
    is_flag=True,
    help="Sổ chưa có thì tạo sổ dữ liệu .xlsx mới (không macro). Sổ có macro: tthc-xl new.",
)
@click.option(
    "--source",
    type=click.Choice(["mot-cua", "ho-tich", "dvcqg", "khac"], case_sensitive=False),
    default=None,
    help="Hệ thống xuất các tệp (mặc định: nhận theo cột của tệp, rồi theo tên tệp ở CauHinh).",
)
def import_(
    workbook: Path, files: tuple[Path, ...], dry_run: bool, create: bool, source: str | None
) -> None:
    """Nhập các tệp xuất từ hệ thống một cửa, hộ tịch, Cổng DVCQG... vào sheet HoSo.

    \b
    Ví dụ:
      tthc-xl import TTHC_Q.xlsm motcua_Q1.xlsx hotich_Q1.csv dvcqg_Q1.xlsx
      tthc-xl import TTHC_Q.xlsm motcua_Q1.xlsx --dry-run

    Nhận .xlsx, .xlsm, .xls, .xlsb, .ods và tệp văn bản .csv/.txt (UTF-8, UTF-16 "Unicode
    Text" của Excel, Windows-1258; phân cách bằng dấu phẩy, chấm phẩy hoặc tab). Tự tìm
    dòng tiêu đề, bỏ dòng tiêu đề trang và dòng tổng cộng, ký tên.

    Hồ sơ mới được thêm vào cuối HoSo; hồ sơ đã có được cập nhật từng ô theo tệp nhập sau
    (ô trống trong tệp không xóa giá trị đã có). Cột Ghi chú và cột cán bộ tự thêm không
    bao giờ bị ghi. Mỗi thay đổi ghi vào sheet NhatKy, mỗi lỗi ghi vào sheet LoiNhap. Sổ
    được ghi an toàn (ghi tệp tạm rồi thay thế) và giữ bản sao lưu trong thư mục
    tthc-xl-saoluu cạnh sổ. Sổ chưa có thì lệnh dừng (tạo sổ: tthc-xl new), trừ khi có
    --create: khi đó một sổ dữ liệu mới (đuôi .xlsx) được tạo. Có tệp
    không nhập được thì không nhập gì (mã thoát 2); biểu đồ, hình ảnh, PivotTable trên
    sheet riêng của cán bộ được giữ nguyên.
    """
    from tthc_xl.book.errors import WorkbookError
    from tthc_xl.importer import ImportAborted
    from tthc_xl.importer.summary import summary_text
    from tthc_xl.importer.target import CannotCreate, import_files
    from tthc_xl.rules.sources import parse_system

    _files_to_import(files)
    files = _once_each(files)
    guard(register=workbook, inputs=tuple(("Tệp nhập", f) for f in files), create=create)
    system = parse_system(source) if source else None
    try:
        big = sum(f.stat().st_size for f in files) >= PROGRESS_MIN_BYTES
        with _progress(big) as progress:
            result = import_files(
                workbook, files, dry_run=dry_run, progress=progress, source=system
            )
    except (ImportAborted, CannotCreate) as exc:
        raise UserError(str(exc)) from exc
    except WorkbookError as exc:
        said = "chưa có gì được ghi" in str(exc).lower() or "chưa nhập gì" in str(exc).lower()
        raise UserError(str(exc) if said else f"{exc} Chưa nhập gì.") from exc
    if result.created:
        click.echo(f"Đã tạo sổ mới: {workbook}")
    click.echo(summary_text(result))
    if result.redirected:  # as refresh does: the result is in a new file, exit code 3
        click.echo(f"Cảnh báo: {result.redirected}", err=True)
        sys.exit(EXIT_WRITTEN_ELSEWHERE)


class _progress:
    """A progress bar on stderr for large imports; a no-op callback otherwise."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self.bar: ProgressBar[int] | None = None

    def __enter__(self) -> Callable[[str, float], None]:
        if not self.show:
            return lambda text, fraction: None
        bar = self.bar = click.progressbar(
            length=1000, label="Đang nhập", file=sys.stderr, show_percent=True, width=30
        )
        bar.__enter__()

        def update(text: str, fraction: float) -> None:
            bar.label = text
            bar.update(max(0, int(fraction * 1000) - bar.pos))

        return update

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.__exit__(exc_type, exc, tb)


@command("inspect")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--workbook",
    "-w",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Sổ để lấy sheet AnhXaCot và biết hồ sơ nào đã có (không ghi gì vào sổ).",
)
def inspect_(files: tuple[Path, ...], workbook: Path | None) -> None:
    """Xem một tệp xuất sẽ được đọc thế nào, không ghi gì.

    \b
    Ví dụ:
      tthc-xl inspect motcua_Q1.xlsx
      tthc-xl inspect motcua_Q1.xlsx -w TTHC_Q.xlsm

    Cho biết sheet và dòng tiêu đề tìm được; mỗi cột của tệp ứng với cột nào của sổ và
    theo quy tắc nào (tên quen, nghĩa, AnhXaCot, không rõ); vài giá trị mẫu và tỉ lệ đọc
    được; các dòng bị bỏ qua và lý do; tệp có bị lệnh import từ chối không (mã thoát 2).
    """
    from tthc_xl.book.reader import read_sheets
    from tthc_xl.importer.inspect import inspect_file, workbook_context
    from tthc_xl.importer.mapping import profile_from_rows

    if not files:
        raise UserError("Chưa chọn tệp nào. Ví dụ: tthc-xl inspect tep_xuat.xlsx")
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise UserError("Không tìm thấy tệp: " + ", ".join(f"'{f}'" for f in missing) + ".")
    profile, known = profile_from_rows(None), set[str]()
    if workbook is not None:
        profile, known = workbook_context(read_sheets(workbook))
    refused = False
    for i, path in enumerate(files):
        found = inspect_file(path, profile, known)
        click.echo(("\n" if i else "") + found.text)
        refused |= found.refused
    if refused:
        sys.exit(EXIT_USAGE)

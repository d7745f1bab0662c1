"""Command line `tthc-xl`: a thin layer over the library, one function per command."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar  # what click.progressbar returns

from tthc_xl.book.context import read_settings
from tthc_xl.rules.period import parse_as_of, parse_period
from tthc_xl.rules.settings import CompareMode
from tthc_xl.style.texttable import table

EXIT_USAGE = 2


class UserError(click.ClickException):
    """A failure the user can fix: printed in Vietnamese on stderr, exit code 2."""

    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        click.echo(f"Lỗi: {self.format_message()}", err=True)


def _usage_message(exc: click.UsageError) -> str:
    hint = ""
    if exc.ctx is not None:
        hint = f"\nXem hướng dẫn: {exc.ctx.command_path} --help"
    if isinstance(exc, click.MissingParameter):
        name = exc.param.opts[0] if exc.param is not None and exc.param.opts else "?"
        return f"Thiếu tham số bắt buộc {name}.{hint}"
    if isinstance(exc, click.NoSuchOption):
        return f"Không có tùy chọn '{exc.option_name}'.{hint}"
    if isinstance(exc, click.BadParameter):
        name = exc.param.opts[0] if exc.param is not None and exc.param.opts else ""
        message = exc.message
        if "is a directory" in message:  # click.Path(dir_okay=False), in click's English
            message = "đây là thư mục, không phải tệp."
        elif "does not exist" in message:
            message = "không tìm thấy tệp hoặc thư mục này."
        return f"Giá trị không hợp lệ cho {name}: {message}{hint}"
    if isinstance(exc, click.exceptions.NoArgsIsHelpError) or "Missing command" in exc.message:
        return "Chưa chọn lệnh. Các lệnh: tthc-xl --help"
    if "No such command" in exc.message:
        return f"Không có lệnh này: {exc.message.split(' ')[-1]}{hint}"
    return f"Lệnh không hợp lệ: {exc.message}{hint}"


# click's own help words, in Vietnamese: the one place help is localised (issue 8, item 10)
_HELP_WORDS: tuple[tuple[str, str], ...] = (
    ("Usage:", "Cách dùng:"),
    ("Options:", "Tùy chọn:"),
    ("Commands:", "Lệnh:"),
    ("Positional arguments:", "Tham số:"),
    ("Show this message and exit.", "Hiện hướng dẫn này rồi thoát."),
    ("Show the version and exit.", "Hiện phiên bản rồi thoát."),
    ("COMMAND [ARGS]...", "LỆNH [THAM_SỐ]..."),
    ("[OPTIONS]", "[TÙY_CHỌN]"),
    ("[default: ", "[mặc định: "),
    ("[required]", "[bắt buộc]"),
    # metavars: padded to the English width, so the help columns stay aligned
    ("INTEGER", "SỐ     "),
    ("DIRECTORY", "THƯ_MỤC  "),
    ("FILE", "TỆP "),
    ("PATH", "NƠI "),
    ("TEXT", "CHỮ "),
)


class HelpFormatter(click.HelpFormatter):
    """click's formatter, its fixed English words put into Vietnamese."""

    def getvalue(self) -> str:
        text = super().getvalue()
        for english, vietnamese in _HELP_WORDS:
            text = text.replace(english, vietnamese)
        return text


class Context(click.Context):
    formatter_class = HelpFormatter


class Command(click.Command):
    context_class = Context


def _unexpected(exc: BaseException) -> int:
    """Any failure no command foresaw: a Vietnamese message, exit 2, and the technical
    detail (never a cell value) in tthc_xl.log in the temp folder."""
    from tthc_xl.book.failures import log_failure, user_message

    log = log_failure(None, "tthc-xl " + " ".join(sys.argv[1:2]), exc)
    click.echo(f"Lỗi: {user_message(exc)}", err=True)
    click.echo(f"(Chi tiết kỹ thuật: {log})", err=True)
    return EXIT_USAGE


class Group(click.Group):
    """Reports usage errors in Vietnamese, with exit code 2, also under click's test runner;
    help in Vietnamese (HelpFormatter)."""

    context_class = Context
    command_class = Command

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            click.echo(f"Lỗi: {_usage_message(exc)}", err=True)
            code = EXIT_USAGE
        except click.ClickException as exc:
            exc.show()
            code = exc.exit_code
        except click.Abort:
            click.echo("Đã hủy.", err=True)
            code = 1
        except Exception as exc:  # noqa: BLE001 - the one error boundary of the CLI
            code = _unexpected(exc)
        if not standalone_mode:
            return code
        sys.exit(code)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    package_name="tthc-xl", message="tthc-xl %(version)s", help="Hiện phiên bản rồi thoát."
)
def cli() -> None:
    """tthc-xl: sổ theo dõi hồ sơ TTHC của Trung tâm Phục vụ hành chính công xã.

    Tính ngày hẹn trả, kết quả giải quyết, chỉ số quý, Biểu 06 và điểm Chỉ số 766 từ
    sổ Excel (TTHC_Q.xlsm), giống hệt các nút trên thanh công cụ của sổ.
    """


# ------------------------------------------------------------------ shared options


def _parsed_by(parse: Callable[[str], object]) -> Callable:
    """A click callback: `parse` the value; its ValueError is the user's message."""

    def callback(ctx, param, value):
        if value is None:
            return None
        if any(ch.isdigit() and not ch.isascii() for ch in value):
            raise click.BadParameter(
                "chỉ dùng chữ số thường 0-9 (không dùng chữ số toàn khổ như １２)."
            )
        try:
            return parse(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from exc

    return callback


_parse_period = _parsed_by(parse_period)
_parse_as_of = _parsed_by(parse_as_of)
_parse_compare = _parsed_by(CompareMode.parse)


PERIOD_HELP = "Kỳ báo cáo: 2026-Q1, 2026-03, 2026-H1, 2026 hoặc 2026-01-01..2026-03-31."
AS_OF_HELP = "Tính đến thời điểm này (trong kỳ). Mặc định: bây giờ, hoặc cuối kỳ nếu kỳ đã hết."
PERIOD_FROM_SHEET_HELP = "Kỳ báo cáo. Mặc định: ô Kỳ báo cáo của sheet KPI, hoặc quý hiện tại."
COMPARE_HELP = (
    "So sánh với hạn theo ngày (ngay, date) hay theo thời điểm (thoi-diem, moment). "
    "Mặc định: theo sheet CauHinh, hoặc ngày."
)


def workbook_argument() -> Callable:
    """SỔ: the workbook a command works on (a file, never a folder)."""
    return click.argument("workbook", metavar="SỔ", type=click.Path(dir_okay=False, path_type=Path))


def period_option(required: bool = True, help: str = PERIOD_HELP) -> Callable:
    """--period/-p, read by the rules' period parser (one spelling on every command)."""
    return click.option(
        "--period", "-p", required=required, callback=_parse_period, metavar="KỲ", help=help
    )


def as_of_option(help: str = AS_OF_HELP) -> Callable:
    return click.option("--as-of", callback=_parse_as_of, metavar="YYYY-MM-DDTHH:MM", help=help)


def compare_option(help: str = COMPARE_HELP) -> Callable:
    return click.option("--compare", callback=_parse_compare, metavar="ngay|thoi-diem", help=help)


def moment_options(func: Callable) -> Callable:
    """SỔ, --period, --as-of and --compare: which workbook, judged when and how."""
    func = compare_option()(func)
    func = as_of_option()(func)
    func = period_option()(func)
    return workbook_argument()(func)


def period_options(func: Callable) -> Callable:
    """moment_options and --json: the reading commands' common options."""
    func = click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")(func)
    return moment_options(func)


def _evaluate(workbook: Path, period, as_of, compare):
    from tthc_xl.book.errors import WorkbookError
    from tthc_xl.book.reader import read_register
    from tthc_xl.rules.engine import Engine

    try:
        data = read_register(workbook)
    except WorkbookError as exc:
        raise UserError(str(exc)) from exc
    for problem in data.problems:
        click.echo(f"Cảnh báo: {problem}", err=True)
    engine = Engine.from_workbook(data)
    try:
        return engine.evaluate(period, as_of, compare)
    except ValueError as exc:
        raise UserError(str(exc)) from exc


def _dump(obj: object) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


# ------------------------------------------------------------------ tables


def kpi_text(result) -> str:
    """The readable Vietnamese indicator table (kpi and demo)."""
    from tthc_xl.rules.labels import INDICATORS
    from tthc_xl.style.numbers import percent, points, thousands

    p = result.period
    head = (
        f"Kỳ: {p.describe()} ({p.first_day:%d/%m/%Y} – {p.last_day:%d/%m/%Y}); "
        f"tính đến {result.as_of:%d/%m/%Y %H:%M}; so sánh hạn theo {result.mode.label}."
    )
    shown: dict[str, Callable[..., str]] = {
        "count": thousands,
        "rate": percent,
        "points": points,
    }
    kpi = result.kpi()
    rows: list[list[object]] = [[i.label, shown[i.kind](kpi[i.section][i.key])] for i in INDICATORS]
    parts = [head, "", table(["Chỉ tiêu", "Giá trị"], rows)]
    bieu = result.bieu06()
    if len(bieu) > 1:
        headers = [
            "STT",
            "Lĩnh vực",
            "Tổng",
            "TT",
            "TTiếp+BC",
            "Kỳ trước",
            "Đã GQ",
            "Trước",
            "Đúng",
            "Quá",
            "Đang GQ",
            "Trong",
            "Quá",
        ]
        parts += [
            "",
            "Biểu 06 theo lĩnh vực (TT: trực tuyến; TTiếp+BC: trực tiếp và bưu chính; "
            "GQ: giải quyết; Trước, Đúng, Quá, Trong: hạn):",
            table(
                headers,
                [[v if isinstance(v, str) else thousands(v) for v in row] for row in bieu],
                "ll" + "r" * 11,
            ),
        ]
    flagged = sum(1 for w in result.engine.warnings.values() if w)
    if flagged:
        parts += [
            "",
            f"Cảnh báo dữ liệu: {thousands(flagged)} hồ sơ "
            f"(xem: tthc-xl dossiers ... để biết từng hồ sơ).",
        ]
    return "\n".join(parts)


# ------------------------------------------------------------------ commands


@cli.command()
@period_options
def kpi(workbook: Path, period, as_of, compare, as_json: bool) -> None:
    """Chỉ số của kỳ: số hồ sơ, tỷ lệ, điểm Chỉ số 766 và số liệu theo lĩnh vực.

    Ví dụ: tthc-xl kpi TTHC_Q.xlsm --period 2026-Q1
    """
    result = _evaluate(workbook, period, as_of, compare)
    if as_json:
        _dump(result.kpi())
    else:
        click.echo(kpi_text(result))


@cli.command()
@period_options
def dossiers(workbook: Path, period, as_of, compare, as_json: bool) -> None:
    """Từng hồ sơ: ngày hẹn trả, kết quả trong kỳ và cảnh báo dữ liệu.

    Ví dụ: tthc-xl dossiers TTHC_Q.xlsm --period 2026-Q1 --json
    """
    from tthc_xl.rules.outcomes import Outcome

    result = _evaluate(workbook, period, as_of, compare)
    records = result.dossier_records()
    if as_json:
        _dump(records)
        return
    p = result.period
    click.echo(
        f"Kỳ: {p.describe()}; tính đến {result.as_of:%d/%m/%Y %H:%M}; "
        f"so sánh hạn theo {result.mode.label}."
    )
    labels = {o.key: o.label for o in Outcome}
    rows = []
    for r in records:
        due = (
            dt.datetime.fromisoformat(r["due_at"]).strftime("%d/%m/%Y %H:%M")
            if r["due_at"]
            else "—"
        )
        rows.append([r["dossier_id"], due, labels[r["outcome"]], "; ".join(r["warnings"])])
    click.echo(table(["Mã hồ sơ", "Ngày hẹn trả", "Kết quả", "Cảnh báo"], rows, "llll"))


EXIT_WRITTEN_ELSEWHERE = 3


@cli.command()
@workbook_argument()
@period_option(required=False, help=PERIOD_FROM_SHEET_HELP)
@as_of_option()
@compare_option()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Ghi ra tệp này thay vì ghi đè sổ.",
)
def refresh(workbook: Path, period, as_of, compare, out: Path | None) -> None:
    """Cập nhật chỉ số: ghi số liệu của kỳ vào các sheet KPI, CanhBao và Bieu06.

    Giống nút "Cập nhật chỉ số" trên thanh công cụ. Sổ được ghi an toàn: ghi ra tệp tạm
    rồi mới thay thế, giữ bản sao lưu trong thư mục tthc-xl-saoluu, giữ nguyên macro và
    thanh công cụ. Sổ có biểu đồ, hình ảnh hay PivotTable do người khác thêm thì không bị
    ghi đè: kết quả ghi ra tệp mới (mã thoát 3).

    Ví dụ: tthc-xl refresh TTHC_Q.xlsm --period 2026-Q1
    """
    from tthc_xl.book.errors import LossyWorkbookError, WorkbookError
    from tthc_xl.book.filebook import FileBook
    from tthc_xl.book.reader import TEXT_SUFFIXES, not_a_register
    from tthc_xl.report.refresh import refresh as run_refresh
    from tthc_xl.rules.settings import unit_reminder

    if workbook.suffix.lower() in TEXT_SUFFIXES and workbook.exists():
        raise UserError(str(not_a_register(workbook.name)))
    try:
        book = FileBook(workbook, out=out)
        summary = run_refresh(
            book, period.label if period else None, as_of, compare.value if compare else None
        )
        book.backups = summary.result.engine.settings.backups
        written = book.save()
    except LossyWorkbookError as exc:
        click.echo(f"Cảnh báo: {exc}", err=True)
        sys.exit(EXIT_WRITTEN_ELSEWHERE)
    except (WorkbookError, ValueError) as exc:
        raise UserError(str(exc)) from exc
    click.echo(summary.message())
    reminder = unit_reminder(summary.result.engine.settings)
    if reminder:
        click.echo(reminder, err=True)
    click.echo(f"Đã ghi: {written}")


@cli.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Thư mục ghi sổ mẫu.",
)
@click.option("--seed", default=2026, show_default=True, help="Hạt giống ngẫu nhiên.")
def demo(out_dir: Path, seed: int) -> None:
    """Làm thử cả quý mẫu: sổ có macro TTHC_demo_2026Q1.xlsm, báo cáo Word và PDF.

    Tạo ba tệp xuất mẫu (hệ thống một cửa, hộ tịch, Cổng DVCQG; khoảng 2.900 hồ sơ quý
    I/2026 của một xã giả định "Xã Mẫu"), tạo sổ mới từ sổ mẫu đi kèm bản cài, nhập ba
    tệp, lập báo cáo (BaoCao có biểu đồ), ghi bản Word và PDF (PDF cần LibreOffice), rồi
    in bảng chỉ số và danh sách tệp đã ghi. Các tệp cùng tên trong thư mục được ghi đè.

    Ví dụ: tthc-xl demo --out ./mau
    """
    from tthc_xl.book.errors import WorkbookError
    from tthc_xl.demo import write_demo

    click.echo("Đang tạo quý mẫu, nhập ba tệp xuất và lập báo cáo (khoảng một phút)...")
    try:
        run = write_demo(out_dir, seed)
    except (OSError, WorkbookError) as exc:  # ImportAborted is a WorkbookError
        raise UserError(f"Không làm được bản mẫu trong '{out_dir}': {exc}") from exc
    click.echo(kpi_text(run.summary.result))
    click.echo("")
    if run.pdf_problem:
        click.echo(run.pdf_problem)
    click.echo("Các tệp đã ghi:")
    for path in run.files:
        click.echo(f"  {path}")


@cli.command("new")
@workbook_argument()
@click.option("--unit", metavar="TÊN", help='Tên đơn vị ghi vào CauHinh, ví dụ "Xã Tuệ Tĩnh".')
def new(workbook: Path, unit: str | None) -> None:
    """Tạo sổ mới cho xã từ sổ mẫu đi kèm bản cài (TTHC_Q.xlsm, có macro và thẻ TTHC).

    Ví dụ: tthc-xl new TTHC_2026.xlsm --unit "Ủy ban nhân dân xã Tuệ Tĩnh"
    """
    from tthc_xl.book.errors import WorkbookError
    from tthc_xl.excel.new import new_workbook_file

    try:
        path = new_workbook_file(workbook, unit)
    except (WorkbookError, OSError) as exc:
        raise UserError(str(exc)) from exc
    click.echo(f"Đã tạo sổ mới: {path}")


PROGRESS_MIN_BYTES = 2 * 1024 * 1024  # files smaller than this import too fast for a bar


@cli.command("import")
@workbook_argument()
@click.argument("files", metavar="TỆP...", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--dry-run", is_flag=True, help="Chạy thử: chỉ cho xem những gì sẽ thay đổi, không ghi gì."
)
def import_(workbook: Path, files: tuple[Path, ...], dry_run: bool) -> None:
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
    tthc-xl-saoluu cạnh sổ. Nếu sổ chưa có (đuôi .xlsx), một sổ mới được tạo. Có tệp
    không nhập được thì không nhập gì (mã thoát 2); sổ có biểu đồ, hình ảnh hay
    PivotTable thì kết quả ghi ra tệp mới (mã thoát 3).
    """
    from tthc_xl.book.errors import WorkbookError
    from tthc_xl.book.filebook import FileBook
    from tthc_xl.importer import ImportAborted, run_import
    from tthc_xl.importer.summary import summary_text

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
    workbook_path = workbook
    created = None
    try:
        if not workbook.exists():
            workbook_path, created = _new_workbook_for(workbook, dry_run)
        book = FileBook(workbook_path, out=workbook if created else None, readonly=dry_run)
        book.backups = read_settings(book).backups  # CauHinh "Số bản sao lưu giữ lại"
        big = sum(f.stat().st_size for f in files) >= PROGRESS_MIN_BYTES
        with _progress(big) as progress:
            result = run_import(book, list(files), dry_run=dry_run, progress=progress)
    except ImportAborted as exc:
        raise UserError(str(exc)) from exc
    except WorkbookError as exc:
        said = "chưa có gì được ghi" in str(exc).lower() or "chưa nhập gì" in str(exc).lower()
        raise UserError(str(exc) if said else f"{exc} Chưa nhập gì.") from exc
    finally:
        if created is not None:
            created.unlink(missing_ok=True)
    if created is not None and result.written:
        click.echo(f"Đã tạo sổ mới: {workbook}")
    click.echo(summary_text(result))
    if result.redirected:  # as refresh does: the result is in a new file, exit code 3
        click.echo(f"Cảnh báo: {result.redirected}", err=True)
        sys.exit(EXIT_WRITTEN_ELSEWHERE)


@cli.command("inspect")
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


def _new_workbook_for(path: Path, dry_run: bool) -> tuple[Path, Path]:
    """A fresh data workbook (empty HoSo, default DanhMuc/NgayNghi/CauHinh) in a temp file
    beside `path`; the import saves into `path`, so a failed import leaves nothing."""
    import os
    import tempfile

    from tthc_xl.book.layout import new_workbook
    from tthc_xl.rules.catalog import Catalog
    from tthc_xl.rules.register import empty_frame
    from tthc_xl.rules.settings import Settings

    if path.suffix.lower() != ".xlsx":
        raise UserError(
            f"Không tìm thấy sổ '{path}'. Chỉ tạo được sổ mới đuôi .xlsx; sổ .xlsm có macro "
            "hãy lấy từ bản phát hành (workbook/TTHC_Q.xlsm)."
        )
    folder = path.parent if path.parent.exists() else None
    if folder is None:
        raise UserError(f"Không có thư mục '{path.parent}' để tạo sổ mới.")
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".xlsx", dir=folder)
    os.close(fd)
    temp = Path(name)
    new_workbook(empty_frame(), Catalog.default(), Settings()).save(temp)
    return temp, temp


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


@cli.command("build-workbook")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("workbook") / "TTHC_Q.xlsm",
    show_default=True,
    help="Tệp sổ sẽ ghi (đuôi .xlsm). Tệp cũ chỉ bị thay khi bản mới đã dựng và kiểm tra xong.",
)
def build_workbook(out: Path) -> None:
    """Dựng lại sổ Excel TTHC_Q.xlsm từ mã nguồn (dành cho người phát triển).

    Lấy sổ mẫu quickstart_standalone.xlsm của gói xlwings đã cài, bố trí các sheet
    (KPI, HoSo, CanhBao, Bieu06, BaoCao, DanhMuc, NgayNghi, CauHinh, LoiNhap, NhatKy,
    xlwings.conf), thêm các mô-đun VBA trong workbook/vba cùng khai báo các hàm công
    thức của tthc_xl.udfs (không cần bấm Import Functions), rồi gắn thẻ TTHC
    (workbook/customUI14.xml). Dựng lại bao nhiêu lần cũng ra cùng một tệp.

    Ví dụ: tthc-xl build-workbook --out workbook/TTHC_Q.xlsm
    """
    from tthc_xl.excel.build import BuildError
    from tthc_xl.excel.build import build_workbook as build
    from tthc_xl.excel.macros import RIBBON_ACTIONS

    try:
        result = build(out)
    except BuildError as exc:
        raise UserError(str(exc)) from exc
    click.echo(f"Đã dựng sổ: {result.path}")
    click.echo(f"Sheet: {', '.join(result.sheets)}")
    click.echo(f"Mô-đun VBA: {', '.join(result.modules)}")
    click.echo(f"Thẻ TTHC: {len(RIBBON_ACTIONS)} nút")


# ------------------------------------------------------------------ publish


@cli.command()
@moment_options
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp bản gửi (.xlsx). Mặc định: TTHC_<đơn vị>_<kỳ>.xlsx cạnh sổ.",
)
@click.option(
    "--with-register",
    is_flag=True,
    help="Kèm sheet HoSo (chỉ các cột không có thông tin cá nhân; họ tên viết tắt, "
    "số giấy tờ và số điện thoại chỉ còn 3 số cuối, bỏ địa chỉ).",
)
@click.option(
    "--include-personal-data",
    is_flag=True,
    help="Kèm HoSo NGUYÊN VẸN, có dữ liệu cá nhân. Chỉ dùng khi được phép; việc này được ghi "
    "vào sheet NhatKy của sổ.",
)
@click.option(
    "--eml",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Ghi thêm thư nháp (.eml) có tệp đính kèm, mở được bằng mọi chương trình thư.",
)
def publish(
    workbook: Path,
    period,
    as_of,
    compare,
    out: Path | None,
    with_register: bool,
    include_personal_data: bool,
    eml: Path | None,
) -> None:
    """Tạo bản gửi email: tệp .xlsx chỉ có số liệu, không macro, không công thức.

    Gồm BaoCao, Bieu06, KPI và CanhBao của kỳ (tính lại từ sổ; sổ không bị sửa), định dạng
    và trang in như trong sổ; mở được trong Excel không có Python, LibreOffice và trên điện
    thoại. Không có sheet ẩn, tên vùng, liên kết ngoài, ghi chú, tên tác giả hay đường dẫn.

    Ví dụ: tthc-xl publish TTHC_Q.xlsm --period 2026-Q1 --eml thu.eml
    """
    from tthc_xl.book.errors import LossyWorkbookError, WorkbookError
    from tthc_xl.report.publish import PERSONAL_WARNING, publish_file

    if include_personal_data:
        click.echo(PERSONAL_WARNING, err=True)
    try:
        done = publish_file(
            workbook,
            period.label,
            out,
            with_register=with_register,
            include_personal=include_personal_data,
            eml=eml,
            as_of=as_of,
            compare=compare.value if compare else None,
        )
    except LossyWorkbookError as exc:
        raise UserError(
            f"{exc} Bản gửi email chưa được tạo vì chưa ghi được nhật ký vào sổ gốc."
        ) from exc
    except (WorkbookError, ValueError, OSError) as exc:
        raise UserError(str(exc)) from exc
    click.echo(done.message())


# ------------------------------------------------------------------ report


@cli.command()
@moment_options
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Ghi sổ có báo cáo ra tệp mới này thay vì ghi vào sổ.",
)
@click.option(
    "--docx", type=click.Path(dir_okay=False, path_type=Path), help="Ghi báo cáo ra tệp Word."
)
@click.option(
    "--pdf",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Ghi sheet BaoCao ra PDF (cần LibreOffice).",
)
def report(workbook: Path, period, as_of, compare, out, docx, pdf) -> None:
    """Lập báo cáo: cập nhật KPI, CanhBao, Bieu06 rồi viết sheet BaoCao theo mẫu MauBaoCao.

    Giống nút "Lập báo cáo" (và "Xuất Word/PDF") trên thẻ TTHC. Sổ được ghi an toàn như
    lệnh refresh. Chỗ trống lạ trong MauBaoCao thì dừng, không ghi gì.

    Ví dụ: tthc-xl report TTHC_Q.xlsm --period 2026-Q1 --docx BaoCao.docx --pdf BaoCao.pdf
    """
    from tthc_xl.book.errors import LossyWorkbookError, WorkbookError
    from tthc_xl.book.filebook import FileBook
    from tthc_xl.report.baocao import build_report
    from tthc_xl.report.pdf import PdfError, export_pdf
    from tthc_xl.report.pictures import chart_pictures
    from tthc_xl.report.word import write_docx
    from tthc_xl.rules.settings import unit_reminder

    code = 0
    try:
        book = FileBook(workbook, out=out)
        summary = build_report(book, period.label, as_of, compare.value if compare else None)
        book.backups = summary.settings.backups
        written = book.save()
    except LossyWorkbookError as exc:
        click.echo(f"Cảnh báo: {exc}", err=True)
        written, code = exc.written_to, EXIT_WRITTEN_ELSEWHERE
    except (WorkbookError, ValueError) as exc:
        raise UserError(str(exc)) from exc
    click.echo(summary.message())
    click.echo(f"Đã ghi: {written}")
    reminder = unit_reminder(summary.settings)
    if reminder:
        click.echo(reminder, err=True)
    if docx:
        write_docx(summary, docx, chart_pictures(summary.charts))
        click.echo(f"Đã ghi tệp Word: {docx}")
    if pdf:
        try:
            export_pdf(Path(written), pdf)
            click.echo(f"Đã ghi tệp PDF: {pdf}")
        except (PdfError, OSError) as exc:
            click.echo(str(exc), err=True)
    sys.exit(code)


@cli.command()
@workbook_argument()
@period_option(required=False, help=PERIOD_FROM_SHEET_HELP)
@as_of_option()
def warn(workbook: Path, period, as_of) -> None:
    """Cảnh báo: hồ sơ đang giải quyết quá hạn và sắp đến hạn, theo hạn giải quyết.

    Mã thoát 0 khi không có hồ sơ quá hạn, 1 khi có (để lịch chạy tự động xử lý).

    Ví dụ: tthc-xl warn TTHC_Q.xlsm
    """
    from tthc_xl.book.errors import WorkbookError
    from tthc_xl.book.filebook import FileBook
    from tthc_xl.report.warn import warn_list

    try:
        book = FileBook(workbook, readonly=True)
        listing = warn_list(book, period.label if period else None, as_of)
    except (WorkbookError, ValueError) as exc:
        raise UserError(str(exc)) from exc
    click.echo(listing.text())
    sys.exit(1 if listing.overdue else 0)


# ------------------------------------------------------------------ city view


@cli.command()
@click.argument("folder", metavar="THƯ_MỤC", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Sổ xếp hạng sẽ ghi. Mặc định: XepHang_<kỳ>.xlsx ở thư mục hiện tại.",
)
@period_option(required=False, help="Kỳ báo cáo (như lệnh kpi). Mặc định: quý hiện tại.")
@as_of_option()
@compare_option()
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Giữ cơ sở dữ liệu DuckDB (từng hồ sơ, từng đơn vị) ở tệp này.",
)
@click.option("--json", "as_json", is_flag=True, help="In bảng xếp hạng dạng JSON.")
def city(folder: Path, out, period, as_of, compare, db, as_json: bool) -> None:
    """Xếp hạng các xã, phường: đọc mọi sổ trong THƯ MỤC, ghi sổ xếp hạng có biểu đồ.

    Số liệu mỗi đơn vị giống hệt lệnh kpi trên sổ của đơn vị đó; tệp hỏng hoặc không
    phải sổ theo dõi hồ sơ được liệt kê kèm lý do, các tệp còn lại vẫn được tính.

    Ví dụ: tthc-xl city SoCacXa/ -o XepHang.xlsx --period 2026-Q1
    """
    from tthc_xl.city import build_city_view
    from tthc_xl.city.view import CityError
    from tthc_xl.city.workbook import write_city_workbook
    from tthc_xl.rules import clock
    from tthc_xl.rules.scorecard import COMPUTED_766
    from tthc_xl.style.numbers import percent, points, thousands

    now = clock.now()
    if period is None:
        period = parse_period(f"{now.year}-Q{(now.month - 1) // 3 + 1}")
    out = out or Path(f"XepHang_{period.label.replace('..', '_')}.xlsx")
    try:
        view = build_city_view(folder, period, as_of, compare, now=now, db=db)
        write_city_workbook(view, out)
    except (CityError, ValueError) as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise UserError(f"Không ghi được '{out}': {exc.strerror or exc}") from exc
    for failure in view.failures:
        click.echo(f"Bỏ qua {failure.file}: {failure.reason}", err=True)
    if as_json:
        _dump(view.as_json())
        return
    rows = [
        [
            r.rank,
            r.name,
            thousands(r.kpi["counts"]["total"]),
            percent(r.kpi["rates"]["online_rate"]),
            percent(r.kpi["rates"]["on_time_or_early_rate"]),
            *(points(r.kpi["index766"][g.key]) for g in COMPUTED_766),
        ]
        for r in view.rows
    ]
    click.echo(
        f"{view.period.describe()}, tính đến {view.as_of:%d/%m/%Y %H:%M}: "
        f"{len(view.rows)} đơn vị, {thousands(view.dossier_count)} hồ sơ."
    )
    headers = ["Hạng", "Đơn vị", "Tổng HS", "Trực tuyến", "Đúng+trước hạn"]
    headers += [g.abbreviation for g in COMPUTED_766]
    click.echo(table(headers, rows, "rl" + "r" * (len(headers) - 2)))
    click.echo(f"Cách xếp hạng: {view.rank_rule}")
    click.echo(f"Đã ghi sổ xếp hạng: {out}")


def main() -> None:
    cli(prog_name="tthc-xl")


if __name__ == "__main__":
    main()

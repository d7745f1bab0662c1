"""What every command shares: Vietnamese errors and help, the common options, the reading
of a workbook through the engine.

Imports click and the standard library only: each command imports the library it needs
when it runs, so `tthc-xl --help` loads no pandas (issue 18).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from tthc_xl.rules.engine import Result
    from tthc_xl.rules.period import Period
    from tthc_xl.rules.settings import CompareMode

EXIT_USAGE = 2
EXIT_PARTIAL = 1  # city: some entries of the folder were not ranked
EXIT_WRITTEN_ELSEWHERE = 3  # the result went to a new file: the workbook holds parts we would lose


class UserError(click.ClickException):
    """A failure the user can fix: printed in Vietnamese on stderr, exit code 2."""

    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        click.echo(f"Lỗi: {self.format_message()}", err=True)


def _param_name(exc: click.UsageError, fallback: str) -> str:
    param = getattr(exc, "param", None)
    if param is None:
        return fallback
    if isinstance(param, click.Argument):
        return param.metavar or param.human_readable_name.upper()
    return param.opts[0] if param.opts else fallback


def _usage_message(exc: click.UsageError) -> str:
    from tthc_xl.cli.messages import translate_click

    hint = ""
    if exc.ctx is not None:
        hint = f"\nXem hướng dẫn: {exc.ctx.command_path} --help"
    if isinstance(exc, click.MissingParameter):
        return f"Thiếu tham số bắt buộc {_param_name(exc, '?')}.{hint}"
    if isinstance(exc, click.NoSuchOption):
        return f"Không có tùy chọn '{exc.option_name}'.{hint}"
    if isinstance(exc, click.BadParameter):
        message = translate_click(exc.message) or exc.message
        return f"Giá trị không hợp lệ cho {_param_name(exc, '')}: {message}{hint}"
    if isinstance(exc, click.exceptions.NoArgsIsHelpError) or "Missing command" in exc.message:
        return "Chưa chọn lệnh. Các lệnh: tthc-xl --help"
    if "No such command" in exc.message:
        return f"Không có lệnh này: {exc.message.split(' ')[-1]}{hint}"
    translated = translate_click(exc.message)
    if translated is not None:
        return f"{translated}{hint}"
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
        from tthc_xl.cli.messages import fit_console

        fit_console()  # a cp1258 console prints every message instead of crashing
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


def command(name: str | None = None) -> Callable[[Callable], click.Command]:
    """A command of `tthc-xl`, with the Vietnamese help and errors of the group."""
    return click.command(name, cls=Command)


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


def _parse_period(text: str) -> Period:
    from tthc_xl.rules.period import parse_period

    return parse_period(text)


def _parse_as_of(text: str):
    from tthc_xl.rules.period import parse_as_of

    return parse_as_of(text)


def _parse_compare(text: str) -> CompareMode:
    from tthc_xl.rules.settings import CompareMode

    return CompareMode.parse(text)


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
    """--period/-p, read by the rules' period parser into a `Period` (one spelling on every
    command)."""
    return click.option(
        "--period",
        "-p",
        required=required,
        callback=_parsed_by(_parse_period),
        metavar="KỲ",
        help=help,
    )


def as_of_option(help: str = AS_OF_HELP) -> Callable:
    """--as-of, a `datetime`."""
    return click.option(
        "--as-of", callback=_parsed_by(_parse_as_of), metavar="YYYY-MM-DDTHH:MM", help=help
    )


def compare_option(help: str = COMPARE_HELP) -> Callable:
    """--compare, a `CompareMode`."""
    return click.option(
        "--compare", callback=_parsed_by(_parse_compare), metavar="ngay|thoi-diem", help=help
    )


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


# ------------------------------------------------------------------ reading a workbook


def evaluate(workbook: Path, period: Period, as_of, compare: CompareMode | None) -> Result:
    """The engine's result for the workbook file; its problems as warnings on stderr."""
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


def dump(obj: object) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def guard(
    *,
    inputs: tuple[tuple[str, Path | None], ...] = (),
    outputs: tuple[tuple[str, Path | None], ...] = (),
    register: Path | None = None,
    register_out: Path | None = None,
    create: bool = False,
) -> None:
    """The path rule (book/paths.py) before a command reads anything; None paths are
    options not given."""
    from tthc_xl.book.paths import PathClashError, Plan, check

    plan = Plan(
        inputs=[(n, p) for n, p in inputs if p is not None],
        outputs=[(n, p) for n, p in outputs if p is not None],
        register=register,
        register_out=register_out,
        create=create,
    )
    try:
        check(plan)
    except PathClashError as exc:
        raise UserError(str(exc)) from exc

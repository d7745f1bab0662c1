"""The commands that write what a person reads: `refresh`, `report` and `publish`.

The period and the compare mode arrive parsed (`Period`, `CompareMode`, base.py) and go
down as they are. The number of backups a save keeps is the library's business (CauHinh),
never set here.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from tthc_xl.cli.base import (
    EXIT_WRITTEN_ELSEWHERE,
    PERIOD_FROM_SHEET_HELP,
    UserError,
    as_of_option,
    command,
    compare_option,
    guard,
    moment_options,
    period_option,
    workbook_argument,
)


class Outputs:
    """The files a command has written so far and those still to come: a failure after the
    first output says exactly which were written and which were not (issue 21)."""

    def __init__(self, done: list[str], planned: list[tuple[str, Path | None]]) -> None:
        self.done = done
        self.planned = [(label, path) for label, path in planned if path is not None]

    @contextlib.contextmanager
    def writing(
        self,
        label: str,
        path: Path,
        said: tuple[type[Exception], ...],
        skipped: tuple[type[Exception], ...] = (),
    ) -> Iterator[None]:
        """Write one output; on failure a UserError naming what is and is not written, or,
        for a `skipped` failure (no LibreOffice: the PDF is optional), the same lines as a
        warning and the command goes on."""
        self.planned = [(lbl, p) for lbl, p in self.planned if p != path]
        try:
            yield
        except Exception as exc:  # noqa: BLE001 - earlier outputs are on disk: say which
            from tthc_xl.book.failures import log_failure

            if isinstance(exc, said):
                reason = str(exc)
            else:
                log = log_failure(None, f"tthc-xl ({label})", exc)
                reason = f"lỗi không lường trước (chi tiết kỹ thuật ở tệp {log})."
            if isinstance(exc, skipped):
                click.echo(str(exc), err=True)
                click.echo(
                    f"Đã ghi xong: {'; '.join(self.done)}. Chưa ghi: {label} '{path}'.", err=True
                )
                return
            missing = [f"{label} '{path}'"] + [f"{lbl} '{p}'" for lbl, p in self.planned]
            raise UserError(
                f"Không ghi được {label} '{path}': {reason} Đã ghi xong: "
                f"{'; '.join(self.done)}. Chưa ghi: {'; '.join(missing)}."
            ) from exc
        self.done.append(f"{label} '{path}'")


@command()
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
    thanh công cụ; chỉ ghi những phần lệnh thay đổi, biểu đồ, hình ảnh, ghi chú của cán bộ
    trên sheet riêng giữ nguyên. Chỉ khi chúng nằm trên sheet tthc-xl vẽ lại (KPI, CanhBao,
    Bieu06...) thì sổ không bị ghi đè: kết quả ghi ra tệp mới (mã thoát 3).

    Ví dụ: tthc-xl refresh TTHC_Q.xlsm --period 2026-Q1
    """
    from tthc_xl.book.errors import LossyWorkbookError, WorkbookError
    from tthc_xl.book.filebook import FileBook
    from tthc_xl.book.reader import TEXT_SUFFIXES, not_a_register
    from tthc_xl.report.refresh import refresh as run_refresh
    from tthc_xl.rules.settings import unit_reminder

    if workbook.suffix.lower() in TEXT_SUFFIXES and workbook.exists():
        raise UserError(str(not_a_register(workbook.name)))
    guard(register=workbook, register_out=out)
    try:
        book = FileBook(workbook, out=out)
        summary = run_refresh(book, period, as_of, compare)
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


@command()
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

    guard(register=workbook, register_out=out, outputs=(("--docx", docx), ("--pdf", pdf)))
    code = 0
    try:
        book = FileBook(workbook, out=out)
        summary = build_report(book, period, as_of, compare)
        written = book.save()
    except LossyWorkbookError as exc:
        click.echo(f"Cảnh báo: {exc}", err=True)
        written, code = exc.written_to, EXIT_WRITTEN_ELSEWHERE
    except (WorkbookError, ValueError) as exc:
        raise UserError(str(exc)) from exc
    click.echo(summary.message())
    click.echo(f"Đã ghi: {written}")
    if summary.empty:
        click.echo(summary.empty_text, err=True)
    reminder = unit_reminder(summary.settings)
    if reminder:
        click.echo(reminder, err=True)
    outputs = Outputs([f"sổ '{written}'"], [("tệp Word", docx), ("tệp PDF", pdf)])
    if docx:
        with outputs.writing("tệp Word", docx, (WorkbookError,)):
            write_docx(summary, docx, chart_pictures(summary.charts))
        click.echo(f"Đã ghi tệp Word: {docx}")
    if pdf:
        with outputs.writing("tệp PDF", pdf, (WorkbookError,), skipped=(PdfError,)):
            export_pdf(Path(written), pdf, title=f"Báo cáo TTHC {summary.result.period.describe()}")
        if pdf.is_file():
            click.echo(f"Đã ghi tệp PDF: {pdf}")
    sys.exit(code)


@command()
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

    guard(register=workbook, outputs=(("-o", out), ("--eml", eml)))
    if include_personal_data:
        click.echo(PERSONAL_WARNING, err=True)
    try:
        done = publish_file(
            workbook,
            period,
            out,
            with_register=with_register,
            include_personal=include_personal_data,
            eml=eml,
            as_of=as_of,
            compare=compare,
        )
    except LossyWorkbookError as exc:
        raise UserError(
            f"{exc} Bản gửi email chưa được tạo vì chưa ghi được nhật ký vào sổ gốc."
        ) from exc
    except (WorkbookError, ValueError, OSError) as exc:
        raise UserError(str(exc)) from exc
    click.echo(done.message())

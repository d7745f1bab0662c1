"""The commands that make workbooks: `new` (a commune's), `demo` (the sample quarter) and
`build-workbook` (the template, for developers)."""

from __future__ import annotations

from pathlib import Path

import click

from tthc_xl.cli.base import UserError, command, workbook_argument


@command("new")
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


@command()
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
    from tthc_xl.cli.reading import kpi_text
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


@command("build-workbook")
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

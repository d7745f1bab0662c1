"""`tthc-xl city`: the ranking of the communes whose workbooks are in one folder."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tthc_xl.cli.base import (
    EXIT_PARTIAL,
    UserError,
    as_of_option,
    command,
    compare_option,
    dump,
    guard,
    period_option,
)


@command()
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

    Số liệu mỗi đơn vị giống hệt lệnh kpi trên sổ của đơn vị đó. Chỉ xếp hạng sổ theo dõi
    hồ sơ; mọi thứ khác trong thư mục (tệp xuất, bản gửi email, thư mục con, liên kết hỏng,
    tệp không đọc được) được liệt kê kèm lý do ở sheet TepLoi, các tệp còn lại vẫn được
    tính, và mã thoát là 1 (xếp hạng chưa đủ). Hai tệp của cùng một đơn vị: tính tệp mới
    hơn, ghi tên cả hai.

    Ví dụ: tthc-xl city SoCacXa/ -o XepHang.xlsx --period 2026-Q1
    """
    from tthc_xl.city import build_city_view
    from tthc_xl.city.view import CityError
    from tthc_xl.city.workbook import write_city_workbook
    from tthc_xl.rules import clock
    from tthc_xl.rules.period import parse_period

    now = clock.now()
    if period is None:
        period = parse_period(f"{now.year}-Q{(now.month - 1) // 3 + 1}")
    out = out or Path(f"XepHang_{period.label.replace('..', '_')}.xlsx")
    guard(inputs=folder_inputs(folder), outputs=(("-o", out), ("--db", db)))
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
        dump(view.as_json())
    else:
        click.echo(ranking_text(view))
        click.echo(f"Đã ghi sổ xếp hạng: {out}")
    if view.failures:  # the ranking is partial: a scheduled run must notice
        click.echo(
            f"Cảnh báo: {len(view.failures)} tệp không được xếp hạng (xem sheet TepLoi).",
            err=True,
        )
        sys.exit(EXIT_PARTIAL)


def folder_inputs(folder: Path) -> tuple[tuple[str, Path], ...]:
    """The entries of the folder the ranking must not land on (a link loop is none)."""
    from tthc_xl.book.paths import PathClashError, real

    if not folder.is_dir():
        return ()
    found = []
    for entry in folder.iterdir():
        try:
            real(entry)
        except PathClashError:
            continue
        found.append(("tệp của thư mục", entry))
    return tuple(found)


def ranking_text(view) -> str:
    """The ranking as the command prints it: one row per commune, the rule below."""
    from tthc_xl.rules.scorecard import COMPUTED_766
    from tthc_xl.style.numbers import percent, points, thousands
    from tthc_xl.style.texttable import table

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
    headers = ["Hạng", "Đơn vị", "Tổng HS", "Trực tuyến", "Đúng+trước hạn"]
    headers += [g.abbreviation for g in COMPUTED_766]
    return "\n".join(
        [
            f"{view.period.describe()}, tính đến {view.as_of:%d/%m/%Y %H:%M}: "
            f"{len(view.rows)} đơn vị, {thousands(view.dossier_count)} hồ sơ.",
            table(headers, rows, "rl" + "r" * (len(headers) - 2)),
            f"Cách xếp hạng: {view.rank_rule}",
        ]
    )

"""Command line `tthc-xl`: a thin layer over the library, one small module per group of
commands over a shared base (errors, help and options in Vietnamese: base.py).

- reading.py: kpi, dossiers, warn (nothing written);
- reconciling.py: reconcile (the register beside the portal; nothing written);
- writing.py: refresh, report, publish;
- importing.py: import, inspect;
- making.py: new, demo, build-workbook;
- doctor.py: doctor, setup (the commune PC's first run);
- city.py: city.

Importing the package loads click and the standard library only; each command imports
what it needs when it runs.
"""

from __future__ import annotations

import click

from tthc_xl.cli import city, doctor, importing, making, reading, reconciling, writing
from tthc_xl.cli.base import Group


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    package_name="tthc-xl", message="tthc-xl %(version)s", help="Hiện phiên bản rồi thoát."
)
def cli() -> None:
    """tthc-xl: sổ theo dõi hồ sơ TTHC của Trung tâm Phục vụ hành chính công xã.

    Tính ngày hẹn trả, kết quả giải quyết, chỉ số quý, Biểu 06 và điểm Chỉ số 766 từ
    sổ Excel (TTHC_Q.xlsm), giống hệt các nút trên thanh công cụ của sổ.
    """


for _command in (
    reading.kpi,
    reading.dossiers,
    reading.warn,
    reconciling.reconcile,
    writing.refresh,
    writing.report,
    writing.publish,
    importing.import_,
    importing.inspect_,
    making.new,
    making.demo,
    making.build_workbook,
    city.city,
    doctor.doctor,
    doctor.setup,
):
    cli.add_command(_command)


def main() -> None:
    cli(prog_name="tthc-xl")


__all__ = ["cli", "main"]

"""Issue 21, a register knows itself: what tthc-xl writes says what it is; a write goes
into registers only; a register of 0.1.0 (no marker) is taken and marked on its next write."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from hostile.makers import csv_file, dossier_row

from tthc_xl.book.marker import Kind, kind_of, marked_kind
from tthc_xl.cli import cli

DATA = Path(__file__).resolve().parents[1] / "data"


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args)])


def test_a_register_of_0_1_0_is_accepted_and_marked_on_its_next_write(tmp_path):
    old = tmp_path / "TTHC_Q.xlsm"
    shutil.copy(DATA / "TTHC_Q_0.1.0.xlsm", old)
    assert marked_kind(old) is None
    result = invoke("import", old, csv_file(tmp_path / "x.csv", [dossier_row(3)]))
    assert result.exit_code == 0, result.output
    assert marked_kind(old) is Kind.REGISTER


def test_what_each_command_writes_carries_its_kind(built, tmp_path):
    data = csv_file(tmp_path / "x.csv", [dossier_row(1)])
    made = tmp_path / "Moi.xlsx"
    assert invoke("import", made, data, "--create").exit_code == 0
    unit = tmp_path / "Xa.xlsm"
    assert invoke("new", unit, "--unit", "Xã Thử").exit_code == 0
    copy = tmp_path / "c.xlsx"
    assert invoke("publish", made, "-p", "2026-Q1", "-o", copy, "--with-register").exit_code == 0
    folder = tmp_path / "xa"
    folder.mkdir()
    shutil.copy(made, folder / "a.xlsx")
    ranking = tmp_path / "XepHang.xlsx"
    assert invoke("city", folder, "-p", "2026-Q1", "-o", ranking).exit_code == 0
    assert [marked_kind(p) for p in (made, unit, copy, ranking)] == [
        Kind.REGISTER,
        Kind.REGISTER,
        Kind.COPY,
        Kind.RANKING,
    ]


def test_a_workbook_without_a_register_is_not_written_into(tmp_path):
    foreign = tmp_path / "BangTinh.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "SoLieu"
    wb.active.append(["Mã hồ sơ", "Ghi chú"])
    wb.save(foreign)
    before = foreign.read_bytes()
    data = csv_file(tmp_path / "x.csv", [dossier_row(1)])
    result = invoke("import", foreign, data)
    assert result.exit_code == 2 and "không phải sổ theo dõi" in result.output
    assert foreign.read_bytes() == before
    assert kind_of(foreign) is Kind.OTHER


def test_an_old_email_copy_without_the_marker_is_still_a_copy(built, tmp_path):
    copy = tmp_path / "c.xlsx"
    assert invoke("publish", built, "-p", "2026-Q1", "-o", copy, "--with-register").exit_code == 0
    wb = openpyxl.load_workbook(copy)  # as 0.1.0 wrote it: no custom property
    del wb.custom_doc_props["tthc-xl"]
    wb.save(copy)
    assert marked_kind(copy) is None and kind_of(copy) is Kind.COPY

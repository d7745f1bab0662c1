"""Issue 21, city ranks registers only: every other entry of the folder is named, on stderr
and in TepLoi, and the exit code says the ranking is partial; of two files of one commune
the newer is kept and both are named; the temp file is never a planted link."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers.communes import write_communes

from tthc_xl.cli import cli

DATA = Path(__file__).resolve().parents[1] / "data"


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args)])


def failures_sheet(path: Path) -> dict[str, str]:
    ws = openpyxl.load_workbook(path)["TepLoi"]
    return {
        str(r[0]): str(r[1]) for r in ws.iter_rows(min_row=5, values_only=True) if r[1] is not None
    }


def ranked(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path)["XepHang"]
    return [str(r[1]) for r in ws.iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)]


@pytest.fixture
def folder(tmp_path) -> Path:
    """Two communes' registers, and every other kind of entry a shared folder gathers."""
    xa = tmp_path / "xa"
    write_communes(xa, 2, dossiers=30, workers=1)
    shutil.copy(DATA / "motcua_2026Q1.xlsx", xa / "motcua_2026Q1.xlsx")  # a raw export
    register = sorted(xa.glob("0*.xlsx"))[0]
    copy = xa / "ban_gui.xlsx"
    done = invoke("publish", register, "-p", "2026-Q1", "-o", copy, "--with-register")
    assert done.exit_code == 0, done.output
    (xa / "vong1.xlsx").symlink_to(xa / "vong2.xlsx")  # a link loop
    (xa / "vong2.xlsx").symlink_to(xa / "vong1.xlsx")
    (xa / "hong.xlsx").symlink_to(tmp_path / "khong_co.xlsx")  # a dangling link
    os.mkfifo(xa / "ong.xlsx")  # a FIFO: reading it would hang
    (xa / "thu_muc_con").mkdir()
    return xa


OTHERS = ("motcua_2026Q1.xlsx", "ban_gui.xlsx", "vong1.xlsx", "vong2.xlsx", "hong.xlsx",
          "ong.xlsx", "thu_muc_con")  # fmt: skip


def test_city_ranks_registers_and_names_every_other_entry(folder, tmp_path):
    out = tmp_path / "XepHang.xlsx"
    result = invoke("city", folder, "-p", "2026-Q1", "-o", out)
    assert result.exit_code == 1, result.output  # partial: not every entry ranked
    named = failures_sheet(out)
    for entry in OTHERS:
        assert entry in named, (entry, named)
        assert entry in result.stderr, (entry, result.stderr)
    assert "bản gửi email" in named["ban_gui.xlsx"]
    assert len(ranked(out)) == 2


def test_an_unreadable_file_is_named(folder, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file: no unreadable file to make")
    locked = folder / "khoa.xlsx"
    shutil.copy(next(folder.glob("0*.xlsx")), locked)
    locked.chmod(0)
    out = tmp_path / "XepHang.xlsx"
    result = invoke("city", folder, "-p", "2026-Q1", "-o", out)
    assert result.exit_code == 1 and "khoa.xlsx" in failures_sheet(out)


def test_of_two_files_of_one_commune_the_newer_is_kept_and_both_named(tmp_path):
    xa = tmp_path / "xa"
    first, second = write_communes(xa, 2, dossiers=30, workers=1)
    old = xa / "000_ban_cu.xlsx"  # sorts first, but is older
    shutil.copy(first, old)
    os.utime(old, (1_700_000_000, 1_700_000_000))
    out = tmp_path / "XepHang.xlsx"
    result = invoke("city", xa, "-p", "2026-Q1", "-o", out)
    assert result.exit_code == 1, result.output
    reason = failures_sheet(out)[old.name]
    assert first.name in reason and old.name in reason
    assert first.name not in failures_sheet(out) and len(ranked(out)) == 2


def test_a_full_ranking_exits_0_and_writes_through_no_planted_link(tmp_path):
    xa = tmp_path / "xa"
    write_communes(xa, 2, dossiers=30, workers=1)
    victim = tmp_path / "nan_nhan.txt"
    victim.write_text("giữ nguyên")
    out = tmp_path / "XepHang.xlsx"
    for planted in (".XepHang.xlsx.tmp", ".XepHang.tmp", ".XepHang.xlsx"):
        (tmp_path / planted).symlink_to(victim)
    result = invoke("city", xa, "-p", "2026-Q1", "-o", out)
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "giữ nguyên"
    assert not out.is_symlink() and len(ranked(out)) == 2


def test_the_database_is_replaced_whole_or_kept(tmp_path):
    xa = tmp_path / "xa"
    write_communes(xa, 2, dossiers=30, workers=1)
    db = tmp_path / "city.duckdb"
    assert invoke("city", xa, "-p", "2026-Q1", "-o", tmp_path / "X.xlsx", "--db", db).exit_code == 0
    before = db.read_bytes()
    empty = tmp_path / "trong"
    empty.mkdir()
    (empty / "ghi_chu.txt").write_text("không có sổ")
    result = invoke("city", empty, "-p", "2026-Q1", "-o", tmp_path / "Y.xlsx", "--db", db)
    assert result.exit_code == 2, result.output  # no register at all: nothing written
    assert db.read_bytes() == before
    assert not (tmp_path / "Y.xlsx").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

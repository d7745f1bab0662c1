"""Issue #10, data loss: one writer at a time, locks honoured on every path, backups and
temp files kept to their own workbook, symbolic links followed."""

import os
import shutil
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from helpers.imports import register_dicts
from hostile.makers import big_csv, csv_file, dossier_row

from tthc_xl.book import lock
from tthc_xl.book.errors import WorkbookLockedError
from tthc_xl.book.filebook import BACKUP_DIR, FileBook
from tthc_xl.cli import cli

CLI = [sys.executable, "-c", "from tthc_xl.cli import main; main()"]


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args)])


def test_two_imports_at_once_lose_nothing(built, tmp_path):
    a = big_csv(tmp_path / "A.csv", 4000, start=0)
    b = big_csv(tmp_path / "B.csv", 4000, start=100_000)
    first = subprocess.Popen(
        [*CLI, "import", str(built), str(a)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.5)
    second = subprocess.Popen(
        [*CLI, "import", str(built), str(b)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    outs = [p.communicate(timeout=600) for p in (first, second)]
    codes = [first.returncode, second.returncode]
    ids = set(register_dicts(built))
    assert 0 in codes
    for code, (_out, err), start in zip(codes, outs, (0, 100_000), strict=True):
        expected = {f"H.{start + i:06d}" for i in range(4000)}
        if code == 0:  # it said it imported: every one of its dossiers is there
            assert expected <= ids, err
        else:  # refused with a message, exit 2, nothing of it written
            assert code == 2 and "Lỗi:" in err and "Traceback" not in err
            assert not expected & ids


def test_a_second_writer_waits_then_refuses(built, monkeypatch):
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.5)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from tthc_xl.book import lock; from pathlib import Path;"
            "lock.acquire(Path(sys.argv[1])); print('held', flush=True); time.sleep(30)",
            str(built),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WorkbookLockedError, match="lệnh tthc-xl khác"):
            FileBook(built)
    finally:
        holder.kill()
        holder.wait()
    FileBook(built)  # the lock went with the process


def test_backup_pruning_keeps_to_its_own_workbook(built, tmp_path):
    other = tmp_path / "TTHC_Q.2025.xlsm"
    shutil.copy(built, other)
    for path in (other, other):
        book = FileBook(path, backups=5)
        book.write("CauHinh", 40, [["x"]])
        book.save()
    theirs = sorted(p.name for p in (tmp_path / BACKUP_DIR).iterdir())
    assert len(theirs) == 2
    for _ in range(3):
        book = FileBook(built, backups=1)
        book.write("CauHinh", 40, [["y"]])
        book.save()
    left = sorted(p.name for p in (tmp_path / BACKUP_DIR).iterdir())
    assert [n for n in left if n.startswith("TTHC_Q.2025.")] == theirs
    assert len([n for n in left if not n.startswith("TTHC_Q.2025.")]) == 1


@pytest.mark.parametrize("owner", ["~$TTHC_Q.xlsm", ".~lock.TTHC_Q.xlsm#"])
def test_office_lock_files_are_honoured_on_every_write_path(built, tmp_path, owner):
    (tmp_path / owner).write_text("someone")
    before = built.read_bytes()
    for args in (
        ["refresh", built, "--period", "2026-Q1"],
        ["refresh", built, "--period", "2026-Q1", "--out", built],
        ["refresh", built, "--period", "2026-Q1", "--out", tmp_path / "." / built.name],
        ["import", built, csv_file(tmp_path / "x.csv", [dossier_row(1)])],
    ):
        result = invoke(*args)
        assert result.exit_code == 2, result.output
        assert "đang mở trong" in result.output
    assert built.read_bytes() == before


def test_a_symlinked_workbook_is_written_through_the_link(built, tmp_path):
    real_dir = tmp_path / "that"
    real_dir.mkdir()
    real = real_dir / built.name
    built.rename(real)
    link = tmp_path / "link.xlsm"
    link.symlink_to(real)
    result = invoke("import", link, csv_file(tmp_path / "x.csv", [dossier_row(7)]))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real
    assert "H.000007" in register_dicts(real)
    (real_dir / "~$TTHC_Q.xlsm").write_text("x")  # Excel has the real file open
    result = invoke("import", link, csv_file(tmp_path / "y.csv", [dossier_row(8)]))
    assert result.exit_code == 2 and "đang mở trong Excel" in result.output


def test_temp_files_of_a_killed_save_are_cleaned_up_next_time(built, tmp_path):
    left = tmp_path / ".TTHC_Q.k3x_9abc.xlsm"
    left.write_bytes(b"personal data")
    os.chmod(left, 0o600)
    unrelated = tmp_path / ".TTHC_Q.2025.k3x_9abc.xlsm"  # another workbook's: not ours
    unrelated.write_bytes(b"x")
    os.chmod(built, 0o640)
    result = invoke("import", built, csv_file(tmp_path / "x.csv", [dossier_row(1)]))
    assert result.exit_code == 0
    assert not left.exists() and unrelated.exists()
    assert os.stat(built).st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".TTHC_Q.")) == [
        unrelated.name
    ]


def test_kill_during_save_leaves_old_or_new_and_the_next_run_cleans_up(built, tmp_path):
    export = big_csv(tmp_path / "big.csv", 6000)
    proc = subprocess.Popen([*CLI, "import", str(built), str(export)], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if any(
            p.name.startswith(".TTHC_Q.") and p.suffix == ".xlsm" and not p.name.endswith(".lock")
            for p in tmp_path.iterdir()
        ):
            proc.kill()
            break
        time.sleep(0.01)
    proc.wait()
    ids = set(register_dicts(built))
    assert len(ids) in (0, 6000)  # the old file or the new one, never half
    assert (
        invoke("import", built, csv_file(tmp_path / "x.csv", [dossier_row("Z.1")])).exit_code == 0
    )
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".TTHC_Q.")] == []


def test_messages_for_folders_backups_and_full_width_digits(built, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    result = invoke("import", built, folder)
    assert result.exit_code == 2 and "thư mục" in result.output
    result = invoke("kpi", tmp_path, "--period", "2026-Q1")
    assert result.exit_code == 2 and "thư mục" in result.output
    assert "directory" not in result.output
    result = invoke("kpi", built, "--period", "2026-Q1", "--as-of", "１２")
    assert result.exit_code == 2 and "chữ số" in result.output
    (tmp_path / BACKUP_DIR).write_text("a file where the backup folder should be")
    before = built.read_bytes()
    result = invoke("import", built, csv_file(tmp_path / "x.csv", [dossier_row(1)]))
    assert result.exit_code == 2 and "sao lưu" in result.output
    assert "Excel" not in result.output.split("sao lưu")[0]
    assert built.read_bytes() == before


def test_a_read_only_folder_is_a_message_about_the_folder(built, tmp_path, monkeypatch):
    # Tests run as root here, where chmod cannot make a folder read-only: the refusal
    # the OS gives a normal user is raised where it would come from.
    from tthc_xl.book import atomic

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    before = built.read_bytes()
    result = invoke("import", built, csv_file(tmp_path / "x.csv", [dossier_row(1)]))
    assert result.exit_code == 2 and "chỉ đọc" in result.output
    assert "Excel" not in result.output
    assert built.read_bytes() == before

"""One message style: a table of wrong invocations, each run through the CLI (click's
runner, and a real process on a cp1258 console), each answered in Vietnamese that names
what was wrong, with no English from click, Python or the OS, no exception class, no errno."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tthc_xl.book.failures import user_message
from tthc_xl.cli import cli
from tthc_xl.cli.messages import translate_click

BUILT = Path(__file__).resolve().parents[2] / "workbook" / "TTHC_Q.xlsm"
NOW = "2026-04-10T09:00"
LONG_NAME = "b" * 300 + ".xlsx"

# English that must never reach the clerk: click's sentences, Python's, the OS's, and the
# names of exception classes
ENGLISH = re.compile(
    r"Errno|\w+Error\b|BadZip|Exception|Traceback|is not a valid|is a file|is a directory|"
    r"does not exist|Missing (argument|option)|No such (option|command)|requires an|"
    r"unexpected extra|out of range|Read-only|too long|not one of|lường trước \("
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("msg")
    shutil.copy(BUILT, d / "W.xlsm")
    (d / "e.csv").write_text(
        "Mã hồ sơ;Mã thủ tục;Ngày tiếp nhận\r\nH.1;1.004873;05/01/2026 09:00\r\n",
        encoding="utf-8",
    )
    (d / "hong.xlsm").write_bytes(b"not a zip at all")
    with zipfile.ZipFile(d / "zip.xlsx", "w") as z:
        z.writestr("a.txt", "a zip, not a workbook")
    return d


# (id, arguments, text the message must contain)
CASES = [
    ("missing-argument", ["kpi", "-p", "2026-Q1"], "SỔ"),
    ("option-without-value", ["kpi", "W.xlsm", "-p"], "-p"),
    ("extra-argument", ["kpi", "W.xlsm", "-p", "2026-Q1", "thua"], "thua"),
    ("no-such-option", ["kpi", "W.xlsm", "-p", "2026-Q1", "--khong-co"], "--khong-co"),
    ("no-such-command", ["baocao"], "baocao"),
    ("not-an-integer", ["demo", "--seed", "abc"], "abc"),
    ("folder-is-a-file", ["city", "e.csv", "-p", "2026-Q1"], "e.csv"),
    ("file-is-a-folder", ["kpi", ".", "-p", "2026-Q1"], "thư mục"),
    ("year-out-of-range", ["kpi", "W.xlsm", "-p", "9999-Q4"], "9999"),
    ("future-as-of", ["kpi", "W.xlsm", "-p", "2026-Q2", "--as-of", "2026-05-01"], "tương lai"),
    ("bad-compare", ["kpi", "W.xlsm", "-p", "2026-Q1", "--compare", "xyz"], "xyz"),
    ("not-a-zip", ["kpi", "hong.xlsm", "-p", "2026-Q1"], "hong.xlsm"),
    ("zip-not-a-workbook", ["kpi", "zip.xlsx", "-p", "2026-Q1"], "zip.xlsx"),
    ("import-not-a-zip", ["import", "hong.xlsm", "e.csv"], "hong.xlsm"),
    ("name-too-long", ["publish", "W.xlsm", "-p", "2026-Q1", "-o", LONG_NAME], "quá dài"),
    ("missing-workbook", ["kpi", "khong_co.xlsm", "-p", "2026-Q1"], "tthc-xl new"),
]


def check(output: str, wanted: str) -> None:
    assert output.startswith("Lỗi: "), output
    assert wanted in output, output
    assert not ENGLISH.search(output), output


@pytest.mark.parametrize(("args", "wanted"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_wrong_invocation_is_said_in_vietnamese(folder, args, wanted, monkeypatch):
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, args, env={"TTHC_XL_NOW": NOW})
    assert result.exit_code == 2, result.output
    check(result.output, wanted)


def run(folder: Path, args: list[str], encoding: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "TTHC_XL_NOW": NOW}
    return subprocess.run(
        [sys.executable, "-m", "tthc_xl.cli", *args], cwd=folder, env=env, capture_output=True
    )


@pytest.mark.parametrize(
    ("args", "wanted"),
    [c[1:] for c in CASES if c[0] in ("extra-argument", "folder-is-a-file", "not-a-zip")],
)
def test_a_cp1258_console_gets_the_same_message(folder, args, wanted):
    done = run(folder, args, "cp1258")
    assert done.returncode == 2
    import unicodedata

    text = unicodedata.normalize("NFC", done.stderr.decode("cp1258"))
    check(text, wanted)


@pytest.mark.parametrize("encoding", ["cp1258", "ascii", "latin-1"])
def test_every_printing_command_works_on_any_console(folder, encoding):
    """Redirected output on a Vietnamese Windows is cp1258: warn used to exit 2."""
    import unicodedata

    warn = run(folder, ["warn", "W.xlsm"], encoding)
    assert warn.returncode == 0, warn.stderr
    kpi = run(folder, ["kpi", "W.xlsm", "-p", "2026-Q1"], encoding)
    assert kpi.returncode == 0, kpi.stderr
    if encoding == "cp1258":  # every letter there, as base letter and tone mark
        text = unicodedata.normalize("NFC", kpi.stdout.decode("cp1258"))
        assert "Tiếp nhận" in text or "Kỳ: Quý I năm 2026" in text
    help_ = run(folder, ["--help"], encoding)
    assert help_.returncode == 0 and not help_.stderr


@pytest.mark.parametrize(
    ("english", "wanted"),
    [
        ("'abc' is not a valid integer.", "'abc' không phải số nguyên."),
        ("Directory 'x' is a file.", "'x' là tệp"),
        ("File 'y' is a directory.", "'y' là thư mục"),
        ("Got unexpected extra argument (z)", "Thừa tham số: z"),
        ("Option '--out' requires an argument.", "Tùy chọn --out cần một giá trị."),
    ],
)
def test_clicks_own_sentences_are_in_the_table(english, wanted):
    assert wanted in (translate_click(english) or "")


@pytest.mark.parametrize(
    ("code", "wanted"),
    [
        (errno.EROFS, "chỉ cho đọc"),
        (errno.ENAMETOOLONG, "quá dài"),
        (errno.EACCES, "không có quyền"),
        (errno.EIO, "Hãy kiểm tra"),
    ],
)
def test_os_errors_say_what_happened_and_what_to_do(code, wanted):
    """What a read-only folder or a too-long name raises (root here cannot make one)."""
    exc = OSError(code, os.strerror(code), "/mnt/usb/TTHC_Q.xlsm")
    message = user_message(exc)
    assert wanted in message and "'TTHC_Q.xlsm'" in message
    assert not ENGLISH.search(message) and os.strerror(code) not in message


def test_an_unexpected_error_says_what_to_do_without_its_class():
    message = user_message(KeyError("x"))
    assert "KeyError" not in message and "tthc_xl.log" in message and "Hãy" in message


def excel_owner_file(path: Path, ansi: str, name: str) -> None:
    """Excel's ~$ owner file: the name's length and its ANSI bytes, padded to byte 54; then
    the length and the name in UTF-16; spaces to 165 bytes."""
    head = bytes([len(ansi)]) + ansi.encode("cp1252")
    wide = len(name).to_bytes(2, "little") + name.encode("utf-16-le")
    path.write_bytes((head.ljust(0x36, b" ") + wide).ljust(165, b" "))


@pytest.mark.parametrize("program", ["LibreOffice", "Excel"])
def test_the_lock_message_names_who_holds_the_workbook(tmp_path, program):
    book = tmp_path / "W.xlsm"
    shutil.copy(BUILT, book)
    (tmp_path / "e.csv").write_text(
        "Mã hồ sơ;Mã thủ tục;Ngày tiếp nhận\r\nH.1;1.004873;05/01/2026 09:00\r\n",
        encoding="utf-8",
    )
    if program == "LibreOffice":
        owner = tmp_path / ".~lock.W.xlsm#"
        owner.write_text(
            "Nguyễn Thị Lan,lan,PC-MOTCUA,04.12.2026 08:15,file:///C:/Users/lan/W.xlsm;",
            encoding="utf-8",
        )
        wanted = ["Nguyễn Thị Lan", "PC-MOTCUA", "04.12.2026 08:15"]
    else:
        owner = tmp_path / "~$W.xlsm"
        excel_owner_file(owner, "Tran Van Binh", "Trần Văn Bình")
        wanted = ["Trần Văn Bình"]
    before = book.read_bytes()
    result = CliRunner().invoke(cli, ["import", str(book), str(tmp_path / "e.csv")])
    assert result.exit_code == 2
    check(result.output, program)
    for text in wanted:
        assert text in result.output
    assert owner.name in result.output  # a stale one: what to delete
    assert book.read_bytes() == before


def test_the_same_file_twice_in_one_import_is_imported_once_and_said(tmp_path):
    book = tmp_path / "W.xlsm"
    shutil.copy(BUILT, book)
    export = tmp_path / "e.csv"
    export.write_text(
        "Mã hồ sơ;Mã thủ tục;Ngày tiếp nhận\r\nH.1;1.004873;05/01/2026 09:00\r\n",
        encoding="utf-8",
    )
    (tmp_path / "link.csv").symlink_to(export)
    result = CliRunner().invoke(
        cli,
        [
            "import",
            str(book),
            str(export),
            str(tmp_path / "." / "e.csv"),
            str(tmp_path / "link.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "'" + str(export) + "' được chọn 3 lần" in result.stderr
    assert "chỉ nhập một lần" in result.stderr
    rows = [ln for ln in result.stdout.splitlines() if re.match(r"(e|link)\.csv +\d", ln)]
    assert len(rows) == 1, result.stdout  # one row of the import summary


@pytest.mark.parametrize("with_register", [False, True])
def test_kpi_on_the_email_copy_points_to_the_register_not_to_importing_it(tmp_path, with_register):
    book = tmp_path / "W.xlsm"
    shutil.copy(BUILT, book)
    copy = tmp_path / "BanGui.xlsx"
    extra = ["--with-register"] if with_register else []
    made = CliRunner().invoke(
        cli,
        ["publish", str(book), "-p", "2026-Q1", "-o", str(copy), *extra],
        env={"TTHC_XL_NOW": NOW},
    )
    assert made.exit_code == 0, made.output
    result = CliRunner().invoke(cli, ["kpi", str(copy), "-p", "2026-Q1"], env={"TTHC_XL_NOW": NOW})
    assert result.exit_code == 2
    check(result.output, "bản gửi email")
    assert "tthc-xl import" not in result.output and "sổ gốc" in result.output

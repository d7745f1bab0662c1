"""Issue 21, inputs and outputs never meet: every command aimed at its own inputs, at its
other outputs or at a register not its own is refused before anything is read or written
(exit 2, every file byte-identical, no new file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile.makers import csv_file, dossier_row

from tthc_xl.cli import cli

DATA = Path(__file__).resolve().parents[1] / "data"


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args)])


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every entry under `folder`: a file's bytes, a link's target."""
    found: dict[str, bytes | str] = {}
    for p in sorted(folder.rglob("*")):
        key = str(p.relative_to(folder))
        if p.is_symlink():
            found[key] = "-> " + str(p.readlink())
        elif p.is_file():
            found[key] = p.read_bytes()
    return found


def refused(folder: Path, *args, words: tuple[str, ...] = ()) -> str:
    """Run the CLI; it must exit 2 and leave every file under `folder` as it was."""
    before = tree(folder)
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert tree(folder) == before, result.output
    message = " ".join(result.output.split())
    assert "Traceback" not in message
    for word in words:
        assert word in message, message
    return message


@pytest.fixture
def export(tmp_path) -> Path:
    path = tmp_path / "motcua_2026Q1.xlsx"
    shutil.copy(DATA / "motcua_2026Q1.xlsx", path)
    return path


def test_publish_eml_onto_the_workbook_is_refused(built, tmp_path):
    refused(tmp_path, "publish", built, "-p", "2026-Q1", "--eml", built, words=("--eml",))


def test_publish_eml_onto_the_workbook_through_a_link_is_refused(built, tmp_path):
    link = tmp_path / "thu.eml"
    link.symlink_to(built)
    message = refused(tmp_path, "publish", built, "-p", "2026-Q1", "--eml", link)
    assert "liên kết" in message


def test_publish_copy_and_eml_onto_one_file_is_refused(built, tmp_path):
    copy = tmp_path / "c.xlsx"
    message = refused(tmp_path, "publish", built, "-p", "2026-Q1", "-o", copy, "--eml", copy)
    assert "-o" in message and "--eml" in message


def test_publish_copy_onto_another_register_is_refused(built, tmp_path):
    other = tmp_path / "khac" / "TTHC_Q.xlsx"
    other.parent.mkdir()
    shutil.copy(DATA / "register_2026Q1.xlsx", other)
    refused(tmp_path, "publish", built, "-p", "2026-Q1", "-o", other, words=("sổ theo dõi",))


def test_city_ranking_onto_a_communes_workbook_is_refused(built, tmp_path):
    folder = tmp_path / "xa"
    folder.mkdir()
    shutil.copy(built, folder / "xa1.xlsm")
    shutil.copy(DATA / "register_2026Q1.xlsx", folder / "xa2.xlsx")
    refused(tmp_path, "city", folder, "-p", "2026-Q1", "-o", folder / "xa1.xlsm")
    refused(tmp_path, "city", folder, "-p", "2026-Q1", "--db", folder / "xa2.xlsx")


def test_city_ranking_onto_a_register_elsewhere_is_refused(built, tmp_path):
    folder = tmp_path / "xa"
    folder.mkdir()
    shutil.copy(DATA / "register_2026Q1.xlsx", folder / "xa2.xlsx")
    refused(tmp_path, "city", folder, "-p", "2026-Q1", "-o", built, words=("sổ theo dõi",))


@pytest.mark.parametrize("option", ["--docx", "--pdf"])
def test_report_files_onto_the_workbook_or_its_out_are_refused(built, tmp_path, option):
    refused(tmp_path, "report", built, "-p", "2026-Q1", option, built)
    out = tmp_path / "BaoCao.xlsm"
    refused(tmp_path, "report", built, "-p", "2026-Q1", "-o", out, option, out)
    refused(
        tmp_path,
        "report",
        built,
        "-p",
        "2026-Q1",
        "--docx",
        tmp_path / "b",
        "--pdf",
        tmp_path / "b",
    )


def test_refresh_out_onto_another_file_is_refused(built, tmp_path, export):
    refused(tmp_path, "refresh", built, "-p", "2026-Q1", "--out", export)


def test_import_with_swapped_arguments_says_so(built, tmp_path, export):
    refused(tmp_path, "import", export, built, words=("đổi chỗ", f"import {built}"))


def test_import_into_an_email_copy_is_refused(built, tmp_path):
    copy = tmp_path / "copy.xlsx"
    done = invoke("publish", built, "-p", "2026-Q1", "-o", copy, "--with-register")
    assert done.exit_code == 0, done.output
    data = csv_file(tmp_path / "x.csv", [dossier_row(1)])
    refused(tmp_path, "import", copy, data, words=("bản gửi email",))
    refused(tmp_path, "refresh", copy, "-p", "2026-Q1", words=("bản gửi email",))


def test_import_of_the_register_into_itself_is_refused(built, tmp_path):
    refused(tmp_path, "import", built, built)


def test_a_missing_register_beside_another_is_refused_with_the_new_command(built, tmp_path):
    data = csv_file(tmp_path / "x.csv", [dossier_row(1)])
    target = tmp_path / "TTHC_Q.xlsx"
    refused(tmp_path, "import", target, data, words=("tthc-xl new", "TTHC_Q.xlsm", "--create"))
    done = invoke("import", target, data, "--create")
    assert done.exit_code == 0, done.output
    assert target.is_file()


def test_an_output_into_a_missing_folder_is_refused_before_the_first_output(built, tmp_path):
    copy, eml = tmp_path / "c.xlsx", tmp_path / "khong_co" / "thu.eml"
    refused(tmp_path, "publish", built, "-p", "2026-Q1", "-o", copy, "--eml", eml)
    assert not copy.exists()
    refused(tmp_path, "report", built, "-p", "2026-Q1", "--docx", tmp_path / "khong" / "b.docx")


def test_a_hard_link_to_the_workbook_is_the_workbook(built, tmp_path):
    twin = tmp_path / "thu.eml"
    twin.hardlink_to(built)
    refused(tmp_path, "publish", built, "-p", "2026-Q1", "--eml", twin)
    refused(tmp_path, "import", built, twin)

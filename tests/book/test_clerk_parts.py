"""Issue 18: a clerk's own chart, picture and comment on a sheet of hers survive every
write of ours byte for byte, in place (exit 0), and LibreOffice still shows them."""

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.clerk import SHEET, clerk_parts, plant
from helpers.imports import register_dicts

from tthc_xl.cli import cli

DATA = Path(__file__).resolve().parents[1] / "data"
BUILT = Path(__file__).resolve().parents[2] / "workbook" / "TTHC_Q.xlsm"


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args)])


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture
def planted(tmp_path):
    """The committed macro workbook with the clerk's sheet, chart, picture and comment."""
    path = tmp_path / "TTHC_Q.xlsm"
    shutil.copy(BUILT, path)
    plant(path)
    parts = " ".join(clerk_parts(path))
    for kind in ("xl/worksheets/", "xl/drawings/drawing", "xl/charts/", "xl/media/"):
        assert kind in parts, parts
    assert "xl/comments" in parts and ".vml" in parts, parts
    return path


@pytest.mark.parametrize(
    "command",
    [
        ("import", DATA / "motcua_2026Q1.xlsx"),
        ("refresh", "--period", "2026-Q1"),
        ("report", "--period", "2026-Q1"),
    ],
    ids=["import", "refresh", "report"],
)
def test_the_clerks_parts_are_kept_byte_for_byte_in_place(planted, command):
    before = clerk_parts(planted)
    kept = {n: b for n, b in members(planted).items() if n in ("xl/vbaProject.bin",)}
    result = invoke(command[0], planted, *command[1:])
    assert result.exit_code == 0, result.output
    assert "tệp mới" not in result.output
    assert not list(planted.parent.glob("* (tthc-xl *)*"))  # nothing sent to a new file
    after = members(planted)
    assert {n: after.get(n) for n in before} == before
    assert {n: after.get(n) for n in kept} == kept
    assert any(n.startswith("customUI/") for n in after)  # the ribbon kept
    if command[0] == "import":
        assert len(register_dicts(planted)) > 0


def test_libreoffice_still_shows_them_after_every_write(planted, soffice):
    assert invoke("import", planted, DATA / "motcua_2026Q1.xlsx").exit_code == 0
    assert invoke("report", planted, "--period", "2026-Q1").exit_code == 0
    assert invoke("refresh", planted, "--period", "2026-Q1").exit_code == 0
    resaved = soffice(planted, "xlsx")  # LibreOffice opens it and saves what it read
    names = list(members(resaved))
    assert any(n.startswith("xl/media/") for n in names), names  # the picture
    assert any(n.startswith("xl/comments") for n in names), names  # the comment
    charts = [n for n in names if n.startswith("xl/charts/chart")]
    titles = b"".join(members(resaved)[n] for n in charts)
    assert "Biểu đồ của tôi".encode() in titles  # her chart, beside ours
    import openpyxl

    wb = openpyxl.load_workbook(resaved)
    assert wb[SHEET]["A1"].comment is not None
    assert "Ghi chú của tôi" in wb[SHEET]["A1"].comment.text


def test_parts_not_written_are_copied_as_stored(planted):
    """Not inflated and deflated again: the same compressed bytes, the zip whole."""
    with zipfile.ZipFile(planted) as z:
        before = {i.filename: (i.CRC, i.compress_size, i.compress_type) for i in z.infolist()}
    assert invoke("refresh", planted, "--period", "2026-Q1").exit_code == 0
    with zipfile.ZipFile(planted) as z:
        assert z.testzip() is None
        after = {i.filename: (i.CRC, i.compress_size, i.compress_type) for i in z.infolist()}
    kept = [n for n in before if n in after and after[n][0] == before[n][0]]
    assert "xl/vbaProject.bin" in kept and len(kept) > len(before) // 2
    assert all(after[n] == before[n] for n in kept)


def test_a_second_refresh_writes_only_the_three_sheets(planted):
    """The register, the styles and workbook.xml as the first refresh left them: a write
    costs what changes (here the period's figures and the time they were computed)."""
    assert invoke("refresh", planted, "--period", "2026-Q1").exit_code == 0
    first = members(planted)
    assert invoke("refresh", planted, "--period", "2026-Q1").exit_code == 0
    second = members(planted)
    changed = sorted(n for n in second if first.get(n) != second[n])
    with zipfile.ZipFile(planted) as z:
        from tthc_xl.book.package import sheets

        parts = dict(sheets(z))
    assert set(changed) <= {parts["KPI"], parts["CanhBao"], parts["Bieu06"]}, changed
    assert set(first) == set(second)

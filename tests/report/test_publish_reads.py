"""`publish` reads only what the copy needs (issue 18): openpyxl, which makes an object of
every cell it loads, never loads the register's rows; the register comes from calamine's
one read of the file (its figures, the redactor's personal values, and with
--with-register the rows that go). Checked structurally: every workbook openpyxl loads
during the command is recorded (the real loader, wrapped) and its HoSo must hold no
dossier. No timing is asserted (bench/bench_surfaces.py times publish)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers.shared import demo_quarter
from python_calamine import CalamineWorkbook

from tthc_xl.book.extent import sheet_parts
from tthc_xl.book.layout import register_rows, write_register
from tthc_xl.book.trimmed import without_rows
from tthc_xl.cli import cli

BUILT = Path(__file__).resolve().parents[2] / "workbook" / "TTHC_Q.xlsm"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    """The committed template with the demo quarter's whole register (~2,900 dossiers)."""
    path = tmp_path_factory.mktemp("reads") / "TTHC_Q.xlsm"
    shutil.copy(BUILT, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["HoSo"]
    del ws.tables["HoSo"]
    headers, rows = register_rows(demo_quarter())
    write_register(ws, headers, rows)
    wb.save(path)
    return path


@pytest.fixture
def loads(monkeypatch) -> list[openpyxl.Workbook]:
    """Every workbook openpyxl loads from now on (the real loader, recorded)."""
    loaded: list[openpyxl.Workbook] = []
    real = openpyxl.load_workbook

    def recording(*args, **kwargs):
        wb = real(*args, **kwargs)
        loaded.append(wb)
        return wb

    monkeypatch.setattr(openpyxl, "load_workbook", recording)
    return loaded


def register_sizes(loaded: list[openpyxl.Workbook]) -> list[int]:
    """How many rows each loaded workbook's HoSo held (its header included)."""
    return [wb["HoSo"].max_row for wb in loaded if "HoSo" in wb.sheetnames]


def dossiers_in(path: Path) -> int:
    with CalamineWorkbook.from_path(str(path)) as wb:
        return len(wb.get_sheet_by_name("HoSo").to_python()) - 1


def publish(workbook: Path, tmp: Path, *args: str) -> Path:
    out = tmp / "ban_gui.xlsx"
    result = CliRunner().invoke(
        cli, ["publish", str(workbook), "--period", "2026-Q1", "-o", str(out), *args]
    )
    assert result.exit_code == 0, result.output
    return out


def test_the_copy_never_loads_the_register_rows_into_openpyxl(workbook, tmp_path, loads):
    assert dossiers_in(workbook) > 2500
    out = publish(workbook, tmp_path)
    sizes = register_sizes(loads)
    assert sizes, "the copy's sheets were loaded with openpyxl from somewhere"
    assert max(sizes) <= 1  # the header row at most, never a dossier
    copied = openpyxl.load_workbook(out)
    assert copied.sheetnames == ["BaoCao", "Bieu06", "KPI", "CanhBao"]


def test_with_register_the_rows_that_go_come_from_calamine(workbook, tmp_path, loads):
    out = publish(workbook, tmp_path, "--with-register")
    assert max(register_sizes(loads)) <= 1
    assert dossiers_in(out) == dossiers_in(workbook)  # every dossier went, none twice


def test_the_view_keeps_every_other_part_byte_for_byte(workbook):
    with zipfile.ZipFile(workbook) as z:
        original = {i.filename: z.read(i) for i in z.infolist()}
        hoso = next(p for p, name in sheet_parts(z).items() if name == "HoSo")
    with without_rows(workbook, ["hoso"]) as view:  # the sheet-name rule: case ignored
        folder = view.parent
        with zipfile.ZipFile(view) as z:
            seen = {i.filename: z.read(i) for i in z.infolist()}
        with CalamineWorkbook.from_path(str(view)) as wb:
            header = wb.get_sheet_by_name("HoSo").to_python()
        assert len(openpyxl.load_workbook(view)["HoSo"]["A"]) == 1
    with CalamineWorkbook.from_path(str(workbook)) as wb:
        assert header == wb.get_sheet_by_name("HoSo").to_python()[:1]
    assert seen.keys() == original.keys()
    assert [p for p in original if seen[p] != original[p]] == [hoso]
    assert not folder.exists()  # the view is removed on leaving

"""Issue 18: every part a write of ours makes validates against the Office Open XML
schemas (openxml-audit: the Open XML SDK's schema checks, in Python); openpyxl reads the
result. LibreOffice opening it is tests/book/test_clerk_parts.py's."""

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers.clerk import plant

from tthc_xl.cli import cli

DATA = Path(__file__).resolve().parents[1] / "data"
BUILT = Path(__file__).resolve().parents[2] / "workbook" / "TTHC_Q.xlsm"

openxml_audit = pytest.importorskip("openxml_audit", reason="pip install openxml-audit")


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args)])


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


# The Open XML SDK checks a font's children in one order; ECMA-376's transitional schema
# (CT_Font) takes them in any order, as openpyxl writes them and Excel reads them.
FONT_ORDER = re.compile(r"/styleSheet\[1\]/fonts\[1\]/font\[\d+\]: Unexpected element")


def schema_errors(path: Path, parts: set[str]) -> list[str]:
    """The schema findings on `parts` (the SDK's semantic advice left out)."""
    validator = openxml_audit.OpenXmlValidator(semantic_validation=False, strict=False)
    result = validator.validate(str(path))
    return [
        str(e)
        for e in result.errors
        if "[schema]" in str(e)
        and (e.part_uri or "").lstrip("/") in parts
        and not FONT_ORDER.search(str(e))
    ]


def test_every_part_we_write_is_valid(tmp_path):
    path = tmp_path / "TTHC_Q.xlsm"
    shutil.copy(BUILT, path)
    plant(path)
    before = members(path)
    for args in (
        ("import", DATA / "motcua_2026Q1.xlsx", DATA / "dvcqg_2026Q1.xlsx"),
        ("refresh", "--period", "2026-Q1"),
        ("report", "--period", "2026-Q1"),
        ("import", DATA / "hotich_2026Q1.csv"),
    ):
        result = invoke(args[0], path, *args[1:])
        assert result.exit_code == 0, result.output
    after = members(path)
    written = {n for n, b in after.items() if before.get(n) != b}
    assert {"xl/workbook.xml", "xl/styles.xml"} & written  # the test sees what we wrote
    assert any(n.startswith("xl/worksheets/") for n in written)
    assert schema_errors(path, written) == []
    wb = openpyxl.load_workbook(path, keep_vba=True)
    assert wb["HoSo"].max_row > 100 and wb["KPI"]["A1"].value


def test_a_broken_part_is_found(tmp_path):
    """The check can fail: a cell element where a row belongs is reported."""
    path = tmp_path / "TTHC_Q.xlsm"
    shutil.copy(BUILT, path)
    parts = members(path)
    name = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    broken = parts[name].replace(b"<sheetData>", b'<sheetData><c r="A1"/>', 1)
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, broken if n == name else data)
    assert schema_errors(path, {name}) != []

"""The size check before calamine reads a sheet: refused past the limits, wherever the far
reference sits (a quick look decides which sheets get the exact scan)."""

import pytest
from hostile.makers import write_minimal_xlsx

from tthc_xl.book.extent import _CHUNK, ExtentError, check_zip_extent


def sheet_xml(cells: str, before: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"{before}<sheetData>{cells}</sheetData></worksheet>"
    )


def cell(ref: str) -> str:
    row = "".join(ch for ch in ref if ch.isdigit())
    return f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'


@pytest.mark.parametrize(
    "ref",
    [
        "XFD1048576",  # past the cell limit (17 billion cells)
        "Z500000",  # one letter, six digits: 26 x 500,000 = 13 million cells
        "A2000000",  # past Excel's last row
        "AAAA1",  # past Excel's last column
        "ALL10001",  # 1,000 columns x 10,001 rows
    ],
)
def test_far_cells_are_refused(tmp_path, ref):
    path = write_minimal_xlsx(tmp_path / "x.xlsx", {"S": sheet_xml(cell("A1") + cell(ref))})
    with pytest.raises(ExtentError, match="S"):
        check_zip_extent(path)


@pytest.mark.parametrize("ref", ["Z99999", "AB20000", "A300000"])  # 2.6M, 0.6M, 0.3M cells
def test_cells_within_the_limit_pass(tmp_path, ref):
    path = write_minimal_xlsx(tmp_path / "x.xlsx", {"S": sheet_xml(cell("A1") + cell(ref))})
    check_zip_extent(path)


@pytest.mark.parametrize("shift", range(-12, 4))
def test_a_far_reference_cut_by_a_chunk_boundary_is_still_found(tmp_path, shift):
    """The sheet is read a chunk at a time: a reference across two chunks is seen whole."""
    head = sheet_xml("").split("<sheetData>")[0] + "<sheetData>"
    far = '<row r="3"><c r="XFD1048576"><v>1</v></c></row>'  # only the cell says how far
    pad_to = _CHUNK + shift - len(head) - far.index('r="XFD')
    filler = cell("A1")
    pad = "<!--" + "x" * (pad_to - len(filler) - 7) + "-->"
    path = write_minimal_xlsx(tmp_path / "x.xlsx", {"S": sheet_xml(filler + pad + far)})
    with pytest.raises(ExtentError, match="XFD1048576"):
        check_zip_extent(path)


def test_only_the_sheets_asked_for_are_checked(tmp_path):
    sheets = {"S": sheet_xml(cell("A1")), "Far": sheet_xml(cell("A1") + cell("XFD1048576"))}
    path = write_minimal_xlsx(tmp_path / "x.xlsx", sheets)
    check_zip_extent(path, ["S"])
    with pytest.raises(ExtentError, match="Far"):
        check_zip_extent(path, ["S", "Far"])


@pytest.mark.parametrize(
    "tag",
    ["<c r='XFD1048576'><v>1</v></c>", '<c r = "XFD1048576"><v>1</v></c>'],
)
def test_a_far_reference_in_single_quotes_or_spaced_is_refused(tmp_path, tag):
    cells = cell("A1") + f"<row r='1048576'>{tag}</row>"
    path = write_minimal_xlsx(tmp_path / "x.xlsx", {"S": sheet_xml(cells)})
    with pytest.raises(ExtentError, match="S"):
        check_zip_extent(path)


@pytest.mark.parametrize(
    ("ref", "far"),
    [
        ("Z299999", False),
        ("A150000", False),
        ("B99999", False),
        ("A300000", True),
        ("Z1000000", True),
        ("AA1", True),
        ("A0300000", True),
    ],  # fmt: skip
)
def test_the_quick_look_passes_only_what_cannot_reach_the_limits(tmp_path, ref, far):
    """A 200,000-row export skips the exact scan; anything that might not fit gets it."""
    import zipfile

    from tthc_xl.book.extent import (
        _NEAR_COLUMNS,
        _NEAR_ROWS,
        EXCEL_MAX_ROWS,
        MAX_SHEET_CELLS,
        may_be_far,
        sheet_parts,
    )

    assert _NEAR_ROWS * _NEAR_COLUMNS <= MAX_SHEET_CELLS and _NEAR_ROWS <= EXCEL_MAX_ROWS
    path = write_minimal_xlsx(tmp_path / "x.xlsx", {"S": sheet_xml(cell("A1") + cell(ref))})
    with zipfile.ZipFile(path) as z:
        (part,) = [p for p, name in sheet_parts(z).items() if name == "S"]
        assert may_be_far(z, part) is far

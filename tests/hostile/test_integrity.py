"""Issue #10, integrity: invisible characters, mixed encodings, implausible dates, a stray
cell far down, parts openpyxl would drop."""

import json
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner
from helpers.imports import register_dicts, sheet_dicts, to_cp1258
from hostile.makers import HEADER, add_parts, csv_bytes, csv_file, dossier_row

from tthc_xl.book.filebook import lossy_parts
from tthc_xl.cli import cli


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args)])


def test_invisible_characters_do_not_make_duplicate_ids(built, tmp_path):
    lines = [
        ";".join(HEADER).encode(),
        ";".join(dossier_row("C.2")).encode(),
        "\ufeff".encode() + ";".join(dossier_row("C.2")).encode(),  # a BOM mid-file
        ";".join(dossier_row("C.3\u200b")).encode(),
        ";".join(dossier_row("\u2060C.4")).encode(),
    ]
    result = invoke("import", built, csv_bytes(tmp_path / "x.csv", lines))
    assert result.exit_code == 0, result.output
    assert set(register_dicts(built)) == {"C.2", "C.3", "C.4"}
    warned = [e for e in sheet_dicts(built, "LoiNhap") if "ký tự ẩn" in str(e.get("Lý do"))]
    assert len(warned) == 3
    again = invoke("import", built, csv_file(tmp_path / "y.csv", [dossier_row("C.3")]))
    assert again.exit_code == 0 and set(register_dicts(built)) == {"C.2", "C.3", "C.4"}


def test_a_mixed_encoding_csv_is_decoded_line_by_line_and_said_so(built, tmp_path):
    header = ";".join([*HEADER, "Người nộp"])
    utf8 = ";".join([*dossier_row("M.1"), "Nguyễn Văn Ánh"]).encode("utf-8")
    cp = to_cp1258(";".join([*dossier_row("M.2"), "Trần Thị Hồng"]))
    result = invoke("import", built, csv_bytes(tmp_path / "x.csv", [header.encode(), utf8, cp]))
    assert result.exit_code == 0, result.output
    assert "trộn UTF-8 và Windows-1258" in result.output
    ws = openpyxl.load_workbook(built)["HoSo"]
    names = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert {"Nguyễn Văn Ánh", "Trần Thị Hồng"} <= names


@pytest.mark.parametrize("bad", ["01/01/0001", "31/12/1899", "01/01/1900", "01/01/2099"])
def test_implausible_dates_are_dropped_with_a_warning(built, tmp_path, bad, monkeypatch):
    monkeypatch.setenv("TTHC_XL_NOW", "2026-03-31T17:00")
    rows = [dossier_row("D.1", received=bad), dossier_row("D.2", received="05/01/2026 09:00")]
    result = invoke("import", built, csv_file(tmp_path / "x.csv", rows))
    assert result.exit_code == 0, result.output
    reg = register_dicts(built)
    assert str(reg["D.1"]["received_at"]) in ("NaT", "None", "nan")
    assert "ngày không hợp lý" in result.output
    listed = invoke("dossiers", built, "--period", "2026-Q1", "--json")
    assert listed.exit_code == 0
    outcome = {r["dossier_id"]: r["outcome"] for r in json.loads(listed.output)}
    assert outcome.get("D.1") != "pending_overdue"  # 1900 would be overdue in every period


def test_new_rows_go_after_the_last_dossier_not_after_a_stray_cell(built, tmp_path):
    first = csv_file(tmp_path / "a.csv", [dossier_row("S.1"), dossier_row("S.2")])
    assert invoke("import", built, first).exit_code == 0
    wb = openpyxl.load_workbook(built, keep_vba=True)
    wb["HoSo"]["Z5000"] = "ghi chú lạc"
    wb.save(built)
    more = csv_file(tmp_path / "b.csv", [dossier_row("S.3")])
    assert invoke("import", built, more).exit_code == 0
    ws = openpyxl.load_workbook(built)["HoSo"]
    ids = {ws.cell(row=r, column=1).value: r for r in range(1, 10)}
    assert ids["S.3"] == ids["S.2"] + 1
    assert ws["Z5000"].value == "ghi chú lạc"  # the stray cell is left alone


def test_a_stray_cell_in_the_way_moves_new_rows_below_it_not_over_it(built, tmp_path):
    assert (
        invoke("import", built, csv_file(tmp_path / "a.csv", [dossier_row("S.1")])).exit_code == 0
    )
    wb = openpyxl.load_workbook(built, keep_vba=True)
    wb["HoSo"]["Z4"] = "ô của cán bộ"
    wb.save(built)
    rows = [dossier_row(f"T.{i}") for i in range(5)]
    assert invoke("import", built, csv_file(tmp_path / "b.csv", rows)).exit_code == 0
    ws = openpyxl.load_workbook(built)["HoSo"]
    assert ws["Z4"].value == "ô của cán bộ" and ws["A4"].value is None
    assert ws["A5"].value == "T.0"


def test_a_full_register_stops_at_excels_last_row_with_a_message(built, tmp_path):
    wb = openpyxl.load_workbook(built, keep_vba=True)
    ws = wb["HoSo"]
    ws["A1048576"] = "X.1"
    ws["B1048576"] = "1.004873"
    wb.save(built)
    before = built.read_bytes()
    result = invoke("import", built, csv_file(tmp_path / "x.csv", [dossier_row("N.1")]))
    # 24 million cells from A1: refused by the cell limit before calamine reads it; a
    # narrower register reaching the last row meets the row check of the merge instead
    assert result.exit_code == 2, result.output
    assert "dòng cuối cùng của Excel" in result.output or "1.048.576" in result.output
    assert built.read_bytes() == before


def test_appending_past_excels_last_row_is_refused_by_the_merge():
    from tthc_xl.importer.merge import RegisterState

    header = ["Mã hồ sơ", "Mã thủ tục", "Ngày tiếp nhận"]
    rows = [header] + [[] for _ in range(1_048_574)] + [["X.1", "1.004873", None]]
    state = RegisterState(rows)
    assert state.last_row == 1_048_576


@pytest.mark.parametrize(
    "part, label",
    [
        ("xl/richData/rdrichvalue.xml", "kiểu dữ liệu phong phú"),
        ("customXml/item1.xml", "customXml"),
        ("xl/persons/person.xml", "người ghi chú"),
        ("xl/someFutureFeature/part1.xml", "xl/someFutureFeature"),
    ],
)
def test_parts_openpyxl_drops_are_kept_byte_for_byte(built, tmp_path, part, label):
    add_parts(built, {part: b"<x/>"})
    assert lossy_parts(built) == []  # on no sheet we redraw: nothing is lost
    result = invoke("refresh", built, "--period", "2026-Q1")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(built) as z:
        assert z.read(part) == b"<x/>"
    assert not list(tmp_path.glob("* (tthc-xl *)*"))

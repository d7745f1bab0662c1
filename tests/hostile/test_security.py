"""Issue #10, security: nothing from a file becomes a live formula or an error value, and
no cell value reaches a log."""

from click.testing import CliRunner
from hostile.makers import HEADER, csv_file, dossier_row, sheet_xml

from tthc_xl.book.xlbook import _excel_text
from tthc_xl.cli import cli

ERRORS = ["#N/A", "#REF!", "#DIV/0!", "#NAME?", "#VALUE!", "#NULL!", "#NUM!"]


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args)])


def test_a_formula_header_is_stored_as_text_and_a_reimport_changes_nothing(built, tmp_path):
    export = csv_file(tmp_path / "x.csv", [dossier_row(1) + ["5"]], HEADER + ["=1+41"])
    assert invoke("import", built, export).exit_code == 0
    assert "<f>" not in sheet_xml(built, "HoSo"), "a header from a file became a formula"
    before = built.read_bytes()
    result = invoke("import", built, export)
    assert result.exit_code == 0
    assert built.read_bytes() == before, "a re-import added a column or changed the file"


def test_error_looking_text_is_stored_as_text_not_as_an_error_value(built, tmp_path):
    rows = [dossier_row(i) + [e] for i, e in enumerate(ERRORS)]
    export = csv_file(tmp_path / "x.csv", rows, HEADER + ["Ghi chú hệ thống"])
    assert invoke("import", built, export).exit_code == 0
    assert 't="e"' not in sheet_xml(built, "HoSo")
    import openpyxl

    ws = openpyxl.load_workbook(built)["HoSo"]
    values = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert set(ERRORS) <= values


def test_excel_back_end_quotes_formula_and_error_looking_text():
    for text in ["=1+41", "@SUM(A1)", *ERRORS, " #n/a "]:
        assert _excel_text(text) == "'" + text
    assert _excel_text("Nguyễn Văn A") == "Nguyễn Văn A"
    assert _excel_text("a\x0bb\x01") == "ab"  # characters a workbook cannot hold


def test_an_unexpected_failure_is_a_vietnamese_message_and_a_log_without_cell_values(
    built, tmp_path, monkeypatch
):
    from tthc_xl.importer import run as run_mod

    secret = "Nguyễn Văn C 0912345678"

    def boom(*args, **kwargs):
        float(secret)  # the ValueError quotes the value, as pandas and openpyxl do

    monkeypatch.setattr(run_mod, "read_batches", boom)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    export = csv_file(tmp_path / "x.csv", [dossier_row(1)])
    result = CliRunner().invoke(cli, ["import", str(built), str(export)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and secret not in result.output
    # Vietnamese for the user, no class name (issue 21); the log has the details
    assert "Lỗi:" in result.output and "tthc_xl.log" in result.output
    assert "ValueError" not in result.output
    log = (tmp_path / "tthc_xl.log").read_text(encoding="utf-8")
    assert "ValueError" in log and "boom" in log  # where it happened
    assert "Nguy" not in log and "0912345678" not in log

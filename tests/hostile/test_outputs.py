"""Issue 21, every output whole: a failure after one output leaves a message that says
exactly which files were written and which were not; no temp file is left beside them."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from tthc_xl.cli import cli


def invoke(*args, env=None):
    return CliRunner().invoke(cli, [*map(str, args)], env=env)


def with_control_character(built: Path, tmp_path: Path) -> Path:
    """The workbook as Excel saves a MauBaoCao line holding a control character (_x0001_)."""
    staged = tmp_path / "staged.xlsm"
    shutil.copy(built, staged)
    wb = openpyxl.load_workbook(staged, keep_vba=True)
    ws = wb["MauBaoCao"]
    row = next(r for r in range(4, ws.max_row + 1) if isinstance(ws.cell(r, 2).value, str)
               and "{" not in ws.cell(r, 2).value)  # fmt: skip
    ws.cell(row, 2).value = "Ủy ban nhân dân xã QQMARKQQ quan tâm"
    wb.save(staged)
    with zipfile.ZipFile(staged) as src, zipfile.ZipFile(built, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename).replace(b"QQMARKQQ", b"_x0001_"))
    staged.unlink()
    return built


def test_a_word_file_failing_after_the_workbook_says_what_was_written(built, tmp_path):
    book = with_control_character(built, tmp_path)
    docx, pdf = tmp_path / "BaoCao.docx", tmp_path / "BaoCao.pdf"
    result = invoke("report", book, "-p", "2026-Q1", "--docx", docx, "--pdf", pdf)
    message = " ".join(result.stderr.split())
    if result.exit_code == 0:  # the Word writer now copes with the character: nothing to say
        assert docx.is_file()
        return
    assert result.exit_code == 2, result.output
    assert "Chưa có gì được ghi" not in message
    assert f"Đã ghi xong: sổ '{book}'" in message
    assert f"Chưa ghi: tệp Word '{docx}'; tệp PDF '{pdf}'" in message
    assert not docx.exists() and not pdf.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_pdf_failing_after_the_workbook_and_word_file_says_so(built, tmp_path):
    docx, pdf = tmp_path / "BaoCao.docx", tmp_path / "BaoCao.pdf"
    result = invoke(
        "report", built, "-p", "2026-Q1", "--docx", docx, "--pdf", pdf, env={"PATH": "/nonexistent"}
    )
    message = " ".join(result.stderr.split())
    assert result.exit_code == 0, result.output  # the PDF is optional: said, not fatal
    assert f"Đã ghi xong: sổ '{built}'; tệp Word '{docx}'" in message
    assert f"Chưa ghi: tệp PDF '{pdf}'" in message
    assert docx.is_file() and not pdf.exists()

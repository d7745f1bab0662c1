"""DoiSoat: refreshed with the other sheets, it lists exactly the dossiers where the two
truths differ (issue 19), and reads right on paper."""

import pytest
from click.testing import CliRunner
from helpers.imports import make_workbook, run, sheet_rows, write_text, write_xlsx

from tthc_xl.cli import cli

pytest.importorskip("openpyxl")


def _workbook(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1] / "cli"))
    from test_reconcile_cli import ONE_STOP, PORTAL

    book = make_workbook(tmp_path / "So.xlsx")
    run(book, write_text(tmp_path / "motcua.csv", ONE_STOP, delimiter=";"))
    run(book, write_xlsx(tmp_path / "cong.xlsx", PORTAL))
    return book


def test_refresh_writes_doisoat_with_the_differing_dossiers(tmp_path):
    book = _workbook(tmp_path)
    out = CliRunner().invoke(cli, ["refresh", str(book), "--period", "2026-Q1"])
    assert out.exit_code == 0, out.output
    rows = sheet_rows(book, "DoiSoat")
    text = " ".join(str(v) for r in rows[:4] for v in r)
    assert "sổ của xã 20,00 điểm, Cổng DVCQG 13,33 điểm" in text  # 20 × 2/3, truncated
    assert "đã đồng bộ 75,00%" in text
    header = rows[4]
    assert header[:3] == ["Mã hồ sơ", "Tên thủ tục", "Lý do"]
    listed = {r[0]: r for r in rows[5:] if r and r[0]}
    assert set(listed) == {"D1", "D3", "D5"}
    assert listed["D1"][2] == "Quá hạn trên Cổng (2 ngày)"
    assert listed["D3"][2] == "Chưa có trên Cổng"
    assert listed["D1"][9] == 6.6666  # 20 / 3, truncated; the costliest first
    assert rows[5][0] == "D1"


def test_doisoat_without_a_portal_list_says_how_to_get_one(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1] / "cli"))
    from test_reconcile_cli import ONE_STOP

    book = make_workbook(tmp_path / "So.xlsx")
    run(book, write_text(tmp_path / "motcua.csv", ONE_STOP, delimiter=";"))
    CliRunner().invoke(cli, ["refresh", str(book), "--period", "2026-Q1"])
    rows = sheet_rows(book, "DoiSoat")
    assert any("chưa nhập danh sách nào của Cổng DVCQG" in str(v) for r in rows for v in r)


@pytest.mark.libreoffice
def test_doisoat_without_a_portal_list_prints_its_line_whole(tmp_path):
    """The one line saying why DoiSoat lists nothing runs across the table on paper, not
    wrapped inside column A's row and cut after its first line."""
    import re
    import sys
    from pathlib import Path

    from helpers.office import convert, make_profile, pdf_text, require

    require("soffice", "pdftotext")
    sys.path.insert(0, str(Path(__file__).parents[1] / "cli"))
    from test_reconcile_cli import ONE_STOP

    book = make_workbook(tmp_path / "So.xlsx")
    run(book, write_text(tmp_path / "motcua.csv", ONE_STOP, delimiter=";"))
    CliRunner().invoke(cli, ["refresh", str(book), "--period", "2026-Q1"])
    pdf = convert(book, "pdf", tmp_path / "out", make_profile(tmp_path / "lo", "vi-VN"))
    page = next(p for p in pdf_text(pdf, layout=False).split("\f") if "ĐỐI SOÁT" in p)
    line = "Sổ chưa nhập danh sách nào của Cổng DVCQG (tệp có cột MaHoSo, TrangThaiHoSo"
    # once in the summary above the table, once in its first row: both whole
    assert re.sub(r"\s+", "", page).count(re.sub(r"\s+", "", line)) == 2


@pytest.mark.libreoffice
def test_doisoat_prints_on_one_a4_landscape_page_width(tmp_path):
    from helpers.office import convert, is_a4, make_profile, pdf_page_sizes, pdf_text, require

    require("soffice", "pdftotext")

    book = _workbook(tmp_path)
    CliRunner().invoke(cli, ["refresh", str(book), "--period", "2026-Q1"])
    import openpyxl

    wb = openpyxl.load_workbook(book)
    for name in wb.sheetnames:
        if name != "DoiSoat":
            del wb[name]
    only = tmp_path / "DoiSoat.xlsx"
    wb.save(only)
    pdf = convert(only, "pdf", tmp_path, make_profile(tmp_path / "lo", "vi-VN"))
    sizes = pdf_page_sizes(pdf)
    assert len(sizes) == 1 and is_a4(sizes[0]) and sizes[0][0] > sizes[0][1]  # landscape
    text = pdf_text(pdf)
    assert "Quá hạn trên Cổng" in text and "Chưa có trên Cổng" in text and "###" not in text
    assert "6,6666" in text  # D1's cost, 20/3, in the Vietnamese number style


def test_the_report_quotes_both_figures_in_one_sentence_and_names_doisoat(tmp_path):
    book = _workbook(tmp_path)
    out = CliRunner().invoke(cli, ["report", str(book), "--period", "2026-Q1"])
    assert out.exit_code in (0, 3), out.output
    cells = [str(v) for r in sheet_rows(book, "BaoCao") for v in r if v not in (None, "")]
    sentence = next(c for c in cells if "Cổng tính được" in c)
    # the register: 20,00; the portal's own list: 20 × 2/3 = 13,33 (truncated); D1, D3, D5
    assert "đạt 20,00/20 điểm" in sentence and "Cổng tính được 13,33/20 điểm" in sentence
    assert "đã đồng bộ 75,00%" in sentence
    assert "03 hồ sơ khác nhau" in sentence and "sheet DoiSoat" in sentence
    # the QĐ 766 table fills "Cổng sẽ thấy" for progress from the same list
    rows = sheet_rows(book, "BaoCao")
    progress = next(r for r in rows if any(str(v).startswith("Tiến độ giải quyết") for v in r))
    assert "13,33" in [str(v) for v in progress]

"""Every output sheet printed through LibreOffice after `refresh` on the demo quarter
(issue 8): A4, one page wide, nothing cut, no ### or #NAME?, the KPI figures the CLI's."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from helpers.office import is_a4, pdf_page_sizes, pdf_text

from tthc_xl.book.reader import read_sheets
from tthc_xl.cli import cli
from tthc_xl.demo import write_register


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The refreshed demo workbook, its PDF's pages as text, and the CLI's kpi text."""
    folder = tmp_path_factory.mktemp("in")
    path = write_register(folder, 2026)
    assert CliRunner().invoke(cli, ["refresh", str(path), "-p", "2026-Q1"]).exit_code == 0
    kpi = CliRunner().invoke(cli, ["kpi", str(path), "-p", "2026-Q1"]).stdout
    return path, kpi


@pytest.fixture(scope="module")
def pdf(printed, tmp_path_factory):
    from helpers.office import convert, make_profile

    mp = pytest.MonkeyPatch()
    mp.setenv("LC_ALL", "vi_VN.UTF-8")  # a Vietnamese client: decimal comma, dot thousands
    try:
        out = convert(
            printed[0],
            "pdf",
            tmp_path_factory.mktemp("out"),
            make_profile(tmp_path_factory.mktemp("lo")),
        )
    finally:
        mp.undo()
    return out


def pages_of(pdf, title: str) -> list[str]:
    return [p for p in pdf_text(pdf).split("\f") if title in p]


@pytest.mark.libreoffice
def test_every_page_is_a4_and_shows_no_error_marks(pdf):
    assert all(is_a4(size) for size in pdf_page_sizes(pdf))
    text = pdf_text(pdf)
    assert "###" not in text and "#NAME?" not in text and "Err:" not in text


@pytest.mark.libreoffice
def test_kpi_page_reads_as_the_cli(pdf, printed):
    (page,) = pages_of(pdf, "CHỈ SỐ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH")
    assert "Kế hoạch" in page  # the last column is on the page: one page wide
    cli_rows = [
        re.split(r"\s{2,}", line.strip())
        for line in printed[1].split("Giá trị\n")[1].split("\n\n")[0].splitlines()[1:]
    ]
    lines = [line.strip() for line in page.splitlines() if re.search(r"\s{2,}\S", line.strip())]
    at = 0
    for label, value in cli_rows:
        while re.sub(r"\s", "", lines[at]).startswith(re.sub(r"\s", "", label)) is False:
            at += 1
        cells = re.split(r"\s{2,}", lines[at])
        assert cells[1] == cells[2] == value, (label, cells)  # live cell and stored value
        at += 1


@pytest.mark.libreoffice
def test_canhbao_and_bieu06_fit_and_cut_nothing(pdf, printed):
    warned = read_sheets(printed[0])["CanhBao"][4:]
    pages = pages_of(pdf, "Mã hồ sơ                                     Tên thủ tục")
    pages = [p for p in pages if "Tình trạng" in p and "Cảnh báo" in p]
    text = "\n".join(pages)
    assert len(pages) >= 1
    for row in warned:
        assert row[0] in text and row[1] in text  # id and procedure name whole
    (bieu,) = pages_of(pdf, "Biểu số 06/VPCP/KSTT")
    for column in ("(1)", "(13)", "Trực tuyến", "Trực tiếp,", "Tổng cộng", "THỦ TRƯỞNG ĐƠN VỊ"):
        assert column in bieu
    total = next(line for line in printed[1].splitlines() if line.startswith("Tổng số hồ sơ"))
    shown = total.split()[-1]
    assert "." in shown and shown in bieu  # the CLI's total, with its thousands dot


@pytest.mark.libreoffice
def test_hoso_prints_one_page_wide_with_its_header_on_every_page(pdf):
    pages = [p for p in pdf_text(pdf).split("\f") if "000.05.31" in p and "Quá hạn, đang" not in p]
    assert len(pages) > 5
    assert all("Mã hồ sơ" in p and "Ghi chú" in p for p in pages)

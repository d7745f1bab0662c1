"""`tthc-xl demo`: the macro workbook built from the packaged template, filled through the
importer from three demo exports, with its report, Word and PDF files.

Every check reads the written files with an independent reader (zipfile, openpyxl, csv,
python-calamine, LibreOffice, pdftotext), never the demo's own objects.
"""

import csv
import re
import xml.etree.ElementTree as ET
import zipfile

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from helpers import office
from python_calamine import CalamineWorkbook

from tthc_xl.book.filebook import lossy_parts
from tthc_xl.cli import cli
from tthc_xl.excel.new import template_file

REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
RIBBON_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"


@pytest.fixture(scope="module")
def demo(demo_run):
    """The session's one demo run (tests/conftest.py): read here, never changed."""
    return demo_run.folder, demo_run.output


def test_the_demo_writes_the_workbook_word_pdf_and_the_exports(demo):
    """The PDF where LibreOffice is installed; where it is not, one line says so."""
    from tthc_xl.report.pdf import NO_SOFFICE

    folder, output = demo
    with_pdf = office.missing("soffice") is None
    written = [
        folder / "TTHC_demo_2026Q1.xlsm",
        folder / "BaoCao_2026Q1.docx",
        *([folder / "BaoCao_2026Q1.pdf"] if with_pdf else []),
        folder / "tep_xuat_mau" / "motcua_demo_2026Q1.xlsx",
        folder / "tep_xuat_mau" / "hotich_demo_2026Q1.csv",
        folder / "tep_xuat_mau" / "dvcqg_demo_2026Q1.xlsx",
    ]
    listed = output.split("Các tệp đã ghi:")[1].split()
    assert listed == [str(p) for p in written]
    assert all(p.is_file() and p.stat().st_size for p in written)
    assert not (folder / "TTHC_demo_2026Q1.xlsx").exists()  # no plain data workbook any more
    said = [line for line in output.splitlines() if "LibreOffice" in line]
    assert said == ([] if with_pdf else [NO_SOFFICE])
    assert (folder / "BaoCao_2026Q1.pdf").exists() == with_pdf


def test_the_workbook_keeps_the_templates_macros_ribbon_and_sheets(demo):
    book = demo[0] / "TTHC_demo_2026Q1.xlsm"
    with zipfile.ZipFile(template_file()) as t, zipfile.ZipFile(book) as z:
        assert z.testzip() is None
        assert z.read("xl/vbaProject.bin") == t.read("xl/vbaProject.bin")
        assert z.read("customUI/customUI14.xml") == t.read("customUI/customUI14.xml")
        rels = ET.fromstring(z.read("_rels/.rels"))
    assert [r.get("Type") for r in rels.iter(f"{REL}Relationship")].count(RIBBON_REL) == 1
    assert (
        openpyxl.load_workbook(book, read_only=True).sheetnames
        == openpyxl.load_workbook(template_file(), read_only=True).sheetnames
    )
    assert lossy_parts(book) == []  # only our own charts: a later refresh writes in place


def test_the_register_holds_every_exported_dossier_once(demo):
    folder = demo[0] / "tep_xuat_mau"
    ids = set()
    ws = openpyxl.load_workbook(folder / "motcua_demo_2026Q1.xlsx", read_only=True).active
    ids |= {r[1] for r in ws.iter_rows(min_row=7, values_only=True) if r[0] is not None}
    with open(folder / "hotich_demo_2026Q1.csv", encoding="utf-8-sig", newline="") as f:
        ids |= {r["Số hồ sơ"] for r in csv.DictReader(f, delimiter=";")}
    ws = openpyxl.load_workbook(folder / "dvcqg_demo_2026Q1.xlsx", read_only=True).active
    ids |= {r[0] for r in ws.iter_rows(min_row=2, values_only=True)}
    book = CalamineWorkbook.from_path(str(demo[0] / "TTHC_demo_2026Q1.xlsm"))
    hoso = book.get_sheet_by_name("HoSo").to_python()
    assert sorted(r[0] for r in hoso[1:] if r[0]) == sorted(ids)
    assert len(book.get_sheet_by_name("LoiNhap").to_python()) == 1  # the header: no error
    settings = {r[0]: r[1] for r in book.get_sheet_by_name("CauHinh").to_python() if r}
    assert settings["Tên đơn vị"] == "Ủy ban nhân dân xã Mẫu"


def test_the_printed_figures_are_those_of_tthc_xl_kpi(demo):
    folder, output = demo
    kpi = CliRunner().invoke(cli, ["kpi", str(folder / "TTHC_demo_2026Q1.xlsm"), "-p", "2026-Q1"])
    assert kpi.exit_code == 0, kpi.output
    assert kpi.output.strip() in output


def test_the_report_has_its_charts_and_thursday_is_the_busiest_day(demo):
    book = demo[0] / "TTHC_demo_2026Q1.xlsm"
    with zipfile.ZipFile(book) as z:
        assert len([n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]) == 3
    ws = openpyxl.load_workbook(book, read_only=True)["BaoCao"]
    weekdays = dict(ws.iter_rows(min_row=33, max_row=39, min_col=20, max_col=21, values_only=True))
    busiest = max(weekdays, key=weekdays.get)
    assert busiest == "Thứ Năm"
    others = [v for k, v in weekdays.items() if k not in ("Thứ Năm", "Thứ Bảy", "Chủ nhật")]
    assert weekdays["Thứ Năm"] > 1.5 * max(others)


def test_word_carries_the_report_and_its_charts(demo):
    d = docx.Document(str(demo[0] / "BaoCao_2026Q1.docx"))
    assert len(d.inline_shapes) == 3
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Biểu đồ 3. Hồ sơ tiếp nhận theo ngày trong tuần" in text


@pytest.mark.libreoffice  # the demo prints its PDF with LibreOffice
def test_pdf_carries_the_report_and_its_charts(demo):
    pdf = demo[0] / "BaoCao_2026Q1.pdf"
    assert all(office.is_a4(s) for s in office.pdf_page_sizes(pdf))
    laid = office.pdf_text(pdf)
    assert "XÃ MẪU" in laid and "Biểu đồ 1." in laid
    assert "Số liệu cho biểu đồ" not in laid  # the chart data block does not print


def test_libreoffice_opens_the_demo_workbook(demo, soffice):
    # its first sheet (KPI) as LibreOffice shows it, in UTF-8: a third of printing the
    # whole workbook's 140 pages (tests/report/test_print.py prints the output sheets)
    shown = soffice(demo[0] / "TTHC_demo_2026Q1.xlsm", "csv:Text - txt - csv (StarCalc):44,34,76")
    with open(shown, encoding="utf-8", newline="") as f:
        kpi = list(csv.reader(f))
    assert kpi[0][0] == "CHỈ SỐ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH"
    assert any(row[0] == "Tỷ lệ tiếp nhận trực tuyến" for row in kpi)


@pytest.mark.slow  # a second demo run: the session's one is made with LibreOffice
def test_without_libreoffice_the_demo_says_so_in_one_line_and_writes_the_rest(
    tmp_path, monkeypatch
):
    from tthc_xl.report import pdf as pdf_mod

    monkeypatch.setattr(pdf_mod, "soffice", lambda: None)
    result = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if "LibreOffice" in line] == [
        pdf_mod.NO_SOFFICE
    ]
    assert (tmp_path / "TTHC_demo_2026Q1.xlsm").is_file()
    assert (tmp_path / "BaoCao_2026Q1.docx").is_file()
    assert not (tmp_path / "BaoCao_2026Q1.pdf").exists()

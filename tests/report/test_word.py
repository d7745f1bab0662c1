"""report.word directly: the report's blocks as a Word file, read back with python-docx."""

import datetime as dt

import docx
import pytest
from docx.shared import Mm
from helpers.imports import make_workbook
from helpers.registers import rows_of

from tthc_xl.book.errors import WorkbookError
from tthc_xl.book.filebook import FileBook
from tthc_xl.report import word
from tthc_xl.report.baocao import build_report
from tthc_xl.report.blocks import Block
from tthc_xl.report.pictures import chart_pictures
from tthc_xl.report.sheet import MARGINS_MM
from tthc_xl.rules import index766
from tthc_xl.rules.settings import Settings

T = dt.datetime
NOW = T(2026, 4, 6, 9)


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    """The report of a small Q1: 30 dossiers received online over January, all early."""
    dossiers = [
        {"dossier_id": f"D{i:02d}", "procedure_code": "1.004873", "channel": "Trực tuyến",
         "received_at": T(2026, 1, 5 + i % 20, 8), "finished_at": T(2026, 1, 5 + i % 20, 10),
         "status": 10}
        for i in range(30)
    ]  # fmt: skip
    unit = Settings(unit_name="UBND xã Tuệ Tĩnh", parent_body="UBND thành phố Hải Phòng",
                    place="Xã Tuệ Tĩnh")  # fmt: skip
    path = make_workbook(tmp_path_factory.mktemp("word") / "TTHC_Q.xlsx", rows_of(*dossiers), unit)
    book = FileBook(path, readonly=True)  # the report is built in memory and never saved
    return build_report(book, "2026-Q1", now=NOW)


def test_every_kind_of_block_has_a_word_form():
    assert set(word._WRITERS) == set(Block.__args__)


def test_the_blocks_become_paragraphs_tables_and_pictures(summary, tmp_path):
    pictures = chart_pictures(summary.charts)
    assert pictures  # the months chart at least
    out = word.write_docx(summary, tmp_path / "BaoCao.docx", pictures)
    assert out == tmp_path / "BaoCao.docx"
    d = docx.Document(str(out))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "BÁO CÁO" in text and "Kết quả giải quyết thủ tục hành chính Quý I năm 2026" in text
    # the header block: unit left, motto right, in a two-column table
    header = d.tables[0].rows[0].cells
    assert "XÃ TUỆ TĨNH" in header[0].text and "Số:" in header[0].text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text
    assert "Xã Tuệ Tĩnh, ngày 06 tháng 4 năm 2026" in header[1].text
    # the QĐ 766 table, its rows as the report's blocks give them
    table = next(t for t in d.tables if t.rows[0].cells[1].text == "Nhóm chỉ số")
    names = [r.cells[1].text for r in table.rows[1:]]
    assert names[:2] == ["Công khai minh bạch", "Tiến độ giải quyết"]
    assert names[-1] == index766.TOTAL_NAME
    progress = table.rows[2].cells
    assert (
        progress[2].text == "20"
        and progress[3].text == "20,00"
        and progress[4].text == ("Tính từ sổ")
    )
    # one picture per chart the report places, and the signature block last
    assert len(d.inline_shapes) == len(pictures)
    assert "Nơi nhận:" in d.tables[-1].rows[0].cells[0].text


def test_a4_with_the_margins_of_nd30(summary, tmp_path):
    d = docx.Document(str(word.write_docx(summary, tmp_path / "r.docx")))
    section = d.sections[0]
    # Word keeps lengths in twentieths of a point: within one of them (635 EMU)
    assert section.page_width == pytest.approx(Mm(210), abs=635)
    assert section.page_height == pytest.approx(Mm(297), abs=635)
    assert section.left_margin == pytest.approx(Mm(MARGINS_MM["left"]), abs=635)
    assert section.top_margin == pytest.approx(Mm(MARGINS_MM["top"]), abs=635)
    assert len(d.inline_shapes) == 0  # no pictures given: titles only


def test_a_file_in_the_way_is_replaced_whole_and_a_failed_write_leaves_it(summary, tmp_path):
    target = tmp_path / "BaoCao.docx"
    target.write_bytes(b"an older report")
    word.write_docx(summary, target)
    assert docx.Document(str(target)).paragraphs
    assert [p.name for p in tmp_path.iterdir()] == ["BaoCao.docx"]
    before = target.read_bytes()
    with pytest.raises(WorkbookError, match="Không ghi được 'BaoCao.docx'"):
        word.write_docx(summary, tmp_path / "missing" / "BaoCao.docx")
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["BaoCao.docx"]

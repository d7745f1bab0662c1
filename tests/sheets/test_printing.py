"""Issue 20: every sheet of the workbook prints on A4, readable, nothing cut or overlapping.

Checked on the pages LibreOffice renders (pdftotext's words and their boxes) of the
sample exports imported into a new workbook: the register (HoSo) in landscape at a
readable size with its headers whole and repeated, its names whole; the KPI header and
its reminder whole; and no word over another on any page (a wrapped text in a row too
short for it runs over the next row: LibreOffice, unlike Excel, does not make the row
taller by itself)."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest
from helpers import office
from helpers.office import Word
from helpers.rendered import dense
from helpers.rendered import invoke_ok as run

DATA = Path(__file__).resolve().parents[1] / "data"
EXPORTS = ("motcua_2026Q1.xlsx", "hotich_2026Q1.csv", "dvcqg_2026Q1.xlsx")
DOSSIER_ID = re.compile(r"^\d{3}\.\d{2}\.")
# A line of 8-pt type: pdftotext boxes a word from the font's ascent to its descent,
# 1.1 to 1.3 times the type's size (Liberation Sans, DejaVu Sans)
READABLE_BOX = 8.8


@pytest.fixture(scope="module")
def printed(tmp_path_factory, soffice):
    """`new` (the unit not yet given: the KPI reminds of four cells), the three sample
    exports imported, `report`; the workbook rendered: (page sizes, words, texts)."""
    office.require("pdftotext", "pdfinfo")
    folder = tmp_path_factory.mktemp("printing")
    book = folder / "TTHC.xlsm"
    run("new", book)
    run("import", book, *(DATA / name for name in EXPORTS))
    run("report", book, "-p", "2026-Q1")
    pdf = soffice(book, "pdf")
    sizes = office.pdf_page_sizes(pdf)
    words = office.pdf_words(pdf)
    texts = office.pdf_text(pdf, layout=False).split("\f")
    return sizes, words, texts


def register_pages(texts: list[str]) -> list[int]:
    """HoSo's pages: the second sheet, from page 2 to the page before CanhBao's title."""
    end = next(i for i, t in enumerate(texts) if "CẢNH BÁO HỒ SƠ" in t)
    return list(range(1, end))


def first_row_top(words: list[Word]) -> float:
    return min(w.top for w in words if DOSSIER_ID.match(w.text))


def overlapping(words: list[Word]) -> list[tuple[str, str]]:
    """Pairs of words drawn over each other (more than a third of a line high)."""
    found = []
    ordered = sorted(words, key=lambda w: w.top)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.top >= a.top + a.height:
                break
            across = min(a.right, b.right) - max(a.left, b.left)
            down = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
            if across > 1 and down > min(a.height, b.height) / 3:
                found.append((a.text, b.text))
    return found


def test_every_sheet_prints_on_a4_and_no_text_runs_over_another(printed):
    sizes, words, texts = printed
    assert sizes and all(office.is_a4(s) for s in sizes)
    everything = dense("".join(texts))
    for sheet_text in ("Interpreter_Win", "MẪU BÁO CÁO", "Giải thích", "Thứ Năm không hẹn"):
        assert dense(sheet_text) in everything  # xlwings.conf, MauBaoCao, CauHinh, DanhMuc
    assert "###" not in everything
    assert dense("tthc-xl doctor <sổ> kiểm tra.") in everything  # xlwings.conf's note, whole
    clashes = {n + 1: overlapping(page) for n, page in enumerate(words)}
    assert not {n: pairs[:3] for n, pairs in clashes.items() if pairs}


def test_the_register_prints_landscape_readable_with_its_header_on_every_page(printed):
    sizes, words, texts = printed
    pages = register_pages(texts)
    assert len(pages) >= 2
    for n in pages:
        assert sizes[n][0] > sizes[n][1], f"trang {n + 1}"  # landscape
        assert dense("Mã hồ sơ") in dense(texts[n]), f"trang {n + 1}"  # header, id column
        ids = [w for w in words[n] if DOSSIER_ID.match(w.text)]
        assert ids and statistics.median(w.height for w in ids) >= READABLE_BOX
    # the reader's columns, every header whole: nothing of it over the first dossier's row
    headers = (
        "Tên thủ tục",
        "Ngày tiếp nhận",
        "Ngày hẹn trả",
        "Ngày yêu cầu bổ sung",
        "Số lần yêu cầu bổ sung",
        "Ngày trả kết quả",
        "Trạng thái",
    )
    for header in headers:
        shown = [n for n in pages if dense(header) in dense(_header_band(words[n]))]
        assert shown, header
    # a long name whole wherever it is printed (not only where the sector beside it is blank)
    name = dense("Cấp giấy phép xây dựng nhà ở riêng lẻ")
    started = sum(dense(texts[n]).count(name[:18]) for n in pages)
    assert started and sum(dense(texts[n]).count(name) for n in pages) == started


def _header_band(words: list[Word]) -> str:
    """The words above the first dossier's row that end above it, in reading order of
    each column (a wrapped header's lines one after the other)."""
    top = first_row_top(words)
    band = [w for w in words if w.top + w.height <= top + 0.5]
    cut = [w for w in words if w.top < top < w.top + w.height and not DOSSIER_ID.match(w.text)]
    assert not cut, [w.text for w in cut]  # a header line over the first row
    columns: list[list[Word]] = []
    for w in sorted(band, key=lambda w: (w.left + w.right) / 2):
        middle = (w.left + w.right) / 2
        if columns and abs(middle - _middle(columns[-1])) < 45:
            columns[-1].append(w)
        else:
            columns.append([w])
    return " | ".join(
        " ".join(w.text for w in sorted(c, key=lambda w: (round(w.top), w.left))) for c in columns
    )


def _middle(column: list[Word]) -> float:
    return statistics.mean((w.left + w.right) / 2 for w in column)


def test_the_kpi_header_and_its_reminder_print_whole(printed):
    _, words, texts = printed
    kpi = words[0]
    text = dense(texts[0])
    for header in ("Công thức (tự cập nhật)", "Lần cập nhật gần nhất"):
        assert dense(header) in text
    stamp = next(w for w in kpi if w.text == "Cột")  # "Cột C: cập nhật lúc ..." above it
    stamp_bottom = max(w.top + w.height for w in kpi if abs(w.top - stamp.top) < 1)
    first = next(w for w in kpi if w.text == "Từ").top  # "Từ kỳ trước chuyển sang" below
    header = [w for w in kpi if stamp_bottom < w.middle < first]
    assert {"Chỉ", "(tự", "gần"} <= {w.text for w in header}
    assert all(w.top + w.height <= first + 0.5 for w in header), [w.text for w in header]
    # the reminder: whole, inside the page, between the title and "Kỳ báo cáo"
    reminder = "Nhắc: báo cáo còn thiếu «Tên đơn vị», «Địa danh», «Người ký», «Số kế hoạch»"
    assert dense(reminder) in text
    title = next(w for w in kpi if w.text == "CHỈ")
    first_line = next(w for w in kpi if w.text == "Nhắc:").top
    last_line = next(w for w in kpi if w.text == "CauHinh.").top
    lines = [w for w in kpi if first_line - 1 < w.top < last_line + 1]
    below = min(w.top for w in kpi if w.text in ("Kỳ", "2026-Q1"))  # "Kỳ báo cáo 2026-Q1"
    assert all(w.left > 0 and w.right < 595.3 for w in lines)  # A4 portrait
    assert title.top + title.height <= first_line
    assert max(w.top + w.height for w in lines) <= below, [w.text for w in lines]


def test_the_shipped_workbook_prints_hoso_as_a_command_lays_it_out(tmp_path, soffice):
    """In Excel no command lays out HoSo's print look: the built workbook carries it."""
    office.require("pdftotext")
    book = tmp_path / "Moi.xlsm"
    run("new", book)
    texts = office.pdf_text(soffice(book, "pdf"), layout=False).split("\f")
    first, second = dense(texts[1]), dense(texts[2])  # HoSo follows KPI
    assert dense("Tên thủ tục") in first and dense("Trạng thái") not in first
    assert dense("Mã hồ sơ") in second and dense("Trạng thái") in second
    assert dense("Chủ hồ sơ") not in first + second  # personal columns stay on the screen

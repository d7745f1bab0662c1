"""Issue 20: the Word report in the official layout, read on the pages LibreOffice renders.

Headings and captions stay with what follows them, the closing sentence, the signature
block and Nơi nhận never split, and the header block's lines never wrap; checked on the
demo, the sample exports imported into a new workbook, and the seed quarter that meets
every target (with a long unit name, a long parent body and a signer's name), and on
reports padded so that a heading, a caption or the signature falls at a page's foot.
Text is compared with white space removed (pdftotext spaces out justified lines)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from helpers import office
from helpers.imports import make_workbook
from helpers.rendered import dense
from helpers.rendered import invoke_ok as run
from test_report import seed_register

from tthc_xl.book.filebook import FileBook
from tthc_xl.report import word
from tthc_xl.report.baocao import build_report
from tthc_xl.report.blocks import Chart, Header, Heading, Paragraph, Signature
from tthc_xl.report.pictures import chart_pictures
from tthc_xl.rules.settings import Settings

SAMPLES = Path("/work/shared/samples")
THREE = ("motcua_2026Q1.xlsx", "hotich_2026Q1.csv", "dvcqg_2026Q1.xlsx")
LONG = Settings(
    unit_name="Ủy ban nhân dân phường Nguyễn Thị Minh Khai",
    parent_body="Ủy ban nhân dân thành phố Hà Nội",
    place="Phường Nguyễn Thị Minh Khai",
    signer="Nguyễn Thị Minh Khai Hoàng Anh",
    plan_number="125/KH-UBND",
    plan_date="15/01/2026",
)
CAPTION = re.compile(r"Biểuđồ\d")


@dataclasses.dataclass(frozen=True)
class Case:
    """A Word report and its pages as LibreOffice renders them."""

    docx: Path
    pdf: Path

    @functools.cached_property
    def pages(self) -> list[str]:
        """Each page's text, white space removed (the last form feed ends no page)."""
        return [dense(p) for p in office.pdf_text(self.pdf, layout=False).split("\f")[:-1]]

    def page_of(self, text: str) -> list[int]:
        return [n for n, page in enumerate(self.pages) if dense(text) in page]


def convert_all(paths: list[Path], out: Path, profile: Path) -> list[Path]:
    """Several Word files to PDF in one LibreOffice run (each run takes seconds to start)."""
    office.require("swriter", "pdftotext")
    cmd = [office.soffice_executable(), f"-env:UserInstallation={profile.as_uri()}"]
    cmd += ["--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(out)]
    subprocess.run([*cmd, *map(str, paths)], capture_output=True, timeout=600, check=False)
    pdfs = [out / f"{p.stem}.pdf" for p in paths]
    assert all(p.is_file() and p.stat().st_size for p in pdfs), "LibreOffice wrote no PDF"
    return pdfs


def images_per_page(pdf: Path) -> list[int]:
    """How many pictures each page shows (pdfimages -list)."""
    if shutil.which("pdfimages") is None:
        pytest.skip("pdfimages is not installed: sudo apt-get install poppler-utils")
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    count = [0] * len(office.pdf_page_sizes(pdf))
    for line in listed.stdout.splitlines()[2:]:
        fields = line.split()
        if fields and fields[2] == "image":  # smask rows are a picture's transparency
            count[int(fields[0]) - 1] += 1
    return count


# ------------------------------------------------------------------ the three quarters


@pytest.fixture(scope="module")
def profile(tmp_path_factory) -> Path:
    return office.make_profile(tmp_path_factory.mktemp("lo_layout"), locale="vi-VN")


@pytest.fixture(scope="module")
def cases(demo_run, tmp_path_factory, profile) -> dict[str, Case]:
    """The demo's Word file; the samples imported into `new --unit`; the seed quarter that
    meets every target, with long names and a signer: each rendered once."""
    office.require("swriter", "pdftotext")
    folder = tmp_path_factory.mktemp("layout")
    files = {"demo": demo_run.folder / "BaoCao_2026Q1.docx"}
    if all((SAMPLES / name).exists() for name in THREE):
        book = folder / "TTHC_TueTinh.xlsm"
        run("new", book, "--unit", "Ủy ban nhân dân xã Tuệ Tĩnh")
        run("import", book, *(SAMPLES / n for n in THREE))
        run("report", book, "-p", "2026-Q1", "--docx", folder / "samples.docx")
        files["samples"] = folder / "samples.docx"
    book = make_workbook(folder / "TTHC_Q.xlsx", seed_register(), LONG)
    run("report", book, "-p", "2026-Q1", "--docx", folder / "seed.docx")
    files["seed"] = folder / "seed.docx"
    pdfs = convert_all(list(files.values()), folder, profile)
    return {name: Case(path, pdf) for (name, path), pdf in zip(files.items(), pdfs, strict=True)}


CASES = ("demo", "samples", "seed")


def case_of(cases: dict[str, Case], name: str) -> Case:
    if name not in cases:
        pytest.skip(f"sample exports missing in {SAMPLES}")
    return cases[name]


def headings(path: Path) -> list[str]:
    """The lines of the body set all in bold, outside the tables: the title and the
    section headings (a heading may share its paragraph with the text it heads)."""
    out = []
    for p in docx.Document(str(path)).paragraphs:
        lines: list[list] = [[]]
        for r in p.runs:
            for i, part in enumerate(r.text.split("\n")):
                if i:
                    lines.append([])
                if part.strip():
                    lines[-1].append((part, r.bold))
        for line in lines:
            if line and all(bold for _, bold in line):
                out.append("".join(part for part, _ in line))
    return out


@pytest.mark.parametrize("name", CASES)
def test_the_signature_block_and_noi_nhan_stand_on_one_page(cases, name):
    case = case_of(cases, name)
    signer = {"demo": "Nguyễn Văn Mẫu", "seed": LONG.signer}.get(name)
    parts = ["Trên đây là báo cáo", "Nơi nhận:", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    parts += ["Lưu: VT", *([signer] if signer else [])]
    pages = {part: case.page_of(part) for part in parts}
    assert all(len(on) == 1 for on in pages.values()), pages
    assert len({on[0] for on in pages.values()}) == 1, pages
    # and no page stands empty but for its number (a last paragraph pushed over)
    assert all(re.sub(r"^\d+", "", page) for page in case.pages)


@pytest.mark.parametrize("name", CASES)
def test_no_page_ends_with_a_heading_and_each_caption_stands_with_its_chart(cases, name):
    case = case_of(cases, name)
    titles = [dense(t) for t in headings(case.docx)]
    assert len(titles) >= 8  # the title, I-IV and their numbered parts
    for n, page in enumerate(case.pages[:-1]):
        ending = [t for t in titles if page.endswith(t)]
        assert not ending, f"page {n + 1} ends with {ending}"
    captions = [len(CAPTION.findall(page)) for page in case.pages]
    assert sum(captions) == 3
    assert captions == images_per_page(case.pdf)


@pytest.mark.parametrize("name", CASES)
def test_every_header_line_stands_whole_on_one_line(cases, name):
    case = case_of(cases, name)
    cells = docx.Document(str(case.docx)).tables[0].rows[0].cells
    lines = [p.text for cell in cells for p in cell.paragraphs if p.text.strip("─ ")]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    rows = [dense(" ".join(row)) for row in office.pdf_rows(case.pdf)[0][:12]]
    for line in lines:
        assert any(dense(line) in row for row in rows), (line, rows)
    # the whole name is there, in order, whatever lines it was set on
    unit = {"samples": "Ủy ban nhân dân xã Tuệ Tĩnh", "seed": LONG.unit_name}.get(name)
    if unit:
        left = dense(" ".join(p.text for p in cells[0].paragraphs)).upper()
        assert dense(unit).upper() in left
    if name == "seed":
        assert dense("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI") in left
        assert dense("Phường Nguyễn Thị Minh Khai, ngày") in dense(cells[1].text)


@pytest.mark.parametrize("name", CASES)
def test_the_stt_heading_of_the_766_table_is_whole(cases, name):
    case = case_of(cases, name)
    words = [w.text for page in office.pdf_words(case.pdf) for w in page]
    assert "STT" in words and "Nhóm" in words


# ------------------------------------------------------------------ forced to a page's foot


NOW = dt.datetime(2026, 4, 6, 9)
PAD = re.compile(r"Dòngđệmsố(\d+)\.")


def pads(k: int) -> list[Paragraph]:
    return [Paragraph(f"Dòng đệm số {j:02d}.") for j in range(1, k + 1)]


@pytest.fixture(scope="module")
def padded(tmp_path_factory, profile) -> dict[str, list[Case]]:
    """The seed quarter's report cut down to its header, one-line paragraphs, and then a
    heading, a chart or the closing sentence with the signature, with as many paragraphs
    before them as put them at the foot of page 1 (counted on a first rendering)."""
    office.require("swriter", "pdftotext")
    folder = tmp_path_factory.mktemp("padded")
    book = make_workbook(folder / "TTHC_Q.xlsx", seed_register(), LONG)
    summary = build_report(FileBook(book, readonly=True), "2026-Q1", now=NOW)
    pictures = chart_pictures(summary.charts)
    header, closing, signature = summary.blocks[0], summary.blocks[-2], summary.blocks[-1]
    assert isinstance(header, Header) and isinstance(signature, Signature)
    assert isinstance(closing, Paragraph) and closing.text.startswith("Trên đây")
    longest = max(
        (b for b in summary.blocks if isinstance(b, Paragraph)), key=lambda b: len(b.text)
    )

    def write(name: str, blocks: list) -> Path:
        blocks = [header, *blocks]
        return word.write_docx(dataclasses.replace(summary, blocks=blocks), folder / name, pictures)

    (first,) = convert_all([write("measure.docx", pads(60))], folder, profile)
    page_1 = dense(office.pdf_text(first, layout=False).split("\f")[0])
    m = max(int(n) for n in PAD.findall(page_1))  # the last line page 1 holds
    heading = Heading("III. ĐÁNH GIÁ CHUNG")
    made: dict[str, list[Path]] = {
        "heading": [write(f"h{k}.docx", [*pads(k), heading, longest]) for k in (m - 2, m - 1)],
        "chart": [
            write(f"c{k}.docx", [*pads(k), Chart("months", "Biểu đồ 1. Hồ sơ"), longest])
            for k in range(m - 5, m)
        ],
        "signature": [write(f"s{k}.docx", [*pads(k), closing, signature]) for k in range(m - 9, m)],
    }
    pdfs = iter(convert_all([p for paths in made.values() for p in paths], folder, profile))
    return {kind: [Case(p, next(pdfs)) for p in paths] for kind, paths in made.items()}


def test_a_heading_at_a_page_foot_goes_over_with_its_paragraph(padded):
    for case in padded["heading"]:
        (on,) = case.page_of("III. ĐÁNH GIÁ CHUNG")
        assert not case.pages[on].endswith(dense("III. ĐÁNH GIÁ CHUNG")), case.docx.name


def test_a_caption_at_a_page_foot_goes_over_with_its_chart(padded):
    for case in padded["chart"]:
        captions = [len(CAPTION.findall(page)) for page in case.pages]
        assert captions == images_per_page(case.pdf), case.docx.name


def test_the_closing_sentence_and_the_signature_at_a_page_foot_go_over_whole(padded):
    parts = ["Trên đây là báo cáo", "Nơi nhận:", "KT. CHỦ TỊCH", "Lưu: VT", LONG.signer]
    split = 0
    for case in padded["signature"]:
        pages = {case.page_of(part)[0] for part in parts}
        assert len(pages) == 1, (case.docx.name, pages)
        split += case.page_of("Nơi nhận:")[0] == 1  # pushed onto page 2
    assert split  # one at least would have fallen across the foot of page 1


def test_headings_captions_and_the_closing_sentence_are_kept_with_what_follows(tmp_path):
    """On the file itself: Word keeps them together as LibreOffice does."""
    book = make_workbook(tmp_path / "TTHC_Q.xlsx", seed_register(), LONG)
    summary = build_report(FileBook(book, readonly=True), "2026-Q1", now=NOW)
    pictures = chart_pictures(summary.charts)
    d = docx.Document(str(word.write_docx(summary, tmp_path / "B.docx", pictures)))
    by_text = {p.text: p.paragraph_format for p in d.paragraphs}
    paragraphs = [([t.strip() for t in p.text.split("\n")], p) for p in d.paragraphs]
    headings = [b.text for b in summary.blocks if isinstance(b, Heading)]
    assert len(headings) >= 8
    for text in headings:  # kept with next, and with the text it heads in one paragraph
        (lines, p), *_ = [(lines, p) for lines, p in paragraphs if text in lines]
        assert lines[-1] != text or p.paragraph_format.keep_with_next, text
    for title in [b.title for b in summary.blocks if isinstance(b, Chart)]:
        (p,) = [p for p in d.paragraphs if p.text.startswith(title)]
        assert p.paragraph_format.keep_together and p._p.xpath(".//pic:pic"), title
    closing = summary.blocks[-2]
    assert isinstance(closing, Paragraph)
    assert by_text[closing.text].keep_with_next and by_text[closing.text].keep_together
    # the signature and Nơi nhận: one row that never splits
    sign = d.tables[-1]
    assert len(sign.rows) == 1 and "Nơi nhận:" in sign.rows[0].cells[0].text
    assert sign.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:cantSplit")) is not None

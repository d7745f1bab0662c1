"""The report as a Word file (python-docx), in the administrative layout of ND 30/2020.

A4; Times New Roman 14 (13 in the header block, 11-12 for recipients and tables); margins
top/bottom 20 mm, left 30 mm, right 15 mm; the header block as a borderless two-column
table; the title bold and centred; numbered sections; the signature block; page numbers
centred at the top from page 2. The charts are pictures (PNG bytes from
report/pictures.py: `chart_pictures(summary.charts)`) at the place they stand in BaoCao.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from tthc_xl.book.atomic import replacing
from tthc_xl.report import fitting
from tthc_xl.report.baocao import ReportSummary
from tthc_xl.report.blocks import (
    COLUMN_WIDTHS,
    MOTTO,
    Centered,
    Chart,
    Header,
    Heading,
    Paragraph,
    Signature,
    Table,
)
from tthc_xl.report.fitting import Line
from tthc_xl.report.sheet import FONT, MARGINS_MM
from tthc_xl.rules import clock

BODY = 14
TABLE_PT = 11


def _font(run, size: float, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _para(
    container,
    text: str,
    size: float = BODY,
    *,
    bold=False,
    italic=False,
    align=None,
    indent: bool = False,
    after: float = 6,
):
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(0)
    fmt.line_spacing = 1.15
    if indent:
        fmt.first_line_indent = Cm(1.27)
    _font(p.add_run(text), size, bold, italic)
    return p


def _cell_lines(cell, lines: list[Line]) -> None:
    """Centred lines in a cell, as fitting.py sized them to stay one line each."""
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    for line in lines:
        p = _para(
            cell,
            line.text,
            line.size,
            bold=line.bold,
            italic=line.italic,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            after=0,
        )
        p.paragraph_format.keep_with_next = True


def _row_whole(row, header: bool = False) -> None:
    """A table row never split across pages; a header row repeated on each page."""
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def _page_number(section) -> None:
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    _font(run, 13)


def _page(doc) -> int:
    """A4 portrait with the ND 30 margins and page numbers; the text width in EMU."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    _page_number(section)
    # a justified line that ends in a line break is not spread (a heading over its text)
    compat = doc.settings.element.find(qn("w:compat"))
    if compat is not None:
        compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY)
    return Mm(210 - MARGINS_MM["left"] - MARGINS_MM["right"])


def _two_columns(doc, width: int, left_share: float):
    """A borderless one-row table of two cells (the header and signature blocks)."""
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width = int(width * left_share)
    right.width = width - left.width
    table.columns[0].width, table.columns[1].width = left.width, right.width
    table.autofit = False  # fixed layout: the widths set are the widths shown
    _row_whole(table.rows[0])  # the header block, the signature and Nơi nhận: never split
    return table, left, right


def _pt(emu: int) -> float:
    return emu / 12700


def _header(doc, block: Header, width: int, pictures: dict[str, bytes]) -> None:
    """Parent body and unit left, the motto and the place and date right; every line on
    one line of its own (a long name broken where it reads best, never wrapped)."""
    left = [
        *([Line(block.parent, 13)] if block.parent else []),
        *(Line(line, 13, bold=True) for line in block.unit.split("\n")),
    ]
    right = [Line(MOTTO[0], 13, bold=True, whole=True), Line(MOTTO[1], 14, bold=True, whole=True)]
    date = [Line(block.date_line, 14, italic=True)]
    share, left, right_top = fitting.two_columns(left, right + date, _pt(width), (0.34, 0.46))
    table, left_cell, right_cell = _two_columns(doc, width, share)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rule = Line("────────", 8)
    number = fitting.fit_lines([Line(block.number, 13, whole=True)], _pt(left_cell.width), 11)[0]
    _cell_lines(left_cell, [*left, rule, *number])
    _cell_lines(right_cell, [*right_top[:2], Line("────────────────", 8), *right_top[2:]])
    _para(doc, "", after=0)


def _centered(doc, block: Centered, width: int, pictures: dict[str, bytes]) -> None:
    p = _para(doc, block.text, BODY, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    p.paragraph_format.keep_with_next = True  # the title stands with what it heads


def _heading(doc, block: Heading, width: int, pictures: dict[str, bytes]) -> None:
    _headed(doc, [block])


def _headed(doc, blocks) -> None:
    """A heading, the headings right under it and the paragraph they head, as one
    paragraph broken into lines (the next line indented by a tab, as a paragraph's first
    line is): orphan control keeps the headings with the text's first lines in Word and
    LibreOffice alike, where LibreOffice leaves a heading kept only "with next" alone at
    a page's foot. A heading right over a table or a chart is kept with next instead."""
    p = _para(doc, blocks[0].text, BODY, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    fmt = p.paragraph_format
    fmt.keep_with_next = fmt.widow_control = True
    for block in blocks[1:]:
        if not isinstance(block, Heading | Paragraph):
            break
        run = p.add_run()
        run.add_break(WD_BREAK.LINE)
        run = p.add_run("\t" + block.text)
        _font(run, BODY, bold=isinstance(block, Heading), italic=getattr(block, "italic", False))
        if isinstance(block, Paragraph):
            fmt.keep_with_next = False  # the text it heads is with it: no chain onwards
            break


def _paragraph(doc, block: Paragraph, width: int, pictures: dict[str, bytes]) -> None:
    _para(doc, block.text, BODY, italic=block.italic, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)


def _table(doc, block: Table, width: int, pictures: dict[str, bytes]) -> None:
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    col = 0
    shares = []
    for span in block.spans:
        shares.append(sum(COLUMN_WIDTHS[col : col + span]))
        col += span
    texts = [list(block.headers), *(list(r) for r in block.rows)]
    # each column as BaoCao shares them, but never narrower than its longest word: the
    # STT heading and a dossier id stay whole
    widths = [
        int(w * 12700) for w in fitting.column_widths(texts, True, shares, _pt(width), TABLE_PT)
    ]
    table.autofit = False
    for c, w in enumerate(widths):
        table.columns[c].width = w
    small = len(block.rows) <= 12  # a short table is kept on one page
    for r, values in enumerate((block.headers, *block.rows)):
        _row_whole(table.rows[r], header=r == 0)
        bold = r == 0 or (block.bold_last and r == len(block.rows))
        for c, value in enumerate(values):
            cell = table.rows[r].cells[c]
            cell.width = widths[c]
            p = cell.paragraphs[0]
            p.alignment = (
                WD_ALIGN_PARAGRAPH.CENTER
                if r == 0
                else WD_ALIGN_PARAGRAPH.RIGHT
                if block.numeric[c]
                else WD_ALIGN_PARAGRAPH.LEFT
            )
            _font(p.add_run(value), TABLE_PT, bold)
            p.paragraph_format.keep_with_next = r == 0 or (small and r < len(block.rows))
    _para(doc, "", after=0)


def _chart(doc, block: Chart, width: int, pictures: dict[str, bytes]) -> None:
    """The caption and its picture in one paragraph that never splits: they stand on one
    page in Word and in LibreOffice alike (LibreOffice does not always keep a paragraph
    with the next one)."""
    p = _para(doc, block.title, 12, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    p.paragraph_format.keep_together = True
    png = pictures.get(block.key)
    if png:
        run = p.add_run()
        run.add_break(WD_BREAK.LINE)
        run.add_picture(io.BytesIO(png), width=int(width * 0.9))


def _signature(doc, block: Signature, width: int, pictures: dict[str, bytes]) -> None:
    """Nơi nhận left, the signer right, in one row that never splits (and the closing
    sentence before it is kept with it); the signer's lines each on one line."""
    _, left, right = _two_columns(doc, width, 0.5)
    left.paragraphs[0]._element.getparent().remove(left.paragraphs[0]._element)
    _para(left, "Nơi nhận:", 12, bold=True, italic=True, after=0)
    for line in block.recipients:
        _para(left, line, 11, after=0)
    titles, _ = fitting.fit_lines(
        [Line(t, BODY, bold=True) for t in block.lines], _pt(right.width), 12
    )
    signer, _ = fitting.fit_lines(
        [Line(block.signer, BODY, bold=True, whole=True)], _pt(right.width), 12
    )
    _cell_lines(right, [*titles, *[Line("", BODY)] * 4, *signer])
    # a last paragraph, one point high: the one Word puts after a table that ends the
    # document, which would otherwise be pushed onto a page of its own
    end = _para(doc, "", 1, after=0)
    end.paragraph_format.line_spacing = Pt(1)


# each kind of block (report/blocks.py) and how Word shows it
_WRITERS: dict[type, Callable[..., None]] = {
    Header: _header,
    Centered: _centered,
    Heading: _heading,
    Paragraph: _paragraph,
    Table: _table,
    Chart: _chart,
    Signature: _signature,
}


def _properties(doc, summary: ReportSummary) -> None:
    """The file's own properties: a title, the time; no author, keywords or comments (not
    the workbook's, not python-docx's template's)."""
    props = doc.core_properties
    for name in ("author", "last_modified_by", "keywords", "comments", "subject", "category"):
        setattr(props, name, "")
    for name in ("content_status", "identifier", "language", "version"):
        setattr(props, name, "")
    props.title = f"Báo cáo TTHC {summary.result.period.describe()}"
    props.revision = 1
    props.created = props.modified = clock.now().replace(microsecond=0, tzinfo=None)


def write_docx(
    summary: ReportSummary, path: Path | str, pictures: dict[str, bytes] | None = None
) -> Path:
    """The report's blocks as a .docx at `path` (written atomically); `pictures` maps chart
    keys to PNG bytes."""
    doc = Document()
    _properties(doc, summary)
    width = _page(doc)
    blocks = summary.blocks
    for i, block in enumerate(blocks):
        if isinstance(block, Heading) and i > 0 and isinstance(blocks[i - 1], Heading):
            continue  # written with the heading before it
        if isinstance(block, Paragraph) and i > 0 and isinstance(blocks[i - 1], Heading):
            continue  # written with its heading
        if isinstance(block, Heading):
            _headed(doc, blocks[i:])
            continue
        _WRITERS[type(block)](doc, block, width, pictures or {})
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if isinstance(block, Paragraph) and isinstance(following, Table | Chart | Signature):
            # a table's caption, and the closing sentence, stay whole with what follows
            fmt = doc.paragraphs[-1].paragraph_format
            fmt.keep_with_next = fmt.keep_together = True
    path = Path(path)
    with replacing(path) as tmp:
        doc.save(str(tmp))
    return path

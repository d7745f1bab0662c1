"""`tthc-xl demo`: the macro workbook filled the way a commune fills it.

The demo (:func:`write_demo`) writes the quarter (quarter.py) as three exports shaped like
the systems' own (exports.py), copies the packaged template as a new workbook for a
made-up commune, imports the exports, builds the report, and writes the Word and PDF
copies. :func:`write_register` writes the quarter as a plain data workbook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tthc_xl.book.atomic import replacing
from tthc_xl.demo.exports import EXPORTS_DIR, write_exports
from tthc_xl.demo.quarter import DEMO_SETTINGS, generate
from tthc_xl.rules.catalog import Catalog

if TYPE_CHECKING:
    from tthc_xl.importer.run import ImportResult
    from tthc_xl.report.baocao import ReportSummary

DEMO_NAME = "TTHC_demo_2026Q1.xlsm"
DEMO_PERIOD = "2026-Q1"
DOCX_NAME = "BaoCao_2026Q1.docx"
PDF_NAME = "BaoCao_2026Q1.pdf"


@dataclass
class DemoRun:
    """What `tthc-xl demo` wrote and what it found."""

    workbook: Path
    exports: list[Path]
    docx: Path
    pdf: Path | None
    pdf_problem: str | None
    summary: ReportSummary
    imported: ImportResult

    @property
    def files(self) -> list[Path]:
        return [self.workbook, self.docx, *([self.pdf] if self.pdf else []), *self.exports]


def write_demo(out_dir: Path, seed: int = 2026, now: dt.datetime | None = None) -> DemoRun:
    """The demo: exports, a workbook from the packaged template, import, report, Word, PDF.

    The demo's own files in `out_dir` are replaced; nothing else there is touched.
    """
    from tthc_xl.book.filebook import FileBook
    from tthc_xl.book.layout import settings_cell
    from tthc_xl.book.names import SHEET_SETTINGS
    from tthc_xl.excel.new import new_workbook_file
    from tthc_xl.importer import run_import
    from tthc_xl.report.baocao import build_report
    from tthc_xl.report.pdf import PdfError, export_pdf
    from tthc_xl.report.pictures import chart_pictures
    from tthc_xl.report.word import write_docx
    from tthc_xl.rules.period import parse_period

    out_dir.mkdir(parents=True, exist_ok=True)
    exports = write_exports(generate(seed), out_dir / EXPORTS_DIR)
    path = out_dir / DEMO_NAME
    path.unlink(missing_ok=True)
    new_workbook_file(path, DEMO_SETTINGS["unit_name"])
    book = FileBook(path, backups=0)
    for attr in ("parent_body", "place", "signer", "plan_number", "plan_date"):
        ref = settings_cell(attr).split("!")[1].replace("$", "")
        book.write(SHEET_SETTINGS, int(ref[1:]), [[DEMO_SETTINGS[attr]]], left=ord(ref[0]) - 64)
    imported = run_import(book, exports, now=now)
    book = FileBook(path, backups=0)
    summary = build_report(book, parse_period(DEMO_PERIOD), now=now)
    book.save()
    docx = write_docx(summary, out_dir / DOCX_NAME, chart_pictures(summary.charts))
    pdf: Path | None = out_dir / PDF_NAME
    problem = None
    try:
        export_pdf(path, out_dir / PDF_NAME)
    except (PdfError, OSError) as exc:
        pdf, problem = None, str(exc)
    return DemoRun(path, exports, docx, pdf, problem, summary, imported)


REGISTER_NAME = "TTHC_demo_2026Q1.xlsx"


def write_register(out_dir: Path, seed: int = 2026) -> Path:
    """The demo quarter as a plain data workbook (HoSo, DanhMuc, NgayNghi, CauHinh): the
    benchmarks' input, quicker to make than the full demo."""
    from tthc_xl.book.layout import new_workbook
    from tthc_xl.rules.settings import Settings

    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / REGISTER_NAME
    wb = new_workbook(generate(seed), Catalog.default(), Settings())
    with replacing(path) as tmp:
        wb.save(tmp)
    return path

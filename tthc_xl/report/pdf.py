"""BaoCao as PDF from the command line: LibreOffice headless prints the sheet.

A copy of the workbook in which every other sheet is hidden (an edit of xl/workbook.xml
alone, so the copy keeps every part, charts included) is converted with
``soffice --convert-to pdf``; LibreOffice prints visible sheets only, with BaoCao's own page
set-up (A4, ND 30 margins, one page wide). In Excel the button uses Excel's own
ExportAsFixedFormat instead (excel/macros.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from tthc_xl.book.atomic import replacing
from tthc_xl.book.errors import WorkbookError
from tthc_xl.book.names import SHEET_REPORT
from tthc_xl.book.scratch import scratch

NO_SOFFICE = (
    "Không tìm thấy LibreOffice (soffice) nên chưa xuất được PDF; "
    "sổ và tệp Word vẫn được ghi. Cài LibreOffice, hoặc dùng nút 'Xuất Word/PDF' trong Excel."
)


class PdfError(RuntimeError):
    """The PDF could not be made; the rest of the report stands."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def report_only_copy(
    workbook: Path, target: Path, sheet: str = SHEET_REPORT, title: str = ""
) -> Path:
    """A copy of `workbook` at `target` (.xlsx/.xlsm kept) showing only `sheet`, its
    document properties replaced by `title` alone (LibreOffice puts them in the PDF)."""
    with (
        zipfile.ZipFile(workbook) as src,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = _only(data.decode("utf-8"), sheet).encode("utf-8")
            elif item.filename in _PROPERTIES:
                data = _PROPERTIES[item.filename](title).encode("utf-8")
            dst.writestr(item, data)
    return target


_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PROPERTIES = {  # the parts a workbook's properties live in, as the copy writes them
    "docProps/core.xml": lambda title: (
        _DECLARATION + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
        'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title></cp:coreProperties>"
    ),
    "docProps/app.xml": lambda title: (
        _DECLARATION + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
        '2006/extended-properties"><Application>tthc-xl</Application></Properties>'
    ),
    "docProps/custom.xml": lambda title: (
        _DECLARATION + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
        '2006/custom-properties"/>'
    ),
}


def _only(xml: str, sheet: str) -> str:
    names = re.findall(r"<(?:\w+:)?sheet\b[^>]*\bname=\"([^\"]*)\"", xml)
    if sheet not in names:
        raise PdfError(f"Sổ không có sheet {sheet}.")

    def edit(match: re.Match) -> str:
        tag = match.group(0)
        name = re.search(r'\bname="([^"]*)"', tag)
        tag = re.sub(r'\sstate="[^"]*"', "", tag)
        if name and name.group(1) != sheet:
            tag = tag.replace(" name=", ' state="hidden" name=', 1)
        return tag

    xml = re.sub(r"<(?:\w+:)?sheet\b[^>]*/>", edit, xml)
    index = names.index(sheet)

    # LibreOffice prints a hidden sheet that has a print area: drop the others' print areas
    # and titles (the copy only; the workbook keeps them)
    def area(match: re.Match) -> str:
        return match.group(0) if match.group(1) == str(index) else ""

    xml = re.sub(
        r'<(?:\w+:)?definedName\b(?=[^>]*name="_xlnm\.Print_(?:Area|Titles)")'
        r'[^>]*\blocalSheetId="(\d+)"[^>]*>.*?</(?:\w+:)?definedName>',
        area,
        xml,
        flags=re.S,
    )
    xml = re.sub(r'\sactiveTab="\d+"', "", xml)
    xml = re.sub(r'\sfirstSheet="\d+"', "", xml)
    return re.sub(r"<((?:\w+:)?workbookView)\b", rf'<\1 activeTab="{index}"', xml, count=1)


def convert(
    source: Path, out: Path, failed: str, timeout: float = 300, env: dict | None = None
) -> Path:
    """`source` converted by LibreOffice headless to `out` (its suffix names the format), in
    a throw-away profile inside a work folder beside `source` (book/scratch.py: never the
    system temp folder, LibreOffice's own temp files included); PdfError(failed) when no
    file comes out (soffice exits 0 anyway)."""
    exe = soffice()
    if exe is None:
        raise PdfError(NO_SOFFICE)
    out = Path(out)
    with scratch(Path(source).parent) as folder:
        env = dict(os.environ if env is None else env)
        for name in ("TMPDIR", "TEMP", "TMP"):
            env[name] = str(folder)
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                out.suffix.lstrip("."),
                "--outdir",
                str(folder),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
        )
        made = folder / f"{Path(source).stem}{out.suffix}"
        if not made.is_file() or made.stat().st_size == 0:
            raise PdfError(  # LibreOffice's own English stays out of the message
                f"{failed} Hãy mở sổ bằng LibreOffice hoặc Excel để xem sổ có mở được không."
            )
        try:
            with replacing(out) as written:  # beside `out`: a reader never sees half a PDF
                shutil.copyfile(made, written)
        except WorkbookError as exc:  # no such folder, or it cannot be written
            raise PdfError(str(exc)) from exc
    return out


def export_pdf(workbook: Path, out: Path, timeout: float = 300, title: str = "") -> Path:
    """BaoCao of `workbook` printed to `out` by LibreOffice headless; the PDF's title is
    `title`, and it carries no author, keywords or other property of the workbook."""
    if soffice() is None:
        raise PdfError(NO_SOFFICE)
    out = Path(out)
    workbook = Path(workbook)
    with scratch(workbook.resolve().parent) as folder:
        copy = report_only_copy(workbook, folder / f"{out.stem}{workbook.suffix}", title=title)
        return convert(copy, out, "LibreOffice không xuất được PDF", timeout)

"""Regenerate the pictures of the printed KPI, CanhBao and Bieu06 pages (docs/img/*.png).

    .venv/bin/python docs/pictures.py

Builds the demo quarter, runs `tthc-xl refresh` at a fixed moment, prints the workbook to PDF
with headless LibreOffice in a Vietnamese locale, and renders the three sheets' first pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from tthc_xl.cli import cli
from tthc_xl.demo import write_register
from tthc_xl.report.pdf import convert

OUT = Path(__file__).parent / "img"
PAGES = {  # picture -> text that marks the sheet's first page
    "kpi.png": "CHỈ SỐ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH",
    "canhbao.png": "CẢNH BÁO HỒ SƠ: QUÁ HẠN",
    "bieu06.png": "Biểu số 06/VPCP/KSTT",
}


def main() -> None:
    os.environ["TTHC_XL_NOW"] = "2026-04-05T08:00"  # the same pictures on every run
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = write_register(folder, 2026)
        done = CliRunner().invoke(cli, ["refresh", str(book), "-p", "2026-Q1"])
        if done.exit_code:
            sys.exit(done.output)
        env = {**os.environ, "LC_ALL": "vi_VN.UTF-8"}
        pdf = convert(book, book.with_suffix(".pdf"), "soffice could not print", env=env)
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        pages = text.split("\f")
        OUT.mkdir(exist_ok=True)
        for name, mark in PAGES.items():
            number = next(i for i, page in enumerate(pages, start=1) if mark in page)
            stem = folder / name.removesuffix(".png")
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "70",
                    "-singlefile",
                    "-f",
                    str(number),
                    "-l",
                    str(number),
                    str(pdf),
                    str(stem),
                ],
                check=True,
            )
            (OUT / name).write_bytes(stem.with_suffix(".png").read_bytes())
            print(f"{OUT / name}: trang {number}")


if __name__ == "__main__":
    main()

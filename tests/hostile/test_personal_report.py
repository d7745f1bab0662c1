"""Issue 21, personal data by construction: the report's Word file and PDF go through the
copy's scrubber (the clerk's MauBaoCao text) and carry none of the workbook's properties;
no work file with the register lands outside the workbook's folder, and one a killed run
left is removed by the next run."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from helpers.office import pdf_text, require
from hostile.planted import (
    folded,
    invoke,
    leaks,
    package_text,
    plant_report_text,
    planted_register,
)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    from hostile.conftest import BUILT

    folder = tmp_path_factory.mktemp("report")
    book = folder / "TTHC_Q.xlsm"
    shutil.copy(BUILT, book)
    book, secrets = planted_register(folder, book)
    opening = plant_report_text(book, secrets)
    return book, secrets, opening


@pytest.fixture(scope="module")
def reported(planted):
    require("soffice", "pdftotext", "pdfinfo")
    book, _, _ = planted
    docx, pdf = book.with_name("bc.docx"), book.with_name("bc.pdf")
    done = invoke("report", book, "-p", "2026-Q1", "--docx", docx, "--pdf", pdf)
    assert done.exit_code == 0, done.output
    assert pdf.is_file(), done.output
    return docx, pdf


def test_the_word_file_names_nobody_and_keeps_the_clerks_words(reported, planted):
    docx, _ = reported
    _, secrets, opening = planted
    text = package_text(docx)
    assert leaks(text, secrets) == []
    assert folded(opening) in folded(text)


def test_the_word_file_carries_no_property_of_the_workbook(reported, planted):
    docx, _ = reported
    _, secrets, _ = planted
    with zipfile.ZipFile(docx) as z:
        props = z.read("docProps/core.xml").decode() + z.read("docProps/app.xml").decode()
    assert leaks(props, secrets) == []
    assert "python-docx" not in props  # not the template's author either
    assert "Báo cáo TTHC Quý I năm 2026" in props


def test_the_pdf_names_nobody_and_carries_no_property_of_the_workbook(reported, planted):
    _, pdf = reported
    _, secrets, opening = planted
    text = pdf_text(pdf)
    assert folded(opening) in folded(text)
    assert leaks(text, secrets) == []
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert leaks(info, secrets) == []
    assert "Báo cáo TTHC Quý I năm 2026" in info


# ------------------------------------------------------------------ work files


def _no_system_temp(monkeypatch, tmp_path):
    """The system temp folder made unusable: any work file put there fails the job."""
    gone = tmp_path / "system-temp-not-here"
    monkeypatch.setattr(tempfile, "tempdir", str(gone))
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(name, str(gone))
    return gone


def test_no_work_file_goes_to_the_system_temp_folder(planted, tmp_path, monkeypatch):
    require("soffice")
    book = tmp_path / "TTHC_Q.xlsm"
    shutil.copy(planted[0], book)
    gone = _no_system_temp(monkeypatch, tmp_path)
    for args in (
        ("refresh", book, "-p", "2026-Q1"),
        (
            "report",
            book,
            "-p",
            "2026-Q1",
            "--docx",
            tmp_path / "r.docx",
            "--pdf",
            tmp_path / "r.pdf",
        ),
        ("publish", book, "-p", "2026-Q1", "--with-register", "-o", tmp_path / "c.xlsx"),
    ):
        done = invoke(*args)
        assert done.exit_code == 0, (args, done.output)
    assert (tmp_path / "r.pdf").is_file() and (tmp_path / "c.xlsx").is_file()
    assert not gone.exists()
    # and nothing is left beside the workbook either
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tthc-xl-tam-")]


def _killed_run_left(folder: Path, workbook: Path) -> Path:
    """What `kill -9` leaves: a work folder with a copy of the workbook, its lock gone."""
    left = folder / ".tthc-xl-tam-k1ll3d00"
    left.mkdir()
    (left / "dang-chay.lock").write_bytes(b"")
    shutil.copy(workbook, left / "TTHC_Q.xlsm")
    return left


def test_work_files_of_a_killed_run_are_removed_by_the_next_run(planted, tmp_path):
    book = tmp_path / "TTHC_Q.xlsm"
    shutil.copy(planted[0], book)
    left = _killed_run_left(tmp_path, book)
    done = invoke("refresh", book, "-p", "2026-Q1")
    assert done.exit_code == 0, done.output
    assert not left.exists()


def test_work_files_of_a_running_job_are_kept(planted, tmp_path):
    from tthc_xl.book.lock import _try_lock

    book = tmp_path / "TTHC_Q.xlsm"
    shutil.copy(planted[0], book)
    running = _killed_run_left(tmp_path, book)
    fd = os.open(running / "dang-chay.lock", os.O_RDWR)
    try:
        assert _try_lock(fd)  # as the running job holds it
        done = invoke("refresh", book, "-p", "2026-Q1")
        assert done.exit_code == 0, done.output
        assert (running / "TTHC_Q.xlsm").is_file()
    finally:
        os.close(fd)


def test_what_earlier_versions_left_in_the_system_temp_folder_is_removed(
    planted, tmp_path, monkeypatch
):
    """Before, the PDF's copy of the workbook and the copy's view were made in the system
    temp folder: a killed run's folder (hours old) goes, a running one's (fresh) stays."""
    system = tmp_path / "system-temp"
    system.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system))
    old, fresh = system / "tthc-xl-pdf-abc123", system / "tthc-xl-view-def456"
    other = system / "someone-else-pdf"
    for folder in (old, fresh, other):
        folder.mkdir()
        shutil.copy(planted[0], folder / "TTHC_Q.xlsm")
    hours_ago = time.time() - 3 * 3600
    for folder in (old, other):
        os.utime(folder, (hours_ago, hours_ago))
    book = tmp_path / "xa" / "TTHC_Q.xlsm"
    book.parent.mkdir()
    shutil.copy(planted[0], book)
    done = invoke("refresh", book, "-p", "2026-Q1")
    assert done.exit_code == 0, done.output
    assert not old.exists()
    assert (fresh / "TTHC_Q.xlsm").is_file() and (other / "TTHC_Q.xlsm").is_file()

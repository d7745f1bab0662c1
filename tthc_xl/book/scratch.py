"""Work files stay beside the workbook, never in the system temp folder.

Writing a workbook makes work files (openpyxl writes each sheet, HoSo included, to a temp
file first; LibreOffice needs a copy of the workbook and a profile to print a PDF). In the
system temp folder a killed run would leave citizens' data where nobody looks and every
user of the PC can read it. So each job gets a private folder ``.tthc-xl-tam-XXXXXXXX``
in the folder of the file it writes, removed when the job ends, and one a killed run left
is removed by the next job that writes there: a job holds an OS lock on ``dang-chay.lock``
inside its folder (the OS drops it when the process dies), so only folders no running job
holds are removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from .lock import _try_lock

PREFIX = ".tthc-xl-tam-"
OWNER = "dang-chay.lock"
_tempdir_lock = threading.RLock()


def remove_stale(folder: Path) -> list[Path]:
    """Remove the work folders that killed runs left in `folder`; returns them."""
    removed: list[Path] = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(PREFIX) or entry.is_symlink() or not entry.is_dir():
            continue
        try:
            fd = os.open(entry / OWNER, os.O_RDWR)
        except OSError:  # no owner file: made by mkdtemp a moment ago, or half removed
            continue
        try:
            stale = _try_lock(fd)
        finally:
            os.close(fd)
        if stale:
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


# work folders earlier versions made in the system temp folder (a copy of the workbook for
# the PDF, a view of it for the copy); one older than an hour is a killed run's
OLD_PREFIXES = ("tthc-xl-pdf-", "tthc-xl-view-")
OLD_AGE_SECONDS = 3600
_swept: set[str] = set()


def remove_old_system_temps(now: float | None = None) -> list[Path]:
    """Remove what killed runs of earlier versions left in the system temp folder (once a
    process); returns what was removed."""
    if tempfile.tempdir is not None and Path(tempfile.tempdir).name.startswith(PREFIX):
        return []  # inside a job's own work folder: not the system one
    try:
        system = tempfile.gettempdir()
    except OSError:
        return []
    if system in _swept:
        return []
    _swept.add(system)
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(Path(system).iterdir())
    except OSError:
        return []
    for entry in entries:
        try:
            if (
                entry.name.startswith(OLD_PREFIXES)
                and not entry.is_symlink()
                and entry.is_dir()
                and now - entry.stat().st_mtime > OLD_AGE_SECONDS
            ):
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
        except OSError:
            continue
    return removed


@contextlib.contextmanager
def scratch(folder: Path) -> Iterator[Path]:
    """A private work folder inside `folder` (after removing what killed runs left there),
    locked while the block runs and removed after it."""
    folder = Path(folder)
    remove_stale(folder)
    remove_old_system_temps()
    path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=folder))
    fd = os.open(path / OWNER, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _try_lock(fd)
        yield path
    finally:
        os.close(fd)
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def temp_beside(folder: Path) -> Iterator[Path]:
    """Python's temp files (openpyxl's among them) go to a work folder inside `folder`
    while the block runs."""
    with _tempdir_lock, scratch(folder) as path:
        before = tempfile.tempdir
        tempfile.tempdir = str(path)
        try:
            yield path
        finally:
            tempfile.tempdir = before

"""One writer at a time per workbook file, across processes.

A writer takes an OS-level exclusive lock (``flock`` on POSIX, ``msvcrt.locking`` on
Windows) on a small lock file beside the real workbook, from before it reads the workbook
until after the atomic replace. A second writer waits `WAIT_SECONDS`, then refuses with a
message, so two imports started together never both report success while one is lost.
The OS drops the lock when a process dies, so a killed run never leaves the workbook
locked; the lock file is removed on release (a killed run's stays, harmlessly). Within
one process the lock is shared (counted), so a job may open the same workbook twice.

Office programs announce an open file with an owner file beside it: Excel's ``~$name``
and LibreOffice's ``.~lock.name#``; :func:`office_owner` finds them.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import WorkbookLockedError

WAIT_SECONDS = 8.0
POLL_SECONDS = 0.2

_held: dict[Path, tuple[int, int]] = {}  # real workbook path -> (fd, count) in this process


def lock_path(workbook: Path) -> Path:
    """The lock file of a workbook: beside the real file, hidden, one per workbook name."""
    return workbook.with_name(f".{workbook.name}.tthc-xl.lock")


def office_owner(workbook: Path) -> Path | None:
    """Excel's or LibreOffice's owner file beside the workbook, if one exists."""
    name = workbook.name
    candidates = [
        workbook.with_name("~$" + name),
        workbook.with_name(".~lock." + name + "#"),
    ]
    if len(name) > 2:  # Excel shortens long names: the first two characters give way
        candidates.append(workbook.with_name("~$" + name[2:]))
    return next((c for c in candidates if c.exists()), None)


def office_holder(owner: Path) -> str:
    """Who holds the workbook, as its owner file says ('' when it says nothing readable).

    LibreOffice's ``.~lock.name#`` is one line: user name, system user, host, time, URL,
    separated by commas. Excel's ``~$name`` starts with the user name: a length byte and
    the name in the ANSI code page, then at byte 54 the length and the name in UTF-16.
    """
    try:
        data = owner.read_bytes()[:4096]
    except OSError:
        return ""
    if owner.name.startswith(".~lock."):
        fields = re.split(r"(?<!\\),", data.decode("utf-8", "replace").strip().rstrip(";"))
        name = fields[0].strip() or (fields[1].strip() if len(fields) > 1 else "")
        host = fields[2].strip() if len(fields) > 2 else ""
        since = fields[3].strip() if len(fields) > 3 else ""
        parts = [p for p in (f"máy {host}" if host else "", f"từ {since}" if since else "") if p]
        return name.replace("\\,", ",") + (f" ({', '.join(parts)})" if name and parts else "")
    return _excel_owner(data)


def _excel_owner(data: bytes) -> str:
    if len(data) >= 0x38:
        length = int.from_bytes(data[0x36:0x38], "little")
        wide = data[0x38 : 0x38 + 2 * length]
        if 0 < length <= 54 and len(wide) == 2 * length:
            text = wide.decode("utf-16-le", "replace").strip("\x00 ")
            if text.isprintable():
                return text
    if data and 0 < data[0] < len(data):
        text = data[1 : 1 + data[0]].decode("cp1258", "replace").strip()
        if text.isprintable():
            return text
    return ""


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def acquire(workbook: Path, wait: float | None = None) -> Path:
    """Lock `workbook` (resolved) for writing; WorkbookLockedError if another process
    holds it after `wait` seconds. Returns the key to pass to :func:`release`."""
    key = workbook.resolve()
    if key in _held:
        fd, count = _held[key]
        _held[key] = (fd, count + 1)
        return key
    path = lock_path(key)
    deadline = time.monotonic() + (WAIT_SECONDS if wait is None else wait)
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except PermissionError:
            # A read-only folder: no other tthc-xl can write there either; the save will
            # report the folder itself.
            return key
        if _try_lock(fd) and _still_there(fd, path):
            _held[key] = (fd, 1)
            return key
        os.close(fd)
        if time.monotonic() >= deadline:
            raise WorkbookLockedError(
                f"Sổ '{key.name}' đang được một lệnh tthc-xl khác ghi (nhập hoặc cập nhật). "
                "Hãy chờ lệnh kia xong rồi chạy lại; chưa có gì được ghi."
            )
        time.sleep(POLL_SECONDS)


@contextlib.contextmanager
def held(workbook: Path, wait: float | None = None) -> Iterator[Path]:
    """The workbook locked for the block: a reader that must see one version of it (the
    copy's HoSo and KPI from the same import) holds the lock while it reads."""
    key = acquire(workbook, wait)
    try:
        yield key
    finally:
        release(key)


def _still_there(fd: int, path: Path) -> bool:
    """Whether the locked file is still the one at `path`: the last holder removes it on
    release, and a lock on a removed file guards nothing."""
    if sys.platform == "win32":  # pragma: no cover - an open file cannot be removed there
        return True
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False


def release(key: Path) -> None:
    """Undo one :func:`acquire` (the OS lock goes with the last one)."""
    if key not in _held:
        return
    fd, count = _held[key]
    if count > 1:
        _held[key] = (fd, count - 1)
        return
    del _held[key]
    if sys.platform != "win32":  # leave no lock file behind; waiters see it went
        with contextlib.suppress(OSError):
            os.unlink(lock_path(key))
    os.close(fd)  # closing the descriptor drops flock/msvcrt locks

"""The one way tthc-xl writes a file: a unique temp file beside the target, moved over it.

A reader (Excel, a mail program, the next command) never sees half a file, a killed run
or a full disk leaves the previous version whole, and two runs never share a temp name.
The temp name is ``.<stem>.<8 random characters><suffix>`` beside the target, so that
:func:`remove_stale_temps` can remove what a killed run left, and nothing else.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import WorkbookLockedError
from .scratch import temp_beside


def mode_for(target: Path) -> int:
    """The permissions a new version of `target` gets: its own, or a new file's default."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _refused(target: Path, exc: OSError) -> WorkbookLockedError:
    return WorkbookLockedError(
        f"Không ghi được '{target.name}' vào thư mục '{target.parent}': tệp đang mở, "
        "thư mục chỉ đọc hoặc thiếu quyền ghi. Tệp cũ (nếu có) giữ nguyên."
    )


@contextlib.contextmanager
def replacing(
    target: Path,
    *,
    mode: int | None = None,
    before_replace: Callable[[Path], None] | None = None,
) -> Iterator[Path]:
    """Yield a fresh temp path beside `target`; when the block ends without an error, the
    temp file is flushed to disk and moved over `target` in one step (after
    `before_replace(temp)`, e.g. a backup or a check); on any error it is removed.

    `mode`: the permissions of the result (default: the target's own, else a new file's).
    """
    target = Path(target)
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent
        )
    except (PermissionError, FileNotFoundError) as exc:
        raise _refused(target, exc) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        with temp_beside(target.parent):  # openpyxl's sheet files too: book/scratch.py
            yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, mode_for(target) if mode is None else mode)
        if before_replace is not None:
            before_replace(tmp)
        os.replace(tmp, target)
    except PermissionError as exc:
        tmp.unlink(missing_ok=True)
        raise _refused(target, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(target: Path, data: bytes, *, mode: int | None = None) -> Path:
    """`data` into `target`, atomically."""
    with replacing(target, mode=mode) as tmp:
        tmp.write_bytes(data)
    return target


def temp_pattern(target: Path) -> re.Pattern[str]:
    """The names :func:`replacing` gives temp files of `target` (mkstemp's 8 characters),
    and of a temp file itself rewritten in place (the ribbon put into a saved temp file:
    ``..<stem>.<8>.<8><suffix>``)."""
    return re.compile(
        r"\.+" + re.escape(target.stem) + r"(?:\.[a-z0-9_]{8})+" + re.escape(target.suffix)
    )


def remove_stale_temps(target: Path, keep: Path | None = None) -> None:
    """Temp files an earlier run left beside `target` when it was killed while writing.

    Call it only while holding the target's lock, so no running writer's temp file is
    touched; only names of exactly :func:`temp_pattern` are removed."""
    pattern = temp_pattern(target)
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return
    for entry in entries:
        if pattern.fullmatch(entry.name) and entry != keep and entry.is_file():
            with contextlib.suppress(OSError):
                entry.unlink()

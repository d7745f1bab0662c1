"""The one error boundary's two halves: a Vietnamese message for the clerk, and a log line
for the developer that never holds a cell value.

Exception messages from libraries quote the data they choked on ("could not convert
string to float: 'Nguyễn Văn C 0912345678'"), so the log keeps only the exception's type
and where it was raised (file, line, function), never its message or local values.
"""

from __future__ import annotations

import datetime as dt
import errno
import tempfile
import traceback
from pathlib import Path

LOG_NAME = "tthc_xl.log"


def technical_detail(exc: BaseException) -> str:
    """Type and stack of an exception (and its causes), without any message text."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        lines.append(f"{type(current).__module__}.{type(current).__qualname__}")
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f"  {Path(frame.filename).name}:{frame.lineno} in {frame.name}")
        current = current.__cause__ or current.__context__
        if current is not None:
            lines.append("caused by:")
    return "\n".join(lines)


def user_message(exc: BaseException) -> str:
    """A Vietnamese sentence for an unexpected failure; no value from the data in it."""
    if isinstance(exc, MemoryError):
        return (
            "máy không đủ bộ nhớ để xử lý tệp này. Hãy đóng bớt chương trình, hoặc xuất "
            "dữ liệu theo từng khoảng thời gian ngắn hơn rồi nhập lại. Chưa có gì được ghi."
        )
    if isinstance(exc, PermissionError):
        where = f" ('{Path(exc.filename).name}')" if getattr(exc, "filename", None) else ""
        return (
            f"không có quyền đọc hoặc ghi tệp/thư mục{where}: thư mục chỉ đọc, tệp đang mở "
            "trong chương trình khác, hoặc thiếu quyền. Chưa có gì được ghi."
        )
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return "ổ đĩa đã đầy; không ghi được. Hãy giải phóng dung lượng rồi chạy lại."
    if isinstance(exc, OSError) and exc.errno == errno.EISDIR:
        where = f" '{Path(exc.filename).name}'" if getattr(exc, "filename", None) else ""
        return f"{where.strip() or 'đường dẫn'} là thư mục, không phải tệp.".strip()
    if isinstance(exc, RecursionError):
        return "tệp có cấu trúc lồng nhau quá sâu; không xử lý được."
    return (
        f"lỗi không lường trước ({type(exc).__name__}). Chưa có gì được ghi. "
        f"Chi tiết kỹ thuật (không chứa dữ liệu hồ sơ) ở tệp {LOG_NAME}."
    )


def log_failure(folder: Path | None, what: str, exc: BaseException) -> Path:
    """Append the technical detail of a failure to tthc_xl.log in `folder` (or the temp
    folder when it cannot be written); returns the log's path."""
    text = f"{dt.datetime.now().isoformat(timespec='seconds')} {what}\n{technical_detail(exc)}\n\n"
    candidates = [folder / LOG_NAME] if folder is not None else []
    candidates.append(Path(tempfile.gettempdir()) / LOG_NAME)
    for path in candidates:
        try:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(text)
            return path
        except OSError:
            continue
    return candidates[-1]

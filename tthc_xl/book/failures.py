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


def _where(exc: BaseException) -> str:
    name = getattr(exc, "filename", None)
    if not name:
        return ""
    text = Path(str(name)).name or str(name)
    return f" '{text[:60]}…'" if len(text) > 60 else f" '{text}'"


# errno -> what happened and what to do, for OS errors a user can meet (no errno shown)
OS_REASONS: dict[int, str] = {
    errno.ENOSPC: "ổ đĩa đã đầy; không ghi được. Hãy giải phóng dung lượng rồi chạy lại.",
    errno.EROFS: (
        "ổ đĩa hoặc thư mục{where} chỉ cho đọc (USB khóa ghi, ổ mạng chỉ đọc): không ghi được. "
        "Hãy chọn thư mục khác (ví dụ Documents) rồi chạy lại."
    ),
    errno.ENAMETOOLONG: (
        "tên tệp hoặc đường dẫn quá dài{where}. Hãy đặt tên ngắn hơn, hoặc chọn thư mục gần "
        "gốc ổ đĩa hơn, rồi chạy lại."
    ),
    errno.ENOENT: "không tìm thấy tệp hoặc thư mục{where}. Hãy kiểm tra tên và thư mục.",
    errno.EISDIR: "{where_or_path} là thư mục, không phải tệp. Hãy chọn một tệp.",
    errno.ENOTDIR: "một phần của đường dẫn{where} không phải thư mục. Hãy kiểm tra đường dẫn.",
    errno.EACCES: (
        "không có quyền đọc hoặc ghi tệp/thư mục{where}: thư mục chỉ đọc, tệp đang mở trong "
        "chương trình khác, hoặc thiếu quyền. Hãy đóng tệp hoặc chọn thư mục khác."
    ),
    errno.EBUSY: "tệp{where} đang được chương trình khác dùng. Hãy đóng nó rồi chạy lại.",
}
OS_REASONS[errno.EPERM] = OS_REASONS[errno.EACCES]


def os_reason(exc: OSError) -> str:
    """What an OS error means for the clerk, in Vietnamese, naming the file but never the
    errno or the system's English text."""
    where = _where(exc)
    template = OS_REASONS.get(exc.errno or 0)
    if template is None and isinstance(exc, PermissionError):
        template = OS_REASONS[errno.EACCES]
    if template is None:
        template = (
            "không đọc hoặc ghi được tệp/thư mục{where} (ổ đĩa, quyền ghi hoặc tên tệp). "
            "Hãy kiểm tra rồi chạy lại."
        )
    return template.format(where=where, where_or_path=where.strip() or "đường dẫn")


def user_message(exc: BaseException) -> str:
    """A Vietnamese sentence for an unexpected failure: what happened as far as the clerk
    can act on it, and what to do; no value from the data, no exception class, no errno."""
    import zipfile

    if isinstance(exc, MemoryError):
        return (
            "máy không đủ bộ nhớ để xử lý tệp này. Hãy đóng bớt chương trình, hoặc xuất "
            "dữ liệu theo từng khoảng thời gian ngắn hơn rồi nhập lại. Chưa có gì được ghi."
        )
    if isinstance(exc, OSError):
        return f"{os_reason(exc)} Chưa có gì được ghi."
    if isinstance(exc, zipfile.BadZipFile):
        return (
            "tệp không phải sổ Excel hợp lệ (hỏng hoặc chưa tải về hết). Hãy mở thử bằng "
            "Excel, hoặc lấy lại tệp. Chưa có gì được ghi."
        )
    if isinstance(exc, RecursionError):
        return "tệp có cấu trúc lồng nhau quá sâu; không xử lý được. Chưa có gì được ghi."
    return (
        "lỗi không lường trước; chưa có gì được ghi. Hãy chạy lại; nếu vẫn lỗi, gửi tệp "
        f"{LOG_NAME} (chỉ có chi tiết kỹ thuật, không chứa dữ liệu hồ sơ) cho người hỗ trợ."
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

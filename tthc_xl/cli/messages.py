"""The CLI's own words for what click and the console would otherwise say in English.

click reports a wrong invocation in English ("'abc' is not a valid integer", "Directory
'x' is a file"); :data:`CLICK_MESSAGES` is the one table that puts each of its sentences
into Vietnamese, matched by pattern so the value the user typed is kept. A console that is
not UTF-8 (redirected output on a Vietnamese Windows is cp1258) cannot encode every
Vietnamese letter: :func:`fit_console` makes the streams write such a letter as its base
letter and combining tone mark, which cp1258 holds, instead of crashing the command.
"""

from __future__ import annotations

import codecs
import re
import sys
import unicodedata

# (click's English sentence as a pattern, the Vietnamese with the same named groups)
CLICK_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"Option '(?P<o>[^']+)' requires an argument\.?", "Tùy chọn {o} cần một giá trị."),
    (r"Option '(?P<o>[^']+)' requires (?P<n>\d+) arguments\.?", "Tùy chọn {o} cần {n} giá trị."),
    (r"Option '(?P<o>[^']+)' does not take a value\.?", "Tùy chọn {o} không nhận giá trị."),
    (
        r"Got unexpected extra arguments? \((?P<a>.*)\)",
        "Thừa tham số: {a}. Nếu tên tệp có dấu cách, hãy đặt nó trong dấu ngoặc kép.",
    ),
    (r"(?P<v>.+) is not a valid integer( range)?\.?", "{v} không phải số nguyên."),
    (r"(?P<v>.+) is not a valid float( range)?\.?", "{v} không phải số."),
    (r"(?P<v>.+) is not a valid boolean\.?", "{v} không phải có/không (yes/no)."),
    (r"(?P<v>.+) is not one of (?P<c>.+?)\.?", "{v} không thuộc các giá trị {c}."),
    (r"(?P<v>.+) is not (?P<c>'[^']*')\.?", "{v} không phải {c}."),
    (r"Directory (?P<f>.+) is a file\.?", "{f} là tệp, không phải thư mục: hãy chọn thư mục."),
    (r"File (?P<f>.+) is a directory\.?", "{f} là thư mục, không phải tệp: hãy chọn một tệp."),
    (r"(Path|File|Directory) (?P<f>.+) does not exist\.?", "không tìm thấy {f}."),
    (r"(Path|File|Directory) (?P<f>.+) is not readable\.?", "không có quyền đọc {f}."),
    (r"(Path|File|Directory) (?P<f>.+) is not writable\.?", "không có quyền ghi {f}."),
    (r"(?P<v>.+) is not in the range (?P<r>.+)\.?", "{v} nằm ngoài khoảng {r}."),
)
_COMPILED = tuple((re.compile(p, re.DOTALL), v) for p, v in CLICK_MESSAGES)


def translate_click(text: str) -> str | None:
    """click's English sentence in Vietnamese, or None when the table does not know it."""
    for pattern, vietnamese in _COMPILED:
        m = pattern.fullmatch(text.strip())
        if m:
            return vietnamese.format(**m.groupdict())
    return None


# ------------------------------------------------------------------ the console


def _spelled_for(exc: UnicodeEncodeError, encoding: str) -> tuple[str, int]:
    """A letter the console cannot encode, as its base letter and combining marks (cp1258
    holds 'ê' and the acute accent, not 'ế'); a dash as '-'; else '?'."""
    out = []
    for ch in exc.object[exc.start : exc.end]:
        nfd = unicodedata.normalize("NFD", ch)
        candidates = [unicodedata.normalize("NFC", nfd[:-1]) + nfd[-1], nfd]
        if unicodedata.category(ch) == "Pd" or ch in "─━":
            candidates.append("-")
        for text in candidates:
            try:
                text.encode(encoding)
            except UnicodeEncodeError:
                continue
            out.append(text)
            break
        else:
            out.append("?")
    return "".join(out), exc.end


def errors_for(encoding: str) -> str:
    """The name of an error handler that spells for `encoding` (registered once)."""
    name = f"tthc-xl-{encoding}"
    try:
        codecs.lookup_error(name)
    except LookupError:

        def handler(exc: UnicodeError) -> tuple[str, int]:
            if isinstance(exc, UnicodeEncodeError):  # the codec names itself 'charmap'
                return _spelled_for(exc, encoding)
            raise exc

        codecs.register_error(name, handler)
    return name


def fit_console() -> None:
    """Make stdout and stderr write every Vietnamese letter the console's encoding can
    show in some spelling, and never fail on one it cannot."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or ""
        reconfigure = getattr(stream, "reconfigure", None)
        if codecs.lookup(encoding or "utf-8").name.startswith("utf") or reconfigure is None:
            continue
        try:
            reconfigure(errors=errors_for(encoding))
        except (ValueError, OSError):  # a stream already closed or not a text file
            continue

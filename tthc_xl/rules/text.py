"""Text folding shared by header matching, status/channel parsing and settings labels.

Exports spell the same header many ways ("Ngày tiếp nhận", "NGAY TIEP NHAN",
"Ngày\\ntiếp nhận", "NgayTiepNhan"), so every lookup goes through one fold.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Characters that show as nothing but make two texts differ: BOM, zero-width space and
# joiners, soft hyphen, direction marks, word joiner, and the control characters a
# workbook cannot hold. Ids and text are compared (and stored) without them.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)


def _ascii_lower(value: object) -> str:
    if value is None:
        return ""
    text = str(value).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=8192)
def fold(value: object) -> str:
    """Lower-case ASCII letters and digits only: no diacritics, spaces, breaks or punctuation."""
    return _NON_ALNUM.sub("", _ascii_lower(value))


@lru_cache(maxsize=8192)
def fold_words(value: object) -> str:
    """Like :func:`fold` but keeps single spaces between words (for status and unit text)."""
    return " ".join(_NON_ALNUM.sub(" ", _ascii_lower(value)).split())


def nfc(value: str) -> str:
    """Windows-1258 text decodes to decomposed tones; store composed (NFC) text."""
    return unicodedata.normalize("NFC", value)


def visible(value: str) -> str:
    """Text without its invisible characters (see INVISIBLE)."""
    return INVISIBLE.sub("", value) if INVISIBLE.search(value) else value

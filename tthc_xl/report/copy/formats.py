"""What of a sheet's looks the copy may carry as text: only number formats and header or
footer texts tthc-xl writes itself.

A number format can hold literal text (`"Đỗ Thị Hoa 0918…"0` shows a name beside every
figure) and a header or footer any text a clerk typed (Page Setup): neither is a cell, so
the scrubber never sees them. The copy therefore takes a format only when it is one Excel
ships or one tthc-xl writes, and otherwise the plain format of the same kind (a rate, a
date, a count); it writes its own page numbers and period line, never the workbook's text.
"""

from __future__ import annotations

import re

from openpyxl.styles.numbers import BUILTIN_FORMATS

from tthc_xl.book.charts import RATE_FORMAT
from tthc_xl.book.forms import COUNT_FORMAT
from tthc_xl.book.layout import DAY_FORMAT
from tthc_xl.rules.columns import DATE_FORMAT, TEXT_FORMAT
from tthc_xl.rules.register import COLUMNS
from tthc_xl.sheets.kpi import KPI_FORMATS

GENERAL = "General"
RATE = "0.00%"
POINTS = "0.00"
# every format tthc-xl writes, and Excel's built-in ones (which hold no text)
OWN_FORMATS: frozenset[str] = frozenset(
    {GENERAL, RATE, POINTS, RATE_FORMAT, COUNT_FORMAT, DAY_FORMAT, DATE_FORMAT, TEXT_FORMAT}
    | {fmt for fmt, _ in KPI_FORMATS.values()}
    | {c.type.number_format for c in COLUMNS if c.type.number_format}
    | set(BUILTIN_FORMATS.values())
)
# literal text in a format: "quoted", \escaped, or a [bracket] other than elapsed time
_LITERAL = re.compile(r'"[^"]*"?|\\.|_.|\*.|\[(?![hms]+\])[^\]]*\]?', re.IGNORECASE)

# the page-number texts tthc-xl writes (book/page.py, book/forms.py)
PAGE_NUMBERS: frozenset[str] = frozenset({"&P", "Trang &P/&N"})
HEADER_FONT = "Times New Roman,Regular"


def copy_format(fmt: object) -> str:
    """The number format the copy gives a cell whose source format is `fmt`: the same one
    when tthc-xl or Excel wrote it, else the plain one of its kind (no literal text)."""
    text = fmt if isinstance(fmt, str) else GENERAL
    if text in OWN_FORMATS:
        return text
    code = _LITERAL.sub("", text.split(";", 1)[0]).lower()
    if code in OWN_FORMATS:
        return code
    if "%" in code:
        return RATE
    if re.search(r"[hs]", code) and re.search(r"[dy]", code):
        return DATE_FORMAT
    if re.search(r"[dy]", code) or re.search(r"m.*[dy]|[dy].*m", code):
        return DAY_FORMAT
    if "@" in code:
        return TEXT_FORMAT
    if re.search(r"[0#?]\.[0#?]", code):
        return POINTS
    if re.search(r"[0#?]", code):
        return COUNT_FORMAT
    return GENERAL


def page_text(text: object) -> str | None:
    """A header or footer part as the copy writes it: a page number tthc-xl put there,
    else nothing."""
    return text if isinstance(text, str) and text in PAGE_NUMBERS else None

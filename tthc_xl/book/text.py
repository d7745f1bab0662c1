"""Text in a cell: what a workbook file cannot hold, and what Excel would not keep as text."""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@")  # text starting so is stored as text, never a formula
# Text Excel (and openpyxl) would turn into an error value when typed or assigned as is.
ERROR_TEXTS = frozenset(
    (
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#UNKNOWN!",
        "#CONNECT!",
        "#BUSY!",
    )
)
# Characters an .xlsx cannot hold (XML 1.0 forbids them); openpyxl refuses them outright.
ILLEGAL_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def looks_live(text: str) -> bool:
    """Whether text would become a formula or an error value if written as is."""
    return text.startswith(FORMULA_START) or text.strip().upper() in ERROR_TEXTS


def clean_text(text: str) -> str:
    """Text with the characters a workbook file cannot hold removed."""
    return ILLEGAL_XML_CHARS.sub("", text) if ILLEGAL_XML_CHARS.search(text) else text


_OOXML_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")


def file_text(text: str) -> str:
    """Text as a cell of an .xlsx holds it: characters a file cannot hold dropped, and a
    literal "_x000B_" escaped (readers would turn it into a control character)."""
    text = clean_text(text)
    return _OOXML_ESCAPE.sub(r"_x005F\g<0>", text) if "_x" in text else text

"""How wide a line of the Word report is, so that the lines that must not wrap never do.

The header block's lines, the signer's lines, a table's STT heading and a dossier id stay
on one line. Word shows the file in Times New Roman; LibreOffice shows it in Liberation
Serif (the same widths) or, where neither is installed, in DejaVu Serif, which is wider.
A line is measured in both, Times from the Adobe metrics and DejaVu Serif from its font
file (both ship with matplotlib), and the wider one counts: what fits here fits everywhere.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

CELL_MARGIN_PT = 5.76  # Word's default left and right cell margins (0.08 inch)
SPARE_PT = 3.0  # a little room left over, for hinting and rounding
STEP = 0.5  # font sizes go down by half points


@dataclass(frozen=True)
class Line:
    """One line of a block that must stay one line, and the size it is set in."""

    text: str
    size: float
    bold: bool = False
    italic: bool = False
    whole: bool = False  # never broken in two (the motto): only set smaller


def _font_files() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts"


@functools.cache
def _times(bold: bool, italic: bool):
    from matplotlib._afm import AFM

    name = "ptm" + ("b" if bold else "r") + ("i" if italic else "") + "8a.afm"
    with open(_font_files() / "afm" / name, "rb") as fh:
        return AFM(fh)


@functools.cache
def _dejavu(bold: bool, italic: bool):
    from matplotlib.ft2font import FT2Font

    style = ("Bold" if bold else "") + ("Italic" if italic else "")
    return FT2Font(str(_font_files() / "ttf" / f"DejaVuSerif{'-' + style if style else ''}.ttf"))


def _times_width(text: str, size: float, bold: bool, italic: bool) -> float:
    """Times: a Vietnamese letter is as wide as its base letter; ơ and ư a little wider."""
    afm = _times(bold, italic)
    units = 0.0
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = {"Đ": "D", "đ": "d"}.get(ch, parts[0])
        try:
            units += afm.get_width_char(ord(base))
        except KeyError:
            units += 500  # a letter the metrics lack: as wide as an 'n'
        if "\u031b" in parts:  # the horn of ơ, ư
            units += 100
    return units * size / 1000


def _dejavu_width(text: str, size: float, bold: bool, italic: bool) -> float:
    from matplotlib.ft2font import LoadFlags

    font = _dejavu(bold, italic)
    font.set_size(size, 72)
    font.set_text(text, flags=LoadFlags.NO_HINTING)
    return font.get_width_height()[0] / 64


@functools.cache
def width_pt(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """The width of `text` in points: the wider of Times and DejaVu Serif."""
    if not text:
        return 0.0
    return max(_times_width(text, size, bold, italic), _dejavu_width(text, size, bold, italic))


def room_pt(cell_pt: float) -> float:
    """What a table cell `cell_pt` wide holds on one line."""
    return cell_pt - 2 * CELL_MARGIN_PT - SPARE_PT


def fitted(line: Line, room: float) -> float | None:
    """The largest size from `line.size` down (by half points) at which the line fits
    `room` points; None when it does not fit even at 70% of its size."""
    size = line.size
    while size >= line.size * 0.7:
        if width_pt(line.text, size, line.bold, line.italic) <= room:
            return size
        size -= STEP
    return None


# where a long line breaks best: after a comma, or after the kind of body or area that
# comes before a proper name ("ỦY BAN NHÂN DÂN | PHƯỜNG | NGUYỄN THỊ MINH KHAI")
_KINDS = (
    "ỦY BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|THÀNH PHỐ|TỈNH|PHƯỜNG|XÃ|THỊ TRẤN|THỊ XÃ|"
    "QUẬN|HUYỆN|ĐẶC KHU"
)
_GOOD_BREAK = re.compile(rf"(?:,|\b(?:{_KINDS}))(?= )", re.I)


def _halves(text: str) -> list[tuple[str, str, bool]]:
    """Every way to break `text` at a space into two lines, and whether the break is a
    good one (after a comma, or after the kind of body before a name)."""
    good = {m.end() for m in _GOOD_BREAK.finditer(text)}
    out = []
    for m in re.finditer(r" ", text):
        head, tail = text[: m.start()].rstrip(), text[m.end() :].lstrip()
        if head and tail:
            out.append((head, tail, m.start() in good))
    return out


def fit_line(line: Line, room: float, smallest: float) -> tuple[list[Line], float]:
    """`line` as one or two lines that fit `room`, and what it costs: the points given up,
    and 3 for a break. One line when it fits at `smallest` or more, else two, broken
    where it reads best."""
    size = fitted(line, room)
    if size is not None and (size >= smallest or line.whole):
        # a line that is never broken (the motto, ND 30's 12-13 points) gives up size last
        return [replace(line, size=size)], (line.size - size) * (2 if line.whole else 1)
    best: tuple[list[Line], float] | None = None
    for head, tail, good in [] if line.whole else _halves(line.text):
        sizes = [fitted(replace(line, text=t), room) for t in (head, tail)]
        if None in sizes:
            continue
        common = min(s for s in sizes if s is not None)
        cost = line.size - common + (3 if good else 6)
        if best is None or cost < best[1]:
            best = ([replace(line, text=head, size=common), replace(line, text=tail, size=common)],
                    cost)  # fmt: skip
    if best is not None:
        return best
    least = line.size * 0.7  # nothing fits: the smallest size, on one line
    return [replace(line, size=least)], line.size - least + 10


def fit_lines(lines: list[Line], cell_pt: float, smallest: float) -> tuple[list[Line], float]:
    """The lines of one cell, each fitted (fit_line), and their total cost."""
    out: list[Line] = []
    cost = 0.0
    room = room_pt(cell_pt)
    for line in lines:
        got, spent = fit_line(line, room, smallest) if line.text.strip() else ([line], 0.0)
        out += got
        cost += spent
    return out, cost


def two_columns(
    left: list[Line], right: list[Line], width_pt: float, shares: tuple[float, float]
) -> tuple[float, list[Line], list[Line]]:
    """The left column's share of `width_pt` (between `shares`) at which both columns'
    lines cost least (the one nearest the middle of `shares` among equals), and the lines
    as fitted there."""
    low, high = shares
    best: tuple[float, float, list[Line], list[Line]] | None = None
    steps = int(round((high - low) / 0.01))
    middle = (low + high) / 2
    for share in sorted((low + i * 0.01 for i in range(steps + 1)), key=lambda s: abs(s - middle)):
        got_left, cost_left = fit_lines(left, width_pt * share, smallest=11)
        got_right, cost_right = fit_lines(right, width_pt * (1 - share), smallest=11)
        cost = cost_left + cost_right
        if best is None or cost < best[0] - 1e-9:
            best = (cost, share, got_left, got_right)
    assert best is not None
    return best[1], best[2], best[3]


def column_widths(
    texts: list[list[str]], bold_first: bool, shares: list[float], total_pt: float, size: float
) -> list[float]:
    """A table's column widths in points: as `shares` divide `total_pt`, but each column at
    least as wide as its longest word ('STT', a dossier id, a date), taken from the
    columns with room to spare. `texts` are the rows, the header first."""
    need = [0.0] * len(shares)
    for r, row in enumerate(texts):
        for c, value in enumerate(row):
            for word in value.split():
                w = width_pt(word, size, bold=bold_first and r == 0)
                need[c] = max(need[c], w + 2 * CELL_MARGIN_PT + SPARE_PT)
    total = sum(shares)
    widths = [total_pt * s / total for s in shares]
    for _ in range(len(widths)):  # each round fixes one more narrow column at its need
        short = [c for c, w in enumerate(widths) if w < need[c] - 1e-6]
        if not short:
            break
        deficit = sum(need[c] - widths[c] for c in short)
        for c in short:
            widths[c] = need[c]
        spare = {c: widths[c] - need[c] for c in range(len(widths)) if widths[c] > need[c]}
        room = sum(spare.values())
        if room <= 0:
            break
        for c, s in spare.items():
            widths[c] -= deficit * s / room
    return widths

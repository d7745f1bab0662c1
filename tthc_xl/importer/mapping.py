"""The column profile: the shared alias table plus the clerk's own spellings.

`register.COLUMNS` holds every spelling the built-in profiles know (canonical headers, the
provincial one-stop export, the civil-status CSV, the national portal's field names). A new
system's spellings go in the optional sheet `AnhXaCot` of the workbook, two columns:

| Tên cột trong tệp | Cột của sổ |
|---|---|
| Ngày nhận HS | Ngày tiếp nhận |
| Mã biên nhận | Mã hồ sơ |
| Cán bộ thụ lý | Cán bộ thụ lý |
| Cột nội bộ | Bỏ qua |

"Cột của sổ" is a HoSo header (any spelling the register knows), "Nộp trực tuyến" for a
Có/Không online flag, "Bỏ qua" to leave the column out, or any other name to keep the column
under that name as an extra column. A row there wins over the built-in spelling. No sheet,
no change: the built-in profiles alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tthc_xl.book.names import MAPPING_HEADERS, SHEET_MAPPING
from tthc_xl.rules import values as V
from tthc_xl.rules.register import DEFAULT_ALIASES, find_header, header_key
from tthc_xl.rules.text import fold

IGNORE = "ignore"  # alias target: leave this column out
EXTRA_PREFIX = "extra:"  # alias target: keep as an extra column under the name that follows
IGNORE_WORDS = ("Bỏ qua", "Không nhập", "Bo qua")


@dataclass
class Profile:
    """Folded spelling -> register key, ONLINE_FLAG, IGNORE or EXTRA_PREFIX + column name."""

    aliases: dict[str, str]
    problems: list[str] = field(default_factory=list)
    clerk: set[str] = field(default_factory=set)  # folded spellings the AnhXaCot sheet gives


def extra_name(target: str) -> str | None:
    return target[len(EXTRA_PREFIX) :] if target.startswith(EXTRA_PREFIX) else None


def profile_from_rows(rows: list[list[object]] | None) -> Profile:
    """The built-in aliases, with the AnhXaCot rows laid over them."""
    aliases = dict(DEFAULT_ALIASES)
    if not rows:
        return Profile(aliases)
    header = find_header(
        rows, {fold(h): h for h in MAPPING_HEADERS}, required=MAPPING_HEADERS, meaning=False
    )
    if header is None:
        if any(any(not V.is_blank(v) for v in r) for r in rows):
            return Profile(
                aliases,
                [
                    f"Sheet {SHEET_MAPPING} không có dòng tiêu đề '{MAPPING_HEADERS[0]}' / "
                    f"'{MAPPING_HEADERS[1]}'; bỏ qua sheet này."
                ],
            )
        return Profile(aliases)
    problems: list[str] = []
    clerk: set[str] = set()
    ignore = {fold(w) for w in IGNORE_WORDS}
    column_of = {name: pos for pos, name in header.keys.items()}
    src, dst = (column_of[name] for name in MAPPING_HEADERS)
    for number, row in enumerate(rows[header.top + 1 :], start=header.top + 2):
        spelling = row[src] if src < len(row) else None
        target = row[dst] if dst < len(row) else None
        if V.is_blank(spelling) and V.is_blank(target):
            continue
        if V.is_blank(spelling) or V.is_blank(target) or not fold(spelling):
            problems.append(
                f"{SHEET_MAPPING} dòng {number}: cần cả tên cột trong tệp và cột của sổ; bỏ qua."
            )
            continue
        key = header_key(target)
        if key is None and fold(target) in ignore:
            key = IGNORE
        if key is None:
            key = EXTRA_PREFIX + " ".join(V.cell_text(target).split())
        aliases[fold(spelling)] = key
        clerk.add(fold(spelling))
    return Profile(aliases, problems, clerk)

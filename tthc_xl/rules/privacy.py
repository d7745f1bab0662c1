"""What of the register may leave the office (the copy sent by email).

Vietnam's personal-data rules (Nghị định 13/2023/NĐ-CP; Luật Bảo vệ dữ liệu cá nhân 2025, in
force 2026) forbid spreading citizens' names, ID numbers, phone numbers and addresses. The
copy keeps a register column only when it is on an allow list: a column an export named in
a way no list foresees ("SĐT liên hệ", "CCCD chủ hộ") is left out, not let through.

- the canonical columns in :data:`SAFE_KEYS` go as they are;
- *Chủ hồ sơ* goes as initials, *Số giấy tờ* and *Số điện thoại* as their last 3 digits,
  *Địa chỉ* not at all (:data:`MASKS`);
- any other column goes only when CauHinh's "Cột được gửi kèm bản email" names it, and a
  column CauHinh's "Cột thông tin cá nhân" names never goes (that wins over everything).

:class:`Redactor` is the second line: every text the copy carries (warnings, report prose)
is scrubbed of the personal values the register holds, however they are spelled there
(spacing, case, diacritics, NFC/NFD, invisible characters, separators between digits,
full-width digits, +84 for a phone's 0).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from tthc_xl.rules.text import fold

# Canonical register keys known not to be personal. `note` (Ghi chú) is free text staff
# write and often names people; `source` is a file name staff chose: neither is listed.
SAFE_KEYS: tuple[str, ...] = (
    "dossier_id",
    "procedure_code",
    "procedure_name",
    "field",
    "channel",
    "received_at",
    "due_at",
    "supplement_requested_at",
    "supplement_received_at",
    "supplement_count",
    "finished_at",
    "returned_at",
    "status",
    "department",
    "at_home",
    "paid_online",
    "synced",
)


class Action(Enum):
    KEEP = "keep"
    INITIALS = "initials"
    LAST_DIGITS = "last_digits"
    DROP = "drop"


# Personal canonical columns and how the copy shows them.
MASKS: dict[str, Action] = {
    "applicant": Action.INITIALS,
    "id_number": Action.LAST_DIGITS,
    "phone": Action.LAST_DIGITS,
    "address": Action.DROP,
}
KEPT_DIGITS = 3
HIDDEN = "***"
REDACTED = "[đã ẩn]"


def setting_list(text: object) -> set[str]:
    """A CauHinh cell listing column names separated by ';' (or new lines), folded."""
    if text is None:
        return set()
    return {fold(part) for part in re.split(r"[;\n]", str(text)) if fold(part)}


@dataclass(frozen=True)
class Policy:
    """Which columns may go: the allow list, plus CauHinh's two lists (folded names)."""

    send_extra: frozenset[str] = frozenset()  # CauHinh: columns safe to send
    personal: frozenset[str] = frozenset()  # CauHinh: columns that are personal
    include_personal: bool = False  # the explicit --include-personal-data choice

    @classmethod
    def from_settings(cls, send_columns: str, personal_columns: str, include_personal=False):
        return cls(
            frozenset(setting_list(send_columns)),
            frozenset(setting_list(personal_columns)),
            include_personal,
        )

    def action(self, header: object, key: str | None) -> Action:
        """What the copy does with the column `header` (canonical `key`, or None)."""
        if self.include_personal:
            return Action.KEEP
        names = {fold(header)} | ({fold(key)} if key else set())
        if names & self.personal:
            return Action.DROP
        if key in MASKS:
            return MASKS[key]
        if key in SAFE_KEYS:
            return Action.KEEP
        if fold(header) in self.send_extra:
            return Action.KEEP
        return Action.DROP


def initials(name: object) -> str:
    """'Nguyễn Văn An' -> 'N.V.A.'; a blank stays blank."""
    words = re.findall(r"\w+", str(name or ""))
    return "".join(w[0].upper() + "." for w in words if not w.isdigit())


def last_digits(value: object, keep: int = KEPT_DIGITS) -> str:
    """'0912 345 678' -> '***678': only the last digits, never the length or the rest."""
    digits = re.sub(r"\D", "", _text(value))
    if not digits:
        return ""
    return HIDDEN + digits[-keep:]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def mask(action: Action, value: object) -> object:
    """A cell as the copy shows it under `action`."""
    if action is Action.KEEP:
        return value
    if action is Action.DROP or value is None or _text(value).strip() == "":
        return None
    if action is Action.INITIALS:
        return initials(value)
    return last_digits(value)


MIN_TEXT = 4  # shorter personal values ("An") would blank ordinary words
MIN_DIGITS = 6  # shorter digit runs are dates, counts, dossier numbers

# How a value may be spelled, and what the scrubber compares instead: a text is cut into
# tokens, each folded to lower-case ASCII without diacritics, width or invisible
# characters; a personal value is found where a run of whole tokens, put end to end,
# spells it. So spacing, line breaks, case, NFC/NFD, diacritics and zero-width characters
# do not matter, and a value never matches inside a longer word ("Văn An" is not in
# "Văn Anh"). Digits are compared as numbers: any separators between digit groups,
# full-width or other decimal digits, leading zeros lost by Excel, and +84 / 84 for a
# Vietnamese number's leading 0.
# combining marks (an NFD text's tones) and characters that show as nothing (soft hyphen,
# zero-width space/joiners, direction marks, word joiner, BOM): never a word boundary
_SOFT_RANGES = [(0x300, 0x36F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF)]
_SOFT_RANGES += [(0xFE20, 0xFE2F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064)]
_SOFT_RANGES += [(c, c) for c in (0xAD, 0x61C, 0x180E, 0xFEFF)]
_SOFT = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _SOFT_RANGES) + "]")
# a word: a run of letters, or of digits ("Hoa0918…" is two); the text is cut into words
# through a copy where the soft characters are letters, so they keep a word one word
_WORD = re.compile(r"[^\W\d_]+|\d+")
_AS_LETTER = {c: "a" for lo, hi in _SOFT_RANGES for c in range(lo, hi + 1)}
# a number: digit groups joined by anything that is not a letter (spaces, dots, dashes,
# slashes, brackets, +, invisibles, line breaks)
_NUMBER = re.compile(r"\d+(?:[\W_]+\d+)*")
_DIGITS = re.compile(r"\d+")
_NOT_WORD = re.compile(r"[\W_]+")
_NOT_DIGITS = re.compile(r"\D+")
_OPENERS = "+(（＋"  # swallowed before a number: "(0918) 776 833", "+84 918 …"
COUNTRY = "84"  # Viet Nam: 0918 776 833 is also +84 918 776 833
_SHORT = 6  # prefixes up to this length are looked up in a set, longer ones by bisection


class _Decimal(dict):
    """str.translate table: any Unicode decimal digit (full-width, Arabic-Indic…) to ASCII."""

    def __missing__(self, code: int) -> int:
        self[code] = ord(str(unicodedata.decimal(chr(code), 0)))
        return self[code]


_DECIMAL = _Decimal()


def _fold_text(text: str) -> str:
    """Text as compared: lower-case letters and digits only, no diacritics, marks,
    invisibles, width, spaces or punctuation ("Đỗ  Thị\\nHoa" -> "dothihoa")."""
    if text.isascii():
        return _NOT_WORD.sub("", text).lower()
    for letter in "đĐðÐ":  # the one Vietnamese letter NFKD does not take apart
        text = text.replace(letter, "d")
    # NFKD splits tones and width; marks and invisibles are not word characters
    return _NOT_WORD.sub("", unicodedata.normalize("NFKD", text.casefold()))


_fold = lru_cache(maxsize=1 << 16)(_fold_text)  # the words of a text repeat


def _ascii_digits(run: str) -> str:
    return run if run.isascii() else run.translate(_DECIMAL)


def _add_number_keys(keys: set[str], digits: str) -> None:
    """The keys one personal digit run is found under: itself without leading zeros
    (Excel drops them, people write them), and for a Vietnamese number also its other
    spelling (0918… <-> 84918…)."""
    key = digits.lstrip("0")
    if not key:
        return
    keys.add(key)
    if key.startswith(COUNTRY) and len(key) in (11, 12):
        key = key[len(COUNTRY) :].lstrip("0")
        keys.add(key)
    if len(key) in (9, 10):  # a mobile (9 digits after the 0) or a landline (10)
        keys.add(COUNTRY + key)


class _Index:
    """Keys found as runs of whole pieces put end to end. A run is read piece by piece
    and given up as soon as no key starts with it: prefixes up to _SHORT characters are
    looked up in a set, longer ones of words by bisection in the sorted keys; a number
    (a few digit groups at most) is read on to its longest key without that check."""

    def __init__(self, keys: set[str], *, numbers: bool) -> None:
        self.keys = keys
        self.order = [] if numbers else sorted(keys)
        # every prefix up to _SHORT characters, level by level (each level is smaller)
        level = {k[:_SHORT] for k in keys}
        self.short = set(level)
        for n in range(_SHORT - 1, 0, -1):
            level = {p[:n] for p in level}
            self.short |= level
        # a number may carry leading zeros ("0084 918…") the keys do not
        self.most = max(map(len, keys), default=0) + (4 if numbers else 0)
        self.numbers = numbers

    def __bool__(self) -> bool:
        return bool(self.keys)

    def starts(self, text: str) -> bool:
        """Whether some key may start with `text` (for words: does)."""
        if len(text) <= _SHORT:
            return text in self.short
        if self.numbers:
            return True  # perhaps: read on, at most `most` digits
        i = bisect_left(self.order, text)
        return i < len(self.order) and self.order[i].startswith(text)

    def longest(self, pieces: list[str], i: int) -> int:
        """The last piece j such that pieces[i..j] end to end is a key, or -1."""
        best = -1
        joined = ""
        for j in range(i, len(pieces)):
            joined += pieces[j]
            if len(joined) > self.most:
                break
            key = joined.lstrip("0") if self.numbers else joined
            if not key:
                continue
            if key in self.keys and (not self.numbers or len(joined) >= MIN_DIGITS):
                best = j
            if not self.starts(key):
                break
        return best


class Redactor:
    """Removes known personal values (names, ID and phone numbers, addresses) from any
    text, however they are spelled; a number cell holding one is blanked.

    Built in time about linear in the values (hash sets and sorted lists, no regular
    expression made of them); a text is read once, token by token, each token starting at
    most one walk as long as the longest value."""

    def __init__(self, secrets: Iterable[object]) -> None:
        words: set[str] = set()
        numbers: set[str] = set()
        raw: set[str] = set()
        texts = {
            v.strip() if isinstance(v, str) else _text(v)
            for v in secrets
            if not isinstance(v, bool)
        }
        for text in texts:
            if text.isdecimal():
                digits = text if text.isascii() else _ascii_digits(text)
                if len(digits) >= MIN_DIGITS:
                    raw.add(digits)
                continue
            folded = _fold_text(text)
            if len(folded) >= MIN_TEXT and not folded.isdigit():
                words.add(folded)
            if len(_NOT_DIGITS.sub("", folded)) < MIN_DIGITS:
                continue  # too few digits to hold a number
            for group in _NUMBER.findall(text):
                digits = _ascii_digits("".join(_DIGITS.findall(group)))
                if len(digits) >= MIN_DIGITS:
                    raw.add(digits)
        for digits in raw:
            _add_number_keys(numbers, digits)
        self._words = _Index(words, numbers=False)
        self._numbers = _Index(numbers, numbers=True)
        self._seen: dict[str, str] = {}  # cells repeat (statuses, procedures): scrub once

    def __bool__(self) -> bool:
        return bool(self._words or self._numbers)

    def __call__(self, value: object) -> object:
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float):
            text = _text(value)
            is_key = text.isdigit() and text.lstrip("0") in self._numbers.keys
            return REDACTED if is_key else value
        if not isinstance(value, str):
            return value
        if len(value) > 200:
            return self.scrub_text(value)
        done = self._seen.get(value)
        if done is None:
            if len(self._seen) >= 1 << 16:
                self._seen.clear()
            done = self._seen[value] = self.scrub_text(value)
        return done

    def scrub_text(self, text: str) -> str:
        """`text` with every personal value in it replaced by REDACTED."""
        spans = self.find(text)
        if not spans:
            return text
        out: list[str] = []
        last = 0
        for start, end in spans:
            out += [text[last:start], REDACTED]
            last = end
        out.append(text[last:])
        return "".join(out)

    def find(self, text: str) -> list[tuple[int, int]]:
        """Where the personal values are in `text`: sorted, disjoint (start, end) spans."""
        if not self:
            return []
        spans = self._word_spans(text) + self._number_spans(text)
        if not spans:
            return []
        spans.sort()
        merged = [spans[0]]
        for start, end in spans[1:]:
            if start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def _word_spans(self, text: str) -> list[tuple[int, int]]:
        index = self._words
        if not index:
            return []
        words = _words(text)
        pieces = [_fold(text[a:b]) for a, b in words]
        spans = []
        for i, piece in enumerate(pieces):
            if piece and index.starts(piece):
                j = index.longest(pieces, i)
                if j >= 0:
                    spans.append((words[i][0], words[j][1]))
        return spans

    def _number_spans(self, text: str) -> list[tuple[int, int]]:
        index = self._numbers
        if not index:
            return []
        spans = []
        for group in _NUMBER.finditer(text):
            if group.end() - group.start() < MIN_DIGITS:
                continue
            runs = list(_DIGITS.finditer(text, *group.span()))
            pieces = [_ascii_digits(m.group()) for m in runs]
            digits = "".join(pieces)
            at = 0
            for i, piece in enumerate(pieces):
                head = digits[at : at + index.most]
                at += len(piece)
                if i and not piece.strip("0"):  # zeros start a number only first:
                    continue  # "(0) 918 …", not "000.05.00000 0918 …"
                if len(head) < MIN_DIGITS or not index.starts(head.lstrip("0")[:_SHORT]):
                    continue  # what follows spells no key: no walk
                j = index.longest(pieces, i)
                if j >= 0:
                    end = runs[j].end()
                    spans.append((_opened(text, runs[i].start(), end), end))
        return spans


def _words(text: str) -> list[tuple[int, int]]:
    """Where the words of `text` are: runs of letters (soft characters inside a word keep
    it one) or of digits. A name glued to the word before it ("gọiĐỗ Thị Hoa") starts a
    word of its own: a word is cut before a capital that follows a small letter when what
    starts there is a capitalised or all-capital part of two letters or more ("anX", a
    longer word spelled in odd case, is not cut)."""
    source = text.translate(_AS_LETTER) if _SOFT.search(text) else text
    out = []
    for m in _WORD.finditer(source):
        word = text[m.start() : m.end()]
        if word.islower() or word.isupper() or word.istitle() or word.isdigit():
            out.append(m.span())
            continue
        cuts = [m.start()]  # where a small letter is followed by a capital
        small = False
        for k, c in enumerate(word, start=m.start()):
            if c.isupper() and small:
                cuts.append(k)
            if c.isupper() or c.islower():
                small = c.islower()
        cuts.append(m.end())
        start = m.start()
        for a, b in zip(cuts[1:-1], cuts[2:], strict=True):
            if _capitalised(text[a:b]):
                out.append((start, a))
                start = a
        out.append((start, m.end()))
    return out


def _capitalised(part: str) -> bool:
    """'Đỗ', 'ĐỖ' (NFC or NFD, invisible characters inside): two letters or more, the
    first a capital and the rest small, or all capitals."""
    cased = [c for c in part if c.isupper() or c.islower()]
    if len(cased) < 2 or not cased[0].isupper():
        return False
    rest = "".join(cased[1:])
    return rest.islower() or rest.isupper()


def _opened(text: str, start: int, end: int) -> int:
    """The start of a number's span taken back over a '+' or an opening bracket whose
    closing one is inside the span, so "(0918) 776 833" leaves no lone bracket."""
    closes = sum(text.count(c, start, end) for c in ")）")
    while start > 0 and text[start - 1] in _OPENERS:
        if text[start - 1] in "(（":
            if closes == 0:
                break
            closes -= 1
        start -= 1
    return start

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
is scrubbed of the personal values the register holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

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


class Redactor:
    """Removes known personal values from any text: names, ID and phone numbers (also
    written with spaces, dots or dashes between the digits), addresses."""

    def __init__(self, secrets: Iterable[object]) -> None:
        texts: set[str] = set()
        digit_runs: set[str] = set()
        for value in secrets:
            text = _text(value).strip()
            if not text:
                continue
            digits = re.sub(r"\D", "", text)
            if len(digits) >= MIN_DIGITS:
                digit_runs.add(digits)
            if len(text) >= MIN_TEXT and not text.isdigit():
                texts.add(text)
        parts = [re.escape(t) for t in sorted(texts, key=len, reverse=True)]
        parts += [r"[\s.\-]?".join(d) for d in sorted(digit_runs, key=len, reverse=True)]
        self._pattern = re.compile("|".join(parts), re.IGNORECASE) if parts else None
        # a number cell holding one of them (Excel drops a phone's leading zero)
        self._numbers = digit_runs | {d.lstrip("0") for d in digit_runs}

    def __call__(self, value: object) -> object:
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float):
            text = _text(value)
            return REDACTED if text.isdigit() and text in self._numbers else value
        if self._pattern is None or not isinstance(value, str):
            return value
        return self._pattern.sub(REDACTED, value)

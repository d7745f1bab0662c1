"""Sources: which system an imported file comes from, and which system owns a value.

docs/rules.md "Nguồn và hệ thống gốc". Every imported file belongs to a source system: the
one-stop system, the civil-status system, the national portal (DVCQG) or another. A file is
the portal's when its header spells the portal's sync fields as the portal writes them
(MaHoSo, TrangThaiHoSo, NgayKetThucXuLy... in one word, any case, any order); otherwise its
name is matched against the patterns of CauHinh; the clerk may name the source outright.

The systems of record are ranked in CauHinh ("Một cửa; Hộ tịch; Khác" by default). For the
columns they own (a dossier's dates, state and channel: `OWNED_KEYS`) a system of record's
value is never replaced by a lower-ranked system's, and a system outside the ranking (the
portal, by default) never replaces a value the register holds from a ranked one or from the
staff. Within one source the later import wins.

*Nguồn* records a dossier's source as "<system>: <file>", so a later import knows who owns
its values; a bare file name (a register from before sources) is read through the patterns.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from enum import StrEnum

from tthc_xl.rules.text import fold


class System(StrEnum):
    ONE_STOP = "Một cửa"
    CIVIL = "Hộ tịch"
    PORTAL = "Cổng DVCQG"
    OTHER = "Khác"


# How the clerk may name a system (`import --source`, the ranking cell): folded spellings.
_SPELLINGS: dict[System, tuple[str, ...]] = {
    System.ONE_STOP: ("motcua", "onestop", "mc", "hethongmotcua"),
    System.CIVIL: ("hotich", "civil", "civilstatus", "ht"),
    System.PORTAL: ("congdvcqg", "dvcqg", "portal", "cong", "dichvucongquocgia"),
    System.OTHER: ("khac", "other"),
}
_BY_SPELLING = {s: system for system, spellings in _SPELLINGS.items() for s in spellings}
CHOICES = ("mot-cua", "ho-tich", "dvcqg", "khac")  # the CLI's choices, in System order

# The portal's sync field names (the national portal's data exchange), one word each.
PORTAL_FIELDS = (
    "MaHoSo",
    "MaTTHC",
    "NgayTiepNhan",
    "NgayHenTra",
    "NgayKetThucXuLy",
    "NgayTra",
    "TrangThaiHoSo",
    "KenhThucHien",
)
_PORTAL_FIELD_SET = frozenset(f.lower() for f in PORTAL_FIELDS)
PORTAL_FIELDS_NEEDED = 3  # how many of them make a file the portal's

# The columns a system of record owns (docs/rules.md, the system-of-record table).
OWNED_KEYS: tuple[str, ...] = (
    "channel",
    "received_at",
    "due_at",
    "supplement_requested_at",
    "supplement_received_at",
    "supplement_count",
    "finished_at",
    "returned_at",
    "status",
)

DEFAULT_RANKING = "Một cửa; Hộ tịch; Khác"
DEFAULT_PATTERNS: dict[System, str] = {
    System.ONE_STOP: "*motcua*; *mot_cua*; *mot-cua*; *mot cua*",
    System.CIVIL: "*hotich*; *ho_tich*; *ho-tich*; *ho tich*",
    System.PORTAL: "*dvcqg*; *dvc_qg*",
}


def parse_system(text: object) -> System | None:
    """'Một cửa', 'mot-cua', 'DVCQG', 'khác' -> the system; None when it names none."""
    key = fold(text)
    if not key:
        return None
    for system in System:
        if fold(system.value) == key:
            return system
    return _BY_SPELLING.get(key)


def is_portal_field(header: object) -> bool:
    """A header written as the portal writes a sync field: one ASCII word ('MaHoSo',
    'TRANGTHAIHOSO', 'ngay_ket_thuc_xu_ly'), not a Vietnamese phrase that folds alike."""
    text = str(header or "").strip().replace("_", "")
    return text.isascii() and text.isalnum() and text.lower() in _PORTAL_FIELD_SET


def is_portal_layout(headers: Sequence[object]) -> bool:
    """Does a file's header row spell the portal's sync fields?"""
    return sum(1 for h in headers if is_portal_field(h)) >= PORTAL_FIELDS_NEEDED


def patterns_of(texts: Mapping[System, str]) -> dict[System, list[str]]:
    """CauHinh's pattern cells ('*motcua*; *mot_cua*') as lists, lower-cased."""
    return {
        system: [p.strip().lower() for p in text.split(";") if p.strip()]
        for system, text in texts.items()
    }


def system_of_name(name: str, patterns: Mapping[System, Sequence[str]]) -> System | None:
    """The system whose file-name pattern the name matches (the first, in System order)."""
    lowered = name.lower()
    for system in System:
        if any(fnmatch.fnmatchcase(lowered, p) for p in patterns.get(system, ())):
            return system
    return None


def parse_ranking(text: str) -> tuple[tuple[System, ...], list[str]]:
    """'Một cửa; Hộ tịch; Khác' -> the ranked systems, and the names it could not read."""
    ranked: list[System] = []
    unknown: list[str] = []
    for part in str(text or "").split(";"):
        if not part.strip():
            continue
        system = parse_system(part)
        if system is None:
            unknown.append(part.strip())
        elif system not in ranked:
            ranked.append(system)
    return tuple(ranked), unknown


def source_text(system: System, file: str) -> str:
    """What *Nguồn* and NhatKy say: 'Một cửa: motcua_Q1.xlsx'."""
    return f"{system.value}: {file}"


def system_of_source(text: object, patterns: Mapping[System, Sequence[str]]) -> System | None:
    """The system a *Nguồn* cell names ('Cổng DVCQG: dvcqg.xlsx'); a bare file name through
    the patterns; None when it is blank or says nothing we know (typed by the staff)."""
    value = str(text or "").strip()
    if not value:
        return None
    head, sep, _ = value.partition(":")
    if sep:
        system = parse_system(head)
        if system is not None:
            return system
    return system_of_name(value, patterns)


def may_overwrite(
    incoming: System, owner: System | None, ranking: Sequence[System]
) -> tuple[bool, bool]:
    """Whether `incoming` may replace an owned value the register holds from `owner`, and
    whether a disagreement is a conflict to report (two systems of record).

    Same system: the later import wins. An owner outside the ranking (the portal's entry of
    a dossier its system of record has not brought yet): any ranked system replaces it.
    A ranked owner against another ranked system: the better rank wins, and says so.
    An incoming system outside the ranking never replaces a ranked owner's or the staff's
    value (owner None: typed by hand)."""
    if owner is incoming:
        return True, False
    if incoming not in ranking:
        return owner is not None and owner not in ranking, False
    if owner is None or owner not in ranking:
        return True, False
    return ranking.index(incoming) < ranking.index(owner), True

"""What of the register may leave the workbook, and nothing more.

The copy's HoSo (only when asked for) keeps the columns the privacy policy lets go and
masks the personal ones (rules/privacy.py); every other text of the copy goes through a
redactor that knows every personal value of the register, so a name typed in a note of
CanhBao cannot leak either.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from typing import Any

import pandas as pd
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from tthc_xl.book.layout import HEADER_FILL, HEADER_FONT
from tthc_xl.rules import register as register_mod
from tthc_xl.rules.privacy import Action, Policy, Redactor, mask
from tthc_xl.rules.register import BY_KEY
from tthc_xl.rules.settings import Settings
from tthc_xl.rules.text import fold

Grid = list[list[object]]
# the systems' own codes: never typed prose, and what the copy is for (not scrubbed)
IDENTIFIERS = frozenset({"dossier_id", "procedure_code"})


@dataclass
class RegisterCopy:
    headers: list[str]
    rows: Grid
    types: list[Any]  # ColumnType or None per column
    dropped: list[str]
    masked: list[str]


def register_copy(
    rows: Grid, policy: Policy, aliases=None, scrub: Callable[[object], object] = lambda v: v
) -> RegisterCopy:
    """HoSo with only the columns the policy lets go, personal ones masked, and every kept
    cell through `scrub`: free text of an allowed column ("Bộ phận xử lý" = "Tư pháp - gọi
    0918… (Đỗ …)") names nobody, a text typed in a date column does not go."""
    header = register_mod.find_header(rows, aliases)
    if header is None:
        return RegisterCopy([], [], [], [], [])
    top = header.top
    heads = list(rows[top])
    # the register's own reading of its header row: one column per key, the rest extras
    keys = register_mod.match_headers(heads, aliases)
    plan: list[tuple[int, str, Action, Any]] = []
    dropped: list[str] = []
    masked: list[str] = []
    for i, h in enumerate(heads):
        if h is None or str(h).strip() == "":
            continue
        key = keys.get(i)
        action = policy.action(h, key)
        name = str(h).strip()
        if action is Action.DROP:
            dropped.append(name)
            continue
        if action is not Action.KEEP:
            masked.append(name)
        col = BY_KEY.get(key) if key else None
        kind = col.type if col is not None and action is Action.KEEP else None
        plan.append((i, name, action, kind))
    identifiers = {i for i, key in keys.items() if key in IDENTIFIERS}

    def shown(i: int, action: Action, value: object) -> object:
        if action is not Action.KEEP:
            return mask(action, value)
        return value if i in identifiers else scrub(value)

    body = []
    for row in rows[top + 1 :]:
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        cells = list(row) + [None] * (len(heads) - len(row))
        body.append([shown(i, action, cells[i]) for i, _, action, _ in plan])
    return RegisterCopy([p[1] for p in plan], body, [p[3] for p in plan], dropped, masked)


def personal_values(rows: Grid, policy: Policy, aliases=None) -> list[object]:
    """What the copy's texts must never carry: every value of a personal column (masked,
    dropped or marked so in CauHinh), the numbers of any column that does not go, and any
    cell a typed column cannot read (a note typed in a date column, which CanhBao quotes)."""
    header = register_mod.find_header(rows, aliases)
    if header is None:
        return []
    heads = list(rows[header.top])
    keys = register_mod.match_headers(heads, aliases)
    out: list[object] = []
    body = rows[header.top + 1 :]
    for i, h in enumerate(heads):
        if h is None:
            continue
        key = keys.get(i)
        out += unreadable(body, i, key)
        action = Policy(policy.send_extra, policy.personal).action(h, key)
        if action is Action.KEEP:
            continue
        personal = (key in BY_KEY and BY_KEY[key].personal) or action is not Action.DROP
        personal = personal or bool({fold(h), fold(key)} & policy.personal)
        for row in body:
            if i >= len(row) or isinstance(row[i], (dt.date, dt.datetime, bool)):
                continue
            v = row[i]
            if personal:
                out.append(v)
            elif v is not None and len(re.sub(r"\D", "", str(v))) >= 6:
                out.append(re.sub(r"\D", "", str(v)))  # numbers of an unknown column
    return out


def unreadable(body: Grid, i: int, key: str | None) -> list[object]:
    """The cells of column `i` its type cannot read: free text where a date, a number or a
    label belongs. Nobody knows what such a text says, so it is treated as personal."""
    col = BY_KEY.get(key) if key else None
    if col is None or col.type.reason is None:
        return []
    values = pd.Series([r[i] if i < len(r) else None for r in body], dtype=object)
    _, bad = col.type.parse(values)
    return [v for v, b in zip(values, bad, strict=True) if b and isinstance(v, str)]


def scrubber(register_rows: Grid, settings: Settings) -> Redactor:
    """The one scrubber of everything that leaves: the copy, and the report's Word file and
    PDF (its MauBaoCao text), made from the register's personal values."""
    policy = Policy.from_settings(settings.send_columns, settings.personal_columns)
    return Redactor(personal_values(register_rows, policy))


def prepare(
    register_rows: Grid,
    settings: Settings,
    with_register: bool,
    include_personal: bool,
    redactor: Redactor | None = None,
) -> tuple[Callable[[object], object], RegisterCopy | None]:
    """The redactor every copied text goes through, and the register's copy when it goes."""
    policy = Policy.from_settings(
        settings.send_columns, settings.personal_columns, include_personal
    )
    if include_personal:
        redact: Callable[[object], object] = lambda v: v  # noqa: E731 - the explicit choice
    else:
        redact = redactor if redactor is not None else scrubber(register_rows, settings)
    going = with_register or include_personal
    reg = register_copy(register_rows, policy, scrub=redact) if going else None
    return redact, reg


def write_register(ws, reg: RegisterCopy) -> None:
    """The register's copy on a blank sheet: a styled header, its columns' formats, A4."""
    for c, header in enumerate(reg.headers, start=1):
        cell = ws.cell(row=1, column=c, value=header)
        cell.font, cell.fill = copy(HEADER_FONT), copy(HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        kind = reg.types[c - 1]
        ws.column_dimensions[get_column_letter(c)].width = kind.width if kind else 14
    for r, row in enumerate(reg.rows, start=2):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
            kind = reg.types[c - 1]
            if kind is not None and kind.number_format:
                cell.number_format = kind.number_format
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0

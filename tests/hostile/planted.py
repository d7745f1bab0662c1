"""A small register with personal data planted where the scrubber cannot see it by looking
at cells: a sheet's header and footer, number formats with literal text, free text of a
column the copy sends, a note typed in a date column (issue 21, personal data).

Everything is written the way a clerk would (an import, then edits in the workbook); the
planted values and their spellings come from makers.py.
"""

from __future__ import annotations

import random
import re
import unicodedata
import zipfile
from html import unescape
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from hostile.makers import HEADER, csv_file, dossier_row, people, spell

from tthc_xl.cli import cli

PERSONAL = ["Chủ hồ sơ", "Số điện thoại", "Số giấy tờ", "Bộ phận xử lý"]
# a person who is in no personal column: only a note in a date column names her
STRANGER = ("Trịnh Thu Bống", "0362111555")


def invoke(*args: object):
    return CliRunner().invoke(cli, [*map(str, args)])


def planted_register(folder: Path, built: Path, seed: int = 21) -> tuple[Path, list[str]]:
    """The committed workbook with 6 dossiers whose people are planted everywhere the
    scrubber must reach; returns the workbook and every planted personal value."""
    rng = random.Random(seed)
    persons = people(6, seed=seed)
    name, id_number, phone, _ = persons[0]
    rows = []
    for i, (who, ident, tel, _) in enumerate(persons):
        # free text of an allowed column, naming the first person, spelled some other way
        dept = f"Tư pháp - gọi {spell(phone, rng)} ({spell(name, rng)})" if i == 0 else "Tư pháp"
        rows.append([*dossier_row(i + 1), who, tel, ident, dept])
    export = csv_file(folder / "motcua.csv", rows, [*HEADER, *PERSONAL])
    done = invoke("import", built, export)
    assert done.exit_code == 0, done.output
    wb = openpyxl.load_workbook(built, keep_vba=True)
    _plant_page_text(wb["KPI"], f"{name} {spell(phone, rng)}", f"{id_number}")
    _plant_formats(wb, f'"{name} {phone} "')
    _plant_date_note(wb["HoSo"], f"hẹn gọi lại chị {STRANGER[0]} {STRANGER[1]}")
    wb.save(built)
    secrets = [v for p in persons for v in p[:3]] + list(STRANGER)
    return built, secrets


def _plant_page_text(ws, text: str, other: str) -> None:
    """Every header and footer part of a sheet, with a path code and a person."""
    for part in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader"):
        for side in ("left", "center", "right"):
            getattr(getattr(ws, part), side).text = f"{text} &F {other}"
    ws.HeaderFooter.differentFirst = True


def _plant_formats(wb, literal: str) -> None:
    """A figure, a rate and a date of the KPI sheet and Bieu06 shown beside a name."""
    kpi = wb["KPI"]
    for row in kpi.iter_rows(min_col=2, max_col=3):
        for cell in row:
            fmt = cell.number_format
            if fmt in ("#,##0", "0.00%", "0.00"):
                cell.number_format = f"{literal}{fmt}"
    for row in wb["Bieu06"].iter_rows(min_row=1, max_row=12):
        for cell in row:
            cell.number_format = f"{literal}#,##0;[Red]{literal}-#,##0"


def _plant_date_note(ws, note: str) -> None:
    head = [c.value for c in ws[1]]
    col = head.index("Ngày hẹn trả") + 1 if "Ngày hẹn trả" in head else len(head) + 1
    if col > len(head):
        ws.cell(row=1, column=col, value="Ngày hẹn trả")
    ws.cell(row=3, column=col, value=note)


# ------------------------------------------------------------------ reading what went out


def folded(text: str) -> str:
    """Letters and digits only, lower-case, no diacritics: how a reader would search."""
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^0-9a-z]", "", text)


def leaks(text: str, secrets: list[str]) -> list[str]:
    """The planted values found in `text` however spelled (numbers by their last 9 digits,
    so +84 and a lost 0 are found too)."""
    flat = folded(unescape(text))
    return [s for s in secrets if (s[-9:] if s.isdigit() else folded(s)) in flat]


def package_text(path: Path) -> str:
    """Every part of an .xlsx/.docx package, as text (character references resolved)."""
    with zipfile.ZipFile(path) as z:
        parts = [z.read(n).decode("utf-8", errors="replace") for n in z.namelist()]
    return unescape("\n".join(parts))


def plant_report_text(book: Path, secrets: list[str], seed: int = 21) -> str:
    """A MauBaoCao paragraph naming the register's first person (some spelling of her
    name and phone), and the workbook's properties naming her too; returns the paragraph's
    opening words, which must stay."""
    rng = random.Random(seed)
    name, _, phone = secrets[:3]
    opening = "Bộ phận một cửa đã gọi nhắc bổ sung"
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb["MauBaoCao"]
    for row in ws.iter_rows(min_col=1, max_col=2):
        if row[0].value == "Đoạn":  # the first paragraph, as a clerk would edit it
            row[1].value = f"{opening} cho chị {spell(name, rng)}, {spell(phone, rng)}."
            break
    props = wb.properties
    props.creator = props.lastModifiedBy = name
    props.title = f"Sổ của {name}"
    props.keywords = props.subject = props.description = f"{name} {phone}"
    wb.save(book)
    return opening

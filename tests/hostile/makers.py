"""Small generators of hostile inputs for tests/hostile (no large committed files).

Each function writes one file the way an attacker, a broken system or a careless edit
would, a few KB unless its name says otherwise.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

HEADER = ["Mã hồ sơ", "Mã thủ tục", "Ngày tiếp nhận", "Nộp trực tuyến", "Tình trạng"]
PROCEDURE = "1.004873"  # Xác nhận tình trạng hôn nhân: in the built-in catalog


def dossier_row(i: int | str, received: str = "05/01/2026 09:00") -> list[str]:
    dossier = i if isinstance(i, str) else f"H.{i:06d}"
    return [dossier, PROCEDURE, received, "Có", "Đang xử lý"]


def csv_file(path: Path, rows: list[list[str]], header=HEADER, *, sep: str = ";") -> Path:
    """A UTF-8 CSV with `header` then `rows` (cells written as given, no quoting)."""
    lines = [sep.join(header)] + [sep.join(r) for r in rows]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def csv_bytes(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    return path


def big_csv(path: Path, n: int, start: int = 0) -> Path:
    return csv_file(path, [dossier_row(start + i) for i in range(n)])


def spreadsheet_ml(path: Path, body: str) -> Path:
    """Excel 2003 XML with one worksheet whose <Table> holds `body`."""
    path.write_text(
        '<?xml version="1.0"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        f'<Worksheet ss:Name="S"><Table>{body}</Table></Worksheet></Workbook>',
        encoding="utf-8",
    )
    return path


def ml_row(*cells: str, attrs: str = "") -> str:
    return f"<Row {attrs}>" + "".join(cells) + "</Row>"


def ml_cell(value: str = "", kind: str = "String", attrs: str = "") -> str:
    return f'<Cell {attrs}><Data ss:Type="{kind}">{value}</Data></Cell>'


def ml_header() -> str:
    return ml_row(*(ml_cell(h) for h in HEADER))


def html_table(path: Path, cells_html: str) -> Path:
    head = "".join(f"<th>{h}</th>" for h in HEADER)
    path.write_text(
        f"<html><body><table><tr>{head}</tr>{cells_html}</table></body></html>",
        encoding="utf-8",
    )
    return path


def xlsx_with_far_cell(path: Path, ref: str, *, dimension: str | None = None) -> Path:
    """A minimal valid .xlsx: the header in row 1, one dossier in row 2, and one number
    at `ref` (e.g. XFD1048576); optionally a declared <dimension ref=...>."""
    cols = "ABCDE"

    def inline(r, c, text):
        return f'<c r="{c}{r}" t="inlineStr"><is><t>{text}</t></is></c>'

    row1 = "".join(inline(1, cols[i], h) for i, h in enumerate(HEADER))
    row2 = "".join(inline(2, cols[i], v) for i, v in enumerate(dossier_row(1)))
    far_row = "".join(ch for ch in ref if ch.isdigit())
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dim}<sheetData>"
        f'<row r="1">{row1}</row><row r="2">{row2}</row>'
        f'<row r="{far_row}"><c r="{ref}"><v>1</v></c></row>'
        "</sheetData></worksheet>"
    )
    write_minimal_xlsx(path, {"S": sheet})
    return path


def write_minimal_xlsx(path: Path, sheets: dict[str, str]) -> Path:
    """An .xlsx from raw sheet XML: content types, workbook, relationships."""
    names = list(sheets)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(len(names))
        )
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="application'
            '/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
            '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        sheets_xml = "".join(
            f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(names)
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats'
            f'.org/officeDocument/2006/relationships"><sheets>{sheets_xml}</sheets></workbook>',
        )
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/worksheet" '
            f'Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(names))
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for i, name in enumerate(names):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", sheets[name])
    return path


def add_parts(path: Path, parts: dict[str, bytes]) -> Path:
    """The same workbook with extra zip parts (customXml, richData, persons...)."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for name, data in parts.items():
            dst.writestr(name, data)
    tmp.replace(path)
    return path


def sheet_xml(path: Path, sheet: str) -> str:
    """The XML of one worksheet of a workbook file, found by its name."""
    import re

    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="([^"]+)"', workbook)
        assert rid, f"no sheet {sheet}"
        target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
            rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels
        )
        assert target
        part = target.group(1).lstrip("/")
        return z.read(part if part.startswith("xl/") else "xl/" + part).decode()


# ------------------------------------------------------------------ personal values, spelled
# (issue 21: the scrubber must find a person's values however they are written)

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng")
SURNAMES += ("Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")
MIDDLE_NAMES = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Xuân", "Kim")
GIVEN_NAMES = ("An", "Bình", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương")
GIVEN_NAMES += ("Khánh", "Lan", "Linh", "Mai", "Nam", "Nga", "Phúc", "Sơn", "Tâm", "Yến")
STREETS = ("Hàng Bạc", "Lê Lợi", "Trần Phú", "Nguyễn Trãi", "Quang Trung", "Hai Bà Trưng")
INVISIBLES = ("\u200b", "\u200c", "\u200d", "\u00ad", "\ufeff", "\u2060")
SPACES = (" ", "  ", "\u00a0", "\n", "\t", " \r\n ", "\u3000", "\u2009", "\u202f")
DIGIT_SEPARATORS = (" ", "  ", ".", "-", " - ", "/", "\u00a0", "\t", "\n", "\u2013", *INVISIBLES)


def person(rng) -> tuple[str, str, str, str]:
    """One applicant's personal values: name, 12-digit ID (CCCD), 10-digit mobile, address."""
    middle = " ".join(rng.sample(MIDDLE_NAMES, rng.choice((1, 2))))
    name = f"{rng.choice(SURNAMES)} {middle} {rng.choice(GIVEN_NAMES)}"
    id_number = "0" + "".join(rng.choice("0123456789") for _ in range(11))
    phone = "0" + rng.choice("35789") + "".join(rng.choice("0123456789") for _ in range(8))
    address = f"Số {rng.randrange(1, 300)} {rng.choice(STREETS)}"
    return name, id_number, phone, address


def people(n: int, seed: int = 21) -> list[tuple[str, str, str, str]]:
    import random

    rng = random.Random(seed)
    return [person(rng) for _ in range(n)]


def full_width(text: str) -> str:
    """ASCII digits and letters as their full-width forms (０９１８…)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def no_diacritics(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c))


def spell_number(digits: str, rng) -> str:
    """`digits` as people type them: groups cut anywhere, any separators, +84/84/0084 for
    a phone's leading 0, the leading 0 lost, brackets around the first group, full-width digits,
    invisible characters between the groups."""
    body, prefix = digits, ""
    if digits.startswith("0") and len(digits) in (10, 11) and rng.random() < 0.4:  # a phone
        body = digits[1:]
        prefix = rng.choice(("+84", "84", "0084", "(+84)", "+84 ", "84.", "(84) "))
    elif digits.startswith("0") and rng.random() < 0.2:
        body = digits.lstrip("0")  # a number cell that lost its zero, copied into text
    cuts = sorted(rng.sample(range(1, len(body)), rng.randrange(0, min(4, len(body) - 1))))
    groups = [body[a:b] for a, b in zip([0, *cuts], [*cuts, len(body)], strict=True)]
    if not prefix and len(groups) > 1 and rng.random() < 0.2:
        groups[0] = f"({groups[0]})"
    text = groups[0] + "".join(rng.choice(DIGIT_SEPARATORS) + g for g in groups[1:])
    if rng.random() < 0.25:
        text = full_width(text)
    return prefix + text


def spell_words(text: str, rng) -> str:
    """A name or address as people type it: any case, NFC or NFD, with or without
    diacritics, any spacing between the words, invisible characters inside them."""
    import unicodedata

    if rng.random() < 0.3:
        text = no_diacritics(text)
    text = unicodedata.normalize(rng.choice(("NFC", "NFD")), text)
    case = rng.randrange(4)
    if case == 0:
        text = text.lower()
    elif case == 1:
        text = text.upper()
    elif case == 2:
        text = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in text)
    words = []
    for word in text.split(" "):
        if len(word) > 1 and rng.random() < 0.3:
            at = rng.randrange(1, len(word))
            word = word[:at] + rng.choice(INVISIBLES) + word[at:]
        words.append(word)
    return words[0] + "".join(rng.choice(SPACES) + w for w in words[1:])


def spell(value: str, rng) -> str:
    """A personal value in some spelling (numbers and words each their own way)."""
    return spell_number(value, rng) if value.isdigit() else spell_words(value, rng)

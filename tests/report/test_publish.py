"""`tthc-xl publish`: the copy to send by email reads everywhere and leaks nothing.

The workbook is the committed TTHC_Q.xlsm (real VBA, live KPI functions) with a register
carrying planted personal data in its own columns, in columns no list foresees, in a note,
in a hidden sheet, a defined name, a comment and the document properties. Every part of
the copy is then searched for it.
"""

import email
import email.policy
import hashlib
import json
import math
import re
import shutil
import zipfile
from html import unescape
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import figure
from helpers.office import is_a4, pdf_page_sizes, pdf_text
from helpers.shared import demo_quarter
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName
from python_calamine import CalamineWorkbook

from tthc_xl.book.layout import register_rows, write_register
from tthc_xl.cli import cli

BUILT = Path(__file__).resolve().parents[2] / "workbook" / "TTHC_Q.xlsm"
NAMES = ["Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Hoàng Phúc"]
IDS = ["001203004567", "034190012345", "079088001122"]
PHONES = ["0912345678", "0987 654 321", "0903.111.222"]
ADDRESSES = ["Số 12 ngõ 34 phố Hàng Bạc", "Thôn Đông Hạ, xã Tuệ Tĩnh", "Tổ 5 khu Bắc Sơn"]
EXTRA_PHONE = "0977123456"  # in a column named as no list foresees
EXTRA_ID = "040201009876"
STAFF_NAME = "Phạm Thu Hà"  # a column staff added
HIDDEN_NAME = "Võ Thị Sáu Mươi"  # only on a hidden sheet
COMMENT_NAME = "Đỗ Mạnh Cường"  # only in a comment
AUTHOR = "Hoàng Quốc Việt"  # document properties
COMPANY = "Công ty Dữ Liệu Mật"
PATH_HINT = "C:\\Users\\canbo\\Documents"


def plant(path: Path) -> Path:
    shutil.copy(BUILT, path)
    frame = demo_quarter().iloc[::20].reset_index(drop=True)
    for i in range(3):
        frame.loc[i, ["applicant", "id_number", "phone", "address"]] = [
            NAMES[i],
            IDS[i],
            PHONES[i],
            ADDRESSES[i],
        ]
    frame.loc[0, "note"] = f"Đã gọi cho {NAMES[0]} số {PHONES[0]}"
    frame["SĐT liên hệ"] = [EXTRA_PHONE] + [None] * (len(frame) - 1)
    frame["CCCD chủ hộ"] = [EXTRA_ID] + [None] * (len(frame) - 1)
    frame["Người gọi lại"] = [STAFF_NAME] * len(frame)
    frame["Mức độ"] = ["Mức độ 4"] * len(frame)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["HoSo"]
    del ws.tables["HoSo"]
    headers, rows = register_rows(frame)
    write_register(ws, headers, rows)
    ws["A2"].comment = Comment(f"Hỏi lại {COMMENT_NAME}", AUTHOR)
    secret = wb.create_sheet("DanhSachRieng")
    secret["A1"] = HIDDEN_NAME
    secret.sheet_state = "hidden"
    wb.create_sheet("An").sheet_state = "veryHidden"
    wb.defined_names["DanhSachRieng"] = DefinedName("DanhSachRieng", attr_text="DanhSachRieng!$A$1")
    kpi = wb["KPI"]
    kpi["A30"] = f"Người lập: {NAMES[1]}, ĐT {PHONES[1]}"
    kpi["A31"] = "=HoSo!N3"  # a formula that would carry a name across
    settings = wb["CauHinh"]
    for row in settings.iter_rows(min_row=2):
        if row[0].value == "Cột được gửi kèm bản email":
            row[1].value = "Mức độ"
    wb.properties.creator = AUTHOR
    wb.properties.lastModifiedBy = AUTHOR
    wb.save(path)
    _set_company(path)
    return path


def _set_company(path: Path) -> None:
    """openpyxl writes no Company; Excel does: put one (and a path) in docProps/app.xml."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/app.xml":
                data = data.replace(
                    b"</Properties>",
                    f"<Company>{COMPANY}</Company><HyperlinkBase>{PATH_HINT}</HyperlinkBase>"
                    "</Properties>".encode(),
                )
            dst.writestr(item, data)
    tmp.replace(path)


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    return plant(tmp_path_factory.mktemp("src") / "TTHC_Q.xlsm")


def publish(source: Path, tmp: Path, *args: str):
    book = tmp / source.name
    shutil.copy(source, book)
    out = tmp / "ban_gui.xlsx"
    result = CliRunner().invoke(
        cli, ["publish", str(book), "--period", "2026-Q1", "-o", str(out), *args]
    )
    return result, book, out


@pytest.fixture(scope="module")
def published(source, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pub")
    result, book, out = publish(source, tmp, "--with-register", "--eml", str(tmp / "thu.eml"))
    assert result.exit_code == 0, result.output
    return out, tmp / "thu.eml", book


@pytest.fixture(scope="module")
def engine_kpi(source):
    result = CliRunner().invoke(cli, ["kpi", str(source), "-p", "2026-Q1", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def register_secrets(path: Path) -> list[str]:
    """Every personal value of the source register, and the planted ones elsewhere."""
    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name("HoSo").to_python()
    head = rows[0]
    cols = [
        head.index(h)
        for h in ("Chủ hồ sơ", "Số giấy tờ", "Số điện thoại", "Địa chỉ", "Người gọi lại")
    ]
    values = {str(r[c]) for r in rows[1:] for c in cols if r[c] not in (None, "")}
    values |= {EXTRA_PHONE, EXTRA_ID, HIDDEN_NAME, COMMENT_NAME, AUTHOR, COMPANY, PATH_HINT}
    return sorted(values)


def variants(secret: str) -> list[str]:
    """The secret as text, and its digits when it is a number (any spacing)."""
    digits = re.sub(r"\D", "", secret)
    out = [secret]
    if len(digits) >= 6:
        out += [digits, digits.lstrip("0")]
    return out


def every_text(path: Path) -> str:
    """Every part of the package, decoded (XML entities resolved), and every cell value."""
    parts = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            parts.append(name)
            parts.append(unescape(z.read(name).decode("utf-8", errors="replace")))
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    parts.append(str(cell.value))
                if cell.comment is not None:
                    parts.append(cell.comment.text)
    return "\n".join(parts)


def assert_no_secrets(text: str, secrets: list[str]) -> None:
    folded = text.lower()
    # digits written with spaces, dots or dashes between them are found as one run
    compact = re.sub(r"(?<=\d)[\s.\-]+(?=\d)", "", text)
    for secret in secrets:
        for form in variants(secret):
            if form.isdigit():
                assert form not in compact, form
            else:
                assert form.lower() not in folded, form


def sheet_values(path: Path, name: str) -> list[tuple]:
    return list(openpyxl.load_workbook(path)[name].iter_rows(values_only=True))


# ------------------------------------------------------------------ the file itself


def test_copy_is_a_plain_xlsx_with_no_formulas_macros_or_hidden_parts(published):
    out, _, _ = published
    assert out.suffix == ".xlsx"
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        types = z.read("[Content_Types].xml").decode()
        book_xml = z.read("xl/workbook.xml").decode()
    assert not any("vbaProject" in n or n.startswith("customUI") for n in names)
    assert "macroEnabled" not in types
    assert not any(n.startswith(("xl/externalLinks", "xl/comments")) for n in names)
    assert "<f>" not in "".join(
        zipfile.ZipFile(out).read(n).decode() for n in names if n.startswith("xl/worksheets/")
    )
    assert 'state="hidden"' not in book_xml and "veryHidden" not in book_xml
    assert "DanhSachRieng" not in book_xml

    wb = openpyxl.load_workbook(out)
    from tthc_xl.sheets import in_copy

    assert wb.sheetnames == [*(s.name for s in in_copy()), "HoSo"]  # the registry's, HoSo last
    assert wb.sheetnames[:4] == ["BaoCao", "Bieu06", "KPI", "CanhBao"]
    assert all(ws.sheet_state == "visible" for ws in wb.worksheets)
    assert not list(wb.defined_names)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                assert cell.comment is None
    with zipfile.ZipFile(out) as z:
        app = z.read("docProps/app.xml").decode()
        core = z.read("docProps/core.xml").decode()
    assert "creator" not in core and "lastModifiedBy" not in core  # no author at all
    assert "<Company>" not in app and "HyperlinkBase" not in app


def test_no_personal_data_anywhere_in_the_copy(published, source):
    out, _, _ = published
    secrets = register_secrets(source)
    assert NAMES[0] in secrets and len(secrets) > 100  # the search is over the real register
    assert_no_secrets(every_text(out), secrets)


def test_register_keeps_allowed_columns_and_masks_the_personal_ones(published):
    out, _, _ = published
    rows = sheet_values(out, "HoSo")
    head = list(rows[0])
    assert "Địa chỉ" not in head and "Ghi chú" not in head and "Nguồn" not in head
    assert "SĐT liên hệ" not in head and "CCCD chủ hộ" not in head
    assert "Người gọi lại" not in head
    assert "Mức độ" in head  # CauHinh marks it safe to send
    first = dict(zip(head, rows[1], strict=True))
    assert first["Chủ hồ sơ"] == "N.V.A."
    assert first["Số giấy tờ"] == "***567"
    assert first["Số điện thoại"] == "***678"
    assert first["Mức độ"] == "Mức độ 4"
    second = dict(zip(head, rows[3], strict=True))
    assert second["Chủ hồ sơ"] == "L.H.P." and second["Số điện thoại"] == "***222"
    assert len(rows) == 1 + len(demo_quarter().iloc[::20])


def test_workbook_itself_is_not_changed(source, tmp_path):
    result, book, _ = publish(source, tmp_path, "--with-register")
    assert result.exit_code == 0, result.output
    assert (
        hashlib.sha256(book.read_bytes()).digest() == hashlib.sha256(source.read_bytes()).digest()
    )
    assert not (tmp_path / "tthc-xl-saoluu").exists()


def test_without_with_register_there_is_no_register(source, tmp_path):
    result, _, out = publish(source, tmp_path)
    assert result.exit_code == 0, result.output
    assert "HoSo" not in openpyxl.load_workbook(out).sheetnames


def test_default_name_is_unit_and_period_in_ascii(source, tmp_path):
    book = tmp_path / "TTHC_Q.xlsm"
    shutil.copy(source, book)
    wb = openpyxl.load_workbook(book, keep_vba=True)
    for row in wb["CauHinh"].iter_rows(min_row=2):
        if row[0].value == "Tên đơn vị":
            row[1].value = "Ủy ban nhân dân xã Đồng Sơn"
    wb.save(book)
    result = CliRunner().invoke(cli, ["publish", str(book), "-p", "2026-03"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "TTHC_UyBanNhanDanXaDongSon_2026-03.xlsx").is_file()


# ------------------------------------------------------------------ the figures


def truncated(ratio: float, decimals: int = 4) -> float:
    return math.floor(round(ratio * 10**decimals, 6)) / 10**decimals


def test_every_figure_is_the_engines(published, engine_kpi):
    out, _, _ = published
    kpi = {r[0]: r[1] for r in sheet_values(out, "KPI") if r and r[0]}
    c, rates = engine_kpi["counts"], engine_kpi["rates"]
    assert kpi["Tiếp nhận mới trong kỳ"] == c["received_new"]
    assert kpi["  - Trực tuyến"] == c["received_online"]
    assert kpi["Đã giải quyết"] == c["resolved"]
    assert kpi["  - Trước hạn"] == c["early"]
    assert kpi["Đang giải quyết"] == c["pending"]
    assert kpi["  - Quá hạn"] in (c["late"], c["pending_overdue"])
    # rates go truncated to what the report shows (99,96%, never a rounded 99,97%)
    # as text with a decimal comma, to read the same on any PC
    for label, key in (
        ("Tỷ lệ giải quyết trước hạn", "early_rate"),
        ("Tỷ lệ tiếp nhận trực tuyến", "online_rate"),
    ):
        assert re.fullmatch(r"\d+,\d\d%", kpi[label]), kpi[label]
        assert figure(kpi[label]) == pytest.approx(truncated(rates[key]))
    assert kpi["Chỉ tiêu"] == "Giá trị"
    plan = {r[0]: r[2] for r in sheet_values(out, "KPI") if r and r[0]}
    assert plan["Tỷ lệ tiếp nhận trực tuyến"] == "95,00%"  # CauHinh's, not a link

    bieu = sheet_values(out, "Bieu06")
    total = next(r for r in bieu if r[1] == "Tổng cộng")
    assert total[2] == c["total"] and total[6] == c["resolved"] and total[10] == c["pending"]
    warnings = sheet_values(out, "CanhBao")
    overdue = [r for r in warnings if r[5] == "Quá hạn, đang giải quyết"]
    assert len(overdue) == c["pending_overdue"]


def test_the_copys_kpi_explains_itself_without_the_workbooks_columns(published):
    out, _, _ = published
    text = " ".join(str(v) for r in sheet_values(out, "KPI") for v in r if v)
    assert "Python" not in text and "Cột C" not in text  # the workbook's note is not for it
    assert "cắt (không làm tròn)" in text


def test_number_formats_are_kept(published):
    out, _, _ = published
    ws = openpyxl.load_workbook(out)["KPI"]
    by_label = {row[0].value: row[1] for row in ws.iter_rows(min_row=6) if row[0].value}
    online = by_label["Tỷ lệ tiếp nhận trực tuyến"]
    assert online.data_type == "s" and online.alignment.horizontal == "right"  # text, 99,89%
    # counts read 2.918 on any PC: the thousands dot is a literal, not the PC's separator
    assert by_label["Tiếp nhận mới trong kỳ"].number_format == (
        '[>=1000000]#"."###"."###;[>=1000]#"."###;0'
    )
    reg = openpyxl.load_workbook(out)["HoSo"]
    assert reg["F2"].is_date and "dd/mm/yyyy" in reg["F2"].number_format


def test_libreoffice_reads_the_copy_as_the_engine_does(published, engine_kpi, soffice, source):
    out, _, _ = published
    pdf = soffice(out, "pdf")
    text = pdf_text(pdf)
    c = engine_kpi["counts"]
    assert "Tiếp nhận mới trong kỳ" in text and "Biểu số 06/VPCP/KSTT" in text
    total_line = next(line for line in text.splitlines() if "Tổng cộng" in line)
    numbers = [int(n) for n in re.findall(r"\b\d+\b", total_line)]
    assert numbers[:2] == [c["total"], c["received_online"]]
    assert "#NAME" not in text and "###" not in text and "Err:" not in text
    assert all(is_a4(size) for size in pdf_page_sizes(pdf))
    assert_no_secrets(text, register_secrets(source))

    again = soffice(out, "xlsx")
    wb = openpyxl.load_workbook(again)
    assert all(
        cell.data_type != "f" for ws in wb.worksheets for row in ws.iter_rows() for cell in row
    )


# ------------------------------------------------------------------ personal data on purpose


def test_include_personal_data_warns_and_is_logged(source, tmp_path):
    result, book, out = publish(source, tmp_path, "--include-personal-data")
    assert result.exit_code == 0, result.output
    assert "dữ liệu cá nhân" in result.stderr
    rows = sheet_values(out, "HoSo")
    head = list(rows[0])
    assert dict(zip(head, rows[1], strict=True))["Chủ hồ sơ"] == NAMES[0]
    log = CalamineWorkbook.from_path(str(book)).get_sheet_by_name("NhatKy").to_python()
    line = [r for r in log if "Bản gửi email" in r]
    assert len(line) == 1 and line[0][1] == out.name and "cá nhân" in line[0][5]
    with zipfile.ZipFile(book) as z:  # the one write to the workbook kept its macros
        assert "xl/vbaProject.bin" in z.namelist()


# ------------------------------------------------------------------ the email


def percent_text(ratio: float) -> str:
    return f"{truncated(ratio) * 100:.2f}".replace(".", ",") + "%"


def test_eml_is_a_draft_with_the_copy_and_the_figures(published, engine_kpi):
    out, eml, _ = published
    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert msg["Subject"].startswith("Báo cáo TTHC Quý I năm 2026 - ")
    assert msg["X-Unsent"] == "1"
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_content_type() == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert attachment.get_filename() == out.name
    assert attachment.get_content() == out.read_bytes()
    body = msg.get_body(("plain",)).get_content()
    c, r = engine_kpi["counts"], engine_kpi["rates"]
    assert f"tiếp nhận mới {c['received_new']}" in body
    assert percent_text(r["online_rate"]) in body
    assert percent_text(r["on_time_or_early_rate"]) in body
    assert f"Đang giải quyết: {c['pending']:02d}, trong đó quá hạn {c['pending_overdue']:02d}" in (
        body
    )


def test_mistakes_get_a_message_and_write_nothing(source, tmp_path):
    book = tmp_path / "TTHC_Q.xlsm"
    shutil.copy(source, book)
    for args, words in (
        (["-o", str(tmp_path / "gui.xlsm")], ".xlsx"),
        (["-o", str(book.with_suffix(".xlsx")), "--period", "2026-Q5"], "--period"),
    ):
        result = CliRunner().invoke(cli, ["publish", str(book), "-p", "2026-Q1", *args])
        assert result.exit_code == 2 and words in result.stderr, result.output
    missing = CliRunner().invoke(cli, ["publish", str(tmp_path / "khong.xlsm"), "-p", "2026-Q1"])
    assert missing.exit_code == 2 and "khong.xlsm" in missing.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["TTHC_Q.xlsm"]

"""The email copy's parts called as modules (report/copy/: builder, redact, fit, eml,
audit) and its two entry points called directly, with typed periods, not through the CLI.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import stat

import openpyxl
import pytest
from helpers.excel import remote_book
from helpers.imports import make_workbook
from helpers.registers import rows_of
from python_calamine import CalamineWorkbook

from tthc_xl.book.filebook import FileBook
from tthc_xl.book.layout import TITLE_FONT
from tthc_xl.book.xlbook import XlwingsBook
from tthc_xl.report.copy import audit, builder, eml, fit, redact
from tthc_xl.report.publish import publish_file, publish_open_book
from tthc_xl.rules.period import parse_period
from tthc_xl.rules.privacy import REDACTED, Policy
from tthc_xl.rules.settings import CompareMode, Settings
from tthc_xl.sheets import in_copy

T = dt.datetime
REGISTER = [
    ["Mã hồ sơ", "Chủ hồ sơ", "Số điện thoại", "Địa chỉ", "Ghi chú", "Cán bộ"],
    ["H1", "Nguyễn Văn An", "0912 345 678", "12 Ngõ Chợ", "gọi chị Bình", "Lan"],
    ["H2", "Trần Thị Bình", None, None, None, "Mai"],
]


# ------------------------------------------------------------------ redact


def test_the_register_keeps_allowed_columns_and_masks_the_personal_ones():
    copied = redact.register_copy(REGISTER, Policy.from_settings("Cán bộ", ""))
    assert copied.headers == ["Mã hồ sơ", "Chủ hồ sơ", "Số điện thoại", "Cán bộ"]
    assert copied.rows == [["H1", "N.V.A.", "***678", "Lan"], ["H2", "T.T.B.", None, "Mai"]]
    assert copied.dropped == ["Địa chỉ", "Ghi chú"] and copied.masked == [
        "Chủ hồ sơ",
        "Số điện thoại",
    ]


def test_every_text_is_scrubbed_of_the_registers_personal_values():
    scrub, reg = redact.prepare(REGISTER, Settings(), with_register=False, include_personal=False)
    assert reg is None
    assert (
        scrub("Hồ sơ của Nguyễn Văn An, SĐT 0912.345.678")
        == f"Hồ sơ của {REDACTED}, SĐT {REDACTED}"
    )
    assert scrub(912345678) == REDACTED  # the number Excel made of the phone
    scrub, reg = redact.prepare(REGISTER, Settings(), with_register=False, include_personal=True)
    assert scrub("Nguyễn Văn An") == "Nguyễn Văn An" and reg is not None  # the explicit choice


def test_the_registers_copy_prints_with_its_header(tmp_path):
    ws = openpyxl.Workbook().active
    redact.write_register(ws, redact.register_copy(REGISTER, Policy()))
    assert ws["A1"].font.b and ws.freeze_panes == "A2" and ws.page_setup.orientation == "landscape"


# ------------------------------------------------------------------ fit


def test_a_sheet_without_print_set_up_is_made_to_fit_a4():
    ws = openpyxl.Workbook().active
    ws.append(["Tiêu đề dài " * 3])
    ws.append(["a" * 30, "b" * 30, "c" * 30, "d" * 30])
    fit.fit_for_print(ws, fitted=False)
    assert ws.column_dimensions["A"].width == 32  # its longest text, and two
    assert ws.page_setup.orientation == "landscape"  # 4 x 32 is wider than a portrait page
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1


def test_the_page_set_up_goes_over_with_the_copys_own_header_and_footer():
    wb = openpyxl.Workbook()
    src, dst = wb.active, wb.create_sheet("copy")
    src.merge_cells("A1:C1")
    src.merge_cells("B3:D3")  # D does not go: not merged in the copy
    src.column_dimensions["C"].width = 25
    src.oddFooter.left.text = "&F &Z trang"
    src.oddFooter.center.text = "Trang &P/&N"
    src.oddHeader.right.text = "Người lập: Đỗ Thị Hoa"
    src.print_area = "A1:C9"
    fit.copy_sheet_setup(src, dst, (1, 2, 3), footer="Quý I năm 2026")
    assert {str(m) for m in dst.merged_cells.ranges} == {"A1:C1"}
    assert dst.column_dimensions["C"].width == 25
    # the period where the sheet had a left footer, its page number, nothing typed
    assert dst.oddFooter.left.text == "Quý I năm 2026"
    assert dst.oddFooter.center.text == "Trang &P/&N"
    assert dst.oddHeader.right.text is None
    assert dst.print_area == "'copy'!$A$1:$C$9"


# ------------------------------------------------------------------ builder


def test_the_copy_holds_values_and_looks_and_nothing_else(figures_q1):
    result, settings = figures_q1
    wb = openpyxl.Workbook()
    tpl = wb.active
    tpl["A1"] = "Tiêu đề"
    tpl["A1"].font = TITLE_FONT
    tpl["B2"].number_format = "0.00%"
    source = builder.SheetSource(
        "Bieu06", [["Tiêu đề"], [None, 0.99996], ["=1+1", "+84 Nguyễn"]], tpl
    )
    copy = builder.build_copy([source], result, lambda v: v)
    ws = copy["Bieu06"]
    assert copy.sheetnames == ["Bieu06"] and ws["A1"].font.b
    assert ws["B2"].value == pytest.approx(0.9999)  # truncated as the report style says
    assert ws["A3"].value is None  # never a formula in the copy
    assert ws["B3"].value == "+84 Nguyễn" and ws["B3"].data_type == "s"
    assert copy.properties.creator is None and copy.properties.title.endswith("Quý I năm 2026")


def test_the_copys_name_is_ascii():
    name = builder.copy_name(Settings(unit_name="Ủy ban nhân dân xã Tuệ Tĩnh"), "2026-Q1")
    assert name == "TTHC_UyBanNhanDanXaTueTinh_2026-Q1.xlsx"


def test_the_copy_is_written_atomically_readable_by_whoever_it_goes_to(tmp_path):
    target = builder.save_copy(openpyxl.Workbook(), tmp_path / "sub" / "gui.xlsx")
    assert stat.S_IMODE(target.stat().st_mode) == builder.COPY_MODE
    assert [p.name for p in target.parent.iterdir()] == ["gui.xlsx"]  # no temp file left


# ------------------------------------------------------------------ eml and audit


def test_the_draft_names_the_progress_maximum_and_carries_the_copy(figures_q1, tmp_path):
    result, settings = figures_q1
    xlsx = builder.save_copy(openpyxl.Workbook(), tmp_path / "gui.xlsx")
    path = eml.write_eml(result, settings, xlsx, tmp_path / "thu.eml")
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert msg["X-Unsent"] == "1" and msg["Subject"].startswith("Báo cáo TTHC Quý I năm 2026")
    body = msg.get_body(("plain",)).get_content()
    assert "(Chỉ số 766): " in body and "/20." in body  # QĐ 766: Tiến độ giải quyết, 20 points
    (attached,) = list(msg.iter_attachments())
    assert attached.get_filename() == "gui.xlsx"


def test_a_copy_with_personal_data_leaves_one_line_in_nhatky(tmp_path):
    path = make_workbook(tmp_path / "So.xlsx")
    book = FileBook(path, backups=0)
    audit.log_personal_copy(book, "gui.xlsx", T(2026, 3, 10, 9, 0, 5, 7))
    audit.log_personal_copy(book, "gui2.xlsx", T(2026, 3, 11, 9, 0))
    book.save()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("NhatKy").to_python()
    assert rows[0][0] == "Thời gian" and [r[1] for r in rows[1:]] == ["gui.xlsx", "gui2.xlsx"]
    assert rows[1][0] == T(2026, 3, 10, 9, 0, 5) and "cá nhân" in rows[1][5]


# ------------------------------------------------------------------ the entry points

DOSSIERS = (
    {
        "dossier_id": "H1",
        "procedure_code": "1.001193",
        "channel": "Trực tuyến",
        "received_at": T(2026, 1, 5, 8),
        "finished_at": T(2026, 1, 5, 10),
        "status": "Đã trả kết quả",
        "applicant": "Nguyễn Văn An",
        "phone": "0912345678",
    },
)


@pytest.fixture(scope="module")
def figures_q1():
    from tthc_xl.rules.engine import Engine
    from tthc_xl.rules.register import from_rows

    settings = Settings(unit_name="UBND xã Thử")
    engine = Engine(from_rows(rows_of(*DOSSIERS)), settings=settings)
    return engine.evaluate(parse_period("2026-Q1"), None, None, T(2026, 4, 2)), settings


def test_publish_file_takes_a_period_and_a_compare_mode(tmp_path):
    path = make_workbook(tmp_path / "So.xlsx", rows_of(*DOSSIERS))
    before = path.read_bytes()
    done = publish_file(
        path,
        parse_period("2026-Q1"),
        tmp_path / "gui.xlsx",
        compare=CompareMode.MOMENT,
        now=T(2026, 4, 2, 9),
    )
    assert done.result.mode is CompareMode.MOMENT
    assert done.sheets == [s.name for s in in_copy()]
    assert done.sheets[:4] == ["BaoCao", "Bieu06", "KPI", "CanhBao"]
    assert path.read_bytes() == before  # the workbook itself is not touched
    text = str(CalamineWorkbook.from_path(str(done.path)).get_sheet_by_name("BaoCao").to_python())
    assert "Nguyễn Văn An" not in text and "0912345678" not in text


def test_publish_open_book_copies_what_the_open_workbook_shows(tmp_path):
    sheets = {"HoSo": rows_of(*DOSSIERS), "KPI": [[], [], ["Kỳ báo cáo", "2026-Q1"]]}
    book = remote_book(sheets)
    done = publish_open_book(XlwingsBook(book), tmp_path, now=T(2026, 4, 2, 9))
    assert done.path.parent == tmp_path and done.eml is not None and done.eml.is_file()
    wb = openpyxl.load_workbook(done.path)
    assert wb.sheetnames == [s.name for s in in_copy()]  # the registry's copied sheets
    assert wb.sheetnames[:4] == ["BaoCao", "Bieu06", "KPI", "CanhBao"]
    kpi = {r[0].value: r[1].value for r in wb["KPI"].iter_rows(min_row=6) if r[0].value}
    assert kpi["Tiếp nhận mới trong kỳ"] == 1  # the engine's, where Excel computed nothing
    assert any("BaoCao" in n and "chưa áp dụng" in n for n in done.notes)  # the remote Book

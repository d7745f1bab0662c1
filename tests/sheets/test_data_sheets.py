"""The sheets the clerk fills, called as their modules: what a refresh does when a
register lacks them or holds them as plain data, and their look in the shipped workbook."""

from __future__ import annotations

import openpyxl
from helpers.imports import write_xlsx
from helpers.registers import rows_of
from python_calamine import CalamineWorkbook

from tthc_xl.book.filebook import FileBook
from tthc_xl.book.layout import XLWINGS_UDF_MODULES
from tthc_xl.book.names import AUDIT_HEADERS, IMPORT_ERROR_HEADERS
from tthc_xl.report.sheet import template_page
from tthc_xl.rules.register import COLUMNS
from tthc_xl.sheets import (
    audit,
    catalog,
    holidays,
    import_errors,
    register,
    report_template,
    settings,
    xlwings_conf,
)
from tthc_xl.sheets.base import Shipped

DOSSIER = {"dossier_id": "D1", "procedure_code": "1.001193", "received_at": "05/01/2026 08:00"}


def sheets_of(path):
    wb = CalamineWorkbook.from_path(str(path))
    return {n: wb.get_sheet_by_name(n).to_python() for n in wb.sheet_names}


def test_a_register_of_hoso_alone_gets_its_context_sheets_with_their_defaults(tmp_path):
    path = write_xlsx(tmp_path / "So.xlsx", rows_of(DOSSIER), sheet="HoSo")
    book = FileBook(path, backups=0)
    for module in (register, catalog, holidays, settings, import_errors, audit):
        module.SHEET.complete(book)
    book.save()
    found = sheets_of(path)
    assert list(found) == ["HoSo", "DanhMuc", "NgayNghi", "CauHinh"]  # no empty logs made
    assert found["CauHinh"][0] == ["Mục", "Giá trị", "Giải thích"]
    labels = [r[0] for r in found["CauHinh"][1:]]
    assert "Tên đơn vị" in labels and "Số bản sao lưu giữ lại" in labels
    assert len(found["DanhMuc"]) > 10 and found["NgayNghi"][0][:2] == ["Ngày", "Loại"]
    ws = openpyxl.load_workbook(path)["HoSo"]
    assert int(ws.page_setup.paperSize) == 9 and ws.print_title_rows == "$1:$1"


def test_a_plain_context_sheet_keeps_its_data_and_gets_a_header(tmp_path):
    path = write_xlsx(tmp_path / "So.xlsx", rows_of(DOSSIER), sheet="HoSo")
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("CauHinh")
    ws.append(["Mục", "Giá trị"])
    ws.append(["Tên đơn vị", "UBND xã Riêng"])
    wb.save(path)
    book = FileBook(path, backups=0)
    settings.SHEET.complete(book)
    book.save()
    ws = openpyxl.load_workbook(path)["CauHinh"]
    assert ws["A1"].font.b and ws["B2"].value == "UBND xã Riêng" and ws.max_row == 2


def test_the_logs_get_their_page_set_up_where_they_are(tmp_path):
    path = write_xlsx(tmp_path / "So.xlsx", rows_of(DOSSIER), sheet="HoSo")
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("NhatKy").append(list(AUDIT_HEADERS))
    wb.save(path)
    book = FileBook(path, backups=0)
    audit.SHEET.complete(book)
    book.save()
    ws = openpyxl.load_workbook(path)["NhatKy"]
    assert ws.page_setup.orientation == "landscape" and ws["A1"].value == AUDIT_HEADERS[0]


def test_each_data_sheet_has_its_look_in_the_shipped_workbook(draw):
    shipped = Shipped({}, report_template=template_page())
    hoso = draw(build=lambda ws: register.SHEET.build(ws, shipped), sheet="HoSo")
    assert [c.value for c in hoso.ws[1]] == [c.header for c in COLUMNS]
    assert list(hoso.ws.tables) == ["HoSo"] and register.SHEET.takes_over == "Sheet1"
    errors = draw(build=lambda ws: import_errors.SHEET.build(ws, shipped), sheet="LoiNhap")
    assert tuple(errors.rows[0]) == IMPORT_ERROR_HEADERS and errors.ws["A1"].font.b
    conf = draw(build=lambda ws: xlwings_conf.SHEET.build(ws, shipped), sheet="xlwings.conf")
    assert conf.value("B2") == XLWINGS_UDF_MODULES and xlwings_conf.SHEET.takes_over
    assert int(conf.ws.page_setup.paperSize) == 9 and conf.ws.page_setup.fitToWidth == 1  # A4
    wording = draw(build=lambda ws: report_template.SHEET.build(ws, shipped), sheet="MauBaoCao")
    header = next(r for r in range(1, 10) if wording.value(f"A{r}") == "Loại dòng")
    assert wording.ws[f"A{header}"].font.b and wording.value(f"D{header}") == "Chỗ trống"
    assert wording.ws.column_dimensions["B"].width == 100

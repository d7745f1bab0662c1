"""Every sheet, table and header name of the workbook, in one place.

The names are the workbook's contract with the clerk (and with workbooks already in the
field), so every room that reads or writes a sheet takes them from here; importing this
module costs nothing (no openpyxl, no calamine).
"""

from __future__ import annotations

from collections.abc import Iterable

from tthc_xl.rules.text import fold

SHEET_REGISTER = "HoSo"
SHEET_CATALOG = "DanhMuc"
SHEET_HOLIDAYS = "NgayNghi"
SHEET_SETTINGS = "CauHinh"
SHEET_KPI = "KPI"
SHEET_WARNINGS = "CanhBao"
SHEET_REPORT = "BaoCao"
# The report's wording: the clerk's own sentences with {placeholders} (report/template.py).
SHEET_REPORT_TEMPLATE = "MauBaoCao"
SHEET_BIEU06 = "Bieu06"
# The register beside the portal's list: the dossiers where the two truths differ.
SHEET_RECONCILE = "DoiSoat"
SHEET_IMPORT_ERRORS = "LoiNhap"
SHEET_AUDIT = "NhatKy"
# Optional: spellings a clerk adds for a new system's export, without code (see importer).
SHEET_MAPPING = "AnhXaCot"
SHEET_XLWINGS = "xlwings.conf"

REGISTER_TABLE = "HoSo"
KPI_TABLE_REF = "HoSo[#All]"

HOLIDAY_HEADERS = ("Ngày", "Loại", "Ghi chú")
KPI_HEADERS = ("Chỉ tiêu", "Công thức (tự cập nhật)", "Lần cập nhật gần nhất", "Kế hoạch")
WARNING_HEADERS = (
    "Mã hồ sơ",
    "Tên thủ tục",
    "Lĩnh vực",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Tình trạng",
    "Cảnh báo",
)
IMPORT_ERROR_HEADERS = (
    "Thời gian nhập",
    "Tệp",
    "Dòng",
    "Cột",
    "Giá trị",
    "Lý do",
    "Dữ liệu gốc của dòng",
)
RECONCILE_HEADERS = (
    "Mã hồ sơ",
    "Tên thủ tục",
    "Lý do",
    "Sổ: hẹn trả",
    "Sổ: có kết quả",
    "Sổ: kết quả",
    "Cổng: hẹn trả",
    "Cổng: có kết quả",
    "Cổng: kết quả",
    "Điểm mất trên Cổng",
)
AUDIT_HEADERS = ("Thời gian", "Tệp", "Mã hồ sơ", "Trường", "Giá trị cũ", "Giá trị mới")
TEMPLATE_HEADERS = ("Loại dòng", "Nội dung (sửa tự do; giữ nguyên các {chỗ trống})")
PLACEHOLDER_HEADERS = ("Chỗ trống", "Ý nghĩa")
MAPPING_HEADERS = ("Tên cột trong tệp", "Cột của sổ")

Rows = list[list[object]]


def find_sheet(names: Iterable[str], wanted: str) -> str | None:
    """The workbook's own name for sheet `wanted`: the one sheet-name rule.

    Case, accents and spacing are ignored ("Cau hinh", "CAUHINH" and "CauHinh" are one
    sheet), because clerks rename tabs by hand; an exact match wins over a folded one.
    """
    names = list(names)
    if wanted in names:
        return wanted
    key = fold(wanted)
    return next((n for n in names if fold(n) == key), None)

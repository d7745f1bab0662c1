"""MauBaoCao: the report's wording, owned by the clerk.

Each row of the sheet is one line of the report, in order: a kind in column A (see
`KINDS`) and a text in column B, which may hold placeholders such as ``{tong_tiep_nhan}``.
The clerk rewrites, adds, moves or deletes rows without Python. Every figure of Section II,
of the QĐ 766 block and of the forecast has a placeholder (`PLACEHOLDERS`, listed on the
sheet with what each means). An unknown placeholder or kind stops the report before
anything is written, with a message that lists the valid ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tthc_xl.book.names import (
    PLACEHOLDER_HEADERS,
    SHEET_REPORT_TEMPLATE,
    TEMPLATE_HEADERS,
)
from tthc_xl.report.blocks import CELL_MAX_CHARS, ROW_MAX_PT, paragraph_height
from tthc_xl.report.two_truths import PLACEHOLDERS as TWO_TRUTHS_PLACEHOLDERS
from tthc_xl.rules.index766 import (
    OWN_PLACEHOLDERS,
    PORTAL_PLACEHOLDERS,
    PORTAL_TOTAL_PLACEHOLDER,
    TOTAL_PLACEHOLDER,
)
from tthc_xl.rules.scorecard import TOTAL_766, points_text
from tthc_xl.rules.text import fold
from tthc_xl.rules.values import cell_text
from tthc_xl.style.numbers import DASH, thousands

# Row kinds: what each line of the template becomes in BaoCao and in Word.
KIND_NUMBER = "Số"  # the document number: Số: 05/BC-UBND
KIND_DATE = "Ngày"  # the date line's date (dd/mm/yyyy); blank = the day the report is made
KIND_TITLE = "Tiêu đề"  # BÁO CÁO
KIND_SUMMARY = "Trích yếu"  # the line under the title
KIND_HEADING = "Mục"  # a section heading (I. ..., 1. ...)
KIND_PARAGRAPH = "Đoạn"  # a paragraph
KIND_TABLE_766 = "Bảng 766"  # where the QĐ 766 table and the portal comparison go
KIND_CHARTS = "Biểu đồ"  # where the charts go
KIND_FORECAST = "Dự báo"  # where the forecast goes
KIND_RECIPIENT = "Nơi nhận"  # one recipient a row
KIND_SIGN_FOR = "Ký thay"  # KT. CHỦ TỊCH
KIND_SIGN_TITLE = "Chức vụ"  # PHÓ CHỦ TỊCH
KIND_SIGNER = "Người ký"  # the signer's name
KINDS: tuple[str, ...] = (
    KIND_NUMBER,
    KIND_DATE,
    KIND_TITLE,
    KIND_SUMMARY,
    KIND_HEADING,
    KIND_PARAGRAPH,
    KIND_TABLE_766,
    KIND_CHARTS,
    KIND_FORECAST,
    KIND_RECIPIENT,
    KIND_SIGN_FOR,
    KIND_SIGN_TITLE,
    KIND_SIGNER,
)
_KIND_BY_FOLD = {fold(k): k for k in KINDS}

# (placeholder, what it means): the sheet lists them; the report fills them.
PLACEHOLDERS: tuple[tuple[str, str], ...] = (
    ("ky_bao_cao", "Kỳ báo cáo, ví dụ: Quý I năm 2026"),
    ("tu_ngay", "Ngày đầu kỳ (dd/mm/yyyy)"),
    ("den_ngay", "Ngày cuối kỳ (dd/mm/yyyy)"),
    ("tinh_den", "Thời điểm lấy số liệu (dd/mm/yyyy HH:MM)"),
    ("don_vi", "Tên đơn vị (CauHinh)"),
    ("dia_danh", "Địa danh (CauHinh)"),
    ("co_quan_cap_tren", "Cơ quan cấp trên (CauHinh)"),
    ("tong_tiep_nhan", "Tổng số hồ sơ nhận giải quyết (kỳ trước chuyển sang + mới)"),
    ("tu_ky_truoc", "Hồ sơ từ kỳ trước chuyển sang"),
    ("tiep_nhan_moi", "Hồ sơ tiếp nhận mới trong kỳ"),
    ("truc_tuyen", "Hồ sơ tiếp nhận mới trực tuyến"),
    ("truc_tiep", "Hồ sơ tiếp nhận mới trực tiếp"),
    ("buu_chinh", "Hồ sơ tiếp nhận mới qua bưu chính công ích"),
    ("da_giai_quyet", "Hồ sơ đã giải quyết"),
    ("truoc_han", "Hồ sơ giải quyết trước hạn"),
    ("dung_han", "Hồ sơ giải quyết đúng hạn"),
    ("qua_han", "Hồ sơ giải quyết quá hạn"),
    ("dang_giai_quyet", "Hồ sơ đang giải quyết"),
    ("dang_trong_han", "Hồ sơ đang giải quyết trong hạn"),
    ("dang_qua_han", "Hồ sơ đang giải quyết quá hạn"),
    ("sap_den_han", "Hồ sơ sắp đến hạn"),
    ("ty_le_truc_tuyen", "Tỷ lệ tiếp nhận trực tuyến, ví dụ 99,96%"),
    ("truc_tuyen_tren_tong", "Trực tuyến trên tổng tiếp nhận mới, ví dụ 2.907/2.908"),
    ("ty_le_truoc_han", "Tỷ lệ giải quyết trước hạn (trên số đã giải quyết)"),
    ("ty_le_dung_han", "Tỷ lệ giải quyết đúng hạn (trên số đã giải quyết)"),
    ("ty_le_dung_va_truoc_han", "Tỷ lệ giải quyết đúng và trước hạn"),
    ("ty_le_qua_han", "Tỷ lệ giải quyết quá hạn"),
    ("chi_tieu_truc_tuyen", "Chỉ tiêu tiếp nhận trực tuyến (CauHinh)"),
    ("chi_tieu_truoc_han", "Chỉ tiêu trả kết quả trước hạn (CauHinh)"),
    ("chi_tieu_dung_han", "Chỉ tiêu trả kết quả đúng hạn (CauHinh)"),
    ("dat_truc_tuyen", "'đạt chỉ tiêu' hoặc 'chưa đạt chỉ tiêu' tiếp nhận trực tuyến"),
    ("dat_truoc_han", "'đạt chỉ tiêu' hoặc 'chưa đạt chỉ tiêu' trả kết quả trước hạn"),
    ("dat_dung_han", "'đạt chỉ tiêu' hoặc 'chưa đạt chỉ tiêu' đúng và trước hạn"),
    ("ky_truoc", "Kỳ trước cùng độ dài, ví dụ Quý IV năm 2025"),
    ("tong_ky_truoc", "Tổng số hồ sơ nhận giải quyết kỳ trước"),
    ("chenh_lech_tong", "So với kỳ trước, ví dụ: tăng 120 hồ sơ (4,30%)"),
    ("ty_le_truc_tuyen_ky_truoc", "Tỷ lệ tiếp nhận trực tuyến kỳ trước"),
    ("chenh_lech_truc_tuyen", "Thay đổi tỷ lệ trực tuyến, ví dụ: tăng 0,50 điểm phần trăm"),
    ("da_giai_quyet_ky_truoc", "Hồ sơ đã giải quyết kỳ trước"),
    ("ty_le_truoc_han_ky_truoc", "Tỷ lệ giải quyết trước hạn kỳ trước"),
    ("thu_nam", "Hồ sơ mô hình 'Ngày thứ Năm không hẹn' (nhận thứ Năm, trả trong ngày)"),
    ("tai_nha", "Hồ sơ tiếp nhận tại nhà"),
    *OWN_PLACEHOLDERS,  # the QĐ 766 groups' and parts' own points, from the scorecard
    (TOTAL_PLACEHOLDER, f"Tổng điểm 766 ({points_text(TOTAL_766)}); '—' khi còn nhóm chưa nhập"),
    ("xep_hang", "Xếp hạng trên Cổng DVCQG (CauHinh), ví dụ 20/114"),
    *PORTAL_PLACEHOLDERS,
    (PORTAL_TOTAL_PLACEHOLDER, "Tổng điểm Cổng DVCQG công bố (CauHinh)"),
    ("da_dong_bo", "Hồ sơ mới trong kỳ đã đồng bộ DVCQG"),
    ("ty_le_dong_bo", "Tỷ lệ hồ sơ mới trong kỳ đã đồng bộ DVCQG"),
    ("ty_le_truc_tuyen_cong_thay", "Tỷ lệ trực tuyến Cổng sẽ thấy (trực tuyến × đồng bộ)"),
    ("diem_dvc_cong_thay", "Điểm Dịch vụ công trực tuyến Cổng sẽ thấy"),
    *TWO_TRUTHS_PLACEHOLDERS,  # the register beside the portal's list (report/two_truths.py)
    ("du_bao_diem_dung_han", "Dự báo điểm Tiến độ nếu mọi hồ sơ đang giải quyết xong đúng hạn"),
    ("du_bao_diem_neu_tre", "Dự báo điểm Tiến độ nếu các hồ sơ sắp đến hạn bị trễ"),
    ("ky_tiep_theo", "Kỳ tiếp theo, ví dụ: Quý II năm 2026"),
    ("ky_tiep_theo_in_hoa", "Kỳ tiếp theo in hoa, ví dụ: QUÝ II NĂM 2026 (dùng ở tên mục)"),
    ("ke_hoach", "Kế hoạch số … ngày … (CauHinh: Số kế hoạch, Ngày kế hoạch)"),
    ("nguoi_ky", "Họ và tên người ký (CauHinh: Người ký)"),
    ("uu_diem", "Ưu điểm chọn theo số liệu: các chỉ tiêu đạt, không có hồ sơ quá hạn…"),
    ("ton_tai", "Tồn tại chọn theo số liệu: các chỉ tiêu chưa đạt, hồ sơ quá hạn…"),
    ("so_bao_cao", "Số báo cáo (dòng 'Số' ở trên)"),
    ("ngay_bao_cao", "Ngày báo cáo (dd/mm/yyyy)"),
)
PLACEHOLDER_NAMES: frozenset[str] = frozenset(name for name, _ in PLACEHOLDERS)
_FIELD = re.compile(r"\{([^{}]*)\}")

# Conditions of "[[điều_kiện|văn bản khi đúng|văn bản khi sai]]" (the last part may be left
# out): the report keeps the part the figures choose. Besides these, "co_<chỗ trống>" is
# true when that placeholder has a figure (e.g. [[co_xep_hang|Xếp hạng: {xep_hang}.]]).
CONDITIONS: tuple[tuple[str, str], ...] = (
    ("dat_truc_tuyen", "Tỷ lệ tiếp nhận trực tuyến đạt chỉ tiêu"),
    ("dat_truoc_han", "Tỷ lệ giải quyết trước hạn đạt chỉ tiêu"),
    ("dat_dung_han", "Tỷ lệ giải quyết đúng và trước hạn đạt chỉ tiêu"),
    ("co_qua_han", "Có hồ sơ giải quyết quá hạn trong kỳ"),
    ("co_dang_qua_han", "Có hồ sơ đang giải quyết quá hạn"),
    ("co_ky_truoc", "Sổ có đủ số liệu kỳ trước để so sánh (xem docs/rules.md)"),
    ("tang_tong", "Tổng số hồ sơ tăng so với kỳ trước"),
    ("tang_truc_tuyen", "Tỷ lệ trực tuyến tăng so với kỳ trước"),
    ("ky_da_ket_thuc", "Kỳ báo cáo đã kết thúc (số liệu chính thức)"),
    ("ky_co_ten", "Kỳ báo cáo là quý, tháng, 6 tháng hoặc năm (không phải khoảng ngày tự chọn)"),
)
CONDITION_NAMES: frozenset[str] = frozenset(
    [name for name, _ in CONDITIONS] + [f"co_{name}" for name in PLACEHOLDER_NAMES]
)
_CHOICE = re.compile(r"\[\[([^\[\]|]*)\|([^\[\]|]*)(?:\|([^\[\]|]*))?\]\]")
UNKNOWN = "chưa có số liệu"  # what prose says for a figure not known
_UNKNOWN_MARK = "\x00"
# a figure not known, with the "/18" or "/18 điểm" of its maximum that would follow it
_UNKNOWN_FIGURE = re.compile(_UNKNOWN_MARK + r"(?:/\d+(?:[.,]\d+)?)?")

SEED_TEMPLATE: tuple[tuple[str, str], ...] = (
    (KIND_NUMBER, ""),
    (KIND_DATE, ""),
    (KIND_TITLE, "BÁO CÁO"),
    (KIND_SUMMARY, "Kết quả giải quyết thủ tục hành chính {ky_bao_cao}"),
    (
        KIND_PARAGRAPH,
        "[[co_ke_hoach|Thực hiện {ke_hoach}, ]]{don_vi} báo cáo kết quả giải quyết thủ tục "
        "hành chính {ky_bao_cao}[[ky_co_ten| (từ ngày {tu_ngay} đến ngày {den_ngay})]] như sau:",
    ),
    (KIND_HEADING, "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, ĐIỀU HÀNH"),
    (
        KIND_PARAGRAPH,
        "Ủy ban nhân dân xã quan tâm chỉ đạo Trung tâm Phục vụ hành chính công xã thực hiện "
        "nghiêm cơ chế một cửa, một cửa liên thông theo Nghị định số 118/2025/NĐ-CP; niêm yết "
        "công khai đầy đủ thủ tục hành chính; hướng dẫn người dân nộp hồ sơ trực tuyến.",
    ),
    (KIND_HEADING, "II. KẾT QUẢ THỰC HIỆN"),
    (KIND_HEADING, "1. Kết quả giải quyết hồ sơ trước hạn, đúng hạn"),
    (
        KIND_PARAGRAPH,
        "Trong {ky_bao_cao}, Trung tâm Phục vụ hành chính công xã tiếp nhận {tong_tiep_nhan} "
        "hồ sơ (từ kỳ trước chuyển sang {tu_ky_truoc} hồ sơ; tiếp nhận mới {tiep_nhan_moi} hồ "
        "sơ, trong đó trực tuyến {truc_tuyen} hồ sơ, trực tiếp {truc_tiep} hồ sơ, qua dịch vụ "
        "bưu chính công ích {buu_chinh} hồ sơ). [[co_ky_truoc|So với {ky_truoc} "
        "({tong_ky_truoc} hồ sơ), số hồ sơ {chenh_lech_tong}.|Sổ chưa có đủ số liệu "
        "{ky_truoc} nên không có số liệu để so sánh với kỳ trước.]]",
    ),
    (
        KIND_PARAGRAPH,
        "Đã giải quyết {da_giai_quyet} hồ sơ, trong đó trước hạn {truoc_han} hồ sơ, đạt "
        "{ty_le_truoc_han} (chỉ tiêu {chi_tieu_truoc_han}: {dat_truoc_han}); đúng hạn "
        "{dung_han} hồ sơ; [[co_qua_han|quá hạn {qua_han} hồ sơ|không có hồ sơ quá hạn]]. "
        "Tỷ lệ giải quyết đúng và trước hạn đạt {ty_le_dung_va_truoc_han} ({dat_dung_han}). "
        "Hiện còn {dang_trong_han} hồ sơ đang giải quyết trong hạn[[co_dang_qua_han| và "
        "{dang_qua_han} hồ sơ đang giải quyết quá hạn (danh sách ở sheet CanhBao)|, không có "
        "hồ sơ đang giải quyết quá hạn]].",
    ),
    (KIND_HEADING, "2. Tiếp nhận hồ sơ trực tuyến"),
    (
        KIND_PARAGRAPH,
        "Số hồ sơ tiếp nhận trực tuyến: {truc_tuyen_tren_tong} hồ sơ, đạt {ty_le_truc_tuyen} "
        "(chỉ tiêu tối thiểu {chi_tieu_truc_tuyen}: {dat_truc_tuyen}).[[co_ky_truoc| So "
        "với {ky_truoc} ({ty_le_truc_tuyen_ky_truoc}), tỷ lệ {chenh_lech_truc_tuyen}.]]",
    ),
    (
        KIND_PARAGRAPH,
        "Mô hình “Ngày thứ Năm không hẹn”: {thu_nam} hồ sơ được tiếp nhận và trả kết quả ngay "
        "trong ngày thứ Năm. Mô hình tiếp nhận hồ sơ, trả kết quả tại nhà: {tai_nha} hồ sơ.",
    ),
    (KIND_CHARTS, ""),
    (KIND_HEADING, "3. Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)"),
    (
        KIND_PARAGRAPH,
        "Theo số liệu của xã, điểm Tiến độ giải quyết đạt {diem_tien_do}/20 điểm; điểm Dịch vụ "
        "công trực tuyến đạt {diem_dvc_truc_tuyen}/12 điểm[[co_diem_hai_long|; điểm Mức độ "
        "hài lòng đạt {diem_hai_long}/18 điểm]][[co_tong_diem_766|; tổng điểm "
        "{tong_diem_766}/100 điểm|; tổng điểm chưa tính được vì còn nhóm chỉ số chưa nhập ở "
        "CauHinh]].[[co_xep_hang| Xếp hạng trên Cổng Dịch vụ công quốc gia: {xep_hang}.]]",
    ),
    (KIND_PARAGRAPH, "{doi_soat}"),
    (KIND_TABLE_766, ""),
    (KIND_FORECAST, ""),
    (KIND_HEADING, "III. ĐÁNH GIÁ CHUNG"),
    (KIND_PARAGRAPH, "1. Ưu điểm: {uu_diem}."),
    (
        KIND_PARAGRAPH,
        "2. Tồn tại, hạn chế: {ton_tai}. Cán bộ phải thao tác trên nhiều hệ thống phần mềm "
        "của các bộ, ngành, mỗi hệ thống một tài khoản, một giao diện; dữ liệu phân tán, chưa "
        "đồng bộ. Chỉ số trên Cổng Dịch vụ công quốc gia phụ thuộc mức độ đồng bộ hồ sơ.",
    ),
    (
        KIND_PARAGRAPH,
        "3. Nguyên nhân và giải pháp: theo dõi hằng ngày hồ sơ sắp đến hạn, quá hạn (sheet "
        "CanhBao); rà soát, đồng bộ đầy đủ hồ sơ lên Cổng Dịch vụ công quốc gia.",
    ),
    (KIND_HEADING, "IV. NHIỆM VỤ TRỌNG TÂM {ky_tiep_theo_in_hoa}"),
    (
        KIND_PARAGRAPH,
        "[[dat_dung_han|Tiếp tục duy trì tỷ lệ hồ sơ giải quyết đúng và trước hạn|Nâng tỷ lệ "
        "hồ sơ giải quyết đúng và trước hạn, giải quyết dứt điểm hồ sơ quá hạn]]; "
        "[[dat_truc_tuyen|duy trì tỷ lệ tiếp nhận trực tuyến trên {chi_tieu_truc_tuyen}|nâng "
        "tỷ lệ tiếp nhận trực tuyến lên ít nhất {chi_tieu_truc_tuyen}]]; nâng cao tỷ lệ hồ sơ "
        "trực tuyến toàn trình và thanh toán trực tuyến; duy trì mô hình “Ngày thứ Năm không "
        "hẹn” và tiếp nhận hồ sơ tại nhà.",
    ),
    (
        KIND_PARAGRAPH,
        "Trên đây là báo cáo kết quả giải quyết thủ tục hành chính {ky_bao_cao} của {don_vi}./.",
    ),
    (KIND_RECIPIENT, "[[co_co_quan_cap_tren|- {co_quan_cap_tren};]]"),
    (KIND_RECIPIENT, "- TT Đảng ủy, HĐND xã;"),
    (KIND_RECIPIENT, "- Chủ tịch, các PCT UBND xã;"),
    (KIND_RECIPIENT, "- Lưu: VT, TTPVHCC."),
    (KIND_SIGN_FOR, "KT. CHỦ TỊCH"),
    (KIND_SIGN_TITLE, "PHÓ CHỦ TỊCH"),
    (KIND_SIGNER, "{nguoi_ky}"),
)

TEMPLATE_FIRST_ROW = 4  # rows 1-2: title and how to use; row 3: headers
PLACEHOLDER_COLUMN = 4  # D: the list of placeholders, E: what each means


class TemplateError(ValueError):
    """The template cannot be used: nothing is written."""


@dataclass(frozen=True)
class Line:
    kind: str
    text: str
    row: int  # the sheet row, for messages


def parse(rows: Sequence[Sequence[object]]) -> list[Line]:
    """The template lines of MauBaoCao rows; an unknown kind or placeholder raises."""
    lines: list[Line] = []
    bad_kinds: list[str] = []
    bad_fields: list[str] = []
    for number, row in enumerate(rows, start=1):
        if number < TEMPLATE_FIRST_ROW:
            continue
        kind_text = cell_text(row[0]) if row else ""
        text = cell_text(row[1]) if len(row) > 1 else ""
        if not kind_text:
            continue
        kind = _KIND_BY_FOLD.get(fold(kind_text))
        if kind is None:
            bad_kinds.append(f"dòng {number}: '{kind_text}'")
            continue
        for name in _FIELD.findall(text):
            if name.strip() not in PLACEHOLDER_NAMES:
                bad_fields.append(f"dòng {number}: {{{name}}}")
        for match in _CHOICE.finditer(text):
            if match.group(1).strip() not in CONDITION_NAMES:
                bad_fields.append(f"dòng {number}: [[{match.group(1)}|…]] (điều kiện lạ)")
        if "[[" in _CHOICE.sub("", text) or "]]" in _CHOICE.sub("", text):
            bad_fields.append(f"dòng {number}: [[…]] chưa đúng dạng [[điều_kiện|khi đúng|khi sai]]")
        lines.append(Line(kind, text, number))
    problems = []
    if bad_fields:
        problems.append(
            f"Sheet {SHEET_REPORT_TEMPLATE} có chỗ trống không hợp lệ ("
            + "; ".join(bad_fields)
            + "). Các chỗ trống hợp lệ: "
            + ", ".join("{" + n + "}" for n, _ in PLACEHOLDERS)
            + "; điều kiện hợp lệ: "
            + ", ".join(n for n, _ in CONDITIONS)
            + ", co_<chỗ trống>."
        )
    if bad_kinds:
        problems.append(
            f"Sheet {SHEET_REPORT_TEMPLATE} có loại dòng không hợp lệ ("
            + "; ".join(bad_kinds)
            + "). Các loại dòng hợp lệ: "
            + ", ".join(KINDS)
            + "."
        )
    problems += _limit_problems(lines)
    if problems:
        raise TemplateError(" ".join(problems) + " Chưa có gì được ghi.")
    if not lines:
        raise TemplateError(
            f"Sheet {SHEET_REPORT_TEMPLATE} không có dòng nào (từ dòng {TEMPLATE_FIRST_ROW}, "
            f"cột A là loại dòng, cột B là nội dung). Chưa có gì được ghi."
        )
    return lines


def _limit_problems(lines: Sequence[Line]) -> list[str]:
    """Rows Excel would cut without a word: longer than a cell holds, or taller than a row
    can be in BaoCao."""
    too_long = [ln for ln in lines if len(ln.text) > CELL_MAX_CHARS]
    too_tall = [
        ln
        for ln in lines
        if len(ln.text) <= CELL_MAX_CHARS and paragraph_height(ln.text) > ROW_MAX_PT
    ]
    problems = []
    if too_long:
        problems.append(
            f"Sheet {SHEET_REPORT_TEMPLATE} có dòng dài quá {thousands(CELL_MAX_CHARS)} ký tự, "
            "mức một ô Excel chứa được (Excel sẽ cắt bớt): "
            + "; ".join(f"dòng {ln.row} ({thousands(len(ln.text))} ký tự)" for ln in too_long)
            + ". Hãy chia nội dung ra nhiều dòng, mỗi dòng một đoạn."
        )
    if too_tall:
        problems.append(
            f"Sheet {SHEET_REPORT_TEMPLATE} có đoạn quá dài cho một dòng của sheet BaoCao (cao "
            f"hơn {ROW_MAX_PT:.0f} pt, mức Excel cho phép, nên phần cuối sẽ bị che): "
            + "; ".join(f"dòng {ln.row} ({thousands(len(ln.text))} ký tự)" for ln in too_tall)
            + ". Hãy chia đoạn đó thành nhiều dòng loại Đoạn."
        )
    return problems


def choose(text: str, conditions: dict[str, bool | None]) -> str:
    """Keep the part of each [[condition|if true|if false]] the figures choose; a condition
    with no answer (no figure to judge) keeps neither, so nothing false is said."""

    def pick(m: re.Match[str]) -> str:
        answer = conditions.get(m.group(1).strip())
        if answer is None:
            return ""
        return m.group(2) if answer else (m.group(3) or "")

    return _CHOICE.sub(pick, text)


def conditions_of(
    values: dict[str, str], figured: dict[str, bool | None]
) -> dict[str, bool | None]:
    """The named conditions and co_<placeholder>: whether each placeholder has a figure."""
    known = {f"co_{name}": bool(v.strip()) and v.strip() != DASH for name, v in values.items()}
    return {**known, **figured}


def fill(
    text: str, values: dict[str, str], conditions: dict[str, bool | None] | None = None
) -> str:
    """The line's words: choices made, each {placeholder} replaced; a figure not known reads
    "chưa có số liệu" (with its "/18" dropped); parse() has already refused unknown names."""
    if conditions is not None:
        text = choose(text, conditions)

    def value(m: re.Match[str]) -> str:
        v = values[m.group(1).strip()]
        return _UNKNOWN_MARK if v.strip() == DASH else v

    text = _FIELD.sub(value, text)
    return _UNKNOWN_FIGURE.sub(UNKNOWN, text)


def sheet_rows() -> list[list[object]]:
    """The default MauBaoCao, as rows: title, how to use, headers, the seed's lines."""
    head: list[list[object]] = [
        ["MẪU BÁO CÁO: LỜI VĂN CỦA BÁO CÁO QUÝ (sửa tự do, không cần lập trình)"],
        [
            "Mỗi dòng là một dòng của báo cáo, theo thứ tự. Cột A: loại dòng ("
            + ", ".join(KINDS)
            + "). Cột B: nội dung; {chỗ trống} được thay bằng số liệu (danh sách ở cột D). "
            "Câu chọn theo số liệu: [[điều_kiện|văn bản khi đúng|văn bản khi sai]], ví dụ "
            "[[dat_truc_tuyen|đạt chỉ tiêu|chưa đạt chỉ tiêu]]; phần 'khi sai' có thể bỏ; "
            "điều kiện co_<chỗ trống> đúng khi chỗ trống đó có số liệu (danh sách điều kiện "
            "ở cột D, dưới các chỗ trống). Số liệu chưa có được ghi 'chưa có số liệu'; dòng "
            "trống sau khi chọn thì bỏ."
        ],
        list(TEMPLATE_HEADERS),
    ]
    return head + [[kind, text] for kind, text in SEED_TEMPLATE]


def placeholder_rows() -> list[list[object]]:
    """Columns D:E of MauBaoCao: every placeholder and what it means."""
    rows: list[list[object]] = [list(PLACEHOLDER_HEADERS)]
    rows += [["{" + n + "}", m] for n, m in PLACEHOLDERS]
    rows += [[], ["Điều kiện [[…|…|…]]", "Đúng khi"]]
    rows += [[n, m] for n, m in CONDITIONS]
    return rows + [["co_<chỗ trống>", "Chỗ trống đó có số liệu, ví dụ co_xep_hang"]]

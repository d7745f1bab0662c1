"""The report's figures, worded: every placeholder's text, and the QĐ 766 table.

Every number comes from the engine (`Result`) and the rules (forecast, portal view,
service models), and is written with style/numbers.py; nothing here applies a rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tthc_xl.rules import indicators as ind
from tthc_xl.rules import settings as settings_mod
from tthc_xl.rules.engine import Result
from tthc_xl.rules.forecast import Forecast
from tthc_xl.rules.labels import GROUP_766, GROUPS_766, TOTAL_766, points_text
from tthc_xl.rules.portal import PortalView
from tthc_xl.rules.settings import Settings
from tthc_xl.style.numbers import DASH, count, points, thousands, truncate
from tthc_xl.style.numbers import rate as percent

COMPUTED = "Tính từ sổ"
TYPED = "Nhập tay"
PART_COMPUTED = "Tính từ sổ (phần 1) + nhập tay"


@dataclass(frozen=True)
class Row766:
    key: str
    name: str
    max_points: float
    own: float | None
    source: str  # COMPUTED / TYPED / PART_COMPUTED
    portal: float | None  # as the portal published it (typed)
    seen: float | None  # as the portal will see it (computed), where it differs


def table_766(result: Result, settings: Settings, view: PortalView) -> list[Row766]:
    """The six groups of QĐ 766 with the commune's own points, the portal's and its view."""
    s = settings

    def typed(label: str) -> float | None:
        return settings_mod.typed_number(s, label)

    complaint_share = typed(settings_mod.COMPLAINT_SHARE_LABEL) or 0.0
    sat1 = ind.satisfaction_points(result.counts, complaint_share)
    complaint = [
        typed(settings_mod.complaint_label(k)) for k in ("complaint_handling", "complaint_time")
    ]
    satisfaction = None if sat1 is None or None in complaint else sat1 + sum(complaint)  # type: ignore[arg-type]
    own = {
        "progress": (result.progress_points, COMPUTED),
        "online_service": (result.online_service.points, COMPUTED),
        "satisfaction": (satisfaction, PART_COMPUTED),
    }
    rows = []
    for g in GROUPS_766:
        value, source = own.get(g.key, (None, TYPED))
        if g.key in settings_mod.TYPED_GROUPS_766:
            value = typed(settings_mod.own_766_label(g.key))
        seen = view.online_service_seen if g.key == "online_service" else None
        rows.append(
            Row766(
                g.key,
                g.name,
                g.max_points,
                value,
                source,
                typed(settings_mod.portal_766_label(g.key)),
                seen,
            )
        )
    return rows


def total_766(rows: list[Row766]) -> float | None:
    values = [r.own for r in rows]
    return None if None in values else sum(v for v in values if v is not None)


def achieved(rate: float | None, target: float) -> str:
    """Set against the plan target: truncated first, so 94,996% never meets 95%."""
    if rate is None:
        return "chưa có số liệu"
    return "đạt chỉ tiêu" if truncate(rate * 100) >= truncate(target * 100) else "chưa đạt chỉ tiêu"


def change_count(now: int, before: int) -> str:
    if now == before:
        return "không thay đổi"
    word = "tăng" if now > before else "giảm"
    rel = ind.ratio(abs(now - before), before)
    tail = f" ({percent(rel)})" if rel is not None else ""
    return f"{word} {count(abs(now - before))} hồ sơ{tail}"


def change_rate(now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return "chưa so sánh được"
    diff = (now - before) * 100
    if truncate(abs(diff)) == 0:
        return "không thay đổi"
    return f"{'tăng' if diff > 0 else 'giảm'} {points(abs(diff))} điểm phần trăm"


def date_line(place: str, day: dt.date) -> str:
    """'Xã Tuệ Tĩnh, ngày 05 tháng 4 năm 2026': day under 10 and months 1, 2 take a zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def values(
    result: Result,
    previous: Result,
    settings: Settings,
    view: PortalView,
    outlook: Forecast,
    rows766: list[Row766],
    thursday: int,
    home: int,
    number: str,
    day: dt.date,
) -> dict[str, str]:
    """Every placeholder's text (template.PLACEHOLDERS)."""
    c, r = result.counts, result.rates
    pc, pr = previous.counts, previous.rates
    p = result.period
    s = settings
    by_key = {row.key: row for row in rows766}
    sat1 = ind.satisfaction_points(
        c, settings_mod.typed_number(s, settings_mod.COMPLAINT_SHARE_LABEL) or 0.0
    )

    def typed(label: str) -> str:
        return points(settings_mod.typed_number(s, label))

    total = total_766(rows766)
    return {
        "ky_bao_cao": p.describe(),
        "tu_ngay": f"{p.first_day:%d/%m/%Y}",
        "den_ngay": f"{p.last_day:%d/%m/%Y}",
        "tinh_den": f"{result.as_of:%d/%m/%Y %H:%M}",
        "don_vi": s.unit_name,
        "dia_danh": s.place,
        "co_quan_cap_tren": s.parent_body,
        "tong_tiep_nhan": count(c["total"]),
        "tu_ky_truoc": count(c["carried_over"]),
        "tiep_nhan_moi": count(c["received_new"]),
        "truc_tuyen": count(c["received_online"]),
        "truc_tiep": count(c["received_direct"]),
        "buu_chinh": count(c["received_postal"]),
        "da_giai_quyet": count(c["resolved"]),
        "truoc_han": count(c["early"]),
        "dung_han": count(c["on_time"]),
        "qua_han": count(c["late"]),
        "dang_giai_quyet": count(c["pending"]),
        "dang_trong_han": count(c["pending_within"]),
        "dang_qua_han": count(c["pending_overdue"]),
        "sap_den_han": count(c["due_soon"]),
        "ty_le_truc_tuyen": percent(r["online_rate"]),
        "truc_tuyen_tren_tong": f"{thousands(c['received_online'])}/{thousands(c['received_new'])}",
        "ty_le_truoc_han": percent(r["early_rate"]),
        "ty_le_dung_han": percent(ind.ratio(c["on_time"], c["resolved"])),
        "ty_le_dung_va_truoc_han": percent(r["on_time_or_early_rate"]),
        "ty_le_qua_han": percent(ind.ratio(c["late"], c["resolved"])),
        "chi_tieu_truc_tuyen": percent(s.target_online),
        "chi_tieu_truoc_han": percent(s.target_early),
        "chi_tieu_dung_han": percent(s.target_on_time),
        "dat_truc_tuyen": achieved(r["online_rate"], s.target_online),
        "dat_truoc_han": achieved(r["early_rate"], s.target_early),
        "dat_dung_han": achieved(
            r["on_time_or_early_rate"], min(1.0, s.target_early + s.target_on_time)
        ),
        "ky_truoc": previous.period.describe(),
        "tong_ky_truoc": count(pc["total"]),
        "chenh_lech_tong": change_count(c["total"], pc["total"]),
        "ty_le_truc_tuyen_ky_truoc": percent(pr["online_rate"]),
        "chenh_lech_truc_tuyen": change_rate(r["online_rate"], pr["online_rate"]),
        "da_giai_quyet_ky_truoc": count(pc["resolved"]),
        "ty_le_truoc_han_ky_truoc": percent(pr["early_rate"]),
        "thu_nam": count(thursday),
        "tai_nha": count(home),
        "diem_tien_do": points(result.progress_points),
        "diem_dvc_truc_tuyen": points(result.online_service.points),
        "diem_hai_long_1": points(sat1),
        "diem_hai_long": points(by_key["satisfaction"].own),
        "diem_cong_khai": points(by_key["transparency"].own),
        "diem_thanh_toan": points(by_key["online_payment"].own),
        "diem_so_hoa": points(by_key["digitisation"].own),
        "diem_phan_anh": typed(settings_mod.complaint_label("complaint_handling")),
        "diem_thoi_gian_phan_anh": typed(settings_mod.complaint_label("complaint_time")),
        "tong_diem_766": points(total),
        "xep_hang": s.portal.get(settings_mod.RANK_LABEL, "").strip() or DASH,
        "cong_tien_do": points(by_key["progress"].portal),
        "cong_dvc_truc_tuyen": points(by_key["online_service"].portal),
        "cong_hai_long": points(by_key["satisfaction"].portal),
        "cong_tong_diem": typed(settings_mod.portal_766_label(None)),
        "da_dong_bo": count(view.synced),
        "ty_le_dong_bo": percent(view.synced_share),
        "ty_le_truc_tuyen_cong_thay": percent(view.online_rate_seen),
        "diem_dvc_cong_thay": points(view.online_service_seen),
        "du_bao_diem_dung_han": points(outlook.if_on_time),
        "du_bao_diem_neu_tre": points(outlook.if_due_soon_slip),
        "so_bao_cao": number,
        "ngay_bao_cao": f"{day:%d/%m/%Y}",
    }


def max_text(value: float) -> str:
    return points_text(value)


TOTAL_NAME = f"Tổng điểm ({points_text(TOTAL_766)})"
ONLINE_SERVICE = GROUP_766["online_service"]

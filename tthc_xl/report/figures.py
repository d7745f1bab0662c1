"""The report's figures, worded: every placeholder's text, and the QĐ 766 table.

Every number comes from the engine (`Result`) and the rules (forecast, portal view,
service models), and is written with style/numbers.py; nothing here applies a rule.
"""

from __future__ import annotations

import datetime as dt

from tthc_xl.report import two_truths
from tthc_xl.rules import index766
from tthc_xl.rules import indicators as ind
from tthc_xl.rules.engine import Result
from tthc_xl.rules.forecast import Forecast
from tthc_xl.rules.index766 import Row766, Standing766
from tthc_xl.rules.portal import PortalView
from tthc_xl.rules.settings import RANK_LABEL, Settings
from tthc_xl.style.numbers import DASH, count, points, thousands, truncate
from tthc_xl.style.numbers import rate as percent

# The QĐ 766 table as report/baocao.py reads it (rules/index766.py computes it).
TOTAL_NAME = index766.TOTAL_NAME
TOTAL_MAX = index766.points_text(index766.TOTAL_766)  # "100"


def table_766(result: Result, settings: Settings, view: PortalView) -> list[Row766]:
    """The QĐ 766 groups with the commune's own points, the portal's and its view."""
    return list(index766.standing(result, settings, view).rows)


def total_766(rows: list[Row766]) -> float | None:
    return Standing766(tuple(rows), None, {}).total


def max_text(value: float) -> str:
    return index766.points_text(value)


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
    thursday: int,
    home: int,
    number: str,
    day: dt.date,
) -> dict[str, str]:
    """Every placeholder's text (template.PLACEHOLDERS)."""
    p = result.period
    s = settings
    return {
        "ky_bao_cao": p.describe(),
        "tu_ngay": f"{p.first_day:%d/%m/%Y}",
        "den_ngay": f"{p.last_day:%d/%m/%Y}",
        "tinh_den": f"{result.as_of:%d/%m/%Y %H:%M}",
        "don_vi": s.unit_name,
        "dia_danh": s.place,
        "co_quan_cap_tren": s.parent_body,
        **_counts(result),
        **_rates(result, settings),
        **_against_previous(result, previous),
        "thu_nam": count(thursday),
        "tai_nha": count(home),
        **_index766(result, settings, view, outlook),
        "so_bao_cao": number,
        "ngay_bao_cao": f"{day:%d/%m/%Y}",
    }


def _counts(result: Result) -> dict[str, str]:
    c = result.counts
    return {
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
    }


def _rates(result: Result, s: Settings) -> dict[str, str]:
    c, r = result.counts, result.rates
    return {
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
    }


def _against_previous(result: Result, previous: Result) -> dict[str, str]:
    c, r = result.counts, result.rates
    pc, pr = previous.counts, previous.rates
    return {
        "ky_truoc": previous.period.describe(),
        "tong_ky_truoc": count(pc["total"]),
        "chenh_lech_tong": change_count(c["total"], pc["total"]),
        "ty_le_truc_tuyen_ky_truoc": percent(pr["online_rate"]),
        "chenh_lech_truc_tuyen": change_rate(r["online_rate"], pr["online_rate"]),
        "da_giai_quyet_ky_truoc": count(pc["resolved"]),
        "ty_le_truoc_han_ky_truoc": percent(pr["early_rate"]),
    }


def _index766(
    result: Result, settings: Settings, view: PortalView, outlook: Forecast
) -> dict[str, str]:
    """The QĐ 766 placeholders (rules/index766.py), the portal's view and the forecast."""
    scored = index766.standing(result, settings, view).placeholders()
    return {
        **{name: points(scored[name]) for name, _ in index766.OWN_PLACEHOLDERS},
        index766.TOTAL_PLACEHOLDER: points(scored[index766.TOTAL_PLACEHOLDER]),
        "xep_hang": settings.portal.get(RANK_LABEL, "").strip() or DASH,
        **{name: points(scored[name]) for name, _ in index766.PORTAL_PLACEHOLDERS},
        index766.PORTAL_TOTAL_PLACEHOLDER: points(scored[index766.PORTAL_TOTAL_PLACEHOLDER]),
        "da_dong_bo": count(view.synced),
        "ty_le_dong_bo": percent(view.synced_share),
        "ty_le_truc_tuyen_cong_thay": percent(view.online_rate_seen),
        "diem_dvc_cong_thay": points(view.online_service_seen),
        two_truths.PROGRESS_SEEN: points(view.progress_seen),
        two_truths.PLACEHOLDER: two_truths.sentence(result, view),
        "du_bao_diem_dung_han": points(outlook.if_on_time),
        "du_bao_diem_neu_tre": points(outlook.if_due_soon_slip),
    }

"""The report's figures, worded: every placeholder's text, and the QĐ 766 table.

Every number comes from the engine (`Result`) and the rules (forecast, portal view,
service models), and is written with style/numbers.py; nothing here applies a rule.
"""

from __future__ import annotations

import datetime as dt

from tthc_xl.report import two_truths
from tthc_xl.rules import index766
from tthc_xl.rules import indicators as ind
from tthc_xl.rules.assessment import met
from tthc_xl.rules.engine import Result
from tthc_xl.rules.forecast import Forecast
from tthc_xl.rules.index766 import Row766, Standing766
from tthc_xl.rules.period import Period
from tthc_xl.rules.portal import PortalView
from tthc_xl.rules.settings import PLACEHOLDER, RANK_LABEL, Settings, unit_settings
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
    answer = met(rate, target)
    if answer is None:
        return "chưa có số liệu"
    return "đạt chỉ tiêu" if answer else "chưa đạt chỉ tiêu"


NO_COMPARISON = "không có số liệu để so sánh"


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
    when = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {when}" if place.strip() else when[0].upper() + when[1:]


def known(text: str) -> str:
    """A CauHinh text, or '' while it still holds a new workbook's «……»."""
    return "" if PLACEHOLDER in text else text.strip()


def place_of(s: Settings) -> str:
    """The date line's place: CauHinh's, else the one the unit's name gives, else none."""
    return known(s.place) or unit_settings(known(s.unit_name)).get("place", "")


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
    covered: bool = True,
    following: Period | None = None,
) -> dict[str, str]:
    """Every placeholder's text (template.PLACEHOLDERS); `covered`: whether the register
    holds the previous period (rules/assessment.covers), else no comparison is made."""
    p = result.period
    s = settings
    nxt = following.in_prose() if following is not None else "kỳ tiếp theo"
    return {
        "ky_bao_cao": p.in_prose(),
        "tu_ngay": f"{p.first_day:%d/%m/%Y}",
        "den_ngay": f"{p.last_day:%d/%m/%Y}",
        "tinh_den": f"{result.as_of:%d/%m/%Y %H:%M}",
        "don_vi": s.unit_name,
        "dia_danh": place_of(s) or DASH,
        "co_quan_cap_tren": known(s.parent_body) or DASH,
        **_counts(result),
        **_rates(result, settings),
        **_against_previous(result, previous, covered),
        "ky_tiep_theo": nxt,
        "ky_tiep_theo_in_hoa": nxt.upper(),
        "ke_hoach": plan_text(s),
        "nguoi_ky": s.signer.strip(),
        "uu_diem": strengths(result, s),
        "ton_tai": shortcomings(result, s),
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


def _against_previous(result: Result, previous: Result, covered: bool) -> dict[str, str]:
    c, r = result.counts, result.rates
    pc, pr = previous.counts, previous.rates
    if not covered:  # the register holds only what the previous period carried over
        return {
            "ky_truoc": previous.period.in_prose(),
            "tong_ky_truoc": DASH,
            "chenh_lech_tong": NO_COMPARISON,
            "ty_le_truc_tuyen_ky_truoc": DASH,
            "chenh_lech_truc_tuyen": NO_COMPARISON,
            "da_giai_quyet_ky_truoc": DASH,
            "ty_le_truoc_han_ky_truoc": DASH,
        }
    return {
        "ky_truoc": previous.period.in_prose(),
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


def plan_text(s: Settings) -> str:
    """'Kế hoạch số 12/KH-UBND ngày 15/01/2026'; '—' when CauHinh has no plan number."""
    if not s.plan_number.strip():
        return DASH
    date = f" ngày {s.plan_date.strip()}" if s.plan_date.strip() else ""
    return f"Kế hoạch số {s.plan_number.strip()}{date}"


def _judged(result: Result, s: Settings) -> list[tuple[bool | None, str, str]]:
    """(met?, said when met, said when not) for each target and each kind of lateness."""
    c, r = result.counts, result.rates
    both = min(1.0, s.target_early + s.target_on_time)
    return [
        (
            met(r["online_rate"], s.target_online),
            f"tỷ lệ tiếp nhận trực tuyến đạt {percent(r['online_rate'])}, đạt chỉ tiêu "
            f"{percent(s.target_online)}",
            f"tỷ lệ tiếp nhận trực tuyến mới đạt {percent(r['online_rate'])}, chưa đạt chỉ "
            f"tiêu {percent(s.target_online)}",
        ),
        (
            met(r["early_rate"], s.target_early),
            f"tỷ lệ giải quyết trước hạn đạt {percent(r['early_rate'])}, đạt chỉ tiêu "
            f"{percent(s.target_early)}",
            f"tỷ lệ giải quyết trước hạn mới đạt {percent(r['early_rate'])}, chưa đạt chỉ "
            f"tiêu {percent(s.target_early)}",
        ),
        (
            met(r["on_time_or_early_rate"], both),
            f"tỷ lệ giải quyết đúng và trước hạn đạt {percent(r['on_time_or_early_rate'])}",
            f"tỷ lệ giải quyết đúng và trước hạn mới đạt {percent(r['on_time_or_early_rate'])}"
            f", chưa đạt chỉ tiêu {percent(both)}",
        ),
        (
            c["late"] == 0 if c["resolved"] else None,
            "không có hồ sơ giải quyết quá hạn",
            f"còn {count(c['late'])} hồ sơ giải quyết quá hạn",
        ),
        (
            c["pending_overdue"] == 0 if c["pending"] else None,
            "không có hồ sơ đang giải quyết quá hạn",
            f"còn {count(c['pending_overdue'])} hồ sơ đang giải quyết quá hạn",
        ),
    ]


def strengths(result: Result, s: Settings) -> str:
    """Section III's strengths: only what the figures show met."""
    said = [good for ok, good, _ in _judged(result, s) if ok]
    if said:
        return "; ".join(said)
    return "trong kỳ chưa có chỉ tiêu kế hoạch nào đạt (nêu ở mục 2)"


def shortcomings(result: Result, s: Settings) -> str:
    """Section III's shortcomings: every target missed and every dossier late."""
    said = [bad for ok, _, bad in _judged(result, s) if ok is False]
    if said:
        return "; ".join(said)
    return "các chỉ tiêu kế hoạch đều đạt, không có hồ sơ quá hạn"


def conditions(
    result: Result, previous: Result, s: Settings, covered: bool
) -> dict[str, bool | None]:
    """The named conditions of MauBaoCao's [[điều_kiện|…|…]] (report/template.CONDITIONS)."""
    c, r = result.counts, result.rates
    pc, pr = previous.counts, previous.rates
    online_up = None
    if covered and r["online_rate"] is not None and pr["online_rate"] is not None:
        online_up = r["online_rate"] > pr["online_rate"]
    return {
        "dat_truc_tuyen": met(r["online_rate"], s.target_online),
        "dat_truoc_han": met(r["early_rate"], s.target_early),
        "dat_dung_han": met(
            r["on_time_or_early_rate"], min(1.0, s.target_early + s.target_on_time)
        ),
        "co_qua_han": c["late"] > 0,
        "co_dang_qua_han": c["pending_overdue"] > 0,
        "co_ky_truoc": covered,
        "tang_tong": c["total"] > pc["total"] if covered else None,
        "tang_truc_tuyen": online_up,
        "ky_da_ket_thuc": result.as_of >= result.period.end,
        "ky_co_ten": result.period.name() is not None,
    }

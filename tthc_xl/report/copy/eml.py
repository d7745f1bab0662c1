"""The draft email that goes with the copy: its subject, its body, an .eml any mail client
opens (Outlook opens it as a draft: X-Unsent: 1)."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

from tthc_xl.book.atomic import write_bytes
from tthc_xl.rules.engine import Result
from tthc_xl.rules.labels import GROUP_766, points_text
from tthc_xl.rules.settings import Settings
from tthc_xl.style.numbers import count, percent, points

XLSX_MIME = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PROGRESS_MAX = points_text(GROUP_766["progress"].max_points)  # "20": QĐ 766's maximum


def email_subject(result: Result, settings: Settings) -> str:
    return f"Báo cáo TTHC {result.period.describe()} - {settings.unit_name}"


def email_body(result: Result, settings: Settings, attachment: str) -> str:
    c, r = result.counts, result.rates
    p = result.period
    return "\n".join(
        [
            "Kính gửi: ...",
            "",
            f"{settings.unit_name} gửi số liệu giải quyết thủ tục hành chính {p.describe()} "
            f"(từ ngày {p.first_day:%d/%m/%Y} đến ngày {p.last_day:%d/%m/%Y}, tính đến "
            f"{result.as_of:%d/%m/%Y %H:%M}):",
            f"- Tổng số hồ sơ nhận giải quyết: {count(c['total'])} (tiếp nhận mới "
            f"{count(c['received_new'])}, từ kỳ trước chuyển sang {count(c['carried_over'])}).",
            f"- Tiếp nhận trực tuyến: {count(c['received_online'])}, tỷ lệ "
            f"{percent(r['online_rate'])} (chỉ tiêu {percent(settings.target_online)}).",
            f"- Đã giải quyết: {count(c['resolved'])}; đúng và trước hạn "
            f"{percent(r['on_time_or_early_rate'])} (trước hạn {percent(r['early_rate'])}).",
            f"- Đang giải quyết: {count(c['pending'])}, trong đó quá hạn "
            f"{count(c['pending_overdue'])}.",
            f"- Điểm tiến độ giải quyết (Chỉ số 766): {points(result.progress_points)}"
            f"/{PROGRESS_MAX}.",
            "",
            f"Chi tiết trong tệp đính kèm {attachment} (Biểu 06, chỉ số, hồ sơ cần chú ý).",
            "",
            "Trân trọng.",
        ]
    )


def write_eml(result: Result, settings: Settings, xlsx: Path, eml: Path) -> Path:
    """A draft with the copy attached, written atomically."""
    msg = EmailMessage()
    msg["Subject"] = email_subject(result, settings)
    msg["To"] = ""
    msg["Date"] = formatdate(localtime=True)
    msg["X-Unsent"] = "1"
    msg.set_content(email_body(result, settings, xlsx.name))
    msg.add_attachment(
        xlsx.read_bytes(), maintype=XLSX_MIME[0], subtype=XLSX_MIME[1], filename=xlsx.name
    )
    eml.parent.mkdir(parents=True, exist_ok=True)
    return write_bytes(eml, bytes(msg))

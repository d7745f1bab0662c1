"""Settings (CauHinh sheet): label/value rows that staff can change without code.

Every rule docs/rules.md marks as a setting reads its value from here, never from a constant
elsewhere.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from tthc_xl.rules.scorecard import (
    COMPLAINT_SHARE_LABEL,
    GROUP_766,
    GROUPS_766,
    PORTAL_TOTAL_LABEL,
    TYPED_766,
)
from tthc_xl.rules.sources import (
    DEFAULT_PATTERNS,
    DEFAULT_RANKING,
    System,
    parse_ranking,
    patterns_of,
)
from tthc_xl.rules.text import fold
from tthc_xl.rules.values import cell_text, is_blank
from tthc_xl.rules.workcalendar import DEFAULT_HOURS, parse_clock, parse_working_hours


class CompareMode(StrEnum):
    DATE = "date"  # "ngày": compare dates (the provincial statistics module)
    MOMENT = "moment"  # "thời điểm": compare moments (the national portal)

    @classmethod
    def parse(cls, value: object) -> CompareMode:
        key = fold(value)
        if key in ("date", "ngay", "theongay"):
            return cls.DATE
        if key in ("moment", "thoidiem", "theothoidiem", "gio", "time"):
            return cls.MOMENT
        raise ValueError(
            f"Cách so sánh hạn không hợp lệ: '{value}' (dùng ngay|thoi-diem, tức date|moment)"
        )

    @property
    def label(self) -> str:
        return "ngày" if self is CompareMode.DATE else "thời điểm"


@dataclass(frozen=True)
class Settings:
    unit_name: str = "UBND xã ……"  # placeholders: see unit_reminder()
    parent_body: str = ""  # blank: a commune's UBND heads its own documents
    place: str = "Xã ……"
    working_hours: str = DEFAULT_HOURS
    same_day_cutoff: str = "15:00"
    compare_mode: CompareMode = CompareMode.DATE
    period_cutoff_day: int | None = None
    warning_days: int = 1
    target_online: float = 0.95
    target_early: float = 0.90
    target_on_time: float = 0.10
    backups: int = 5
    send_columns: str = ""  # extra HoSo columns safe to send by email, ';'-separated
    personal_columns: str = ""  # HoSo columns holding personal data, ';'-separated
    record_ranking: str = DEFAULT_RANKING  # the systems of record, best first (rules/sources)
    files_one_stop: str = DEFAULT_PATTERNS[System.ONE_STOP]
    files_civil: str = DEFAULT_PATTERNS[System.CIVIL]
    files_portal: str = DEFAULT_PATTERNS[System.PORTAL]
    signer: str = ""  # the name under the signature block
    plan_number: str = ""  # "Thực hiện Kế hoạch số …" of the report's opening paragraph
    plan_date: str = ""
    portal: dict[str, str] = field(default_factory=dict)

    @property
    def ranking(self) -> tuple[System, ...]:
        return parse_ranking(self.record_ranking)[0]

    @property
    def file_patterns(self) -> dict[System, list[str]]:
        return patterns_of(
            {
                System.ONE_STOP: self.files_one_stop,
                System.CIVIL: self.files_civil,
                System.PORTAL: self.files_portal,
            }
        )

    @property
    def cutoff_seconds(self) -> int:
        return parse_clock(self.same_day_cutoff)

    @property
    def unit_unset(self) -> bool:
        """Whether a unit cell still holds the placeholder dots of a new workbook."""
        return any(PLACEHOLDER in v for v in (self.unit_name, self.parent_body, self.place))


PLACEHOLDER = "……"  # what a new workbook's unit cells hold until the clerk fills them in


def _unset(value: str) -> bool:
    return PLACEHOLDER in value


def missing_labels(settings: Settings) -> list[str]:
    """The CauHinh labels a report still needs: unit cells holding «……», a blank signer or
    plan number. A blank parent body is not missing: a commune's UBND heads its documents."""
    label = {attr: text for attr, text, _ in LABELS}
    out = [label[a] for a in ("unit_name", "parent_body", "place") if _unset(getattr(settings, a))]
    out += [label[a] for a in ("signer", "plan_number") if not getattr(settings, a).strip()]
    return out


def unit_reminder(settings: Settings) -> str | None:
    """The one-line reminder `refresh`, `report` and the KPI sheet show while the report
    still lacks something only the clerk knows; it names exactly what."""
    missing = missing_labels(settings)
    if not missing:
        return None
    return (
        "Nhắc: báo cáo còn thiếu "
        + ", ".join(f"«{m}»" for m in missing)
        + ". Hãy điền "
        + ("ô" if len(missing) == 1 else "các ô")
        + " đó ở sheet CauHinh."
    )


_COMMUNE = re.compile(r"^(?:ủy ban nhân dân|ubnd)\s+((?:xã|phường|thị trấn|đặc khu)\s+.+)$", re.I)


def unit_settings(unit: str) -> dict[str, str]:
    """What `new --unit` writes to CauHinh: the unit, and for a commune-level UBND its place
    name ('Ủy ban nhân dân xã Tuệ Tĩnh' -> 'Xã Tuệ Tĩnh') and an empty parent-body line."""
    unit = " ".join(unit.split())
    out = {"unit_name": unit}
    match = _COMMUNE.match(unit)
    if match:
        place = match.group(1)
        out["place"] = place[0].upper() + place[1:]
        out["parent_body"] = ""
    elif re.match(r"^(?:xã|phường|thị trấn|đặc khu)\s", unit, re.I):
        out["place"] = unit[0].upper() + unit[1:]
        out["parent_body"] = ""
    return out


# (attribute, label in CauHinh, explanation shown beside it)
LABELS: tuple[tuple[str, str, str], ...] = (
    ("unit_name", "Tên đơn vị", "Tên đầy đủ của cơ quan ban hành báo cáo"),
    ("parent_body", "Cơ quan cấp trên", "Dòng trên tên đơn vị ở đầu báo cáo"),
    ("place", "Địa danh", "Dùng ở dòng địa danh, ngày tháng (ví dụ: Xã Hòa Bình)"),
    ("working_hours", "Giờ làm việc", "Các khoảng giờ, cách nhau bằng dấu ;"),
    (
        "same_day_cutoff",
        "Giờ tiếp nhận trả trong ngày",
        "Hồ sơ trong ngày nhận sau giờ này thì trả vào ngày làm việc tiếp theo",
    ),
    (
        "compare_mode",
        "Cách so sánh hạn",
        "ngày (như hệ thống một cửa tỉnh) hoặc thời điểm (như Cổng DVCQG)",
    ),
    (
        "period_cutoff_day",
        "Ngày chốt số liệu",
        "Để trống: kỳ theo tháng/quý dương lịch. Ví dụ 15: từ ngày 15 tháng trước kỳ",
    ),
    ("warning_days", "Số ngày làm việc cảnh báo sắp đến hạn", "Mặc định 1"),
    ("target_online", "Chỉ tiêu tiếp nhận trực tuyến", "Tỷ lệ, ví dụ 95%"),
    ("target_early", "Chỉ tiêu trả kết quả trước hạn", "Tỷ lệ, ví dụ 90%"),
    ("target_on_time", "Chỉ tiêu trả kết quả đúng hạn", "Tỷ lệ, ví dụ 10%"),
    ("backups", "Số bản sao lưu giữ lại", "Khi nhập dữ liệu, giữ lại bấy nhiêu bản sao lưu"),
    (
        "send_columns",
        "Cột được gửi kèm bản email",
        "Cột thêm của sheet HoSo được đưa vào bản gửi email, cách nhau bằng dấu ; "
        "(chỉ cột không có thông tin cá nhân)",
    ),
    (
        "personal_columns",
        "Cột thông tin cá nhân",
        "Cột của sheet HoSo có thông tin cá nhân, cách nhau bằng dấu ; "
        "(không bao giờ đưa vào bản gửi email)",
    ),
    (
        "record_ranking",
        "Hệ thống gốc (ưu tiên trước)",
        "Hệ thống sở hữu ngày, trạng thái, kênh nộp của hồ sơ, cách nhau bằng dấu ; "
        "(Một cửa, Hộ tịch, Khác, Cổng DVCQG); hệ thống không có tên ở đây không ghi đè",
    ),
    ("files_one_stop", "Tên tệp - Một cửa", "Mẫu tên tệp xuất từ hệ thống một cửa, cách nhau ;"),
    ("files_civil", "Tên tệp - Hộ tịch", "Mẫu tên tệp xuất từ hệ thống hộ tịch, cách nhau ;"),
    (
        "files_portal",
        "Tên tệp - Cổng DVCQG",
        "Mẫu tên tệp danh sách của Cổng DVCQG (tệp có cột MaHoSo, TrangThaiHoSo... "
        "được nhận ra theo cột)",
    ),
    ("signer", "Người ký", "Họ và tên người ký báo cáo (dòng cuối khối chữ ký)"),
    ("plan_number", "Số kế hoạch", "Số Kế hoạch mà báo cáo thực hiện, ví dụ 12/KH-UBND"),
    ("plan_date", "Ngày kế hoạch", "Ngày ban hành Kế hoạch đó (dd/mm/yyyy)"),
)

# Figures the national portal publishes, typed in by staff so reports can quote them
# beside the commune's own computed figures, then the QĐ 766 parts and groups the register
# cannot compute. Names and maxima come from the QĐ 766 table (`scorecard`); the rows of
# workbooks in the field are found by these texts, e.g. "Cổng DVCQG - Tiến độ giải quyết (20)".
RANK_LABEL = "Cổng DVCQG - Xếp hạng"
# the portal's own part A of online service for the unit (its drill-down), in points
PORTAL_PART_A_LABEL = "Cổng DVCQG - " + GROUP_766["online_service"].part("catalog").typed_label
PORTAL_LABELS: tuple[str, ...] = (
    *(g.portal_label for g in GROUPS_766),
    PORTAL_TOTAL_LABEL,
    RANK_LABEL,
    COMPLAINT_SHARE_LABEL,
    *(p.typed_label for g in GROUPS_766 for p in g.parts if p.typed),
    # added with the report: the groups the register cannot compute, typed by the commune
    *(g.own_label for g in TYPED_766),
    PORTAL_PART_A_LABEL,  # added with the two truths (issue 19)
)


def typed_number(settings: Settings, label: str) -> float | None:
    """A number typed into CauHinh ('19,91', '19.91', 19.91); None when blank or not a number."""
    text = settings.portal.get(label, "").strip()
    if not text:
        return None
    try:
        if text.endswith("%"):
            return float(text.rstrip("%").strip().replace(",", ".")) / 100
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _ratio(value: object) -> float:
    """95%, "95%", "95", 0.95 and "0,95" all mean 0.95."""
    text = cell_text(value)
    number = _finite(text.rstrip("%").strip().replace(",", "."))
    return number / 100 if text.endswith("%") or number > 1 else number


def _finite(text: str) -> float:
    """A number, refusing inf and nan (a CauHinh cell may say anything)."""
    number = float(text)
    if not math.isfinite(number):
        raise ValueError("không phải số hữu hạn")
    return number


def _ranking(value: object) -> str:
    """The systems-of-record cell, refused when it names a system we do not know."""
    text = cell_text(value)
    unknown = parse_ranking(text)[1]
    if unknown:
        raise ValueError("không rõ hệ thống " + ", ".join(f"'{u}'" for u in unknown))
    return text


def _whole(value: object) -> int:
    return int(_finite(cell_text(value)))


# attribute -> parser of its cell; an attribute not listed is read as text (cell_text)
_PARSERS: dict[str, Callable[[object], object]] = {
    "compare_mode": CompareMode.parse,
    "record_ranking": _ranking,
    "period_cutoff_day": lambda v: None if is_blank(v) else _whole(v),
    "warning_days": _whole,
    "backups": _whole,
    "target_online": _ratio,
    "target_early": _ratio,
    "target_on_time": _ratio,
}


def from_rows(rows: Sequence[Sequence[object]]) -> tuple[Settings, list[str]]:
    """Read label/value rows; a bad value keeps the default and is reported."""
    by_label = {fold(label): attr for attr, label, _ in LABELS}
    portal_labels = {fold(label): label for label in PORTAL_LABELS}
    # attribute -> parsed value, of the type of the Settings field it names
    values: dict[str, Any] = {}
    portal: dict[str, str] = {}
    problems: list[str] = []
    for number, row in enumerate(rows, start=1):
        if len(row) < 2:
            continue
        label, value = row[0], row[1]
        key = fold(label)
        if key in portal_labels and not is_blank(value):
            portal[portal_labels[key]] = cell_text(value)
            continue
        attr = by_label.get(key)
        if attr is None or (is_blank(value) and attr != "period_cutoff_day"):
            continue
        try:
            parsed = _PARSERS.get(attr, cell_text)(value)
            if attr == "working_hours":
                assert isinstance(parsed, str)  # no parser of its own: read by cell_text
                parse_working_hours(parsed)
            if attr == "same_day_cutoff":
                parsed = _clock_text(value)
            if attr == "period_cutoff_day" and isinstance(parsed, int) and not 1 <= parsed <= 28:
                raise ValueError("ngày chốt phải từ 1 đến 28")
            values[attr] = parsed
        except (ValueError, TypeError, OverflowError) as exc:
            problems.append(
                f"CauHinh dòng {number} ('{label}'): giá trị '{value}' không hợp lệ "
                f"({exc}); dùng giá trị mặc định"
            )
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in values.items() if k in known}, portal=portal), problems


def _clock_text(value: object) -> str:
    seconds = parse_clock(value)
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def rows(settings: Settings) -> list[list[object]]:
    """Label/value/explanation rows for the CauHinh sheet."""
    out: list[list[object]] = []
    for attr, label, help_text in LABELS:
        value = getattr(settings, attr)
        if isinstance(value, CompareMode):
            value = value.label
        out.append([label, value, help_text])
    for label in PORTAL_LABELS:
        help_text = (
            "Xã tự nhập điểm nhóm này (sổ không tính được); báo cáo ghi là số nhập tay"
            if label.startswith("Xã tự chấm")
            else "Nhập theo số liệu Cổng DVCQG công bố"
        )
        out.append([label, settings.portal.get(label, ""), help_text])
    return out

"""The procedure catalog (DanhMuc): time limits, units, online level, Thursday model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum

from tthc_xl.rules.text import fold, fold_words
from tthc_xl.rules.values import cell_text, is_blank, normalize_procedure_code, yes_no


class Unit(IntEnum):
    WORKING_DAYS = 0
    CALENDAR_DAYS = 1
    WORKING_HOURS = 2


UNIT_LABELS = {
    Unit.WORKING_DAYS: "ngày làm việc",
    Unit.CALENDAR_DAYS: "ngày",
    Unit.WORKING_HOURS: "giờ làm việc",
}

ONLINE_LEVELS = ("Toàn trình", "Một phần", "Không")

HEADERS = (
    "Mã TTHC",
    "Tên thủ tục",
    "Lĩnh vực",
    "Thời hạn",
    "Đơn vị thời hạn",
    "Mức DVC trực tuyến",
    "Thứ Năm không hẹn",
)
_HEADER_KEYS = {
    "code": ("Mã TTHC", "Mã thủ tục", "MaTTHC"),
    "name": ("Tên thủ tục", "Tên TTHC", "TenTTHC"),
    "field": ("Lĩnh vực", "LinhVuc"),
    "limit": ("Thời hạn", "Thời hạn giải quyết", "Số ngày", "ThoiHan"),
    "unit": ("Đơn vị thời hạn", "Đơn vị", "DonViThoiHan"),
    "level": ("Mức DVC trực tuyến", "Mức độ DVC", "Mức DVCTT", "DVC trực tuyến"),
    "thursday": ("Thứ Năm không hẹn", "Thứ 5 không hẹn", "Ngày thứ Năm không hẹn"),
}


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    field: str
    limit: float | None  # None: no usable time limit, so no computed due date
    unit: Unit = Unit.WORKING_DAYS
    online_level: str = "Không"
    thursday: bool = False

    @property
    def online(self) -> bool:
        """Has an online service (toàn trình or một phần), for QĐ 766 criterion A."""
        return fold(self.online_level) in ("toantrinh", "motphan")


# Common commune procedures. Codes are the national ones; time limits as commune
# one-stop systems apply them (0 = same day, "trong ngày").
DEFAULT_PROCEDURES: tuple[Procedure, ...] = (
    Procedure("1.001193", "Đăng ký khai sinh", "Hộ tịch", 0, Unit.WORKING_DAYS, "Toàn trình"),
    Procedure("1.000894", "Đăng ký kết hôn", "Hộ tịch", 0, Unit.WORKING_DAYS, "Một phần"),
    Procedure("1.000656", "Đăng ký khai tử", "Hộ tịch", 0, Unit.WORKING_DAYS, "Toàn trình"),
    Procedure(
        "2.000635",
        "Cấp bản sao trích lục hộ tịch",
        "Hộ tịch",
        0,
        Unit.WORKING_DAYS,
        "Toàn trình",
        True,
    ),
    Procedure(
        "1.004873", "Xác nhận tình trạng hôn nhân", "Hộ tịch", 3, Unit.WORKING_DAYS, "Toàn trình"
    ),
    Procedure(
        "1.004870",
        "Đăng ký kết hôn có yếu tố xác minh",
        "Hộ tịch",
        5,
        Unit.WORKING_DAYS,
        "Một phần",
    ),
    Procedure(
        "2.000815",
        "Chứng thực bản sao từ bản chính",
        "Chứng thực",
        0,
        Unit.WORKING_DAYS,
        "Một phần",
        True,
    ),
    Procedure("2.001150", "Chứng thực chữ ký", "Chứng thực", 4, Unit.WORKING_HOURS, "Không", True),
    Procedure(
        "1.003010", "Đăng ký biến động đất đai", "Đất đai", 10, Unit.WORKING_DAYS, "Một phần"
    ),
    Procedure(
        "1.008900",
        "Trợ cấp xã hội hằng tháng",
        "Bảo trợ xã hội",
        15,
        Unit.CALENDAR_DAYS,
        "Toàn trình",
    ),
    Procedure(
        "1.002200",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "Xây dựng",
        7,
        Unit.WORKING_DAYS,
        "Không",
    ),
)


@dataclass
class Catalog:
    procedures: dict[str, Procedure]
    problems: list[str] = field(default_factory=list)  # messages about unusable rows

    def get(self, code: str) -> Procedure | None:
        return self.procedures.get(code)

    def __len__(self) -> int:
        return len(self.procedures)

    @classmethod
    def default(cls) -> Catalog:
        return cls({p.code: p for p in DEFAULT_PROCEDURES})

    def rows(self) -> list[list[object]]:
        """Rows for the DanhMuc sheet, in HEADERS order."""
        return [
            [
                p.code,
                p.name,
                p.field,
                p.limit,
                UNIT_LABELS[p.unit],
                p.online_level,
                "Có" if p.thursday else "Không",
            ]
            for p in self.procedures.values()
        ]


def parse_unit(value: object) -> Unit | None:
    key = fold_words(value)
    if not key:
        return Unit.WORKING_DAYS
    if "gio" in key.split():
        return Unit.WORKING_HOURS
    if "lam viec" in key or key in ("nlv", "ngay lv"):
        return Unit.WORKING_DAYS
    if key in ("ngay", "ngay lich", "ngay theo lich"):
        return Unit.CALENDAR_DAYS
    return None


def parse_limit(value: object) -> float | None:
    """A time limit: a number, or 'Trong ngày' for same day; None when unusable."""
    if is_blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) if value >= 0 else None
    text = fold_words(value)
    if text.startswith("trong ngay") or text == "ngay":
        return 0.0
    try:
        number = float(text.split()[0].replace(",", "."))
    except (ValueError, IndexError):
        return None
    return number if number >= 0 else None


def from_rows(rows: Sequence[Sequence[object]]) -> Catalog:
    """Read DanhMuc rows (header first). Later duplicates of a code are reported, not used."""
    if not rows:
        return Catalog({})
    folded = [fold(h) for h in rows[0]]
    pos = {}
    for key, spellings in _HEADER_KEYS.items():
        for spelling in spellings:
            if fold(spelling) in folded:
                pos[key] = folded.index(fold(spelling))
                break

    def cell(row: Sequence[object], key: str) -> object:
        i = pos.get(key)
        return row[i] if i is not None and i < len(row) else None

    procedures: dict[str, Procedure] = {}
    problems: list[str] = []
    for number, row in enumerate(rows[1:], start=2):
        code = normalize_procedure_code(cell(row, "code"))
        if not code:
            if any(not is_blank(v) for v in row):
                problems.append(f"DanhMuc dòng {number}: thiếu Mã TTHC, bỏ qua dòng này")
            continue
        if code in procedures:
            problems.append(f"DanhMuc dòng {number}: Mã TTHC {code} bị trùng, dùng dòng đầu")
            continue
        limit = parse_limit(cell(row, "limit"))
        unit = parse_unit(cell(row, "unit"))
        if limit is None:
            problems.append(
                f"DanhMuc dòng {number}: thời hạn '{cell(row, 'limit')}' không dùng được, "
                f"hồ sơ của thủ tục {code} không tính được ngày hẹn trả"
            )
        if unit is None:
            problems.append(
                f"DanhMuc dòng {number}: đơn vị thời hạn '{cell(row, 'unit')}' không rõ "
                f"(dùng: ngày làm việc, ngày, giờ làm việc)"
            )
            limit = None
        level = cell(row, "level")
        thursday = yes_no(cell(row, "thursday")) is True
        procedures[code] = Procedure(
            code=code,
            name=cell_text(cell(row, "name")),
            field=cell_text(cell(row, "field")),
            limit=limit,
            unit=unit if unit is not None else Unit.WORKING_DAYS,
            online_level=cell_text(level) or "Không",
            thursday=thursday,
        )
    return Catalog(procedures, problems)

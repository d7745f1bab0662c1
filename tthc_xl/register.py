"""The register (sổ theo dõi hồ sơ): canonical columns, their headers, and parsing rows.

Every source (the HoSo sheet, an export file, the 2-D list Excel hands a UDF) becomes the
same DataFrame with the English keys of domain.md, so the rules only ever see one shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import values as V
from .text import fold


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str  # id | text | code | date | channel | status | count | bool
    aliases: tuple[str, ...] = ()
    personal: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(
        "dossier_id", "Mã hồ sơ", "id", ("Số hồ sơ", "MaHoSo", "Mã số hồ sơ", "SoHoSo", "Mã HS")
    ),
    Column(
        "procedure_code",
        "Mã TTHC",
        "code",
        ("Mã thủ tục", "MaTTHC", "Mã thủ tục hành chính", "MaThuTuc"),
    ),
    Column(
        "procedure_name",
        "Tên thủ tục",
        "text",
        ("Tên TTHC", "Loại việc", "TenTTHC", "Tên thủ tục hành chính", "TenThuTuc"),
    ),
    Column("field", "Lĩnh vực", "text", ("LinhVuc", "Tên lĩnh vực", "TenLinhVuc")),
    Column(
        "channel",
        "Kênh nộp",
        "channel",
        (
            "Hình thức nộp",
            "KenhThucHien",
            "Kênh tiếp nhận",
            "Hình thức tiếp nhận",
            "Kênh thực hiện",
        ),
    ),
    Column(
        "received_at",
        "Ngày tiếp nhận",
        "date",
        ("Ngày nhận", "NgayTiepNhan", "Thời gian tiếp nhận", "Ngày nhận hồ sơ", "Ngày nộp"),
    ),
    Column(
        "due_at",
        "Ngày hẹn trả",
        "date",
        (
            "Hạn trả kết quả",
            "Hạn xử lý",
            "NgayHenTra",
            "Hạn giải quyết",
            "Ngày hẹn trả kết quả",
            "Hạn trả",
        ),
    ),
    Column(
        "supplement_requested_at",
        "Ngày yêu cầu bổ sung",
        "date",
        ("NgayYeuCauBoSung", "Ngày YC bổ sung"),
    ),
    Column(
        "supplement_received_at",
        "Ngày nhận bổ sung",
        "date",
        ("NgayNhanBoSung", "Ngày nhận hồ sơ bổ sung"),
    ),
    Column(
        "supplement_count",
        "Số lần yêu cầu bổ sung",
        "count",
        ("SoLanBoSung", "Số lần bổ sung", "Số lần YC bổ sung"),
    ),
    Column(
        "finished_at",
        "Ngày có kết quả",
        "date",
        (
            "Ngày hoàn thành",
            "Ngày kết thúc xử lý",
            "NgayKetThucXuLy",
            "Ngày xử lý xong",
            "Ngày giải quyết xong",
        ),
    ),
    Column(
        "returned_at",
        "Ngày trả kết quả",
        "date",
        ("Ngày trả", "NgayTra", "NgayTraKetQua", "Ngày trả KQ"),
    ),
    Column(
        "status",
        "Trạng thái",
        "status",
        ("Tình trạng hồ sơ", "TrangThaiHoSo", "Tình trạng", "TrangThai", "Trạng thái hồ sơ"),
    ),
    Column(
        "applicant",
        "Chủ hồ sơ",
        "text",
        (
            "Người nộp",
            "Tên người nộp",
            "ChuHoSo",
            "Người đứng tên",
            "Họ tên người nộp",
            "TenNguoiNop",
        ),
        personal=True,
    ),
    Column(
        "id_number",
        "Số giấy tờ",
        "id",
        ("Số CCCD", "CCCD", "Số CMND/CCCD", "SoGiayTo", "Số định danh", "SoCCCD"),
        personal=True,
    ),
    Column(
        "phone", "Số điện thoại", "id", ("SĐT", "Điện thoại", "SoDienThoai", "Số ĐT"), personal=True
    ),
    Column("address", "Địa chỉ", "text", ("DiaChi", "Địa chỉ người nộp"), personal=True),
    Column(
        "department",
        "Bộ phận xử lý",
        "text",
        ("Phòng ban xử lý", "Đơn vị xử lý", "BoPhanXuLy", "Cơ quan xử lý"),
    ),
    Column("at_home", "Tiếp nhận tại nhà", "bool", ("TiepNhanTaiNha",)),
    Column("paid_online", "Thanh toán trực tuyến", "bool", ("ThanhToanTrucTuyen",)),
    Column(
        "synced",
        "Đã đồng bộ DVCQG",
        "bool",
        ("Đồng bộ DVCQG", "Đã đồng bộ", "DaDongBo", "DongBoDVCQG"),
    ),
    Column("source", "Nguồn", "text", ("Nguồn dữ liệu",)),
    Column("note", "Ghi chú", "text", ("GhiChu",)),
)
BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}
KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS)
DATE_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.kind == "date")
PERSONAL_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.personal)

# A yes/no "submitted online" column (Nộp trực tuyến: Có/Không) is another way to give the
# channel; it is read into `channel` when the export has no channel column of its own.
ONLINE_FLAG = "online_flag"
ONLINE_FLAG_ALIASES = ("Nộp trực tuyến", "Hồ sơ trực tuyến", "Trực tuyến", "NopTrucTuyen")


def default_aliases() -> dict[str, str]:
    """Folded header spelling -> canonical key (or ONLINE_FLAG)."""
    table: dict[str, str] = {}
    for col in COLUMNS:
        for spelling in (col.header, col.key, *col.aliases):
            table.setdefault(fold(spelling), col.key)
    for spelling in ONLINE_FLAG_ALIASES:
        table.setdefault(fold(spelling), ONLINE_FLAG)
    return table


DEFAULT_ALIASES = default_aliases()


def match_headers(
    headers: Sequence[object], aliases: dict[str, str] | None = None
) -> dict[int, str]:
    """Column position -> key for the headers we know; the first spelling of a key wins."""
    table = DEFAULT_ALIASES if aliases is None else aliases
    found: dict[int, str] = {}
    taken: set[str] = set()
    for pos, header in enumerate(headers):
        key = table.get(fold(header))
        if key and key not in taken:
            found[pos] = key
            taken.add(key)
    return found


def find_header_row(
    rows: Sequence[Sequence[object]], aliases: dict[str, str] | None = None, scan: int = 30
) -> int | None:
    """The row, among the first `scan`, that names the most register columns.

    It must name the dossier id and at least one other column; title rows above it
    ("SỔ THEO DÕI HỒ SƠ") and merged group headers never do.
    """
    best, best_score = None, 1
    for i, row in enumerate(rows[:scan]):
        found = match_headers(row, aliases)
        if "dossier_id" in found.values() and len(found) > best_score:
            best, best_score = i, len(found)
    return best


@dataclass
class Register:
    """The canonical register: one row per dossier, English keys, parsed values."""

    frame: pd.DataFrame
    row_numbers: np.ndarray  # sheet row of each dossier, for messages
    warnings: dict[int, list[str]] = field(default_factory=dict)  # position -> messages
    extra_columns: list[str] = field(default_factory=list)
    invalid: dict[str, np.ndarray] = field(default_factory=dict)  # key -> unreadable cells

    def __len__(self) -> int:
        return len(self.frame)

    def warn(self, positions: np.ndarray | Sequence[int], message: str) -> None:
        for pos in np.asarray(positions).tolist():
            self.warnings.setdefault(int(pos), []).append(message)


class RegisterError(ValueError):
    """The rows cannot be read as a register at all (no header with Mã hồ sơ)."""


def from_rows(
    rows: Sequence[Sequence[object]],
    *,
    first_row_number: int = 1,
    aliases: dict[str, str] | None = None,
    header_row: int | None = None,
) -> Register:
    """Turn raw sheet rows (header row first, or found within the first rows) into a Register.

    Accepts what calamine, openpyxl or Excel (through xlwings) hand over: datetimes,
    floats for dates and numbers, strings, None or "" for empty cells.
    """
    if header_row is None:
        header_row = find_header_row(rows, aliases)
    if header_row is None:
        raise RegisterError("Không tìm thấy dòng tiêu đề có cột 'Mã hồ sơ'.")
    headers = list(rows[header_row])
    width = len(headers)
    body = rows[header_row + 1 :]
    if any(len(r) != width for r in body):
        body = [list(r[:width]) + [None] * (width - len(r)) for r in body]
    raw = pd.DataFrame(list(body), columns=range(width), dtype=object)
    numbers = np.arange(len(raw)) + first_row_number + header_row + 1
    keep = (
        ~np.logical_and.reduce([V.blank_mask(raw[c]) for c in raw.columns], initial=True)
        if width
        else np.zeros(len(raw), bool)
    )
    raw = raw[keep].reset_index(drop=True)
    return from_frame(raw, headers, numbers[keep], aliases=aliases)


def from_frame(
    raw: pd.DataFrame,
    headers: Sequence[object],
    row_numbers: np.ndarray,
    *,
    aliases: dict[str, str] | None = None,
) -> Register:
    """Parse a raw object DataFrame whose columns are positions into the canonical shape."""
    found = match_headers(headers, aliases)
    n = len(raw)
    data: dict[str, object] = {}
    warnings: dict[int, list[str]] = {}
    invalid_cells: dict[str, np.ndarray] = {}

    def note(invalid: np.ndarray, key: str, column_values: pd.Series, reason: str) -> None:
        if invalid.any():
            invalid_cells[key] = invalid
        header = BY_KEY[key].header if key in BY_KEY else "Nộp trực tuyến"
        for pos in np.flatnonzero(invalid).tolist():
            warnings.setdefault(pos, []).append(
                f"{reason} ở cột '{header}': '{column_values.iloc[pos]}'"
            )

    by_key = {key: raw.iloc[:, pos].reset_index(drop=True) for pos, key in found.items()}
    empty = pd.Series([None] * n, dtype=object)
    for col in COLUMNS:
        values = by_key.get(col.key, empty)
        if col.kind == "date":
            parsed, bad = V.parse_datetimes(values)
            note(bad, col.key, values, "Ngày không đọc được")
            data[col.key] = parsed
        elif col.kind == "channel":
            if col.key in by_key or ONLINE_FLAG not in by_key:
                codes, bad = V.parse_channels(values)
                note(bad, col.key, values, "Kênh nộp không rõ (tính là trực tiếp)")
            else:
                flags = by_key[ONLINE_FLAG]
                codes, bad = V.parse_online_flags(flags)
                note(bad, ONLINE_FLAG, flags, "Giá trị không rõ (tính là trực tiếp)")
            data[col.key] = codes
        elif col.kind == "status":
            codes, bad = V.parse_statuses(values)
            note(bad, col.key, values, "Trạng thái không rõ")
            data[col.key] = codes
        elif col.kind == "count":
            counts, bad = V.parse_counts(values)
            note(bad, col.key, values, "Số lần không hợp lệ")
            data[col.key] = counts
        elif col.kind == "bool":
            flags, bad = V.parse_booleans(values)
            note(bad, col.key, values, "Giá trị có/không không rõ")
            data[col.key] = flags
        elif col.kind == "code":
            data[col.key] = values.map(V.normalize_procedure_code).astype(object)
        elif col.kind == "id":
            data[col.key] = values.map(V.normalize_text_id).astype(object)
        else:
            data[col.key] = values.map(V.cell_text).astype(object)

    frame = pd.DataFrame(data)
    # Blank count = 0, or 1 when a request date is present (domain.md).
    count = frame["supplement_count"].to_numpy()
    has_request = frame["supplement_requested_at"].notna().to_numpy()
    frame["supplement_count"] = np.where(count < 0, has_request.astype(np.int64), count)

    extra = []
    for pos, header in enumerate(headers):
        if pos in found or V.is_blank(header):
            continue
        name = str(header).strip()
        if name in frame.columns or name in extra:
            continue
        frame[name] = raw.iloc[:, pos].reset_index(drop=True)
        extra.append(name)
    return Register(frame, np.asarray(row_numbers), warnings, extra, invalid_cells)


def empty_frame() -> pd.DataFrame:
    """A register with no rows but every canonical column and dtype."""
    return from_rows([[c.header for c in COLUMNS]]).frame

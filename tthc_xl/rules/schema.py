"""The register's columns (sổ theo dõi hồ sơ): keys, headers, types, the spellings
exports use, and the clock columns some exports give apart (docs/rules.md, register
columns). Every source becomes a frame with these English keys (register.py)."""

from __future__ import annotations

from dataclasses import dataclass

from tthc_xl.rules.columns import BOOL, CHANNEL, CODE, COUNT, DATE, ID, STATUS, TEXT, ColumnType
from tthc_xl.rules.headers import ONLINE_FLAG, date_of_time_key, time_key
from tthc_xl.rules.text import fold


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    type: ColumnType  # columns.ID, TEXT, CODE, DATE, CHANNEL, STATUS, COUNT or BOOL
    aliases: tuple[str, ...] = ()
    personal: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(
        "dossier_id",
        "Mã hồ sơ",
        ID,
        ("Số hồ sơ", "MaHoSo", "Mã số hồ sơ", "SoHoSo", "Mã HS", "Số HS", "MaHS", "Mã hồ sơ DVC"),
    ),
    Column(
        "procedure_code",
        "Mã TTHC",
        CODE,
        (
            "Mã thủ tục",
            "MaTTHC",
            "Mã thủ tục hành chính",
            "MaThuTuc",
            "Mã số TTHC",
            "Mã số thủ tục",
        ),
    ),
    Column(
        "procedure_name",
        "Tên thủ tục",
        TEXT,
        (
            "Tên TTHC",
            "Loại việc",
            "TenTTHC",
            "Tên thủ tục hành chính",
            "TenThuTuc",
            "Thủ tục",
            "Thủ tục hành chính",
        ),
    ),
    Column("field", "Lĩnh vực", TEXT, ("LinhVuc", "Tên lĩnh vực", "TenLinhVuc", "Lĩnh vực TTHC")),
    Column(
        "channel",
        "Kênh nộp",
        CHANNEL,
        (
            "Hình thức nộp",
            "KenhThucHien",
            "Kênh tiếp nhận",
            "Hình thức tiếp nhận",
            "Kênh thực hiện",
            "Hình thức nộp hồ sơ",
            "Kênh nộp hồ sơ",
            "KenhNop",
        ),
    ),
    Column(
        "received_at",
        "Ngày tiếp nhận",
        DATE,
        (
            "Ngày nhận",
            "NgayTiepNhan",
            "Thời gian tiếp nhận",
            "Ngày nhận hồ sơ",
            "Ngày nộp",
            "Ngày tiếp nhận hồ sơ",
            "Thời điểm tiếp nhận",
            "Ngày nộp hồ sơ",
        ),
    ),
    Column(
        "due_at",
        "Ngày hẹn trả",
        DATE,
        (
            "Hạn trả kết quả",
            "Hạn xử lý",
            "NgayHenTra",
            "Hạn giải quyết",
            "Ngày hẹn trả kết quả",
            "Hạn trả",
            "Hạn hoàn thành",
            "Hạn giải quyết hồ sơ",
            "Thời hạn trả kết quả",
            "Ngày hẹn",
        ),
    ),
    Column(
        "supplement_requested_at",
        "Ngày yêu cầu bổ sung",
        DATE,
        ("NgayYeuCauBoSung", "Ngày YC bổ sung", "Ngày yêu cầu bổ sung hồ sơ"),
    ),
    Column(
        "supplement_received_at",
        "Ngày nhận bổ sung",
        DATE,
        ("NgayNhanBoSung", "Ngày nhận hồ sơ bổ sung", "Ngày bổ sung hồ sơ"),
    ),
    Column(
        "supplement_count",
        "Số lần yêu cầu bổ sung",
        COUNT,
        ("SoLanBoSung", "Số lần bổ sung", "Số lần YC bổ sung"),
    ),
    Column(
        "finished_at",
        "Ngày có kết quả",
        DATE,
        (
            "Ngày hoàn thành",
            "Ngày kết thúc xử lý",
            "NgayKetThucXuLy",
            "Ngày xử lý xong",
            "Ngày giải quyết xong",
            "Ngày hoàn thành xử lý",
            "Thời gian hoàn thành",
            "Thời điểm kết thúc xử lý",
            "Ngày kết thúc",
        ),
    ),
    Column(
        "returned_at",
        "Ngày trả kết quả",
        DATE,
        (
            "Ngày trả",
            "NgayTra",
            "NgayTraKetQua",
            "Ngày trả KQ",
            "Thời gian trả kết quả",
            "Ngày đã trả kết quả",
        ),
    ),
    Column(
        "status",
        "Trạng thái",
        STATUS,
        (
            "Tình trạng hồ sơ",
            "TrangThaiHoSo",
            "Tình trạng",
            "TrangThai",
            "Trạng thái hồ sơ",
            "Trạng thái xử lý",
            "Tình trạng xử lý",
        ),
    ),
    Column(
        "applicant",
        "Chủ hồ sơ",
        TEXT,
        (
            "Người nộp",
            "Tên người nộp",
            "ChuHoSo",
            "Người đứng tên",
            "Họ tên người nộp",
            "TenNguoiNop",
            "Người nộp hồ sơ",
            "Tên tổ chức, cá nhân",
            "Tổ chức, cá nhân",
            "Họ tên",
            "Họ và tên",
        ),
        personal=True,
    ),
    Column(
        "id_number",
        "Số giấy tờ",
        ID,
        (
            "Số CCCD",
            "CCCD",
            "Số CMND/CCCD",
            "SoGiayTo",
            "Số định danh",
            "SoCCCD",
            "Số CMND",
            "CMND",
            "Số định danh cá nhân",
            "Số giấy tờ tùy thân",
        ),
        personal=True,
    ),
    Column(
        "phone",
        "Số điện thoại",
        ID,
        ("SĐT", "Điện thoại", "SoDienThoai", "Số ĐT", "Điện thoại liên hệ"),
        personal=True,
    ),
    Column("address", "Địa chỉ", TEXT, ("DiaChi", "Địa chỉ người nộp"), personal=True),
    Column(
        "department",
        "Bộ phận xử lý",
        TEXT,
        (
            "Phòng ban xử lý",
            "Đơn vị xử lý",
            "BoPhanXuLy",
            "Cơ quan xử lý",
            "Cơ quan giải quyết",
            "Đơn vị giải quyết",
        ),
    ),
    Column("at_home", "Tiếp nhận tại nhà", BOOL, ("TiepNhanTaiNha",)),
    Column("paid_online", "Thanh toán trực tuyến", BOOL, ("ThanhToanTrucTuyen",)),
    Column(
        "synced",
        "Đã đồng bộ DVCQG",
        BOOL,
        ("Đồng bộ DVCQG", "Đã đồng bộ", "DaDongBo", "DongBoDVCQG"),
    ),
    Column("source", "Nguồn", TEXT, ("Nguồn dữ liệu",)),
    Column("note", "Ghi chú", TEXT, ("GhiChu",)),
)

# The national portal's own view of a dossier (docs/rules.md, two truths): written only by
# a portal list's import, kept beside the register's values, never instead of them. They
# are not in a new HoSo: the first portal list adds them at the right.
PORTAL_PREFIX = "Cổng DVCQG - "
PORTAL_OF: dict[str, str] = {  # register key -> the portal's own key
    "received_at": "portal_received_at",
    "due_at": "portal_due_at",
    "finished_at": "portal_finished_at",
    "returned_at": "portal_returned_at",
    "status": "portal_status",
    "channel": "portal_channel",
}
_BY_REGISTER_KEY = {c.key: c for c in COLUMNS}
PORTAL_COLUMNS: tuple[Column, ...] = tuple(
    Column(portal, PORTAL_PREFIX + _BY_REGISTER_KEY[key].header, _BY_REGISTER_KEY[key].type)
    for key, portal in PORTAL_OF.items()
)
ALL_COLUMNS: tuple[Column, ...] = COLUMNS + PORTAL_COLUMNS
PORTAL_KEYS: frozenset[str] = frozenset(PORTAL_OF.values())
BY_KEY: dict[str, Column] = {c.key: c for c in ALL_COLUMNS}
DATE_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.type is DATE)

# A yes/no "submitted online" column (Nộp trực tuyến: Có/Không) is another way to give the
# channel (ONLINE_FLAG); it is read into `channel` when the export has no channel column.
ONLINE_FLAG_ALIASES = ("Nộp trực tuyến", "Hồ sơ trực tuyến", "Trực tuyến", "NopTrucTuyen")


# A date's clock given in a column of its own ("Giờ tiếp nhận" beside "Ngày tiếp nhận"):
# read into the date column (docs/rules.md, headers). Key "received_at:time".
TIME_HEADERS: dict[str, str] = {
    "received_at": "Giờ tiếp nhận",
    "due_at": "Giờ hẹn trả",
    "supplement_requested_at": "Giờ yêu cầu bổ sung",
    "supplement_received_at": "Giờ nhận bổ sung",
    "finished_at": "Giờ có kết quả",
    "returned_at": "Giờ trả kết quả",
}


def key_header(key: str) -> str:
    """The register's own header of a key (a time key's "Giờ …", the online flag's)."""
    if key in BY_KEY:
        return BY_KEY[key].header
    date_key = date_of_time_key(key)
    if date_key is not None:
        return TIME_HEADERS[date_key]
    return ONLINE_FLAG_ALIASES[0] if key == ONLINE_FLAG else key


def default_aliases() -> dict[str, str]:
    """Folded header spelling -> canonical key (or ONLINE_FLAG, or a time key)."""
    table: dict[str, str] = {}
    for col in ALL_COLUMNS:
        for spelling in (col.header, col.key, *col.aliases):
            table.setdefault(fold(spelling), col.key)
    for spelling in ONLINE_FLAG_ALIASES:
        table.setdefault(fold(spelling), ONLINE_FLAG)
    for key, spelling in TIME_HEADERS.items():
        table.setdefault(fold(spelling), time_key(key))
    return table


DEFAULT_ALIASES = default_aliases()


def is_register_key(key: str) -> bool:
    """A key one column at most may name (the clerk's "Bỏ qua" or extra targets may repeat)."""
    return key in BY_KEY or key == ONLINE_FLAG or date_of_time_key(key) in BY_KEY

"""The demo quarter as the three systems export it: the provincial one-stop system's
.xlsx (title rows, a merged two-row header, text dates, a total line), the civil-status
system's CSV, the national portal's .xlsx of sync fields. Each file is written atomically.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from tthc_xl.book.atomic import replacing
from tthc_xl.demo.quarter import DEMO_SETTINGS
from tthc_xl.rules.values import CHANNEL_LABELS, STATUS_LABELS, Channel, Status

EXPORTS_DIR = "tep_xuat_mau"
ONE_STOP_NAME = "motcua_demo_2026Q1.xlsx"
CIVIL_NAME = "hotich_demo_2026Q1.csv"
PORTAL_NAME = "dvcqg_demo_2026Q1.xlsx"
CIVIL_FIELD = "Hộ tịch"
# The portal's list lags the one-stop system (docs/rules.md, two truths): one dossier in
# UNSYNCED_EVERY never reached it, and one resolved dossier in LATE_EVERY had its finish
# synchronised PORTAL_LAG later.
UNSYNCED_EVERY, UNSYNCED_AT = 250, 7
LATE_EVERY, LATE_AT = 250, 131
PORTAL_LAG = pd.Timedelta(days=2)


def _text_moment(value: object, seconds: bool = True) -> str:
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


def _moment(value: object) -> dt.datetime | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).to_pydatetime()


def _count(value: object) -> int | None:
    if not isinstance(value, int | float | np.integer | np.floating) or pd.isna(value):
        return None
    return int(value) or None


def _yes(value: object) -> str:
    return "Có" if value is True or value == 1 else "Không"


def split_exports(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Which system exports which dossiers: the civil-status system its own field (it has
    no postal channel), the one-stop system the rest; the portal lists what reached it,
    some finishes later than its system of record has them (`portal_list`)."""
    civil = (frame["field"] == CIVIL_FIELD) & (frame["channel"] != Channel.POSTAL)
    return {
        ONE_STOP_NAME: frame[~civil],
        CIVIL_NAME: frame[civil],
        PORTAL_NAME: portal_list(frame),
    }


def portal_list(frame: pd.DataFrame) -> pd.DataFrame:
    """The portal's own list: without the unsynced dossiers, and with the late-synced
    finishes moved PORTAL_LAG later (so the demo's report shows both figures)."""
    position = np.arange(len(frame))
    listed = frame[position % UNSYNCED_EVERY != UNSYNCED_AT].copy()
    kept = position[position % UNSYNCED_EVERY != UNSYNCED_AT]
    lagged = (kept % LATE_EVERY == LATE_AT) & listed["finished_at"].notna().to_numpy()
    for key in ("finished_at", "returned_at"):
        moved = listed[key].to_numpy(copy=True)
        moved[lagged] = moved[lagged] + PORTAL_LAG.to_timedelta64()
        listed[key] = moved
    return listed


def write_one_stop(frame: pd.DataFrame, path: Path, settings: dict[str, str]) -> Path:
    """The provincial one-stop system's "Sổ theo dõi hồ sơ": title rows, a two-row merged
    header, text dates, a total and a signature line under the table."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append([settings["parent_body"].upper()])
    ws.append(["SỔ THEO DÕI HỒ SƠ"])
    ws.append(["Từ ngày 01/01/2026 đến ngày 31/03/2026"])
    ws.append([])
    tail = (
        "Ngày yêu cầu bổ sung",
        "Ngày nhận bổ sung",
        "Số lần yêu cầu bổ sung",
        "Hình thức nộp",
        "Trạng thái",
        "Người nộp",
        "Số CCCD",
        "Số điện thoại",
        "Địa chỉ",
        "Bộ phận xử lý",
        "Tiếp nhận tại nhà",
        "Thanh toán trực tuyến",
        "Đồng bộ DVCQG",
    )
    ws.append(["STT", "Thông tin hồ sơ", None, None, None, "Thời gian", None, None, None, *tail])
    ws.append(
        [
            None,
            "Mã hồ sơ",
            "Mã thủ tục",
            "Tên thủ tục",
            "Lĩnh vực",
            "Ngày nhận",
            "Ngày hẹn trả",
            "Ngày hoàn thành",
            "Ngày trả",
        ]
    )
    ws.merge_cells("B5:E5")
    ws.merge_cells("F5:I5")
    for col in ["A", *(get_column_letter(10 + i) for i in range(len(tail)))]:
        ws.merge_cells(f"{col}5:{col}6")
    for i, r in enumerate(frame.itertuples(index=False), start=1):
        ws.append(
            [
                i,
                r.dossier_id,
                r.procedure_code,
                r.procedure_name,
                r.field,
                _text_moment(r.received_at),
                _text_moment(r.due_at),
                _text_moment(r.finished_at),
                _text_moment(r.returned_at),
                _text_moment(r.supplement_requested_at),
                _text_moment(r.supplement_received_at),
                _count(r.supplement_count),
                CHANNEL_LABELS[Channel(int(r.channel))],
                STATUS_LABELS[Status(int(r.status))],
                r.applicant,
                r.id_number,
                r.phone,
                r.address,
                r.department,
                _yes(r.at_home),
                _yes(r.paid_online),
                _yes(r.synced),
            ]
        )
    ws.append([])
    ws.append([None, f"Tổng cộng: {len(frame)} hồ sơ"])
    ws.append([None] * 9 + ["NGƯỜI LẬP BIỂU"])
    with replacing(path) as tmp:
        wb.save(tmp)
    return path


def write_civil(frame: pd.DataFrame, path: Path) -> Path:
    """The civil-status system's CSV: UTF-8 with BOM, ';', no field column, online as
    Có/Không, no postal channel."""
    import csv

    with replacing(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f, delimiter=";")
        out.writerow(
            [
                "Số hồ sơ",
                "Mã thủ tục",
                "Loại việc",
                "Ngày tiếp nhận",
                "Ngày hẹn trả",
                "Ngày có kết quả",
                "Ngày trả kết quả",
                "Nộp trực tuyến",
                "Tình trạng",
                "Chủ hồ sơ",
                "Đồng bộ DVCQG",
                "Ngày yêu cầu bổ sung",
                "Ngày nhận bổ sung",
                "Số lần yêu cầu bổ sung",
                "Tiếp nhận tại nhà",
            ]
        )
        for r in frame.itertuples(index=False):
            out.writerow(
                [
                    r.dossier_id,
                    r.procedure_code,
                    r.procedure_name,
                    _text_moment(r.received_at, False),
                    _text_moment(r.due_at, False),
                    _text_moment(r.finished_at, False),
                    _text_moment(r.returned_at, False),
                    "Có" if int(r.channel) == Channel.ONLINE else "Không",
                    STATUS_LABELS[Status(int(r.status))],
                    r.applicant,
                    _yes(r.synced),
                    _text_moment(r.supplement_requested_at, False),
                    _text_moment(r.supplement_received_at, False),
                    _count(r.supplement_count) or "",
                    _yes(r.at_home),
                ]
            )
    return path


def write_portal(frame: pd.DataFrame, path: Path) -> Path:
    """The national portal's sync fields: MaHoSo, NgayTiepNhan, ... with channel and
    status codes and real date cells."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet"
    ws.append(
        [
            "MaHoSo",
            "MaTTHC",
            "TenTTHC",
            "LinhVuc",
            "KenhThucHien",
            "NgayTiepNhan",
            "NgayHenTra",
            "NgayYeuCauBoSung",
            "NgayNhanBoSung",
            "SoLanBoSung",
            "NgayKetThucXuLy",
            "NgayTra",
            "TrangThaiHoSo",
            "TiepNhanTaiNha",
            "ThanhToanTrucTuyen",
            "DongBoDVCQG",
        ]
    )
    for r in frame.itertuples(index=False):
        count = int(r.supplement_count) if not pd.isna(r.supplement_count) else 0
        ws.append(
            [
                r.dossier_id,
                r.procedure_code,
                r.procedure_name,
                r.field,
                int(r.channel),
                _moment(r.received_at),
                _moment(r.due_at),
                _moment(r.supplement_requested_at),
                _moment(r.supplement_received_at),
                count or None,
                _moment(r.finished_at),
                _moment(r.returned_at),
                int(r.status),
                _yes(r.at_home),
                _yes(r.paid_online),
                _yes(r.synced),
            ]
        )
    for row in ws.iter_rows(min_row=2, min_col=6, max_col=12):
        for cell in row:
            if cell.column != 10:  # SoLanBoSung is a count
                cell.number_format = "dd/mm/yyyy hh:mm"
    with replacing(path) as tmp:
        wb.save(tmp)
    return path


def write_exports(frame: pd.DataFrame, folder: Path) -> list[Path]:
    """The three demo exports, in the order they are imported."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = split_exports(frame)
    return [
        write_one_stop(parts[ONE_STOP_NAME], folder / ONE_STOP_NAME, DEMO_SETTINGS),
        write_civil(parts[CIVIL_NAME], folder / CIVIL_NAME),
        write_portal(parts[PORTAL_NAME], folder / PORTAL_NAME),
    ]

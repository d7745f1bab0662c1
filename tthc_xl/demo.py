"""A realistic, seeded quarter of commune dossiers (Q1 2026) for the demo and benchmarks,
and `tthc-xl demo`: the macro workbook filled the way a commune fills it.

About 2,900 dossiers over common procedures, Tết inside the quarter, ~99.9% online, some
supplements, a few late, some carried over from December, Thursday busier for the
procedures of the "Thứ Năm không hẹn" model (people now choose that day). Due dates come
from the engine itself, so the sample is consistent with the rules it demonstrates.

The demo (:func:`write_demo`) writes the quarter as three exports shaped like the systems'
own (the one-stop system's .xlsx, the civil-status CSV, the national portal's .xlsx),
copies the packaged template as a new workbook for a made-up commune, imports the
exports, builds the report, and writes the Word and PDF copies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from tthc_xl.rules.catalog import Catalog, Procedure
from tthc_xl.rules.engine import Engine
from tthc_xl.rules.period import parse_period
from tthc_xl.rules.register import COLUMNS, Register
from tthc_xl.rules.values import CHANNEL_LABELS, STATUS_LABELS, Channel, Status
from tthc_xl.rules.workcalendar import (
    DAY,
    WorkCalendar,
    default_overrides,
    from_seconds,
    to_seconds,
)

if TYPE_CHECKING:
    from tthc_xl.importer.run import ImportResult
    from tthc_xl.report.baocao import ReportSummary

QUARTER_END = dt.datetime(2026, 3, 31, 23, 59, 59)

# procedure code -> share of the commune's dossiers
MIX = {
    "2.000815": 0.34,  # chứng thực bản sao
    "1.001193": 0.20,  # khai sinh
    "2.000635": 0.12,  # trích lục
    "1.004873": 0.08,  # xác nhận tình trạng hôn nhân
    "2.001150": 0.07,  # chứng thực chữ ký
    "1.000894": 0.05,  # kết hôn
    "1.000656": 0.04,  # khai tử
    "1.003010": 0.04,  # biến động đất đai
    "1.004870": 0.02,
    "1.008900": 0.025,
    "1.002200": 0.015,
}
LONG = ["1.003010", "1.004870", "1.008900", "1.002200", "1.004873"]
DEPARTMENTS = {
    "Hộ tịch": "Tư pháp - Hộ tịch",
    "Chứng thực": "Tư pháp - Hộ tịch",
    "Đất đai": "Địa chính - Xây dựng",
    "Xây dựng": "Địa chính - Xây dựng",
    "Bảo trợ xã hội": "Văn hóa - Xã hội",
}
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dung",
    "Hà",
    "Hải",
    "Hương",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phương",
    "Quân",
    "Sơn",
    "Thảo",
    "Trang",
    "Tuấn",
    "Yến",
]
VILLAGES = ["Thôn Đông", "Thôn Đoài", "Thôn Nam", "Thôn Bắc", "Thôn Trung", "Khu phố 1"]


def _names(rng: np.random.Generator, n: int) -> list[str]:
    return [
        f"{SURNAMES[a]} {MIDDLE[b]} {GIVEN[c]}"
        for a, b, c in zip(
            rng.integers(0, len(SURNAMES), n),
            rng.integers(0, len(MIDDLE), n),
            rng.integers(0, len(GIVEN), n),
            strict=True,
        )
    ]


def _receipt_moments(
    rng: np.random.Generator, cal: WorkCalendar, n: int, first: dt.date, last: dt.date
) -> np.ndarray:
    """Receipt moments between two days: mostly office hours, online ones at any hour."""
    days = pd.date_range(first, last, freq="D")
    working = cal.work[[(d - cal.start).days for d in days.date]]
    weight = np.where(working, 1.0, 0.12)
    day = rng.choice(len(days), size=n, p=weight / weight.sum())
    office = rng.random(n) < 0.8
    minute = np.where(
        office,
        np.where(
            rng.random(n) < 0.6,
            rng.integers(7 * 60, 11 * 60 + 30, n),
            rng.integers(13 * 60 + 30, 17 * 60, n),
        ),
        rng.integers(0, 24 * 60, n),
    )
    base = to_seconds(days.to_numpy().astype("datetime64[s]"))
    return base[day] + minute * 60.0


THURSDAY_SHARE = 0.3  # of the Thursday-model dossiers filed on another working day


def _choose_thursday(
    rng: np.random.Generator, cal: WorkCalendar, received: np.ndarray, model: np.ndarray
) -> np.ndarray:
    """Move part of the Thursday-model dossiers to the Thursday of their week (same clock
    time), when that Thursday is a working day of the quarter."""
    out = received.copy()
    day = np.floor(received / DAY).astype(np.int64)
    weekday = (day + 3) % 7  # 1970-01-01 was a Thursday
    target = day - weekday + 3
    epoch = dt.date(1970, 1, 1)
    first, last = ((d - epoch).days for d in (dt.date(2026, 1, 1), dt.date(2026, 3, 31)))
    offset = (cal.start - epoch).days
    working = np.array(
        [first <= t <= last and bool(cal.work[int(t) - offset]) for t in target], dtype=bool
    )
    chosen = rng.random(len(out)) < THURSDAY_SHARE
    move = model & (weekday < 5) & (weekday != 3) & working & chosen
    out[move] += (target[move] - day[move]) * DAY
    return out


def generate(seed: int = 2026, n_new: int = 2900, n_carried: int = 70) -> pd.DataFrame:
    """The register of a commune's Q1 2026, as a canonical frame."""
    rng = np.random.default_rng(seed)
    catalog = Catalog.default()
    cal = WorkCalendar(2025, 2027, default_overrides())
    n_early_dec = 12  # finished in December: out of the quarter's scope
    n_rejected = 6
    received = np.concatenate(
        [
            _receipt_moments(rng, cal, n_new, dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
            _receipt_moments(rng, cal, n_carried, dt.date(2025, 12, 17), dt.date(2025, 12, 31)),
            _receipt_moments(rng, cal, n_early_dec, dt.date(2025, 12, 10), dt.date(2025, 12, 20)),
        ]
    )
    n = len(received)
    codes = rng.choice(list(MIX), size=n, p=np.array(list(MIX.values())) / sum(MIX.values()))
    # what is still open at the turn of the year is the slow work: land, building, welfare
    codes[n_new : n_new + n_carried] = rng.choice(LONG, size=n_carried)
    procs: list[Procedure] = []
    for c in codes:
        proc = catalog.get(c)
        assert proc is not None, f"{c} (MIX, LONG) is not in the default catalog"
        procs.append(proc)
    received[:n_new] = _choose_thursday(
        rng, cal, received[:n_new], np.array([p.thursday for p in procs[:n_new]])
    )

    channel = np.full(n, int(Channel.ONLINE), dtype=np.int8)
    offline = rng.choice(n, size=max(2, n // 900), replace=False)
    channel[offline] = Channel.DIRECT
    channel[offline[:1]] = Channel.POSTAL

    frame = _empty(n)
    frame["procedure_code"] = codes
    frame["procedure_name"] = [p.name for p in procs]
    frame["field"] = [p.field for p in procs]
    frame["channel"] = channel
    frame["received_at"] = from_seconds(received)

    # supplements: ~3% asked once, a handful twice, a few still awaited at quarter end
    ask = rng.random(n) < 0.03
    twice = rng.choice(np.flatnonzero(ask), size=min(4, ask.sum()), replace=False)
    requested = np.where(ask, cal.add_working(received, rng.uniform(1, 6, n) * 3600), np.nan)
    supplied = np.where(ask, cal.add_working(requested, rng.uniform(2, 24, n) * 3600), np.nan)
    frame["supplement_requested_at"] = from_seconds(requested)
    frame["supplement_received_at"] = from_seconds(supplied)
    count = ask.astype(np.int64)
    count[twice] = 2
    frame["supplement_count"] = count

    engine = Engine(Register(frame, np.arange(n) + 2), catalog)
    due = engine.due.due

    # processing: most finish early, same-day ones on the day, a few late
    span = np.maximum(cal.to_work(due) - cal.to_work(received), 0)
    share = rng.uniform(0.15, 0.85, n)
    finished = cal.from_work(cal.to_work(received) + span * share + 600)
    late = rng.random(n) < 0.004
    late[twice] = True
    finished = np.where(late, cal.add_working(due, rng.uniform(2, 20, n) * 3600), finished)
    t_end = to_seconds(np.array([np.datetime64(QUARTER_END, "s")]))[0]
    december = np.zeros(n, bool)
    december[n_new + n_carried :] = True
    finished[december] = np.minimum(
        finished[december], to_seconds(np.array([np.datetime64("2025-12-22T16:00:00", "s")]))[0]
    )
    # still awaited supplements and unfinished work at the end of the quarter
    # (up to 3 and 2: a small sample may have fewer candidates; the draws are the same)
    late_asks = np.flatnonzero(ask & ~december & (received > t_end - 10 * DAY))
    awaited = rng.choice(late_asks, size=min(3, len(late_asks)), replace=False)
    supplied[awaited] = np.nan
    frame.loc[awaited, "supplement_received_at"] = pd.NaT
    long_ones = np.flatnonzero(
        (span > 3 * cal.daily) & ~december & ~ask & (received < t_end - 30 * DAY)
    )
    overdue = rng.choice(long_ones, size=min(2, len(long_ones)), replace=False)
    open_ = (finished > t_end) | np.isin(np.arange(n), awaited) | np.isin(np.arange(n), overdue)
    finished[open_] = np.nan
    returned = np.where(
        np.isnan(finished), np.nan, cal.add_working(finished, rng.uniform(0.5, 10, n) * 3600)
    )
    returned[returned > t_end] = np.nan

    status = np.where(~np.isnan(returned), int(Status.RETURNED), int(Status.DONE))
    status = np.where(np.isnan(finished), int(Status.PROCESSING), status)
    status[awaited] = Status.SUPPLEMENT
    rejected = rng.choice(np.flatnonzero(~december & ~ask), size=n_rejected, replace=False)
    status[rejected[:3]] = Status.REJECTED
    status[rejected[3:]] = Status.NEW
    finished[rejected] = np.nan
    returned[rejected] = np.nan

    frame["finished_at"] = from_seconds(np.floor(finished / 60) * 60)
    frame["returned_at"] = from_seconds(np.floor(returned / 60) * 60)
    frame["status"] = status.astype(np.int8)
    # the provincial one-stop system prints the due date on the receipt for part of them
    printed = rng.random(n) < 0.25
    frame["due_at"] = from_seconds(np.where(printed, due, np.nan))

    frame["applicant"] = _names(rng, n)
    frame["id_number"] = [
        f"0{rng.integers(10, 99)}{rng.integers(1, 3)}{rng.integers(10**7, 10**8)}" for _ in range(n)
    ]
    frame["phone"] = [f"09{rng.integers(10**7, 10**8)}" for _ in range(n)]
    frame["address"] = [f"{VILLAGES[i]}, xã Mẫu" for i in rng.integers(0, len(VILLAGES), n)]
    frame["department"] = [DEPARTMENTS.get(p.field, "") for p in procs]
    frame["at_home"] = pd.array(rng.random(n) < 0.004, dtype="boolean")
    frame["paid_online"] = pd.array(
        (channel == Channel.ONLINE) & (rng.random(n) < 0.3), dtype="boolean"
    )
    frame["synced"] = pd.array(rng.random(n) < 0.985, dtype="boolean")
    frame["source"] = np.where(printed, "Hệ thống một cửa tỉnh", "Cổng DVCQG")
    frame = frame.iloc[np.argsort(received, kind="stable")].reset_index(drop=True)
    stamps = frame["received_at"].dt.strftime("%y%m%d")
    frame["dossier_id"] = [f"000.05.31.H23-{d}-{i:04d}" for i, d in enumerate(stamps, start=1)]
    return frame


def _empty(n: int) -> pd.DataFrame:
    """n dossiers with every canonical column empty, as the register reads empty cells."""
    return pd.DataFrame({col.key: col.type.blank(n) for col in COLUMNS})


# ------------------------------------------------------------------ the demo

DEMO_NAME = "TTHC_demo_2026Q1.xlsm"
DEMO_PERIOD = "2026-Q1"
DEMO_SETTINGS = {  # a made-up commune: never a real one
    "unit_name": "Ủy ban nhân dân xã Mẫu",
    "parent_body": "UBND tỉnh Mẫu",
    "place": "Xã Mẫu",
}
EXPORTS_DIR = "tep_xuat_mau"
ONE_STOP_NAME = "motcua_demo_2026Q1.xlsx"
CIVIL_NAME = "hotich_demo_2026Q1.csv"
PORTAL_NAME = "dvcqg_demo_2026Q1.xlsx"
DOCX_NAME = "BaoCao_2026Q1.docx"
PDF_NAME = "BaoCao_2026Q1.pdf"
CIVIL_FIELD = "Hộ tịch"
PORTAL_EVERY = 10  # besides supplements and home receipts, every 10th dossier is re-exported


@dataclass
class DemoRun:
    """What `tthc-xl demo` wrote and what it found."""

    workbook: Path
    exports: list[Path]
    docx: Path
    pdf: Path | None
    pdf_problem: str | None
    summary: ReportSummary
    imported: ImportResult

    @property
    def files(self) -> list[Path]:
        return [self.workbook, self.docx, *([self.pdf] if self.pdf else []), *self.exports]


def _text_moment(value: object, seconds: bool = True) -> str:
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


def _moment(value: object) -> dt.datetime | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).to_pydatetime()


def _yes(value: object) -> str:
    return "Có" if value is True or value == 1 else "Không"


def split_exports(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Which system exports which dossiers: the civil-status system its own field (it has
    no postal channel), the one-stop system the rest; the portal re-exports those with a
    supplement or a home receipt (fields only it carries) and a sample of the others."""
    civil = (frame["field"] == CIVIL_FIELD) & (frame["channel"] != Channel.POSTAL)
    supplements = frame["supplement_count"].fillna(0).astype(int) > 0
    home = frame["at_home"].fillna(False).astype(bool)
    sample = pd.Series(np.arange(len(frame)) % PORTAL_EVERY == 0, index=frame.index)
    return {
        ONE_STOP_NAME: frame[~civil],
        CIVIL_NAME: frame[civil],
        PORTAL_NAME: frame[supplements | home | sample],
    }


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
    wb.save(path)
    return path


def write_civil(frame: pd.DataFrame, path: Path) -> Path:
    """The civil-status system's CSV: UTF-8 with BOM, ';', no field column, online as
    Có/Không, no postal channel."""
    import csv

    with open(path, "w", encoding="utf-8-sig", newline="") as f:
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
    wb.save(path)
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


def write_demo(out_dir: Path, seed: int = 2026, now: dt.datetime | None = None) -> DemoRun:
    """The demo: exports, a workbook from the packaged template, import, report, Word, PDF.

    The demo's own files in `out_dir` are replaced; nothing else there is touched.
    """
    from tthc_xl.book.filebook import FileBook
    from tthc_xl.book.layout import settings_cell
    from tthc_xl.book.names import SHEET_SETTINGS
    from tthc_xl.excel.new import new_workbook_file
    from tthc_xl.importer import run_import
    from tthc_xl.report.baocao import build_report
    from tthc_xl.report.pdf import PdfError, export_pdf
    from tthc_xl.report.pictures import chart_pictures
    from tthc_xl.report.word import write_docx

    out_dir.mkdir(parents=True, exist_ok=True)
    exports = write_exports(generate(seed), out_dir / EXPORTS_DIR)
    path = out_dir / DEMO_NAME
    path.unlink(missing_ok=True)
    new_workbook_file(path, DEMO_SETTINGS["unit_name"])
    book = FileBook(path, backups=0)
    for attr in ("parent_body", "place"):
        ref = settings_cell(attr).split("!")[1].replace("$", "")
        book.write(SHEET_SETTINGS, int(ref[1:]), [[DEMO_SETTINGS[attr]]], left=ord(ref[0]) - 64)
    imported = run_import(book, exports, now=now)
    book = FileBook(path, backups=0)
    summary = build_report(book, parse_period(DEMO_PERIOD), now=now)
    book.save()
    docx = write_docx(summary, out_dir / DOCX_NAME, chart_pictures(summary.charts))
    pdf: Path | None = out_dir / PDF_NAME
    problem = None
    try:
        export_pdf(path, out_dir / PDF_NAME)
    except (PdfError, OSError) as exc:
        pdf, problem = None, str(exc)
    return DemoRun(path, exports, docx, pdf, problem, summary, imported)


REGISTER_NAME = "TTHC_demo_2026Q1.xlsx"


def write_register(out_dir: Path, seed: int = 2026) -> Path:
    """The demo quarter as a plain data workbook (HoSo, DanhMuc, NgayNghi, CauHinh): the
    benchmarks' input, quicker to make than the full demo."""
    from tthc_xl.book.layout import new_workbook
    from tthc_xl.rules.settings import Settings

    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / REGISTER_NAME
    wb = new_workbook(generate(seed), Catalog.default(), Settings())
    tmp = path.with_name(f".{path.name}.tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path

"""A realistic, seeded quarter of commune dossiers (Q1 2026) for the demo and benchmarks.

About 2,900 dossiers over common procedures, Tết inside the quarter, ~99.9% online, some
supplements, a few late, some carried over from December, Thursday busier for the
procedures of the "Thứ Năm không hẹn" model (people now choose that day). Due dates come
from the engine itself, so the sample is consistent with the rules it demonstrates.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from tthc_xl.rules.catalog import Catalog, Procedure
from tthc_xl.rules.engine import Engine
from tthc_xl.rules.register import COLUMNS, Register
from tthc_xl.rules.values import Channel, Status
from tthc_xl.rules.workcalendar import (
    DAY,
    WorkCalendar,
    default_overrides,
    from_seconds,
    to_seconds,
)

QUARTER_END = dt.datetime(2026, 3, 31, 23, 59, 59)
DEMO_SETTINGS = {  # a made-up commune: never a real one
    "unit_name": "Ủy ban nhân dân xã Mẫu",
    "parent_body": "UBND tỉnh Mẫu",
    "place": "Xã Mẫu",
    "signer": "Nguyễn Văn Mẫu",  # made up too
    "plan_number": "15/KH-UBND",
    "plan_date": "10/01/2026",
}

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
    """The register of a commune's Q1 2026, as a canonical frame.

    The phases below draw from one random generator in a fixed order: the same seed gives
    the same quarter."""
    rng = np.random.default_rng(seed)
    catalog = Catalog.default()
    cal = WorkCalendar(2025, 2027, default_overrides())
    n_early_dec = 12  # finished in December: out of the quarter's scope
    received, codes = _receipts(rng, cal, n_new, n_carried, n_early_dec)
    procs = _procedures(catalog, codes)
    received[:n_new] = _choose_thursday(
        rng, cal, received[:n_new], np.array([p.thursday for p in procs[:n_new]])
    )
    n = len(received)
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
    ask, twice = _supplements(rng, cal, frame, received)

    due = Engine(Register(frame, np.arange(n) + 2), catalog).due.due
    december = np.zeros(n, bool)
    december[n_new + n_carried :] = True
    _processing(rng, cal, frame, received, due, ask, twice, december)
    # the provincial one-stop system prints the due date on the receipt for part of them
    printed = rng.random(n) < 0.25
    frame["due_at"] = from_seconds(np.where(printed, due, np.nan))
    _people(rng, frame, procs)
    frame["source"] = np.where(printed, "Hệ thống một cửa tỉnh", "Cổng DVCQG")
    frame = frame.iloc[np.argsort(received, kind="stable")].reset_index(drop=True)
    stamps = frame["received_at"].dt.strftime("%y%m%d")
    frame["dossier_id"] = [f"000.05.31.H23-{d}-{i:04d}" for i, d in enumerate(stamps, start=1)]
    return frame


def _receipts(
    rng: np.random.Generator, cal: WorkCalendar, n_new: int, n_carried: int, n_early_dec: int
) -> tuple[np.ndarray, np.ndarray]:
    """Receipt moments (the quarter's, December's still open, December's done) and codes."""
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
    return received, codes


def _procedures(catalog: Catalog, codes: np.ndarray) -> list[Procedure]:
    procs: list[Procedure] = []
    for c in codes:
        proc = catalog.get(c)
        assert proc is not None, f"{c} (MIX, LONG) is not in the default catalog"
        procs.append(proc)
    return procs


def _supplements(
    rng: np.random.Generator, cal: WorkCalendar, frame: pd.DataFrame, received: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """~3% asked for a supplement once, a handful twice: (asked, asked twice)."""
    n = len(received)
    ask = rng.random(n) < 0.03
    twice = rng.choice(np.flatnonzero(ask), size=min(4, ask.sum()), replace=False)
    requested = np.where(ask, cal.add_working(received, rng.uniform(1, 6, n) * 3600), np.nan)
    supplied = np.where(ask, cal.add_working(requested, rng.uniform(2, 24, n) * 3600), np.nan)
    frame["supplement_requested_at"] = from_seconds(requested)
    frame["supplement_received_at"] = from_seconds(supplied)
    count = ask.astype(np.int64)
    count[twice] = 2
    frame["supplement_count"] = count
    return ask, twice


def _processing(
    rng: np.random.Generator,
    cal: WorkCalendar,
    frame: pd.DataFrame,
    received: np.ndarray,
    due: np.ndarray,
    ask: np.ndarray,
    twice: np.ndarray,
    december: np.ndarray,
) -> None:
    """End and return moments and statuses: most finish early, same-day ones on the day, a
    few late; some supplements still awaited and some work unfinished at the quarter end."""
    n = len(received)
    span = np.maximum(cal.to_work(due) - cal.to_work(received), 0)
    share = rng.uniform(0.15, 0.85, n)
    finished = cal.from_work(cal.to_work(received) + span * share + 600)
    late = rng.random(n) < 0.004
    late[twice] = True
    finished = np.where(late, cal.add_working(due, rng.uniform(2, 20, n) * 3600), finished)
    t_end = to_seconds(np.array([np.datetime64(QUARTER_END, "s")]))[0]
    finished[december] = np.minimum(
        finished[december], to_seconds(np.array([np.datetime64("2025-12-22T16:00:00", "s")]))[0]
    )
    # still awaited supplements and unfinished work at the end of the quarter
    # (up to 3 and 2: a small sample may have fewer candidates; the draws are the same)
    late_asks = np.flatnonzero(ask & ~december & (received > t_end - 10 * DAY))
    awaited = rng.choice(late_asks, size=min(3, len(late_asks)), replace=False)
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
    rejected = rng.choice(np.flatnonzero(~december & ~ask), size=REJECTED, replace=False)
    status[rejected[:3]] = Status.REJECTED
    status[rejected[3:]] = Status.NEW
    finished[rejected] = np.nan
    returned[rejected] = np.nan
    frame["finished_at"] = from_seconds(np.floor(finished / 60) * 60)
    frame["returned_at"] = from_seconds(np.floor(returned / 60) * 60)
    frame["status"] = status.astype(np.int8)


REJECTED = 6  # 3 refused, 3 never accepted


def _people(rng: np.random.Generator, frame: pd.DataFrame, procs: list[Procedure]) -> None:
    """Applicants (personal data the copy for email must never carry) and the flags."""
    n = len(frame)
    channel = frame["channel"].to_numpy()
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


def _empty(n: int) -> pd.DataFrame:
    """n dossiers with every canonical column empty, as the register reads empty cells."""
    return pd.DataFrame({col.key: col.type.blank(n) for col in COLUMNS})

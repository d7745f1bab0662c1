"""The peers a commune or the city office would otherwise use, on the same register:
a spreadsheet of native formulas recalculated by LibreOffice, and DuckDB SQL.

Both compute the same counts on their own (no tthc-xl code), so agreement is a check.
The register is the demo quarter restricted to where WORKDAY.INTL is exact: dossiers
received inside office hours on a working day, for procedures counted in whole working
days (or same day), without supplement requests. The period is 2026-Q1 taken at its end,
compared by date (CauHinh's default).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from tthc_xl.demo import generate
from tthc_xl.rules.catalog import Catalog, Unit
from tthc_xl.rules.register import Register
from tthc_xl.rules.values import CHANNEL_LABELS, NEVER_ACCEPTED, Channel
from tthc_xl.rules.workcalendar import WorkCalendar, default_overrides

START = dt.datetime(2026, 1, 1)
AS_OF = dt.datetime(2026, 3, 31, 23, 59, 59)
KEYS = ("carried_over", "received_new", "received_online", "received_direct",
        "received_postal", "total", "resolved", "early", "on_time", "late", "pending",
        "pending_within", "pending_overdue", "due_soon")  # fmt: skip
OFFICE = ((7 * 3600, 11 * 3600 + 1800), (13 * 3600 + 1800, 17 * 3600))
CUTOFF = 15 * 3600


def peer_register(n: int) -> pd.DataFrame:
    """n dossiers resampled from the part of the demo quarter WORKDAY.INTL can judge."""
    base = generate()
    catalog = Catalog.default()
    cal = WorkCalendar(2025, 2027, default_overrides())
    received = base["received_at"]
    tod = (received - received.dt.normalize()).dt.total_seconds().to_numpy()
    working = np.array([cal.is_working_day(d) for d in received.dt.date])
    inside = np.zeros(len(base), bool)
    for lo, hi in OFFICE:
        inside |= (tod > lo) & (tod < hi)
    procs = [catalog.get(c) for c in base["procedure_code"]]
    whole_days = np.array(
        [
            p is not None
            and p.unit == Unit.WORKING_DAYS
            and p.limit is not None
            and float(p.limit).is_integer()
            and not p.thursday
            for p in procs
        ]  # fmt: skip
    )
    plain = base["supplement_requested_at"].isna().to_numpy() & (base["supplement_count"] == 0)
    keep = base[working & inside & whole_days & plain.to_numpy()].reset_index(drop=True)
    rng = np.random.default_rng(n)
    frame = keep.iloc[rng.integers(0, len(keep), n)].reset_index(drop=True)
    frame["dossier_id"] = [f"P{i:07d}" for i in range(n)]
    # the counter and the post too, as in a commune with more paper than the demo's
    draw = rng.random(n)
    channel = np.where(
        draw < 0.04,
        int(Channel.DIRECT),
        np.where(draw < 0.05, int(Channel.POSTAL), int(Channel.ONLINE)),
    )
    frame["channel"] = channel.astype(frame["channel"].dtype)
    return frame


def engine_counts(frame: pd.DataFrame) -> dict[str, int]:
    from tthc_xl.rules.engine import Engine

    result = Engine(Register(frame, np.arange(len(frame)) + 2)).evaluate("2026-Q1", AS_OF, "date")
    return dict(result.counts)


FIRST_DAY, LAST_DAY = dt.date(2025, 10, 1), dt.date(2026, 9, 30)


def calendar_days() -> tuple[list[dt.date], list[dt.date]]:
    """The engine's calendar as the peers are told it: weekdays off (Tết, ...) and
    make-up working Saturdays (10/01/2026, 22/08/2026)."""
    cal = WorkCalendar(FIRST_DAY.year, LAST_DAY.year, default_overrides())
    days = pd.date_range(FIRST_DAY, LAST_DAY).date
    off = [d for d in days if d.weekday() < 5 and not cal.is_working_day(d)]
    makeup = [d for d in days if d.weekday() >= 5 and cal.is_working_day(d)]
    gaps = np.diff(np.array(makeup, dtype="datetime64[D]")).astype(int)
    assert (gaps > 60).all(), "the formula corrects for one make-up day per due window"
    return off, makeup


def holidays() -> list[dt.date]:
    return calendar_days()[0]


def _limits(frame: pd.DataFrame) -> dict[str, int]:
    catalog = Catalog.default()
    return {c: int(catalog.get(c).limit) for c in frame["procedure_code"].unique()}  # type: ignore[union-attr]


# ------------------------------------------------------------------ LibreOffice


def write_formula_workbook(frame: pd.DataFrame, path: Path) -> None:
    """What a careful clerk would build: the register, DanhMuc, NgayNghi, helper columns
    with WORKDAY.INTL and the counts with COUNTIFS."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "HoSo"
    ws.append(["Mã hồ sơ", "Mã TTHC", "Kênh", "Ngày tiếp nhận", "Ngày hẹn trả",
               "Ngày có kết quả", "Ngày trả", "Trạng thái", "Kết thúc", "Thời hạn",
               "Hạn (ngày)", "Trong kỳ", "Kết quả", "Mới", "Kỳ trước", "Sắp đến hạn",
               "Số ngày", "WORKDAY", "Ngày làm bù"])  # fmt: skip
    n = len(frame)
    labels = {int(c): CHANNEL_LABELS[Channel(c)] for c in Channel if c in CHANNEL_LABELS}

    def cell(v):
        return None if pd.isna(v) else v.to_pydatetime()

    never = ",".join(str(int(s)) for s in NEVER_ACCEPTED)
    hol, bu = "NgayNghi!$A$2:$A$200", "NgayNghi!$B$2:$B$20"
    off, makeup = calendar_days()
    for i, rec in enumerate(frame.itertuples(index=False), start=2):
        ws.append(
            [
                rec.dossier_id,
                rec.procedure_code,
                labels.get(int(rec.channel), ""),
                cell(rec.received_at),
                cell(rec.due_at),
                cell(rec.finished_at),
                cell(rec.returned_at),
                int(rec.status),
                f'=IF(F{i}<>"",F{i},IF(G{i}<>"",G{i},""))',
                f"=VLOOKUP(B{i},DanhMuc!$A$2:$B$100,2,0)",
                f'=IF(E{i}<>"",INT(E{i}),IF(AND(J{i}=0,MOD(D{i},1)<=KQ!$B$4),INT(D{i}),'
                f"IF(S{i}>0,MAX(WORKDAY.INTL(INT(D{i}),Q{i}-1,1,{hol}),S{i}),R{i})))",
                f'=AND(ISNA(MATCH(H{i},{{{never}}},0)),D{i}<=KQ!$B$3,OR(I{i}="",I{i}>=KQ!$B$2))',
                f'=IF(NOT(L{i}),0,IF(AND(I{i}<>"",I{i}<=KQ!$B$3),IF(INT(I{i})<K{i},1,'
                f"IF(INT(I{i})>K{i},3,2)),IF(K{i}<INT(KQ!$B$3),5,4)))",
                f"=AND(L{i},D{i}>=KQ!$B$2)",
                f"=AND(L{i},D{i}<KQ!$B$2)",
                f"=AND(M{i}=4,K{i}<=KQ!$B$5)",
                f"=MAX(1,J{i})",
                f"=WORKDAY.INTL(INT(D{i}),Q{i},1,{hol})",
                f'=_xlfn.MAXIFS({bu},{bu},">"&INT(D{i}),{bu},"<"&R{i})',
            ]  # fmt: skip
        )
    cat = wb.create_sheet("DanhMuc")
    cat.append(["Mã TTHC", "Thời hạn (ngày làm việc)"])
    for code, limit in _limits(frame).items():
        cat.append([code, limit])
    hol = wb.create_sheet("NgayNghi")
    hol.append(["Ngày nghỉ (thứ Hai - thứ Sáu)", "Thứ Bảy làm bù"])
    for k in range(max(len(off), len(makeup))):
        hol.append([dt.datetime.combine(d[k], dt.time()) if k < len(d) else None
                    for d in (off, makeup)])  # fmt: skip
    kq = wb.create_sheet("KQ")
    r = f"HoSo!$A$2:$A${n + 1}"
    col = {k: f"HoSo!${c}$2:${c}${n + 1}" for k, c in
           (("ch", "C"), ("out", "M"), ("new", "N"), ("old", "O"), ("soon", "P"))}  # fmt: skip
    online, direct, postal = (
        labels[int(c)] for c in (Channel.ONLINE, Channel.DIRECT, Channel.POSTAL)
    )
    rows = [
        ("Số hồ sơ", f"=COUNTA({r})"),
        ("Đầu kỳ", START),
        ("Tính đến", AS_OF),
        ("Giờ chốt trong ngày", CUTOFF / 86400),
        ("Ngày cảnh báo", "=WORKDAY.INTL(INT(B3),1,1,NgayNghi!$A$2:$A$200)"),
        ("carried_over", f"=COUNTIFS({col['old']},TRUE)"),
        ("received_new", f"=COUNTIFS({col['new']},TRUE)"),
        ("received_online", f'=COUNTIFS({col["new"]},TRUE,{col["ch"]},"{online}")'),
        ("received_direct", f'=COUNTIFS({col["new"]},TRUE,{col["ch"]},"{direct}")'),
        ("received_postal", f'=COUNTIFS({col["new"]},TRUE,{col["ch"]},"{postal}")'),
        ("total", "=B6+B7"),
        ("resolved", "=B13+B14+B15"),
        ("early", f"=COUNTIFS({col['out']},1)"),
        ("on_time", f"=COUNTIFS({col['out']},2)"),
        ("late", f"=COUNTIFS({col['out']},3)"),
        ("pending", "=B17+B18"),
        ("pending_within", f"=COUNTIFS({col['out']},4)"),
        ("pending_overdue", f"=COUNTIFS({col['out']},5)"),
        ("due_soon", f"=COUNTIFS({col['soon']},TRUE)"),
    ]
    for row in rows:
        kq.append(list(row))
    wb.save(path)


def libreoffice_recalc(path: Path, outdir: Path) -> Path:
    """soffice headless loads the workbook, recalculates every formula and saves it."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--calc",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(outdir),
                str(path),
            ],  # fmt: skip
            check=True,
            capture_output=True,
            timeout=1800,
        )
    return outdir / path.name


def libreoffice_counts(path: Path) -> dict[str, int]:
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as wb:
        rows = wb.get_sheet_by_name("KQ").to_python()
    return kq_counts({str(r[0]): r[1] for r in rows if r})


def kq_counts(values: dict[str, object]) -> dict[str, int]:
    """The fourteen counts among the KQ sheet's cells named in its column A."""
    return {k: int(values[k]) for k in KEYS}  # type: ignore[call-overload]


UNO_PYTHON = "/usr/bin/python3"  # the system python: python3-uno is a Debian package
UNO_INSTALL = "apt-get install -y --no-install-recommends python3-uno"


def uno_missing(python: str = UNO_PYTHON) -> str | None:
    """Why LibreOffice cannot be timed from inside (None when it can): the UNO bridge
    lives in the system python, which the project's virtualenv does not see."""
    if shutil.which("soffice") is None:
        return "soffice is not installed (apt-get install libreoffice-calc)"
    try:
        probe = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=60)
    except OSError as exc:
        return f"{python} cannot run ({exc})"
    if probe.returncode != 0:
        return f"python3-uno is missing for {python}; install it with: {UNO_INSTALL}"
    return None


def libreoffice_uno(path: Path, repeat: int, python: str = UNO_PYTHON) -> dict:
    """LibreOffice's load and `calculateAll()` times inside a running soffice, with the
    counts read back after each step (bench/lo_uno.py, run by the system python)."""
    script = Path(__file__).with_name("lo_uno.py")
    done = subprocess.run(
        [python, str(script), str(path), "--repeat", str(repeat)],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{script.name} failed: {done.stderr.strip() or done.stdout}")
    fig = json.loads(done.stdout)
    for key in ("after_load", "after_calculate_all", "after_edit", "after_restore"):
        fig[key] = kq_counts(fig[key])
    return fig


# ------------------------------------------------------------------ DuckDB


def duckdb_counts(frame: pd.DataFrame) -> dict[str, int]:
    """The same counts in SQL: a working-day calendar table numbers the working days, a
    due day is the working day N numbers on."""
    import duckdb

    off, makeup = (set(x) for x in calendar_days())
    days = pd.DataFrame({"d": pd.date_range(FIRST_DAY, LAST_DAY).date})
    days["working"] = [(d.weekday() < 5 and d not in off) or d in makeup for d in days["d"]]
    days["idx"] = np.cumsum(days["working"])
    limits = pd.DataFrame(list(_limits(frame).items()), columns=["code", "limit_days"])
    hosos = frame[["dossier_id", "procedure_code", "channel", "received_at", "due_at",
                   "finished_at", "returned_at", "status"]].copy()  # fmt: skip
    hosos["status"] = hosos["status"].astype(int)
    hosos["channel"] = hosos["channel"].astype(int)
    never = tuple(int(s) for s in NEVER_ACCEPTED)
    con = duckdb.connect()
    con.register("hoso", hosos)
    con.register("days", days)
    con.register("limits", limits)
    sql = f"""
    WITH base AS (
        SELECT h.*, l.limit_days, coalesce(finished_at, returned_at) AS ended,
               received_at::DATE AS rday,
               epoch(received_at::TIME) AS tod
        FROM hoso h JOIN limits l ON l.code = h.procedure_code),
    due AS (
        SELECT b.*, CASE
            WHEN due_at IS NOT NULL THEN due_at::DATE
            WHEN limit_days = 0 AND tod <= {CUTOFF} THEN rday
            ELSE (SELECT min(d2.d) FROM days d2 WHERE d2.working AND d2.idx =
                  dr.idx + CASE WHEN limit_days = 0 THEN 1 ELSE limit_days END)
            END AS due_day
        FROM base b JOIN days dr ON dr.d = b.rday),
    judged AS (
        SELECT *,
            status NOT IN {never} AND received_at <= TIMESTAMP '{AS_OF}'
                AND (ended IS NULL OR ended >= TIMESTAMP '{START}') AS in_scope,
            ended IS NOT NULL AND ended <= TIMESTAMP '{AS_OF}' AS done
        FROM due),
    outcome AS (
        SELECT *, CASE
            WHEN NOT in_scope THEN 0
            WHEN done THEN CASE WHEN ended::DATE < due_day THEN 1
                                WHEN ended::DATE > due_day THEN 3 ELSE 2 END
            WHEN due_day < DATE '{AS_OF.date()}' THEN 5 ELSE 4 END AS o
        FROM judged)
    SELECT
        count(*) FILTER (in_scope AND received_at < TIMESTAMP '{START}') AS carried_over,
        count(*) FILTER (in_scope AND received_at >= TIMESTAMP '{START}') AS received_new,
        count(*) FILTER (in_scope AND channel = {int(Channel.ONLINE)}
            AND received_at >= TIMESTAMP '{START}'),
        count(*) FILTER (in_scope AND channel = {int(Channel.DIRECT)}
            AND received_at >= TIMESTAMP '{START}'),
        count(*) FILTER (in_scope AND channel = {int(Channel.POSTAL)}
            AND received_at >= TIMESTAMP '{START}'),
        count(*) FILTER (in_scope) AS total,
        count(*) FILTER (o IN (1, 2, 3)),
        count(*) FILTER (o = 1), count(*) FILTER (o = 2), count(*) FILTER (o = 3),
        count(*) FILTER (o IN (4, 5)),
        count(*) FILTER (o = 4), count(*) FILTER (o = 5),
        count(*) FILTER (o = 4 AND due_day <= (SELECT min(d) FROM days
            WHERE working AND d > DATE '{AS_OF.date()}'))
    FROM outcome
    """
    row = con.execute(sql).fetchone()
    con.close()
    assert row is not None
    return dict(zip(KEYS, (int(v) for v in row), strict=True))

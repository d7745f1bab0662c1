"""The commands a clerk waits for, each against `tthc-xl kpi` on the same workbook, at
several register sizes, in one run (issue 18):

- kpi: reading the register and computing the period's figures (the floor a write cannot
  beat: every writing command reads and computes as much);
- refresh: KPI, CanhBao and Bieu06 written into the workbook, saved safely;
- report: refresh + the BaoCao sheet and its charts;
- import 300: an export of 300 new dossiers imported (HoSo, NhatKy, LoiNhap);
- publish: the copy to email (no register).

Each is the whole `tthc-xl` process, best of --repeat, on a fresh copy of the workbook.
The workbook of n dossiers is the demo quarter resampled to n (the same mix of cases),
made complete by one untimed `report`. Then, on the demo quarter, the formula functions:
a cold call, a warm call, another indicator.

Run: python bench/bench_surfaces.py [--sizes 3000 30000 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from bench_import import write_export
from python_calamine import CalamineWorkbook

from tthc_xl.book.layout import new_workbook
from tthc_xl.demo import generate
from tthc_xl.excel import udfs
from tthc_xl.rules.catalog import Catalog
from tthc_xl.rules.settings import Settings

EPOCH = dt.datetime(1899, 12, 30)
EXE = shutil.which("tthc-xl") or str(Path(sys.executable).parent / "tthc-xl")
COMMANDS = ("kpi", "refresh", "report", "import_300", "publish")


def as_excel(value: object) -> object:
    if isinstance(value, dt.datetime):
        return (value - EPOCH).total_seconds() / 86400
    if isinstance(value, dt.date):
        return float((value - EPOCH.date()).days)
    return value


def workbook_of(n: int, folder: Path) -> Path:
    """A complete workbook holding the demo quarter resampled to n dossiers."""
    base = generate()
    rng = np.random.default_rng(n)
    frame = base.iloc[rng.integers(0, len(base), n)].reset_index(drop=True)
    frame["dossier_id"] = [f"B{i:07d}" for i in range(n)]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"So_{n}.xlsx"
    new_workbook(frame, Catalog.default(), Settings()).save(path)
    run("report", path, "--period", "2026-Q1")  # completes it: every sheet, charts
    return path


def run(command: str, *args: object) -> None:
    done = subprocess.run([EXE, command, *map(str, args)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"tthc-xl {command} failed: {done.stderr[-1500:]}")


def timed(repeat: int, workbook: Path, work: Path, command: str, *args: object) -> float:
    """Best whole-process time of `tthc-xl command work args`, a fresh copy each time."""
    best = float("inf")
    for _ in range(repeat):
        shutil.copy(workbook, work)
        shutil.rmtree(work.parent / "tthc-xl-saoluu", ignore_errors=True)
        start = time.perf_counter()
        run(command, work, *args)
        best = min(best, time.perf_counter() - start)
    return best


def commands(n: int, repeat: int, folder: Path, export: Path) -> dict[str, float]:
    workbook = workbook_of(n, folder)
    work = folder / "work" / workbook.name
    work.parent.mkdir(exist_ok=True)
    period = ("--period", "2026-Q1")
    out = folder / "work" / "copy.xlsx"
    return {
        "kpi": timed(repeat, workbook, work, "kpi", *period, "--json"),
        "refresh": timed(repeat, workbook, work, "refresh", *period),
        "report": timed(repeat, workbook, work, "report", *period),
        "import_300": timed(repeat, workbook, work, "import", export),
        "publish": timed(repeat, workbook, work, "publish", *period, "--out", out),
    }


def udf_figures(repeat: int, folder: Path) -> dict[str, float | int]:
    path = folder / "So_udf.xlsx"
    new_workbook(generate(), Catalog.default(), Settings()).save(path)
    with CalamineWorkbook.from_path(str(path)) as wb:
        rows = wb.get_sheet_by_name("HoSo").to_python()
    table = [[as_excel(v) for v in row] for row in rows]
    cold, warm, other = float("inf"), float("inf"), float("inf")
    for _ in range(repeat):
        udfs.clear_caches()
        fresh = [list(r) for r in table]  # a new list, as Excel passes on each recalc
        start = time.perf_counter()
        first = udfs.ONLINE_RATE(fresh, "2026-Q1")
        cold = min(cold, time.perf_counter() - start)
        again = [list(r) for r in table]
        start = time.perf_counter()
        second = udfs.ONLINE_RATE(again, "2026-Q1")
        warm = min(warm, time.perf_counter() - start)
        start = time.perf_counter()
        udfs.RESOLVED_COUNT(again, "2026-Q1", "quá hạn")
        other = min(other, time.perf_counter() - start)
        assert first == second and isinstance(first, float), (first, second)
    return {"udf_rows": len(table) - 1, "udf_cold_s": cold, "udf_warm_s": warm,
            "udf_other_indicator_s": other}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 30000, 100000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    figures: dict[str, float | int] = {}
    with tempfile.TemporaryDirectory(prefix="bench_surfaces_") as tmp:
        folder = Path(tmp)
        export = folder / "moi_300.xlsx"
        write_export(export, 300)  # ids 000.05.*: none in the register, all new
        print(f"{'dossiers':>9} | " + " | ".join(f"{c:>16}" for c in COMMANDS))
        for n in args.sizes:
            times = commands(n, args.repeat, folder / str(n), export)
            kpi = times["kpi"]
            cells = [f"{times[c]:6.2f} s" + (f" {times[c] / kpi:4.1f}x" if c != "kpi" else "")
                     for c in COMMANDS]  # fmt: skip
            print(f"{n:>9,} | " + " | ".join(f"{c:>16}" for c in cells), flush=True)
            for c in COMMANDS:
                figures[f"{c}_{n}_s"] = times[c]
                if c != "kpi":
                    figures[f"{c}_{n}_x"] = times[c] / kpi
        figures.update(udf_figures(args.repeat, folder))
    print(f"UDF on {figures['udf_rows']:,} rows: cold {figures['udf_cold_s'] * 1000:.1f} ms, "
          f"warm {figures['udf_warm_s'] * 1000:.2f} ms, another indicator "
          f"{figures['udf_other_indicator_s'] * 1000:.2f} ms")  # fmt: skip
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in figures.items()}))


if __name__ == "__main__":
    main()

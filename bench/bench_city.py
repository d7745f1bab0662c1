"""The city view: `tthc-xl city` over 114 commune workbooks x ~3,000 dossiers, end to end,
and its growth up to 10^7 dossiers (a province-year) on a synthetic Parquet set.

- city: the whole `tthc-xl city FOLDER -o XepHang.xlsx --period 2026-Q1` process (read every
  workbook two at a time, engine per commune, DuckDB, ranking workbook with charts).
  The workbooks are generated once (tests/helpers/communes.py) and kept with --folder.
- floor: the same workbooks' HoSo sheets read one after the other as typed columns by
  fastexcel (`load_sheet_by_name("HoSo").to_arrow()`, defaults), in this process: the I/O
  floor the city is measured against (issue 18: at most 2x), in the same run.
- scale (--scale): communes of 3,000 dossiers resampled from the demo quarter, evaluated
  by the engine in memory; their dossier rows go to one Parquet file per commune and the
  ranking, city totals and late list are DuckDB SQL over them. Reported: seconds per
  million dossiers at each size (about constant = about linear). Not run by CI.

Run: python bench/bench_city.py [--folder DIR] [--count 114] [--repeat 3]
     python bench/bench_city.py --scale 100000 1000000 10000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the test data
from helpers.communes import write_communes  # noqa: E402

from tthc_xl.city.communes import commune_of  # noqa: E402
from tthc_xl.city.view import assemble  # noqa: E402
from tthc_xl.demo import generate  # noqa: E402
from tthc_xl.rules.engine import Engine  # noqa: E402
from tthc_xl.rules.period import parse_period  # noqa: E402
from tthc_xl.rules.register import Register  # noqa: E402

NOW = "2026-04-10T08:00"


def city_process(folder: Path, out: Path, repeat: int, count: int) -> tuple[float, float]:
    """Best wall time, and the CPU seconds (user + system, every process) of that run: on a
    shared machine the wall time includes waiting for the cores others use."""
    exe = shutil.which("tthc-xl") or str(Path(sys.executable).parent / "tthc-xl")
    best, cpu = float("inf"), float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [exe, "city", str(folder), "-o", str(out), "--period", "2026-Q1", "--json"],
            check=True,
            capture_output=True,
            text=True,
            env={"TTHC_XL_NOW": NOW, "PATH": "/usr/bin:/bin"},
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if wall < best:
            best, cpu = wall, used
        ranked = json.loads(done.stdout)["communes"]
        assert len(ranked) == count, (len(ranked), count)
    return best, cpu


def typed_floor(folder: Path, repeat: int) -> tuple[float, float]:
    """Best wall time (and its CPU seconds) of reading every workbook's HoSo sheet as typed
    columns, sequentially: what any reader of the registers must pay."""
    import fastexcel

    files = sorted(p for p in folder.iterdir() if p.suffix == ".xlsx" and p.name[0].isdigit())
    best, cpu = float("inf"), float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        rows = 0
        for path in files:
            rows += fastexcel.read_excel(str(path)).load_sheet_by_name("HoSo").to_arrow().num_rows
        wall = time.perf_counter() - start
        if wall < best:
            best, cpu = wall, time.process_time() - start_cpu
    assert rows > 0 and len(files) > 0
    return best, cpu


def scale(sizes: list[int], per_commune: int = 3000) -> None:
    base = generate()
    period = parse_period("2026-Q1")
    as_of = dt.datetime(2026, 3, 31, 23, 59, 59)
    for n in sizes:
        communes = max(1, n // per_commune)

        def items(communes=communes):
            for k in range(communes):
                rng = np.random.default_rng(k)
                frame = base.iloc[rng.integers(0, len(base), per_commune)].reset_index(drop=True)
                frame["dossier_id"] = [f"C{k:05d}-{i:05d}" for i in range(per_commune)]
                result = Engine(Register(frame, np.arange(per_commune) + 2)).evaluate(period, as_of)
                yield commune_of(result, f"xa_{k:05d}.parquet", f"Xã số {k:05d}")

        with tempfile.TemporaryDirectory(prefix="bench_city_scale_") as tmp:
            start = time.perf_counter()
            view = assemble(items(), period, as_of, Path(tmp), parquet=Path(tmp) / "hoso")
            seconds = time.perf_counter() - start
        total = communes * per_commune
        assert view.dossier_count == total and len(view.rows) == communes
        print(
            f"scale: {total:>10,} dossiers ({communes:,} communes): {seconds:7.1f} s, "
            f"{seconds / total * 1e6:.1f} s per million dossiers",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, help="commune workbooks (generated if missing)")
    parser.add_argument("--count", type=int, default=114)
    parser.add_argument("--dossiers", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=int, nargs="*", help="only the Parquet scale run")
    args = parser.parse_args()
    if args.scale:
        scale(args.scale)
        return
    folder = args.folder or Path(tempfile.mkdtemp(prefix="bench_city_"))
    if not folder.exists() or len(list(folder.glob("*.xlsx"))) < args.count:
        start = time.perf_counter()
        write_communes(folder, args.count, args.dossiers)
        print(f"generated {args.count} workbooks in {time.perf_counter() - start:.0f} s")
    with tempfile.TemporaryDirectory() as tmp:
        floor, floor_cpu = typed_floor(folder, args.repeat)
        seconds, cpu = city_process(folder, Path(tmp) / "XepHang.xlsx", args.repeat, args.count)
        floor_after, floor_cpu_after = typed_floor(folder, args.repeat)
    if floor_after < floor:  # the floor before and after the city: the lower of the two
        floor, floor_cpu = floor_after, floor_cpu_after
    load = os.getloadavg()[0]
    print(f"typed read of every HoSo (fastexcel, sequential, in process): {floor:.2f} s wall, "
          f"{floor_cpu:.1f} CPU s")  # fmt: skip
    print(f"tthc-xl city, {args.count} workbooks x ~{args.dossiers:,} dossiers, whole "
          f"process: {seconds:.2f} s wall, {cpu:.1f} CPU s (load average {load:.1f})")  # fmt: skip
    print(f"ratio city / floor: {seconds / floor:.2f}x wall, {cpu / floor_cpu:.2f}x CPU")
    print(json.dumps({"workbooks": args.count, "city_process_s": round(seconds, 3),
                      "cpu_s": round(cpu, 2), "floor_s": round(floor, 3),
                      "floor_cpu_s": round(floor_cpu, 2), "ratio": round(seconds / floor, 2),
                      "load_average": round(load, 2)}))  # fmt: skip
    if not args.folder:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""The surfaces a clerk touches, on the demo quarter (~2,980 dossiers):

- report: `tthc-xl refresh` writes KPI, CanhBao and Bieu06 into the workbook and saves it
  safely (temporary file, backup); timed in process (read + engine + write + save) and as
  a whole process;
- UDFs: a formula function on the 3,000-row register as Excel hands it (2-D list, dates as
  serial numbers): the first (cold) call parses the table and computes; a repeat (warm)
  call with the same table is served from the cache; then another indicator of the same
  table and period (warm engine and result).

Run: python bench/bench_surfaces.py [--repeat 5]
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

from python_calamine import CalamineWorkbook

from tthc_xl.book.filebook import FileBook
from tthc_xl.demo import write_demo
from tthc_xl.excel import udfs
from tthc_xl.report.refresh import refresh
from tthc_xl.rules.period import parse_period

EPOCH = dt.datetime(1899, 12, 30)


def as_excel(value: object) -> object:
    if isinstance(value, dt.datetime):
        return (value - EPOCH).total_seconds() / 86400
    if isinstance(value, dt.date):
        return float((value - EPOCH.date()).days)
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    figures: dict[str, float | int] = {}
    with tempfile.TemporaryDirectory(prefix="bench_surfaces_") as tmp:
        demo = write_demo(Path(tmp)).workbook
        work = Path(tmp) / f"So{demo.suffix}"  # the demo workbook is an .xlsm

        best = float("inf")
        for _ in range(args.repeat):
            shutil.copy(demo, work)
            start = time.perf_counter()
            book = FileBook(work, backups=1)
            refresh(book, parse_period("2026-Q1"))
            book.save()
            best = min(best, time.perf_counter() - start)
        figures["report_write_s"] = best

        exe = shutil.which("tthc-xl") or str(Path(sys.executable).parent / "tthc-xl")
        best = float("inf")
        for _ in range(args.repeat):
            shutil.copy(demo, work)
            start = time.perf_counter()
            subprocess.run([exe, "refresh", str(work), "--period", "2026-Q1"], check=True,
                           capture_output=True)  # fmt: skip
            best = min(best, time.perf_counter() - start)
        figures["report_process_s"] = best

        with CalamineWorkbook.from_path(str(demo)) as wb:
            rows = wb.get_sheet_by_name("HoSo").to_python()
        table = [[as_excel(v) for v in row] for row in rows]
        figures["udf_rows"] = len(table) - 1
        cold, warm, other = float("inf"), float("inf"), float("inf")
        for _ in range(args.repeat):
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
        figures["udf_cold_s"] = cold
        figures["udf_warm_s"] = warm
        figures["udf_other_indicator_s"] = other
        figures["udf_cold_over_warm_x"] = cold / warm
    print(f"report (refresh, in process): {figures['report_write_s']:.3f} s; "
          f"whole `tthc-xl refresh` process: {figures['report_process_s']:.3f} s")  # fmt: skip
    print(f"UDF on {figures['udf_rows']:,} rows: cold {figures['udf_cold_s'] * 1000:.1f} ms, "
          f"warm {figures['udf_warm_s'] * 1000:.2f} ms, another indicator "
          f"{figures['udf_other_indicator_s'] * 1000:.2f} ms")  # fmt: skip
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in figures.items()}))


if __name__ == "__main__":
    main()

"""What one recalculation of the KPI sheet costs on the Python side (issue 22).

Excel hands every function call its arguments over COM; before, each of the 19 indicator
cells took HoSo[#All], so a recalculation handed the register over 19 times and Python
hashed it 19 times (to find its cached engine). Now KPI!E4 =KPI_KEY(HoSo[#All];B3) takes
it once and the 19 cells call KPI_VALUE(E4; "…"), which takes a short key.

Measured here, with the register as xlwings passes it (a 2-D list, dates as floats):
- before: the 19 single-figure calls, register parsed on the first (a new content);
- after: KPI_KEY (parse and evaluate) plus 19 KPI_VALUE;
- each again with the engine already cached (a recalculation that changed only B3);
- the size of what crosses over COM per recalculation (cells).
The COM transfer itself cannot be timed without Excel; xlwings' issue #397 puts a
1M-row argument at about 5.5 s, roughly proportional to the cells.

Run: python bench/bench_recalc.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from python_calamine import CalamineWorkbook

from tthc_xl.demo.run import write_register
from tthc_xl.excel import udfs
from tthc_xl.rules.labels import BY_PATH
from tthc_xl.sheets.kpi import KPI_ITEMS

EPOCH = dt.datetime(1899, 12, 30)


def excel_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return (value - EPOCH).total_seconds() / 86400
    return "" if value is None else value


def register(copies: int) -> list[list[object]]:
    with tempfile.TemporaryDirectory(prefix="bench_recalc_") as tmp:
        path = write_register(Path(tmp))
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("HoSo").to_python()
    header, body = rows[0], [[excel_value(v) for v in r] for r in rows[1:]]
    out = [header]
    for k in range(copies):  # a bigger commune: the quarter k times, ids made distinct
        out += [[f"{r[0]}-{k}", *r[1:]] for r in body]
    return out


def single_calls(table: list[list[object]]) -> None:
    for _, _, path, _ in KPI_ITEMS:
        formula = BY_PATH[path].formula
        name, args = formula.split("(", 1)
        extra = [a.strip('"') for a in args.rstrip(")").split(",")[2:]]
        getattr(udfs, name)(table, "2026-Q1", *extra)


def keyed_calls(table: list[list[object]]) -> None:
    key = udfs.KPI_KEY(table, "2026-Q1")
    for _, _, path, _ in KPI_ITEMS:
        udfs.KPI_VALUE(key, path)


def best(job, table, repeat: int, warm: bool) -> float:
    times = []
    for _ in range(repeat):
        udfs.clear_caches()
        if warm:
            job(table)
        start = time.perf_counter()
        job(table)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for copies in (1, 4):
        table = register(copies)
        n, cells = len(table) - 1, len(table) * len(table[0])
        print(f"{n:,} dossiers, {cells:,} cells in HoSo[#All]")
        for warm in (False, True):
            old = best(single_calls, table, args.repeat, warm)
            new = best(keyed_calls, table, args.repeat, warm)
            state = "register cached" if warm else "register new"
            print(
                f"  {state:16} before (19 transfers, {19 * cells:,} cells): {old:.2f} s; "
                f"after (1 transfer, {cells:,} cells): {new:.2f} s; ratio {old / new:.1f}"
            )


if __name__ == "__main__":
    main()

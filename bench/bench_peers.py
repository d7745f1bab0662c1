"""tthc-xl against the tools people would otherwise use, same register, same run.

- tthc-xl: the whole `tthc-xl kpi --json` process on a workbook of the register, and the
  engine alone on the register in memory;
- LibreOffice: the whole `soffice --headless --convert-to xlsx` process, which loads a
  workbook of native formulas (WORKDAY.INTL due dates, COUNTIFS counts; bench/peers.py),
  recalculates it and saves it;
- DuckDB: the same counts in SQL over the register in memory (a working-day table).
Each peer's counts must equal the engine's: the script stops if one differs.

Run: python bench/bench_peers.py [--sizes 3000 30000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import peers

from tthc_xl.book.layout import new_workbook
from tthc_xl.rules.catalog import Catalog
from tthc_xl.rules.settings import Settings


def best(repeat: int, func):
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = func()
        times.append(time.perf_counter() - start)
    return min(times), value


def kpi_counts(path: Path) -> dict[str, int]:
    exe = shutil.which("tthc-xl") or str(Path(sys.executable).parent / "tthc-xl")
    out = subprocess.run(
        [
            exe,
            "kpi",
            str(path),
            "--period",
            "2026-Q1",
            "--as-of",
            "2026-03-31T23:59:59",
            "--compare",
            "date",
            "--json",
        ],  # fmt: skip
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {k: int(v) for k, v in json.loads(out)["counts"].items()}


def run(n: int, repeat: int, folder: Path) -> dict:
    frame = peers.peer_register(n)
    book = folder / f"tthc_{n}.xlsx"
    new_workbook(frame, Catalog.default(), Settings()).save(book)
    formulas = folder / f"congthuc_{n}.xlsx"
    peers.write_formula_workbook(frame, formulas)

    engine_s, engine = best(repeat, lambda: peers.engine_counts(frame))
    kpi_s, kpi = best(repeat, lambda: kpi_counts(book))
    duck_s, duck = best(repeat, lambda: peers.duckdb_counts(frame))
    lo_s, recalculated = best(
        max(1, repeat - 1), lambda: peers.libreoffice_recalc(formulas, folder / "lo")
    )
    office = peers.libreoffice_counts(recalculated)
    for name, counts in (("tthc-xl kpi", kpi), ("DuckDB", duck), ("LibreOffice", office)):
        if counts != engine:
            raise SystemExit(f"{name} disagrees on {n} dossiers: {counts} != {engine}")
    return {
        "dossiers": n,
        "agree": True,
        "counts": engine,
        "engine_s": engine_s,
        "kpi_process_s": kpi_s,
        "duckdb_s": duck_s,
        "libreoffice_s": lo_s,
        "libreoffice_vs_kpi_x": lo_s / kpi_s,
        "libreoffice_vs_engine_x": lo_s / engine_s,
        "duckdb_vs_engine_x": duck_s / engine_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[3000, 30000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_peers_") as tmp:
        for n in args.sizes:
            fig = run(n, args.repeat, Path(tmp))
            print(
                f"{n:>7,} dossiers: tthc-xl engine {fig['engine_s']:.3f} s, "
                f"`tthc-xl kpi` process {fig['kpi_process_s']:.3f} s | "
                f"LibreOffice recalculation {fig['libreoffice_s']:.2f} s "
                f"({fig['libreoffice_vs_kpi_x']:.0f}x the kpi process) | "
                f"DuckDB SQL {fig['duckdb_s']:.3f} s ({fig['duckdb_vs_engine_x']:.1f}x the "
                f"engine) | counts identical",
                flush=True,
            )
            print(json.dumps({k: round(v, 3) if isinstance(v, float) else v
                              for k, v in fig.items() if k != "counts"}), flush=True)  # fmt: skip


if __name__ == "__main__":
    main()

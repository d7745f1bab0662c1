"""Engine speed: due dates through the KPIs on 10^4, 10^5 and 10^6 in-memory dossiers,
and the whole `tthc-xl kpi` process on the demo workbook.

Run: python bench/bench_engine.py [--sizes 10000 100000 1000000] [--repeat 3]
The machine is shared and noisy: each figure is the best of --repeat runs.
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

import numpy as np
import pandas as pd

from tthc_xl.demo import generate, write_register
from tthc_xl.rules.engine import Engine
from tthc_xl.rules.register import Register


def register_of_size(n: int, base: pd.DataFrame) -> Register:
    """The demo quarter resampled to n dossiers (the same mix of cases, more of them)."""
    rng = np.random.default_rng(n)
    frame = base.iloc[rng.integers(0, len(base), n)].reset_index(drop=True)
    frame["dossier_id"] = [f"B{i:07d}" for i in range(n)]
    return Register(frame, np.arange(n) + 2)


def time_engine(register: Register, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        engine = Engine(register)
        result = engine.evaluate("2026-Q1")
        result.kpi()
        best = min(best, time.perf_counter() - start)
    return best


def time_process(repeat: int) -> float:
    exe = shutil.which("tthc-xl") or str(Path(sys.executable).parent / "tthc-xl")
    with tempfile.TemporaryDirectory() as tmp:
        path = write_register(Path(tmp))
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(
                [exe, "kpi", str(path), "--period", "2026-Q1", "--json"],
                check=True,
                capture_output=True,
            )
            best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    base = generate()
    results = {}
    for n in args.sizes:
        register = register_of_size(n, base)
        results[f"engine_{n}"] = time_engine(register, args.repeat)
        print(f"engine, {n:>9,} dossiers: {results[f'engine_{n}']:.3f} s", flush=True)
    results["process_kpi_demo"] = time_process(max(args.repeat, 5))
    print(f"tthc-xl kpi on the demo workbook (whole process): {results['process_kpi_demo']:.3f} s")
    print(json.dumps({k: round(v, 3) for k, v in results.items()}))


if __name__ == "__main__":
    main()

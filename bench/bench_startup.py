"""Start-up: what a command costs as a whole process, since every ribbon click and every
command starts a fresh Python (issue 18). Best of N wall times of:

- `tthc-xl --help` (click and the standard library only);
- `tthc-xl new` (the packaged template copied; no pandas, no openpyxl);
- `tthc-xl kpi` on the demo workbook (~2,900 dossiers: pandas, fastexcel, the engine);
- `python -c pass`, the interpreter alone, for scale.

Targets: --help under 0.3 s, kpi on the demo under 1 s. The import breakdown of one run:
python -X importtime -m tthc_xl.cli kpi DEMO.xlsm -p 2026-Q1

Run: python bench/bench_startup.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tthc_xl.demo import write_demo

ENV = {"PATH": "/usr/bin:/bin", "TTHC_XL_NOW": "2026-04-10T08:00"}


def best(argv: list[str], repeat: int, cwd: Path, before=None) -> tuple[float, float]:
    """The best wall time, and the least CPU time (user + system) of the runs: on a shared
    machine the wall time includes waiting for a core, the CPU time does not."""
    walls, cpus = [], []
    for _ in range(repeat):
        if before:
            before()
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, cwd=cwd, env=ENV)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    exe = shutil.which("tthc-xl") or str(Path(sys.executable).parent / "tthc-xl")
    with tempfile.TemporaryDirectory(prefix="bench_startup_") as tmp:
        folder = Path(tmp)
        demo = write_demo(folder / "demo").workbook
        new = folder / "Moi.xlsm"
        results = {
            "python -c pass": best([sys.executable, "-c", "pass"], args.repeat, folder),
            "tthc-xl --help": best([exe, "--help"], args.repeat, folder),
            "tthc-xl new": best(
                [exe, "new", str(new)], args.repeat, folder, before=lambda: new.unlink(True)
            ),
            "tthc-xl kpi (demo)": best(
                [exe, "kpi", str(demo), "-p", "2026-Q1"], args.repeat, folder
            ),
        }
    load = os.getloadavg()[0]
    print(f"whole process, best of {args.repeat} (load average {load:.1f}):")
    for name, (wall, cpu) in results.items():
        print(f"  {name:<20} {wall:6.3f} s wall, {cpu:6.3f} s CPU")
    figures = {k: round(wall, 3) for k, (wall, _) in results.items()}
    figures |= {f"{k} CPU": round(cpu, 3) for k, (_, cpu) in results.items()}
    print(json.dumps(figures | {"load": round(load, 2)}))


if __name__ == "__main__":
    main()

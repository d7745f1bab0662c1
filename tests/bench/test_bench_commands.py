"""Each benchmark of bench/ runs as its one command on small data and checks itself.

No timing is asserted (speed lives in bench/, quoted in the README): these keep the
commands working, and each script's own checks (counts equal between tools, every
commune ranked, every row imported) run on every CI build.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def bench(script: str, *args: str, timeout: int = 600) -> dict:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_engine_benchmark():
    figures = bench("bench_engine.py", "--sizes", "2000", "--repeat", "1")
    assert set(figures) == {"engine_2000", "process_kpi_demo"}
    assert all(v > 0 for v in figures.values())


def test_import_benchmark_imports_every_row():
    figures = bench("bench_import.py", "--rows", "1500", "--repeat", "1")
    assert figures["rows"] == 1500  # the script asserts each of the 1,500 rows was added
    assert figures["pipeline_x"] > 0 and figures["calamine_s"] > 0


def test_surfaces_benchmark():
    figures = bench("bench_surfaces.py", "--sizes", "400", "--repeat", "1")
    assert figures["udf_rows"] > 2000
    assert figures["udf_cold_s"] > 0 and figures["kpi_400_s"] > 0
    for command in ("refresh", "report", "import_300", "publish"):
        assert figures[f"{command}_400_x"] > 0


def test_city_benchmark_ranks_every_generated_commune(tmp_path):
    figures = bench(
        "bench_city.py", "--folder", str(tmp_path / "xa"), "--count", "5", "--dossiers", "120",
        "--repeat", "1",
    )  # fmt: skip
    assert figures["workbooks"] == 5  # the script asserts five communes were ranked
    assert len(list((tmp_path / "xa").glob("*.xlsx"))) == 5


def test_city_scale_benchmark():
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_city.py"), "--scale", "6000"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "6,000 dossiers (2 communes)" in done.stdout


def test_startup_benchmark():
    figures = bench("bench_startup.py", "--repeat", "1")
    assert set(figures) >= {"tthc-xl --help", "tthc-xl new", "tthc-xl kpi (demo)"}
    assert all(v > 0 for v in figures.values())

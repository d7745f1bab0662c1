"""The demo: a realistic, seeded quarter of commune dossiers (Q1 2026, `quarter.py`) for
the demo and the benchmarks; the quarter as the systems export it (`exports.py`); and
`tthc-xl demo`, the macro workbook filled the way a commune fills it (`run.py`)."""

from tthc_xl.demo.quarter import MIX, QUARTER_END, generate
from tthc_xl.demo.run import DemoRun, write_demo, write_register

__all__ = ["MIX", "QUARTER_END", "DemoRun", "generate", "write_demo", "write_register"]

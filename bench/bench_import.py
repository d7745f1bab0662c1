"""Import speed: a 100,000-row export against python-calamine alone reading the same file.

Measured, each the best of --repeat runs (the machine is shared and noisy):
- calamine: python-calamine reads the export's sheet into Python rows, nothing else;
- pipeline: read + find the table + match columns + normalise + validate + merge into the
  register in memory (`tthc-xl import --dry-run` does exactly this) - target <= 3x calamine;
- full import: the pipeline, then openpyxl writes the register and saves the workbook
  atomically with a backup (what `tthc-xl import` does on a first import);
- re-import: the same export again into the workbook that now holds the 100,000 rows
  (reads the register too; finds nothing to change, so writes nothing).

Run: python bench/bench_import.py [--rows 100000] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import openpyxl

from tthc_xl.book.filebook import FileBook
from tthc_xl.book.layout import new_workbook
from tthc_xl.importer import run_import
from tthc_xl.rules.catalog import Catalog
from tthc_xl.rules.register import empty_frame
from tthc_xl.rules.settings import Settings

PROCEDURES = [
    ("1.001193", "Đăng ký khai sinh", "Hộ tịch"),
    ("2.000635", "Cấp bản sao trích lục hộ tịch", "Hộ tịch"),
    ("2.000815", "Chứng thực bản sao từ bản chính", "Chứng thực"),
    ("1.004873", "Xác nhận tình trạng hôn nhân", "Hộ tịch"),
    ("1.003010", "Đăng ký biến động đất đai", "Đất đai"),
]
STATUSES = ["Đang xử lý", "Đã xử lý xong", "Đã trả kết quả", "Yêu cầu bổ sung"]


def write_export(path: Path, rows: int) -> None:
    """The provincial one-stop layout: title rows, a merged two-row header, text dates
    dd/mm/yyyy HH:MM:SS, a footer total and a signature line (openpyxl write-only)."""
    rng = np.random.default_rng(rows)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    ws.append(["UBND XÃ TUỆ TĨNH"])
    ws.append(["SỔ THEO DÕI HỒ SƠ"])
    ws.append(["Từ ngày 01/01/2026 đến ngày 31/03/2026"])
    ws.append([])
    ws.append(["STT", "Thông tin hồ sơ", None, None, None, "Thời gian", None, None, None,
               "Hình thức nộp", "Trạng thái", "Người nộp", "Số CCCD"])  # fmt: skip
    ws.append([None, "Mã hồ sơ", "Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Ngày nhận",
               "Ngày hẹn trả", "Ngày hoàn thành", "Ngày trả", None, None, None, None])  # fmt: skip
    start = dt.datetime(2026, 1, 2, 7, 0)
    minutes = rng.integers(0, 88 * 24 * 60, rows)
    spans = rng.integers(30, 10 * 24 * 60, rows)
    for i in range(rows):
        code, name, field = PROCEDURES[i % len(PROCEDURES)]
        received = start + dt.timedelta(minutes=int(minutes[i]))
        finished = received + dt.timedelta(minutes=int(spans[i]))
        done = i % 7 != 0
        ws.append(
            [
                i + 1,
                f"000.05.{i:06d}",
                code,
                name,
                field,
                received.strftime("%d/%m/%Y %H:%M:%S"),
                (received + dt.timedelta(days=5)).strftime("%d/%m/%Y %H:%M:%S") if i % 3 else "",
                finished.strftime("%d/%m/%Y %H:%M:%S") if done else "",
                (finished + dt.timedelta(hours=3)).strftime("%d/%m/%Y %H:%M:%S")
                if done and i % 2
                else "",
                "Trực tuyến" if i % 40 else "Trực tiếp",
                STATUSES[i % len(STATUSES)] if not done else "Đã xử lý xong",
                "Nguyễn Văn An",
                f"0011900{i:05d}",
            ]
        )
    ws.append([])
    ws.append([None, f"Tổng cộng: {rows} hồ sơ"])
    ws.append([None] * 9 + ["NGƯỜI LẬP BIỂU"])
    wb.save(path)


def best_of(repeat: int, func) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the files in this folder")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_import_"))
    folder.mkdir(parents=True, exist_ok=True)
    export = folder / f"motcua_{args.rows}.xlsx"
    if not export.exists():
        write_export(export, args.rows)
    empty = folder / "So_trong.xlsx"
    new_workbook(empty_frame(), Catalog.default(), Settings()).save(empty)

    from python_calamine import CalamineWorkbook

    def calamine() -> None:
        with CalamineWorkbook.from_path(str(export)) as wb:
            wb.get_sheet_by_index(0).to_python(skip_empty_area=False)

    def pipeline() -> None:
        result = run_import(FileBook(empty, readonly=True), [export], dry_run=True)
        assert result.files[0].added == args.rows, result.files[0]

    target = folder / "So.xlsx"

    def full() -> None:
        shutil.copy(empty, target)
        result = run_import(FileBook(target, backups=0), [export])
        assert result.written and result.files[0].added == args.rows

    def again() -> None:
        result = run_import(FileBook(target, backups=0), [export])
        assert not result.written and result.files[0].unchanged == args.rows

    figures = {
        "rows": args.rows,
        "export_mb": round(export.stat().st_size / 1e6, 1),
        "calamine_s": best_of(args.repeat, calamine),
        "pipeline_s": best_of(args.repeat, pipeline),
        "full_import_s": best_of(max(1, args.repeat - 1), full),
        "reimport_s": best_of(args.repeat, again),
    }
    figures["pipeline_x"] = figures["pipeline_s"] / figures["calamine_s"]
    figures["full_import_x"] = figures["full_import_s"] / figures["calamine_s"]
    figures["reimport_x"] = figures["reimport_s"] / figures["calamine_s"]
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}))
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

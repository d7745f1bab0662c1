"""A register worked by hand, the figures a refresh hands each sheet, and a way to read
back what a sheet module drew: saved as a real .xlsx, read with calamine and openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from helpers.registers import engine_of
from python_calamine import CalamineWorkbook

from tthc_xl.book.page import Page
from tthc_xl.rules.settings import Settings
from tthc_xl.sheets import Figures

T = dt.datetime
XMAR = "1.004873"  # Xác nhận tình trạng hôn nhân: 3 working days
AS_OF = T(2026, 3, 10, 10, 0)
NOW = T(2026, 3, 10, 10, 30)
SETTINGS = Settings(
    unit_name="UBND xã Thử",
    parent_body="UBND huyện Thử",
    place="Xã Thử",
    signer="Nguyễn Văn Thử",
    plan_number="01/KH-UBND",
)

# Worked by hand (3 working days; mode ngày; as-of Tue 10/03/2026 10:00, K = 1): D early;
# F late; E pending overdue (due 05/03); A due 10/03 and C due 11/03 are due soon; B due
# 12/03 is within and not due soon. All six received in Q1 2026.
DOSSIERS = (
    {"dossier_id": "A", "procedure_code": XMAR, "received_at": T(2026, 3, 5, 9), "status": 4},
    {"dossier_id": "B", "procedure_code": XMAR, "received_at": T(2026, 3, 9, 9), "status": 4},
    {"dossier_id": "C", "procedure_code": XMAR, "received_at": T(2026, 3, 6, 9), "status": 4},
    {
        "dossier_id": "D",
        "procedure_code": XMAR,
        "received_at": T(2026, 3, 2, 9),
        "finished_at": T(2026, 3, 4, 9),
        "status": 10,
    },
    {"dossier_id": "E", "procedure_code": XMAR, "received_at": T(2026, 3, 2, 9), "status": 4},
    {
        "dossier_id": "F",
        "procedure_code": XMAR,
        "received_at": T(2026, 2, 2, 9),
        "finished_at": T(2026, 2, 10, 9),
        "status": 10,
    },
)


@pytest.fixture(scope="module")
def figures() -> Figures:
    engine = engine_of(*(dict(d) for d in DOSSIERS), settings=SETTINGS)
    result = engine.evaluate("2026-Q1", AS_OF, None, NOW)
    return Figures(result, result, SETTINGS, NOW)


class Drawn:
    """A page drawn on a blank sheet of a new workbook, saved, and read back."""

    def __init__(self, path: Path, sheet: str) -> None:
        self.path = path
        self.ws = openpyxl.load_workbook(path)[sheet]
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet)
        self.rows = rows.to_python(skip_empty_area=False)

    def value(self, ref: str) -> object:
        return self.ws[ref].value

    def merged(self) -> set[str]:
        return {str(m) for m in self.ws.merged_cells.ranges}


@pytest.fixture
def draw(tmp_path):
    def draw(page: Page | None = None, sheet: str = "S", build=None) -> Drawn:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = sheet
        if page is not None:
            page.draw(ws)
        if build is not None:
            build(ws)
        path = tmp_path / f"{sheet}.xlsx"
        wb.save(path)
        return Drawn(path, sheet)

    return draw

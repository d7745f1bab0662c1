"""Registers built through the real parsing path, from rows a clerk would type."""

from __future__ import annotations

import datetime as dt

import numpy as np

from tthc_xl.rules.catalog import Catalog, Procedure, Unit
from tthc_xl.rules.engine import Engine
from tthc_xl.rules.register import COLUMNS, from_rows
from tthc_xl.rules.workcalendar import from_seconds

HEADERS = [c.header for c in COLUMNS]
KEY_TO_HEADER = {c.key: c.header for c in COLUMNS}

# A small catalog for hand-checked examples.
TEST_CATALOG = Catalog(
    {
        p.code: p
        for p in (
            Procedure(
                "1.001193", "Đăng ký khai sinh", "Hộ tịch", 0, Unit.WORKING_DAYS, "Toàn trình"
            ),
            Procedure(
                "2.000635",
                "Cấp bản sao trích lục hộ tịch",
                "Hộ tịch",
                0,
                Unit.WORKING_DAYS,
                "Toàn trình",
                thursday=True,
            ),
            Procedure(
                "1.004873",
                "Xác nhận tình trạng hôn nhân",
                "Hộ tịch",
                3,
                Unit.WORKING_DAYS,
                "Toàn trình",
            ),
            Procedure("9.000001", "Một ngày làm việc", "Thử", 1, Unit.WORKING_DAYS, "Không"),
            Procedure(
                "2.001150",
                "Chứng thực chữ ký",
                "Chứng thực",
                4,
                Unit.WORKING_HOURS,
                "Không",
                thursday=True,
            ),
            Procedure(
                "1.008900",
                "Trợ cấp xã hội hằng tháng",
                "Bảo trợ xã hội",
                15,
                Unit.CALENDAR_DAYS,
                "Toàn trình",
            ),
        )
    }
)


def rows_of(*dossiers: dict) -> list[list[object]]:
    """Header row plus one row per dossier; keys are canonical keys, values raw cells."""
    if not dossiers:
        return [HEADERS]
    keys = []
    for d in dossiers:
        keys += [k for k in d if k not in keys]
    return [[KEY_TO_HEADER[k] for k in keys]] + [[d.get(k) for k in keys] for d in dossiers]


def engine_of(*dossiers: dict, catalog: Catalog = TEST_CATALOG, **kw) -> Engine:
    """An Engine over dossiers given as {key: raw cell value}; ids default to D1, D2, ..."""
    filled = [{"dossier_id": f"D{i}", **d} for i, d in enumerate(dossiers, start=1)]
    return Engine(from_rows(rows_of(*filled)), catalog, **kw)


def due_of(received: object, code: object, settings=None, **extra) -> str | None:
    """Due moment as 'dd/mm/yyyy HH:MM' (or None) for one dossier."""
    engine = engine_of(
        {"received_at": received, "procedure_code": code, **extra}, settings=settings
    )
    due = from_seconds(engine.due.due)[0]
    return None if np.isnat(due) else due.astype(dt.datetime).strftime("%d/%m/%Y %H:%M")

"""One transfer per recalculation: the KPI sheet hands the register (HoSo[#All]) from
Excel to Python once, in KPI_KEY, and its indicator cells take their figures from that
result (KPI_VALUE); the single-figure functions stay for clerks' own formulas.

Excel cannot run here, so a stand-in recalculates the dashboard as Excel does: every
formula of the KPI sheet the build drew, each call to one of our functions made with the
values Excel would pass (HoSo[#All] as a 2-D list with its header row, dates as serial
floats), counting how often the register is handed over."""

from __future__ import annotations

import re

import openpyxl
import pytest
from helpers import DATA
from helpers.excel import as_excel_range
from python_calamine import CalamineWorkbook

from tthc_xl.excel import udfs
from tthc_xl.rules.labels import BY_PATH
from tthc_xl.sheets.kpi import KPI_FIRST_ROW, KPI_ITEMS, KPI_KEY_CELL, write_kpi_dashboard

SAMPLE = DATA / "register_2026Q1.xlsx"
CALL = re.compile(r"\b([A-Z][A-Z0-9_]*)\(([^()]*)\)")


@pytest.fixture(scope="module")
def table():
    rows = CalamineWorkbook.from_path(str(SAMPLE)).get_sheet_by_name("HoSo").to_python()
    return as_excel_range(rows)


class Recalculation:
    """Excel's recalculation of one sheet, for the formulas our dashboard uses: our
    functions called with what Excel passes, IFERROR/TRUNC/IF as Excel computes them."""

    def __init__(self, cells: dict[str, object], table: list[list[object]]) -> None:
        self.cells, self.table, self.transfers, self.calls = dict(cells), table, 0, 0

    def argument(self, text: str) -> object:
        text = text.strip()
        for operator in "&*":  # text joined, a figure scaled (a rate in percent)
            parts = _split(text, operator)
            if len(parts) > 1:
                values = [self.argument(p) for p in parts]
                errors = [v for v in values if isinstance(v, str) and v.startswith("#")]
                if errors:
                    return errors[0]
                if operator == "&":
                    return "".join("" if v is None else str(v) for v in values)
                return values[0] * values[1]
        if text == "HoSo[#All]":
            self.transfers += 1  # the whole register crosses from Excel to Python
            return self.table
        if text.startswith('"'):
            return text.strip('"')
        if re.fullmatch(r"-?\d+", text):
            return int(text)
        return self.value(text.replace("$", ""))

    def value(self, ref: str) -> object:
        cell = self.cells.get(ref)
        if isinstance(cell, str) and cell.startswith("="):
            cell = self.cells[ref] = self.evaluate(cell[1:])
        return cell

    def evaluate(self, formula: str) -> object:
        while True:  # innermost call first, as Excel evaluates arguments before the call
            match = CALL.search(formula)
            if match is None:
                return self.argument(formula)
            name, raw = match.groups()
            args = [self.argument(a) for a in _split(raw)] if raw else []
            if name in {"IFERROR", "TRUNC", "IF", "FIXED", "SUBSTITUTE"}:
                value = self.builtin(name, args)
            else:
                self.calls += 1
                value = getattr(udfs, name)(*args)
            formula = formula[: match.start()] + self.token(value) + formula[match.end() :]

    def builtin(self, name: str, args: list) -> object:
        if name == "TRUNC":
            number, places = args
            if not isinstance(number, (int, float)):
                return "#VALUE!"
            return int(number * 10**places) / 10**places
        if name in ("FIXED", "SUBSTITUTE") and any(
            isinstance(a, str) and a.startswith("#") for a in args
        ):
            return next(a for a in args if isinstance(a, str) and a.startswith("#"))
        if name == "FIXED":  # as an Excel set to English (United States) writes it
            number, places = args[0], args[1]
            return f"{number:.{places}f}"
        if name == "SUBSTITUTE":
            return str(args[0]).replace(args[1], args[2])
        if name == "IFERROR":
            return args[1] if isinstance(args[0], str) and args[0].startswith("#") else args[0]
        return args[1] if args[0] else args[2]

    def token(self, value: object) -> str:
        key = f"__v{len(self.cells)}"
        self.cells[key] = value
        return key


def _split(raw: str, separator: str = ",") -> list[str]:
    parts, depth, quoted, current = [], 0, False, ""
    for char in raw:
        if char == '"':
            quoted = not quoted
        if char == separator and not quoted and depth == 0:
            parts.append(current)
            current = ""
            continue
        current += char
    return [*parts, current]


def dashboard(period: str = "2026-Q1") -> dict[str, object]:
    wb = openpyxl.Workbook()
    ws = wb.active
    write_kpi_dashboard(ws, period)
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def test_the_kpi_sheet_hands_the_register_over_once_per_recalculation(table):
    udfs.clear_caches()
    recalc = Recalculation(dashboard(), table)
    values = {i: recalc.value(f"B{KPI_FIRST_ROW + i}") for i in range(len(KPI_ITEMS))}
    assert recalc.transfers == 1  # was 19: one per indicator cell
    assert recalc.calls == len(KPI_ITEMS) + 1
    assert str(recalc.value(KPI_KEY_CELL)).startswith("2026-Q1#")
    # and the figures are the single-figure functions' own, truncated as the sheet does
    for i, (_, _, path, _) in enumerate(KPI_ITEMS):
        single = Recalculation({}, table).evaluate(
            BY_PATH[path].formula.format(t="HoSo[#All]", p='"2026-Q1"')
        )
        kind = BY_PATH[path].kind
        places = {"count": 0, "rate": 4, "points": 2}[kind]
        expected = single if isinstance(single, str) else int(single * 10**places) / 10**places
        if kind == "rate":  # shown as text with a decimal comma: 0.9989 -> 99,89%
            expected = f"{expected * 100:.2f}".replace(".", ",") + "%"
        elif kind == "points":
            expected = f"{expected:.2f}".replace(".", ",")
        assert values[i] == expected, path


def test_kpi_value_refuses_what_it_does_not_have(table):
    udfs.clear_caches()
    assert udfs.KPI_VALUE("2026-Q1#00000000", "counts.received_new").startswith("Lỗi:")
    key = udfs.KPI_KEY(table, "2026-Q1")
    assert "không có" in udfs.KPI_VALUE(key, "counts.nothing")
    assert udfs.KPI_VALUE(key, "counts.received_new") == udfs.RECEIVED_COUNT(table, "2026-Q1")
    assert udfs.KPI_KEY(table, "2026-13").startswith("Lỗi:")  # a bad period said, as elsewhere


def test_an_edited_register_gives_a_new_key(table):
    udfs.clear_caches()
    first = udfs.KPI_KEY(table, "2026-Q1")
    edited = [list(r) for r in table[:-1]]  # one dossier fewer
    second = udfs.KPI_KEY(edited, "2026-Q1")
    assert first != second
    assert udfs.KPI_VALUE(second, "counts.received_new") <= udfs.KPI_VALUE(
        first, "counts.received_new"
    )

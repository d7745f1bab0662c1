"""The report's chart data block: three small tables the BaoCao charts read.

:func:`chart_blocks` takes every figure from the engine's Result (rules/series.py for the
months and weekdays, the Biểu 06 counts for the fields); the BaoCao sheet
(:mod:`tthc_xl.sheets.baocao`) writes them through any Book at the fixed place of
:mod:`tthc_xl.book.charts`, padding each table to its reserved rows so that the charts'
ranges never move. The same blocks feed the pictures in the Word report
(:mod:`tthc_xl.report.pictures`).
"""

from __future__ import annotations

from dataclasses import dataclass

from tthc_xl.book.base import Book
from tthc_xl.book.charts import CHARTS, FIELDS, MONTHS, WEEKDAYS, ChartSpec, TableSpec
from tthc_xl.rules import series
from tthc_xl.rules.engine import Engine, Result
from tthc_xl.sheets.baocao import table_formats, write_data_block

OTHER_FIELDS = "Lĩnh vực khác"


@dataclass(frozen=True)
class ChartBlock:
    """One table of the block: the chart it feeds, its header and its rows."""

    table: TableSpec
    rows: list[list[object]]

    @property
    def key(self) -> str:
        return self.table.key

    @property
    def headers(self) -> tuple[str, ...]:
        return self.table.headers

    @property
    def chart(self) -> ChartSpec:
        return next(c for c in CHARTS if c.table.key == self.table.key)

    def formats(self) -> list[str | None]:
        return table_formats(self.table)


def chart_blocks(result: Result, engine: Engine | None = None) -> list[ChartBlock]:
    """The three tables for `result`'s period: months, fields, weekdays."""
    engine = engine or result.engine
    received = engine.frame["received_at"]
    target = engine.settings.target_online
    months: list[list[object]] = [
        [
            s.label,
            s.counts["received_online"],
            s.counts["received_direct"],
            s.counts["received_postal"],
            s.online_rate,
            target,
        ]
        for s in series.by_month(result.outcomes, received, result.period)
    ]
    fields: list[list[object]] = [
        [name, c["early"], c["on_time"], c["late"], c["pending"]]
        for name, c in result.by_field.items()
    ]
    if len(fields) > FIELDS.rows:  # the smallest fields share the last row
        keep = sorted(fields, key=lambda r: -sum(r[1:]))[: FIELDS.rows - 1]  # type: ignore[arg-type]
        rest = [r for r in fields if r not in keep]
        fields = [r for r in fields if r in keep] + [
            [OTHER_FIELDS, *(sum(r[i] for r in rest) for i in range(1, 5))]  # type: ignore[misc]
        ]
    weekdays: list[list[object]] = [
        [s.label, s.counts["received_new"]] for s in series.by_weekday(result.outcomes, received)
    ]
    return [ChartBlock(MONTHS, months), ChartBlock(FIELDS, fields), ChartBlock(WEEKDAYS, weekdays)]


def write_chart_data(
    book: Book, blocks: list[ChartBlock], chart_rows: dict[str, int] | None = None
) -> str:
    """The chart data block alone, on BaoCao as it is (the report writes it with the whole
    sheet, sheets/baocao.py); returns the sheet name used. `chart_rows` (chart key ->
    BaoCao row) goes into the anchor row; without it the rows a previous report wrote stay.
    The Excel back end adds (or moves) the charts."""
    return write_data_block(book, tables_of(blocks), chart_rows)


def tables_of(blocks: list[ChartBlock]) -> dict[str, list[list[object]]]:
    """Table key -> rows, as the BaoCao sheet writes them."""
    return {b.key: b.rows for b in blocks}

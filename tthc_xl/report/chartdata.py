"""The report's chart data block: three small tables the BaoCao charts read.

:func:`chart_blocks` takes every figure from the engine's Result (rules/series.py for the
months and weekdays, the Biểu 06 counts for the fields); :func:`write_chart_data` writes
them through any Book at the fixed place of :mod:`tthc_xl.book.charts`, padding each table
to its reserved rows so that the charts' ranges never move. The same blocks feed the
pictures in the Word report (:mod:`tthc_xl.report.pictures`).
"""

from __future__ import annotations

from dataclasses import dataclass

from tthc_xl.book.charts import (
    ANCHOR_LABEL,
    ANCHOR_ROW,
    CHARTS,
    DATA_TITLE,
    FIELDS,
    MONTHS,
    RATE_FORMAT,
    TABLES,
    WEEKDAYS,
    ChartSpec,
    TableSpec,
    anchor_of,
    data_origin,
    table_header_row,
)
from tthc_xl.book.names import SHEET_REPORT, find_sheet
from tthc_xl.rules import series
from tthc_xl.rules.engine import Engine, Result

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
        return [RATE_FORMAT if h.startswith(("Tỷ lệ", "Chỉ tiêu")) else None for h in self.headers]


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
    book, blocks: list[ChartBlock], chart_rows: dict[str, int] | None = None
) -> str:
    """Write the block on BaoCao at its fixed place; returns the sheet name used.

    Each table is padded with empty rows to its reserved size, so older rows go and
    nothing below moves. `chart_rows` (chart key -> BaoCao row, from the report's layout)
    goes into the anchor row, where every later save finds where the charts stand; without
    it the rows a previous report wrote stay. This is the one writer of the block: the
    report calls it, and on the Excel back end it adds (or moves) the charts.
    """
    sheet = find_sheet(book.sheet_names(), SHEET_REPORT) or SHEET_REPORT
    row, left = data_origin()
    book.write(sheet, row, [[DATA_TITLE]], left=left)
    if chart_rows is not None:
        book.write(
            sheet, ANCHOR_ROW, [[ANCHOR_LABEL, *(chart_rows.get(c.key) for c in CHARTS)]], left=left
        )
    by_key = {b.key: b for b in blocks}
    for table in TABLES:
        block = by_key.get(table.key, ChartBlock(table, []))
        width = len(table.headers)
        body = [list(r) + [None] * (width - len(r)) for r in block.rows[: table.rows]]
        body += [[None] * width for _ in range(table.rows - len(body))]
        top = table_header_row(table)
        book.write(sheet, top, [list(table.headers)], left=left)
        book.write(sheet, top + 1, body, left=left, formats=block.formats())
    sync = getattr(book, "sync_charts", None)  # the Excel back end keeps its charts current
    if callable(sync):
        anchors = (
            {c.key: anchor_of(c, chart_rows.get(c.key)) for c in CHARTS} if chart_rows else None
        )
        sync(sheet, {b.key: len(b.rows[: b.table.rows]) for b in blocks}, anchors)
    return sheet

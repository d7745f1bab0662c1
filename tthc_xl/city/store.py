"""DuckDB keeps the city's rows: one per dossier (with the engine's outcome) and one per
commune (the engine's indicators). Ranking and city totals are SQL over them.

No rule lives here: outcomes and indicators arrive computed by the engine; SQL only
stores, sorts, sums and filters them.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from tthc_xl.city.communes import Commune, Failure
from tthc_xl.rules.indicators import COUNT_KEYS
from tthc_xl.rules.labels import INDICATORS
from tthc_xl.rules.outcomes import Outcome
from tthc_xl.rules.scorecard import COMPUTED_766
from tthc_xl.rules.text import fold_words

RATE_KEYS: tuple[str, ...] = tuple(i.key for i in INDICATORS if i.section == "rates")
# the QĐ 766 groups the register computes (scorecard.COMPUTED_766), one column each
POINT_KEYS: tuple[str, ...] = tuple(g.key for g in COMPUTED_766)
# Ties broken in this order; README "Xếp hạng" states it. Points are compared to 1e-6 so
# that two equal shares reached by different sums of floats tie.
RANK_ORDER = (
    f"round({' + '.join(f'coalesce({k}, 0)' for k in POINT_KEYS)}, 6) DESC",
    f"round({POINT_KEYS[0]}, 6) DESC NULLS LAST",
    "round(on_time_or_early_rate, 6) DESC NULLS LAST",
    "total DESC",
    "sort_key ASC",
    "file ASC",
)
RANK_RULE = (
    "Xếp theo tổng điểm Chỉ số 766 tính được "
    f"({' + '.join(g.name for g in COMPUTED_766)}), cao trước; bằng điểm thì xét điểm "
    f"{COMPUTED_766[0].name}, rồi tỷ lệ giải quyết đúng và trước hạn, rồi tổng số hồ sơ "
    "(nhiều trước), cuối cùng theo tên đơn vị (A-Z)."
)
BATCH_ROWS = 200_000
LATE_OUTCOMES = (int(Outcome.LATE), int(Outcome.PENDING_OVERDUE))


def _schema(con: duckdb.DuckDBPyConnection) -> None:
    counts = ", ".join(f"{k} BIGINT" for k in COUNT_KEYS)
    rates = ", ".join(f"{k} DOUBLE" for k in RATE_KEYS)
    points = ", ".join(f"{k} DOUBLE" for k in POINT_KEYS)
    con.execute(
        f"""
        CREATE OR REPLACE TABLE communes (
            commune_id INTEGER PRIMARY KEY, name VARCHAR, sort_key VARCHAR, file VARCHAR,
            named_by_file BOOLEAN, {counts}, {rates}, {points});
        CREATE OR REPLACE TABLE dossiers (
            commune_id INTEGER, dossier_id VARCHAR, procedure_code VARCHAR,
            procedure_name VARCHAR, field VARCHAR, channel TINYINT, received_at TIMESTAMP,
            due_at TIMESTAMP, outcome TINYINT, due_soon BOOLEAN);
        CREATE OR REPLACE TABLE failures (file VARCHAR, reason VARCHAR);
        """
    )


class CityStore:
    """The city's DuckDB database (in memory, or a file the office keeps)."""

    def __init__(self, path: Path | None = None, parquet: Path | None = None) -> None:
        """`parquet`: keep the dossier rows as Parquet files in this folder (a province-year
        does not fit a spreadsheet, nor need to fit memory)."""
        self.con = duckdb.connect(str(path) if path else ":memory:")
        _schema(self.con)
        self.parquet = parquet
        if parquet is not None:
            parquet.mkdir(parents=True, exist_ok=True)
            for old in parquet.glob("dossiers_*.parquet"):
                old.unlink()
        # dossier rows wait here and go to DuckDB in batches: one scan of many communes
        # costs far less than one per commune
        self._pending: list[pd.DataFrame] = []
        self._pending_rows = 0
        self._batches = 0

    def close(self) -> None:
        self.flush()
        self.con.close()

    def add(self, commune_id: int, commune: Commune) -> None:
        kpi = commune.kpi
        row = (
            [commune_id, commune.name, fold_words(commune.name), commune.file]
            + [commune.named_by_file]
            + [kpi["counts"][k] for k in COUNT_KEYS]
            + [kpi["rates"][k] for k in RATE_KEYS]
            + [kpi["index766"][k] for k in POINT_KEYS]
        )
        self.con.execute(f"INSERT INTO communes VALUES ({', '.join('?' * len(row))})", row)
        frame = commune.dossiers.assign(commune_id=np.int32(commune_id))
        self._pending.append(frame)
        self._pending_rows += len(frame)
        if self._pending_rows >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write the waiting dossier rows (one INSERT, or one Parquet file)."""
        if not self._pending:
            return
        frame = pd.concat(self._pending, ignore_index=True)
        self._pending, self._pending_rows = [], 0
        self.con.register("incoming", frame)
        select = (
            "SELECT commune_id::INTEGER AS commune_id, dossier_id, procedure_code, "
            "procedure_name, field, channel::TINYINT AS channel, received_at, due_at, "
            "outcome::TINYINT AS outcome, due_soon FROM incoming"
        )
        if self.parquet is None:
            self.con.execute(f"INSERT INTO dossiers {select}")
        else:
            self._batches += 1
            target = self.parquet / f"dossiers_{self._batches:05d}.parquet"
            self.con.execute(f"COPY ({select}) TO '{target}' (FORMAT parquet)")
        self.con.unregister("incoming")

    def _dossiers(self) -> str:
        self.flush()
        if self.parquet is None or not self._batches:
            return "dossiers"
        return f"read_parquet('{self.parquet / 'dossiers_*.parquet'}')"

    def add_failure(self, failure: Failure) -> None:
        self.con.execute("INSERT INTO failures VALUES (?, ?)", [failure.file, failure.reason])

    def ranking(self) -> pd.DataFrame:
        """One row per commune, ranked (1 = best) by RANK_ORDER; no two share a rank."""
        return self.con.execute(
            f"SELECT row_number() OVER (ORDER BY {', '.join(RANK_ORDER)}) AS rank, * "
            "FROM communes ORDER BY rank"
        ).df()

    def city_counts(self) -> dict[str, int]:
        """The city's counts: each count key summed over the communes."""
        sums = ", ".join(f"coalesce(sum({k}), 0)::BIGINT AS {k}" for k in COUNT_KEYS)
        (row,) = self.con.execute(f"SELECT {sums} FROM communes").fetchall()
        return dict(zip(COUNT_KEYS, (int(v) for v in row), strict=True))

    def late_dossiers(self) -> pd.DataFrame:
        """Every dossier the engine judged late or pending overdue, by commune rank."""
        source = self._dossiers()
        return self.con.execute(
            f"""
            WITH ranked AS (
                SELECT commune_id, name,
                       row_number() OVER (ORDER BY {", ".join(RANK_ORDER)}) AS rank
                FROM communes)
            SELECT r.rank, r.name, d.dossier_id, d.procedure_code, d.procedure_name, d.field,
                   d.received_at, d.due_at, d.outcome
            FROM {source} d JOIN ranked r USING (commune_id)
            WHERE d.outcome IN {LATE_OUTCOMES}
            ORDER BY r.rank, d.due_at, d.dossier_id
            """
        ).df()

    def failures(self) -> list[Failure]:
        rows = self.con.execute("SELECT file, reason FROM failures ORDER BY file").fetchall()
        return [Failure(f, r) for f, r in rows]

    def dossier_count(self) -> int:
        source = self._dossiers()
        ((count,),) = self.con.execute(f"SELECT count(*) FROM {source}").fetchall()
        return int(count)

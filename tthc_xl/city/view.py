"""Build the city view from a folder of commune workbooks."""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from tthc_xl.book.atomic import replacing
from tthc_xl.city.communes import Commune, Failure, read_commune
from tthc_xl.city.store import POINT_KEYS, RANK_RULE, RATE_KEYS, CityStore
from tthc_xl.rules import clock
from tthc_xl.rules import indicators as ind
from tthc_xl.rules.indicators import COUNT_KEYS
from tthc_xl.rules.period import Period
from tthc_xl.rules.scorecard import city_points
from tthc_xl.rules.settings import CompareMode
from tthc_xl.rules.text import fold_words


class CityError(ValueError):
    """The city view cannot be built at all (no folder, no usable workbook)."""


@dataclass
class CommuneRow:
    rank: int
    name: str
    file: str
    named_by_file: bool
    kpi: dict  # period, counts, rates, index766: what `tthc-xl kpi --json` prints


@dataclass
class CityView:
    period: Period
    as_of: dt.datetime
    folder: Path
    rows: list[CommuneRow]
    failures: list[Failure]
    city_counts: dict[str, int]
    late: pd.DataFrame  # late and pending-overdue dossiers, by commune rank
    dossier_count: int
    notes: dict[str, list[str]] = field(default_factory=dict)  # file -> CauHinh/... problems
    rank_rule: str = RANK_RULE

    @property
    def city_rates(self) -> dict[str, float | None]:
        return ind.rates(self.city_counts)

    @property
    def city_points(self) -> dict[str, float | None]:
        """The QĐ 766 groups the city's summed counts can score (progress, not online
        service: its parts are not sums)."""
        return city_points(self.city_counts)

    def as_json(self) -> dict:
        return {
            "period": self.period.as_json(self.as_of),
            "rank_rule": self.rank_rule,
            "communes": [
                {"rank": r.rank, "name": r.name, "file": r.file, "kpi": r.kpi} for r in self.rows
            ],
            "city": {
                "counts": self.city_counts,
                "rates": self.city_rates,
                "index766": self.city_points,
            },
            "failures": [{"file": f.file, "reason": f.reason} for f in self.failures],
        }


def commune_files(folder: Path) -> list[Path]:
    """Every entry of the folder but Excel's lock files (~$...) and hidden ones, by name:
    folders, links and FIFOs too, so that each is named in TepLoi (communes.entry_problem)."""
    return sorted(
        (p for p in folder.iterdir() if not p.name.startswith(("~$", "."))),
        key=lambda p: p.name,
    )


def _read_all(files: list[Path], read: partial, workers: int) -> Iterator[Commune | Failure]:
    if workers <= 1 or len(files) <= 1:
        yield from map(read, files)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # one file at a time: a workbook takes ~0.15 s, so a chunk of several would leave
        # one worker idle at the end while the other finishes its chunk
        yield from pool.map(read, files)


def _number(value: object) -> float | None:
    return (
        None
        if value is None or (isinstance(value, float) and math.isnan(value))
        else float(
            value  # type: ignore[arg-type]
        )
    )


def _rows(ranking: pd.DataFrame, period_json: dict) -> list[CommuneRow]:
    rows = []
    for rec in ranking.to_dict("records"):
        kpi = {
            "period": period_json,
            "counts": {k: int(rec[k]) for k in COUNT_KEYS},
            "rates": {k: _number(rec[k]) for k in RATE_KEYS},
            "index766": {k: _number(rec[k]) for k in POINT_KEYS},
        }
        rows.append(
            CommuneRow(int(rec["rank"]), rec["name"], rec["file"], bool(rec["named_by_file"]), kpi)
        )
    return rows


def build_city_view(
    folder: Path,
    period: Period,
    as_of: dt.datetime | None = None,
    compare: CompareMode | None = None,
    *,
    now: dt.datetime | None = None,
    workers: int | None = None,
    db: Path | None = None,
    files: Iterable[Path] | None = None,
) -> CityView:
    """Read every workbook of `folder` (two at a time), keep the rows in DuckDB, rank."""
    if not folder.is_dir():
        raise CityError(f"Không tìm thấy thư mục '{folder}'.")
    paths = list(files) if files is not None else commune_files(folder)
    if not paths:
        raise CityError(f"Thư mục '{folder}' không có tệp nào.")
    moment = clock.now() if now is None else now
    as_of_resolved = period.resolve_as_of(as_of, moment)  # a bad --as-of fails here, once
    read = partial(read_commune, period=period, as_of=as_of, compare=compare, now=moment)
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)

    if db is None:
        return assemble(_read_all(paths, read, workers), period, as_of_resolved, folder)
    with replacing(db) as scratch:  # the database too: whole, or the previous one kept
        scratch.unlink()  # DuckDB makes its file itself
        view = assemble(_read_all(paths, read, workers), period, as_of_resolved, folder, scratch)
    return view


def _twin(dropped: Commune, kept: Commune) -> Failure:
    """Two files of one unit: the older is named, with the newer that is counted."""
    when = dt.datetime.fromtimestamp(kept.modified).strftime("%d/%m/%Y %H:%M")
    return Failure(
        dropped.file,
        f"Trùng đơn vị '{dropped.name}' với tệp {kept.file}: chỉ tính tệp {kept.file} (sửa lần "
        f"cuối {when}, mới hơn hoặc đứng trước), không tính {dropped.file}. Kiểm tra "
        "'Tên đơn vị' trong sheet CauHinh hoặc bỏ bản cũ khỏi thư mục.",
    )


def assemble(
    items: Iterable[Commune | Failure],
    period: Period,
    as_of: dt.datetime,
    folder: Path,
    db: Path | None = None,
    parquet: Path | None = None,
) -> CityView:
    """Keep every commune's rows in DuckDB (or Parquet), one commune per unit name, rank."""
    store = CityStore(db, parquet)
    try:
        kept: dict[str, tuple[int, Commune]] = {}  # unit -> the newer file of the unit
        notes: dict[str, list[str]] = {}
        for number, item in enumerate(items):
            if isinstance(item, Failure):
                store.add_failure(item)
                continue
            key = fold_words(item.name)
            if key in kept:
                _, other = kept[key]
                if item.modified > other.modified:
                    kept[key], item = (number, item), other
                store.add_failure(_twin(item, kept[key][1]))
                continue
            kept[key] = (number, item)
        for number, item in sorted(kept.values(), key=lambda kept: kept[0]):
            if item.notes:
                notes[item.file] = item.notes
            store.add(number, item)
        ranking = store.ranking()
        if ranking.empty:
            reasons = "; ".join(f"{f.file}: {f.reason}" for f in store.failures())
            raise CityError(f"Không đọc được sổ nào trong thư mục '{folder}'. {reasons}")
        return CityView(
            period=period,
            as_of=as_of,
            folder=folder,
            rows=_rows(ranking, period.as_json(as_of)),
            failures=store.failures(),
            city_counts=store.city_counts(),
            late=store.late_dossiers(),
            dossier_count=store.dossier_count(),
            notes=notes,
        )
    finally:
        store.close()

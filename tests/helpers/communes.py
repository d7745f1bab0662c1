"""Test data for the city view: many commune workbooks with realistic variation.

Used by tests/city, tests/book and bench/bench_city.py; outside the package, so the city
view does not sit above the demo for its test data. Run as a script to write a folder:
``python tests/helpers/communes.py FOLDER [--count 114] [--dossiers 3000] [--seed 766]``.

Each commune is the demo quarter (`tthc_xl.demo.generate`) with its own seed, size, share
of direct (paper) dossiers and lateness, under its own unit name in CauHinh; every tenth
one leaves 'Tên đơn vị' blank, so the city names it by its file.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from tthc_xl.city.communes import Commune, commune_of
from tthc_xl.demo import MIX, QUARTER_END, generate
from tthc_xl.rules.catalog import Catalog
from tthc_xl.rules.settings import Settings
from tthc_xl.rules.text import fold_words
from tthc_xl.rules.values import Channel, Status

FIRST = ["An", "Bạch", "Cát", "Đông", "Hải", "Hòa", "Hồng", "Kiến", "Lê", "Minh", "Nam",
         "Ngô", "Phù", "Quang", "Tân", "Thủy", "Tiên", "Trần", "Vĩnh", "Việt"]  # fmt: skip
SECOND = ["Bình", "Dương", "Đạo", "Hưng", "Lạc", "Lâm", "Long", "Lư", "Phong", "Quyền",
          "Sơn", "Thành", "Thịnh", "Tiến", "Trang", "Xuân"]  # fmt: skip


@dataclass(frozen=True)
class CommuneSpec:
    name: str  # unit name; '' leaves CauHinh's 'Tên đơn vị' blank
    file: str
    seed: int
    dossiers: int
    direct_share: float  # online dossiers turned into counter (direct) ones
    late_share: float  # resolved dossiers finished 2-12 days later than generated
    counter_only: tuple[str, ...]  # procedure codes this commune takes at the counter only


def unit_names(count: int) -> list[str]:
    """Distinct commune and ward names, 'Ủy ban nhân dân xã/phường X Y'."""
    names = []
    for i in range(count):
        first, second = FIRST[i % len(FIRST)], SECOND[(i // len(FIRST) + 3 * i) % len(SECOND)]
        kind = "phường" if i % 3 == 0 else "xã"
        names.append(f"Ủy ban nhân dân {kind} {first} {second}")
    if len(set(names)) != count:
        raise ValueError(f"Chỉ sinh được {len(set(names))} tên đơn vị khác nhau")
    return names


def specs(count: int, dossiers: int = 3000, seed: int = 766) -> list[CommuneSpec]:
    rng = np.random.default_rng(seed)
    out = []
    for i, name in enumerate(unit_names(count)):
        slug = fold_words(name.removeprefix("Ủy ban nhân dân ")).replace(" ", "_")
        out.append(
            CommuneSpec(
                name="" if i % 10 == 9 else name,
                file=f"{i + 1:03d}_{slug}.xlsx",
                seed=seed * 1000 + i,
                dossiers=max(20, int(round(dossiers * rng.uniform(0.7, 1.3)))),
                direct_share=float(rng.choice([0.0, 0.01, 0.03, 0.08])),
                late_share=float(rng.uniform(0.0, 0.05)),
                counter_only=tuple(rng.choice(list(MIX)[4:], size=i % 4 // 2, replace=False)),
            )
        )
    return out


def register(spec: CommuneSpec) -> pd.DataFrame:
    """The commune's quarter: the demo generator, then its own channel and lateness mix."""
    # the demo generator needs a full quarter's variety: a small commune is a sample of one
    size = max(spec.dossiers, 2500)
    carried = max(1, size * 2 // 100)
    frame = generate(spec.seed, n_new=size - carried, n_carried=carried)
    rng = np.random.default_rng(spec.seed + 1)
    if spec.dossiers < len(frame):
        keep = np.sort(rng.choice(len(frame), size=spec.dossiers, replace=False))
        frame = frame.iloc[keep].reset_index(drop=True)
    n = len(frame)
    channel = frame["channel"].to_numpy().copy()
    turn = (channel == Channel.ONLINE) & (rng.random(n) < spec.direct_share)
    turn |= frame["procedure_code"].isin(spec.counter_only).to_numpy()
    channel[turn] = Channel.DIRECT
    frame["channel"] = channel.astype(frame["channel"].dtype)
    frame.loc[turn, "paid_online"] = False

    done = frame["finished_at"].notna().to_numpy()
    late = done & (rng.random(n) < spec.late_share)
    shift = pd.to_timedelta(rng.integers(2, 13, n)[late], unit="D")
    finished = frame.loc[late, "finished_at"] + shift
    returned = frame.loc[late, "returned_at"] + shift
    end = pd.Timestamp(QUARTER_END)
    frame.loc[late, "finished_at"] = finished.where(finished <= end)
    frame.loc[late, "returned_at"] = returned.where(returned <= end)
    still_open = late & frame["finished_at"].isna().to_numpy()
    frame.loc[still_open, "status"] = int(Status.PROCESSING)
    returned_now = late & frame["returned_at"].isna().to_numpy() & ~still_open
    frame.loc[returned_now, "status"] = int(Status.DONE)
    return frame


def write_commune(path: Path, frame: pd.DataFrame, unit_name: str) -> Path:
    """A commune workbook (HoSo, DanhMuc, NgayNghi, CauHinh), written atomically."""
    from tthc_xl.book.atomic import replacing
    from tthc_xl.book.layout import new_workbook

    wb = new_workbook(frame, Catalog.default(), replace(Settings(), unit_name=unit_name))
    with replacing(path) as tmp:
        wb.save(tmp)
    return path


def _write(folder: Path, spec: CommuneSpec) -> Path:
    return write_commune(folder / spec.file, register(spec), spec.name)


def write_communes(
    folder: Path, count: int, dossiers: int = 3000, seed: int = 766, workers: int | None = None
) -> list[Path]:
    """`count` commune workbooks of about `dossiers` dossiers each (two written at a time)."""
    folder.mkdir(parents=True, exist_ok=True)
    todo = specs(count, dossiers, seed)
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if workers <= 1:
        return [_write(folder, s) for s in todo]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_write, [folder] * len(todo), todo))


SMALL_CODE = "1.004873"  # 3 working days


def small_commune(name: str, early: int, late: int) -> Commune:
    """A commune's Q1: `early` dossiers resolved the same day, `late` ones 20 days on; all
    online and of one procedure, so the online-service points are the same everywhere and
    the progress points decide."""
    from helpers.registers import engine_of  # as tests import it (tests/ on the path)

    dossiers = []
    for i in range(early + late):
        received = dt.datetime(2026, 1, 5 + i, 8)
        finished = received + dt.timedelta(hours=2 if i < early else 24 * 20)
        dossiers.append(
            {"dossier_id": f"{name[:3]}{i}", "procedure_code": SMALL_CODE,
             "received_at": received, "finished_at": finished, "channel": "Trực tuyến"}
        )  # fmt: skip
    result = engine_of(*dossiers).evaluate("2026-Q1", as_of=dt.datetime(2026, 3, 31, 17))
    return commune_of(result, f"{name}.xlsx", name)


def main() -> None:
    """python tests/helpers/communes.py FOLDER [--count 114] [--dossiers 3000] [--seed 766]"""
    import argparse

    parser = argparse.ArgumentParser(description="Sinh sổ theo dõi hồ sơ của nhiều xã, phường.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=114)
    parser.add_argument("--dossiers", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=766)
    args = parser.parse_args()
    paths = write_communes(args.folder, args.count, args.dossiers, args.seed)
    print(f"Đã sinh {len(paths)} sổ trong {args.folder}")


if __name__ == "__main__":
    main()

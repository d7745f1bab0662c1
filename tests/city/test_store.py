"""city.store directly: the communes' rows in DuckDB, the ranking rule, the city's sums and
its late dossiers, in memory, in a database file and with the dossiers in Parquet."""

import duckdb
import pytest
from helpers.communes import small_commune as commune

from tthc_xl.city.communes import Failure
from tthc_xl.city.store import POINT_KEYS, CityStore
from tthc_xl.rules.outcomes import Outcome


@pytest.fixture(scope="module")
def communes():
    # An and Dương tie on every figure; Cát has An's shares on twice the dossiers
    return [
        commune("Xã Dương", 3, 1),
        commune("Xã An", 3, 1),
        commune("Xã Cát", 6, 2),
        commune("Xã Ba", 4, 0),
    ]


def fill(store: CityStore, communes) -> CityStore:
    for number, c in enumerate(communes):
        store.add(number, c)
    store.add_failure(Failure("z_hong.xlsx", "tệp hỏng"))
    store.add_failure(Failure("a_la.txt", "Không phải tệp Excel"))
    return store


def test_the_ranking_follows_points_then_progress_rate_total_and_name(communes):
    store = fill(CityStore(), communes)
    ranking = store.ranking()
    assert list(ranking["name"]) == ["Xã Ba", "Xã Cát", "Xã An", "Xã Dương"]
    assert list(ranking["rank"]) == [1, 2, 3, 4]
    assert ranking["progress"].tolist() == pytest.approx([20.0, 15.0, 15.0, 15.0])
    online = ranking["online_service"].tolist()
    assert len(set(online)) == 1 and online[0] is not None  # the same on every commune
    assert set(POINT_KEYS) <= set(ranking.columns)
    store.close()


def test_city_counts_are_the_communes_sums(communes):
    store = fill(CityStore(), communes)
    counts = store.city_counts()
    for key in ("total", "early", "late", "received_online", "resolved"):
        assert counts[key] == sum(c.kpi["counts"][key] for c in communes), key
    assert counts["total"] == 4 + 4 + 8 + 4 and counts["late"] == 1 + 1 + 2
    store.close()


def test_late_dossiers_come_by_commune_rank_then_due_date(communes):
    store = fill(CityStore(), communes)
    late = store.late_dossiers()
    assert list(late["name"]) == ["Xã Cát", "Xã Cát", "Xã An", "Xã Dương"]
    assert list(late["rank"]) == [2, 2, 3, 4]
    assert set(late["outcome"]) == {int(Outcome.LATE)}
    cat = late[late["name"] == "Xã Cát"]
    assert list(cat["due_at"]) == sorted(cat["due_at"])
    assert store.dossier_count() == 20
    assert [f.file for f in store.failures()] == ["a_la.txt", "z_hong.xlsx"]  # by file
    store.close()


def test_parquet_and_a_database_file_keep_the_same_rows(communes, tmp_path):
    memory = fill(CityStore(), communes)
    expected = (memory.ranking(), memory.late_dossiers(), memory.dossier_count())
    memory.close()
    parquet = tmp_path / "parquet"
    (parquet).mkdir()
    (parquet / "dossiers_00099.parquet").write_bytes(b"stale")  # an earlier run's file
    db = tmp_path / "city.duckdb"
    store = fill(CityStore(db, parquet), communes)
    assert store.ranking().equals(expected[0])
    assert store.late_dossiers().equals(expected[1])
    assert store.dossier_count() == expected[2]
    store.close()
    assert sorted(p.name for p in parquet.iterdir()) == ["dossiers_00001.parquet"]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM communes").fetchone()[0] == 4

"""The peers of bench/bench_peers.py compute the same counts as the engine, on small data.

The engine's figures for this register are not copied here: each peer computes them on
its own (native spreadsheet formulas recalculated by LibreOffice; DuckDB SQL), and three
independent computations agreeing is the check. A register with every outcome present
keeps the check from passing on zeros.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import bench_peers  # noqa: E402
import peers  # noqa: E402

UNO_MISSING = peers.uno_missing()


@pytest.fixture(scope="module")
def register():
    return peers.peer_register(400)


def test_register_has_every_kind_of_dossier(register):
    counts = peers.engine_counts(register)
    for key in ("carried_over", "received_online", "received_direct", "early", "on_time",
                "pending_within", "due_soon"):  # fmt: skip
        assert counts[key] > 0, key


def test_tthc_xl_from_its_workbook_equals_the_engine(register, tmp_path):
    """The in-process levels of bench_peers (rows in memory; the file) count the same."""
    from tthc_xl.book.layout import new_workbook
    from tthc_xl.rules.catalog import Catalog
    from tthc_xl.rules.settings import Settings

    book = tmp_path / "tthc.xlsx"
    new_workbook(register, Catalog.default(), Settings()).save(book)
    assert bench_peers.file_counts(book) == peers.engine_counts(register)


def test_duckdb_sql_counts_equal_the_engine(register):
    assert peers.duckdb_counts(register) == peers.engine_counts(register)


@pytest.mark.libreoffice
def test_libreoffice_formulas_equal_the_engine(register, tmp_path):
    book = tmp_path / "congthuc.xlsx"
    peers.write_formula_workbook(register, book)
    out = peers.libreoffice_recalc(book, tmp_path / "lo")
    assert peers.libreoffice_counts(out) == peers.engine_counts(register)


@pytest.mark.libreoffice
@pytest.mark.skipif(UNO_MISSING is not None, reason=f"LibreOffice through UNO: {UNO_MISSING}")
def test_libreoffice_inside_soffice_equals_the_engine(register, tmp_path):
    """The counts bench/lo_uno.py reads after loading and after calculateAll; moving the
    as-of date must change them, or the timed recalculation computed nothing."""
    book = tmp_path / "congthuc.xlsx"
    peers.write_formula_workbook(register, book)
    fig = peers.libreoffice_uno(book, repeat=1)
    engine = peers.engine_counts(register)
    assert fig["after_load"] == engine
    assert fig["after_calculate_all"] == engine
    assert fig["after_edit"] != engine
    assert fig["after_restore"] == engine

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

import peers  # noqa: E402


@pytest.fixture(scope="module")
def register():
    return peers.peer_register(400)


def test_register_has_every_kind_of_dossier(register):
    counts = peers.engine_counts(register)
    for key in ("carried_over", "received_online", "received_direct", "early", "on_time",
                "pending_within", "due_soon"):  # fmt: skip
        assert counts[key] > 0, key


def test_duckdb_sql_counts_equal_the_engine(register):
    assert peers.duckdb_counts(register) == peers.engine_counts(register)


@pytest.mark.libreoffice
def test_libreoffice_formulas_equal_the_engine(register, tmp_path):
    book = tmp_path / "congthuc.xlsx"
    peers.write_formula_workbook(register, book)
    out = peers.libreoffice_recalc(book, tmp_path / "lo")
    assert peers.libreoffice_counts(out) == peers.engine_counts(register)

"""Test helpers, shared by the rooms' tests (tests/<room>/test_*.py)."""

from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"

"""Test helpers, shared by the rooms' tests (tests/<room>/test_*.py)."""

from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"


def figure(shown: object) -> object:
    """The number a form's cell shows as text, read by hand: '99,89%' -> 0.9989, '19,62'
    -> 19.62, "'2.918" (as written to Excel, quote-prefixed) -> 2918; else as it is."""
    if not isinstance(shown, str):
        return shown
    text = shown.lstrip("'").strip()
    number = text.rstrip("%").replace(".", "").replace(",", ".")
    try:
        value = float(number)
    except ValueError:
        return shown
    return round(value / 100, 6) if text.endswith("%") else value

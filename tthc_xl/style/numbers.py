"""Number and date style of Vietnamese administrative reports.

Decimal comma, dot for thousands, counts under 10 with two digits, dd/mm/yyyy, and
percentages and points truncated (never rounded) to two decimals: 2.907/2.908 prints as
99,96%, and 94,996% can never show as a met 95% target.
"""

from __future__ import annotations

import math

DASH = "—"


def truncate(value: float, decimals: int = 2) -> float:
    """Cut, do not round; the inner round() absorbs binary noise (0.29 * 100 = 28.999…)."""
    factor = 10**decimals
    return math.floor(round(value * factor, 6)) / factor


def _decimal(value: float, decimals: int) -> str:
    text = f"{truncate(value, decimals):.{decimals}f}"
    whole, _, frac = text.partition(".")
    return thousands(int(whole)) + ("," + frac if decimals else "")


def percent(ratio: float | None, decimals: int = 2) -> str:
    """0.999656 -> '99,96%'; None (zero denominator) -> '—'."""
    if ratio is None:
        return DASH
    return _decimal(ratio * 100, decimals) + "%"


def points(value: float | None, decimals: int = 2) -> str:
    """19.9107 -> '19,91'."""
    return DASH if value is None else _decimal(value, decimals)


def thousands(n: int) -> str:
    """2908 -> '2.908'."""
    sign = "-" if n < 0 else ""
    return sign + f"{abs(int(n)):,}".replace(",", ".")


def count(n: int) -> str:
    """Counts in prose: '03', '12', '2.908'."""
    return f"{n:02d}" if 0 <= n < 10 else thousands(n)


def rate(ratio: float | None) -> str:
    """A rate in the report's prose: whole percentages lose their ',00' (100%, 95%),
    others keep two truncated decimals (99,96%)."""
    text = percent(ratio)
    return text.replace(",00%", "%")


def shown(kind: str, value: float | int | None) -> float | int | str:
    """A figure as a form shows it on any PC: a count stays a number (its format has a
    literal thousands dot), a rate or points become the report's text (99,89%, 19,62),
    since Excel writes a fraction with the PC's decimal mark; unknown is '—'."""
    if value is None:
        return DASH
    if kind == "rate":
        return percent(float(value))
    if kind == "points":
        return points(float(value))
    return value

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


def stored(kind: str, value: float | int) -> float | int:
    """A figure as a sheet stores it: a rate (a fraction) cut to 4 places, i.e. 2 in percent,
    points to 2, counts as they are; so a cell's format can never round it up."""
    if kind == "rate":
        return truncate(float(value), 4)
    if kind == "points":
        return truncate(float(value), 2)
    return value


def rate(ratio: float | None) -> str:
    """A rate in the report's prose: whole percentages lose their ',00' (100%, 95%),
    others keep two truncated decimals (99,96%)."""
    text = percent(ratio)
    return text.replace(",00%", "%")

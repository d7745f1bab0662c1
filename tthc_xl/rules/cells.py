"""Cells as the clerk typed them: blank or filled, their text, one function mapped once per
distinct value. The ground every value parser (dates.py, values.py) stands on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    if isinstance(value, str):
        return not value.strip()
    return value is pd.NaT or (isinstance(value, type(pd.NA)))


def is_filled(value: object) -> bool:
    """Not blank, as `blank_mask` judges a cell (NaN, NaT, NA and None are empty; so is a
    text of spaces only)."""
    if value is None:
        return False
    if value.__class__ is str:
        return bool(value.strip())
    na = pd.isna(value)
    return not na if isinstance(na, (bool, np.bool_)) else True  # an array is no blank


def blank_mask(values: pd.Series) -> np.ndarray:
    """True where a cell is empty: None, NaN, NaT or only spaces."""
    s = values
    mask = s.isna().to_numpy().copy()
    if s.dtype == object and len(s):
        # A list comprehension over a plain list is the cheapest per-cell pass Python has.
        mask |= np.array([v.__class__ is str and not v.strip() for v in s.tolist()], dtype=bool)
    return mask


_CALL = object()  # map_distinct's `empty` when not given: func(None)


def factorize(s: pd.Series) -> tuple[np.ndarray, list]:
    """(code of each cell, the distinct values as Python objects); -1 for an empty cell.
    Arrow-backed text (pandas' default once pyarrow is installed) is factorized as it is:
    converting it to objects first cost more than the rest of the engine at 30,000."""
    if isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow":
        codes, text = pd.factorize(s, use_na_sentinel=True)
        return codes, text.tolist()
    codes, found = pd.factorize(s.astype(object), use_na_sentinel=True)
    return codes, list(found)


def map_distinct(values: Iterable | pd.Series, func, *, empty=_CALL, dtype=object) -> np.ndarray:
    """func of every cell, computed once per distinct value (a column of 10^5 cells holds
    a few hundred): the one way the code maps a scalar function over a column.

    Empty cells (None, NaN, NaT, NA) get `empty`, or func(None) when it is not given.
    The result is a numpy array of `dtype`, one item per cell.
    """
    s = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    codes, uniques = factorize(s)
    mapped = [func(u) for u in uniques]
    mapped.append(func(None) if empty is _CALL else empty)  # code -1: an empty cell
    if np.dtype(dtype) == object:
        table = np.empty(len(mapped), dtype=object)
        table[:] = mapped
    else:
        table = np.array(mapped, dtype=dtype)
    return table[codes]


def cell_text(value: object) -> str:
    """A text cell: stripped, '' when blank, and 12.0 read from a number cell as '12'."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def display_text(value: object) -> str:
    """A cell as the clerk reads it in messages and logs: dates day-first, 12.0 as 12."""
    if is_blank(value) or value is pd.NaT:
        return ""
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return ""
        value = pd.Timestamp(value).to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S" if value.second else "%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return cell_text(value)

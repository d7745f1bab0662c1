"""What a sheet of the workbook declares: one :class:`Sheet` per module of this room.

A sheet says, in one place, its name, its look in the workbook the build ships, what a
refresh does when a register lacks it, the values it writes each refresh (through any
:class:`~tthc_xl.book.base.Book`), which ribbon macro fills it, and how it goes into the
email copy. Its place in the workbook is its place in :data:`tthc_xl.sheets.SHEETS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from tthc_xl.book.base import Book
from tthc_xl.book.page import Draw, Page
from tthc_xl.rules.engine import Result
from tthc_xl.rules.settings import Settings


@dataclass(frozen=True)
class Figures:
    """What a refresh hands each sheet it writes: the period's figures, taken once."""

    result: Result
    form: Result  # Biểu 06's result: the cut-off window of the period when CauHinh sets one
    settings: Settings
    now: dt.datetime


@dataclass(frozen=True)
class Shipped:
    """What the build knows that this room cannot import (it sits below the report and the
    Excel bridge): the ribbon's button labels and the report's default wording."""

    buttons: Mapping[str, str]  # ribbon macro -> button label
    report_template: Page | None = None  # MauBaoCao as the report lays it out


@dataclass(frozen=True)
class CopySpec:
    """How a sheet goes into the email copy (report/copy): values and looks of the sheet,
    never a formula, in the copy's order."""

    order: int  # its place among the copy's sheets
    columns: tuple[int, ...] | None = None  # 1-based source columns kept, in order
    # cells whose formulas the copy replaces by the engine's values: (row, col) -> value
    live: Callable[[Result], dict[tuple[int, int], object]] | None = None
    # from the open workbook: what Excel showed, with the cells it could not compute filled
    shown: Callable[[list[list[object]], Result], None] | None = None
    default_looks: Draw | None = None  # its formats when only values came (no saved file)
    finish: Callable[[Any, Result], None] | None = None  # (copy's worksheet, result)


@dataclass(frozen=True)
class Sheet:
    """One sheet the tool lays out."""

    name: str
    # its look (and default contents) in the workbook the build ships, on a blank sheet
    build: Callable[[Any, Shipped], None]
    # the sheet of xlwings' standalone template it becomes (keeping its VBA document module)
    takes_over: str | None = None
    # what a refresh does to a register that lacks it or holds it as plain data
    complete: Callable[[Book], None] | None = None
    # its values each refresh; returns how many rows it lists
    refresh: Callable[[Book, Figures], int] | None = None
    macro: str | None = None  # the ribbon macro whose button fills it
    copy: CopySpec | None = None  # None: not in the email copy

"""xlwings.conf: the interpreter RunPython starts and the module the formula functions live
in (xlwings reads it; the clerk edits the interpreter's path once per PC)."""

from __future__ import annotations

from tthc_xl.book.forms import page_setup
from tthc_xl.book.layout import XLWINGS_INTERPRETER_WIN, XLWINGS_UDF_MODULES, write_xlwings_conf
from tthc_xl.book.names import SHEET_XLWINGS

from .base import Sheet, Shipped

TEMPLATE_SHEET = "_xlwings.conf"  # the template's own, inactive until renamed


def _build(ws, shipped: Shipped) -> None:
    write_xlwings_conf(
        ws, {"Interpreter_Win": XLWINGS_INTERPRETER_WIN, "UDF Modules": XLWINGS_UDF_MODULES}
    )
    page_setup(ws, landscape=True)  # printed with the workbook: A4, one page wide


SHEET = Sheet(name=SHEET_XLWINGS, build=_build, takes_over=TEMPLATE_SHEET)

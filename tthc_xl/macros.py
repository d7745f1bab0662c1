"""Old import path kept for workbooks in the field: their VBA runs ``import tthc_xl.macros``."""

from tthc_xl.excel.macros import *  # noqa: F403

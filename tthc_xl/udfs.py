"""Old import path kept for workbooks in the field: their xlwings.conf names ``tthc_xl.udfs``."""

from tthc_xl.excel.udfs import *  # noqa: F403

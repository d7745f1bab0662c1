"""Complete a workbook: lay a sheet out in full when it is missing, plain, or an output
sheet refresh rewrites (the file back end's `FileBook.lay_out`)."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from . import layout
from .forms import lay_out_bieu06, lay_out_warnings, name_default_font, page_setup


def _fresh(wb, sheet: str) -> Worksheet:
    """The sheet emptied of values and looks, at its place among the tabs."""
    if sheet in wb.sheetnames:
        index = wb.sheetnames.index(sheet)
        wb.remove(wb[sheet])
        return wb.create_sheet(sheet, index)
    return wb.create_sheet(sheet)


def lay_out(wb, sheet: str, form: str, n_rows: int = 0, footer: str = "") -> None:
    """Give one sheet of an openpyxl workbook its full layout (FileBook.lay_out).

    form: "kpi" lays KPI out anew when it is missing or not this layout (the typed period
    kept); "warnings" and "bieu06" are laid out anew for `n_rows` rows each refresh;
    "settings", "catalog", "holidays" create a missing context sheet with its defaults;
    "print" gives a data sheet its page setup.
    """
    name_default_font(wb)
    if form == "kpi":
        ws = wb[sheet] if sheet in wb.sheetnames else None
        rows = [list(r) for r in ws.iter_rows(values_only=True)] if ws is not None else []
        if ws is not None and layout.kpi_laid_out(rows):
            return
        period = rows[2][1] if len(rows) > 2 and len(rows[2]) > 1 and rows[2][1] else None
        layout.write_kpi_dashboard(_fresh(wb, sheet), str(period or layout.DEFAULT_PERIOD))
    elif form == "warnings":
        lay_out_warnings(_fresh(wb, sheet), n_rows, footer)
    elif form == "bieu06":
        lay_out_bieu06(_fresh(wb, sheet), n_rows, footer)
    elif form in ("settings", "catalog", "holidays"):
        if sheet in wb.sheetnames and wb[sheet].max_row > 1:
            ws = wb[sheet]
            headers = [c.value for c in ws[1]]
            if all(c.font.b for c in ws[1] if c.value is not None):
                return
            layout.style_headers(ws, [str(h) if h is not None else "" for h in headers])
            return
        from tthc_xl.rules.catalog import Catalog
        from tthc_xl.rules.settings import Settings

        ws = _fresh(wb, sheet)
        if form == "settings":
            layout.write_settings(ws, Settings())
        elif form == "catalog":
            layout.write_catalog(ws, Catalog.default())
        else:
            layout.write_holidays(ws)
    elif form == "print" and sheet in wb.sheetnames:
        ws = wb[sheet]
        page_setup(ws, landscape=ws.max_column > 4, title_rows="1:1")

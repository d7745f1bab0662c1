"""What Excel hands Python: ranges as xlwings passes them, a real remote Book, macro workbooks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def excel_serial(value: object) -> object:
    """What Excel hands a UDF for a date cell when dates arrive as numbers."""
    if isinstance(value, dt.datetime):
        return (value - EXCEL_EPOCH).total_seconds() / 86400
    if isinstance(value, dt.date):
        return float((value - EXCEL_EPOCH.date()).days)
    return value


def as_excel_range(rows: list[list[object]], blank_rows: int = 0) -> list[list[object]]:
    """A table as xlwings passes it: floats for dates, '' for empty cells, trailing blanks."""
    width = max(len(r) for r in rows)
    out = [
        [("" if v is None else excel_serial(v)) for v in r] + [""] * (width - len(r)) for r in rows
    ]
    return out + [[None] * width for _ in range(blank_rows)]


def remote_book(
    sheets: dict[str, list[list[object]]],
    name: str = "TTHC_Q.xlsm",
    tables: dict[str, tuple[str, str]] | None = None,
    charts: dict[str, list[dict]] | None = None,
):
    """A real xlwings Book from the remote interpreter, holding these sheet values.

    Dates travel as the VBA client sends them: ISO strings ending in Z. `charts` gives a
    sheet the chart list the client reports (name, chart_type, left, top, width, height);
    a sheet not named there reports none.
    """
    import xlwings as xw

    def cell(v: object) -> object:
        if isinstance(v, dt.datetime):
            return v.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        if isinstance(v, dt.date):
            return v.strftime("%Y-%m-%dT00:00:00.000Z")
        return "" if v is None else v

    payload_sheets = []
    for sheet, rows in sheets.items():
        width = max((len(r) for r in rows), default=0)
        values = [[cell(v) for v in r] + [""] * (width - len(r)) for r in rows] or [[]]
        table_list = []
        for table, (sheet_name, ref) in (tables or {}).items():
            if sheet_name == sheet:
                first, last = ref.split(":")
                table_list.append(
                    {
                        "name": table,
                        "range_address": ref,
                        "header_row_range_address": f"{first}:{last[0]}{first[1:]}",
                        "data_body_range_address": f"{first[0]}{int(first[1:]) + 1}:{last}",
                        "total_row_range_address": None,
                        "show_headers": True,
                        "show_totals": False,
                        "table_style": "TableStyleMedium2",
                        "show_autofilter": True,
                    }
                )
        entry = {"name": sheet, "values": values, "pictures": [], "tables": table_list}
        if charts is not None:
            entry["charts"] = [dict(c) for c in charts.get(sheet, [])]
        payload_sheets.append(entry)
    payload = {
        "client": "VBA",
        "version": xw.__version__,
        "book": {"name": name, "active_sheet_index": 0, "selection": "A1"},
        "names": [],
        "sheets": payload_sheets,
    }
    return xw.Book(json=payload)


# ------------------------------------------------------------------ workbook files

RIBBON_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui"><ribbon><tabs>'
    b'<tab id="tabTTHC" label="TTHC"><group id="g" label="T"><button id="b" '
    b'label="C\xe1\xba\xadp nh\xe1\xba\xadt" onAction="TTHC_Refresh" imageMso="Refresh"/>'
    b"</group></tab></tabs></ribbon></customUI>"
)


def make_macro_workbook(path: Path, frame=None) -> Path:
    """An .xlsm with real VBA (xlwings' standalone template), a ribbon, and our sheets."""
    import shutil

    import openpyxl
    import xlwings

    from tthc_xl.book.layout import (
        register_rows,
        write_catalog,
        write_holidays,
        write_register,
        write_settings,
    )
    from tthc_xl.book.ooxml import inject_ribbon
    from tthc_xl.rules.catalog import Catalog
    from tthc_xl.rules.settings import Settings

    template = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
    shutil.copy(template, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb.create_sheet("HoSo", 0)
    if frame is None:
        from tthc_xl.rules.register import empty_frame

        frame = empty_frame()
    headers, rows = register_rows(frame)
    write_register(ws, headers, rows)
    write_catalog(wb.create_sheet("DanhMuc"), Catalog.default())
    write_holidays(wb.create_sheet("NgayNghi"))
    write_settings(wb.create_sheet("CauHinh"), Settings())
    wb.save(path)
    inject_ribbon(path, "customUI/customUI14.xml", RIBBON_XML)
    return path

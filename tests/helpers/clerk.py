"""A clerk's own work planted in a workbook: a sheet of hers with a chart, a picture and a
comment, made with openpyxl as a clerk's Excel would save them, and the parts that hold it.
"""

from __future__ import annotations

import io
import posixpath
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from PIL import Image as PILImage

from tthc_xl.book.charts import restore_charts
from tthc_xl.book.ooxml import inject_ribbon, ribbon_parts

SHEET = "CuaToi"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
DOC_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def plant(path: Path) -> None:
    """Add the clerk's sheet (a small table, a bar chart over it, a red picture, a comment)
    to the workbook at `path`, keeping its macros, our charts and its ribbon."""
    ribbon = ribbon_parts(path)
    wb = openpyxl.load_workbook(path, keep_vba=path.suffix == ".xlsm")
    ws = wb.create_sheet(SHEET)
    ws.append(["Tháng", "Số hồ sơ"])
    for month, count in [("T1", 310), ("T2", 280), ("T3", 402)]:
        ws.append([month, count])
    chart = BarChart()
    chart.title = "Biểu đồ của tôi"
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=4), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=4))
    ws.add_chart(chart, "D2")
    png = io.BytesIO()
    PILImage.new("RGB", (80, 40), (200, 30, 30)).save(png, format="PNG")
    png.seek(0)
    ws.add_image(Image(png), "D20")
    ws["A1"].comment = Comment("Ghi chú của tôi: số liệu tự đếm", "Cán bộ một cửa")
    restore_charts(wb)  # ours on BaoCao, as every save of ours does
    wb.save(path)
    for part, xml in ribbon.items():
        inject_ribbon(path, part, xml)


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def clerk_parts(path: Path) -> dict[str, bytes]:
    """The clerk's sheet part and every part reachable from its relationships, with bytes."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        workbook = ET.fromstring(z.read("xl/workbook.xml"))
        rid = next(
            s.get(f"{DOC_REL_NS}id")
            for s in workbook.iter(f"{MAIN_NS}sheet")
            if s.get("name") == SHEET
        )
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        start = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        found: dict[str, bytes] = {}
        todo = [posixpath.normpath(start)]
        while todo:
            part = todo.pop()
            if part in found or part not in names:
                continue
            found[part] = z.read(part)
            rels_part = _rels_of(part)
            if rels_part in names:
                found[rels_part] = z.read(rels_part)
                for rel in ET.fromstring(z.read(rels_part)):
                    if rel.get("TargetMode") == "External":
                        continue
                    ref = rel.get("Target", "")
                    base = posixpath.dirname(part)
                    todo.append(
                        ref.lstrip("/")
                        if ref.startswith("/")
                        else posixpath.normpath(posixpath.join(base, ref))
                    )
    return found

"""OOXML package details shared by the workbook build and every later save.

An openpyxl save rewrites `_rels/.rels` without the ribbon's relationship, so both the
build and the file back end of :mod:`tthc_xl.book.filebook` attach it the same way, here.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
RIBBON_PART = "customUI/customUI14.xml"
RIBBON_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
ROOT_RELS = "_rels/.rels"
VBA_PART = "xl/vbaProject.bin"
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def relationships(rels_xml: bytes) -> list[dict[str, str]]:
    root = ET.fromstring(rels_xml)
    return [dict(r.attrib) for r in root.findall(f"{{{REL_NS}}}Relationship")]


def with_ribbon_rel(rels_xml: bytes, part: str = RIBBON_PART) -> bytes:
    """The root relationships with exactly one ribbon relationship, pointing at `part`."""
    rels = [r for r in relationships(rels_xml) if r.get("Type") != RIBBON_REL]
    used = {r.get("Id") for r in rels}
    rid = next(f"rId{n}" for n in range(1, len(used) + 2) if f"rId{n}" not in used)
    rels.append({"Id": rid, "Type": RIBBON_REL, "Target": part})
    out = ET.Element(f"{{{REL_NS}}}Relationships")
    for rel in rels:
        ET.SubElement(out, f"{{{REL_NS}}}Relationship", rel)
    ET.register_namespace("", REL_NS)
    return _DECLARATION + ET.tostring(out, encoding="utf-8", xml_declaration=False)


def content_type(types_xml: bytes, part: str) -> str | None:
    """The content type a package gives `part`: its Override, else its extension's Default."""
    root = ET.fromstring(types_xml)
    for override in root.findall(f"{{{CT_NS}}}Override"):
        if override.get("PartName", "").lstrip("/") == part:
            return override.get("ContentType")
    extension = part.rsplit(".", 1)[-1].lower()
    for default in root.findall(f"{{{CT_NS}}}Default"):
        if default.get("Extension", "").lower() == extension:
            return default.get("ContentType")
    return None


def ribbon_parts(path: Path) -> dict[str, bytes]:
    """The ribbon parts the root relationships point at, with their bytes."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        if ROOT_RELS not in names:
            return {}
        targets = [
            r["Target"].lstrip("/")
            for r in relationships(z.read(ROOT_RELS))
            if r.get("Type") == RIBBON_REL
        ]
        return {t: z.read(t) for t in targets if t in names}


def inject_ribbon(path: Path, part: str, xml: bytes) -> None:
    """Put the ribbon part and its root relationship into the file (idempotent), rewriting
    it beside itself and replacing it in one step (book/atomic.py)."""
    from .atomic import replacing

    with (
        replacing(Path(path)) as tmp,
        zipfile.ZipFile(path) as src,
        zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            if item.filename in (ROOT_RELS, part):
                continue
            dst.writestr(item, src.read(item.filename))
        dst.writestr(ROOT_RELS, with_ribbon_rel(src.read(ROOT_RELS), part))
        dst.writestr(part, xml)


def vba_bytes(path: Path) -> bytes | None:
    with zipfile.ZipFile(path) as z:
        return z.read(VBA_PART) if VBA_PART in z.namelist() else None

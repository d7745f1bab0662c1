"""The workbook package written part by part: what a command changed is spliced into a
copy of the file, every other part copied byte for byte.

openpyxl drops what it does not know (a clerk's chart, picture, comment, pivot table,
customXml, the ribbon), and loading a 30,000-row register to change a few cells costs
what the register costs. So the file back end never saves the workbook with openpyxl:

- the sheets tthc-xl draws (KPI, CanhBao, Bieu06, BaoCao, ...) are drawn by openpyxl in a
  scratch copy of the workbook that holds only the small sheets of ours (the register, the
  logs and the clerk's own sheets are empty stubs in it, so it loads fast); their parts
  (the sheet, its drawing and our charts, its tables) are spliced into the package, their
  text inlined so that the package's shared strings stay as they were;
- the sheets that grow (HoSo, NhatKy, LoiNhap) are edited in place (:mod:`.sheetxml`);
- styles.xml takes openpyxl's version (it keeps every index the other sheets use and
  appends new formats) or the original, grown only by the formats an edit needs;
- workbook.xml keeps everything it had; only a new sheet's entry, the print names of the
  sheets drawn, and "recalculate on open" are set; calcChain.xml goes (Excel rebuilds it).
"""

from __future__ import annotations

import copy
import io
import posixpath
import re
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .ooxml import CT_NS, REL_NS
from .sheetxml import MAIN, SheetEdits, StyleTable, apply_look, edit_cells, resize_table_xml

DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKSHEET_REL = f"{DOC_REL}/worksheet"
CALC_CHAIN_REL = f"{DOC_REL}/calcChain"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
STYLES = "xl/styles.xml"
CONTENT_TYPES = "[Content_Types].xml"
ROOT_RELS = "_rels/.rels"
CUSTOM_PART = "docProps/custom.xml"
CUSTOM_REL = f"{DOC_REL}/custom-properties"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
STUB = f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>'.encode()
_SI = re.compile(rb"<si>(.*?)</si>|<si/>", re.S)
_SHARED_CELL = re.compile(rb'<c\b([^>]*?)\st="s"([^>]*)>\s*<v>(\d+)</v>\s*</c>')


def rels_part(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def rels(z: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(Id, Type, target part) of a part's internal relationships."""
    name = rels_part(part)
    if name not in z.namelist():
        return []
    out = []
    for r in etree.fromstring(z.read(name)):
        if r.get("TargetMode") == "External":
            continue
        target = r.get("Target", "")
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
        out.append((r.get("Id", ""), r.get("Type", ""), resolved))
    return out


def closure(z: zipfile.ZipFile, part: str) -> list[str]:
    """The parts reachable from `part`'s relationships (not `part` itself), in order."""
    seen: list[str] = []
    todo = [t for _, _, t in rels(z, part)]
    names = set(z.namelist())
    while todo:
        p = todo.pop(0)
        if p in seen or p not in names:
            continue
        seen.append(p)
        todo += [t for _, _, t in rels(z, p)]
    return seen


def sheets(z: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(name, part) of the workbook's sheets, in tab order."""
    wb = etree.fromstring(z.read(WORKBOOK))
    targets = {rid: t for rid, _, t in rels(z, WORKBOOK)}
    out = []
    for s in wb.iter(f"{{{MAIN}}}sheet"):
        out.append((s.get("name", ""), targets.get(s.get(f"{{{DOC_REL}}}id", ""), "")))
    return out


def reduced(path: Path, keep: set[str]) -> io.BytesIO:
    """The package with every worksheet but `keep` (sheet names) an empty stub, without its
    relationships: what openpyxl loads to draw the sheets of ours, fast."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as dst:
        stubs = {part for name, part in sheets(src) if name not in keep}
        skip = {rels_part(p) for p in stubs}
        for info in src.infolist():
            if info.filename in skip:
                continue
            data = STUB if info.filename in stubs else src.read(info.filename)
            dst.writestr(info.filename, data)
    buffer.seek(0)
    return buffer


@dataclass
class Plan:
    """What a save changes: sheets drawn in the scratch package, edits of the others."""

    scratch: bytes | None = None  # openpyxl's save of the scratch workbook
    drawn: list[str] = field(default_factory=list)
    edits: dict[str, SheetEdits] = field(default_factory=dict)
    print_titles: dict[str, str] = field(default_factory=dict)  # streamed sheet -> ref
    print_areas: dict[str, str] = field(default_factory=dict)  # streamed sheet -> ref
    mark: str | None = None  # the kind the workbook's marker must say (book/marker.py)


class Splice:
    """One save: the original package, the scratch one, and the output's parts."""

    def __init__(self, original: zipfile.ZipFile, plan: Plan) -> None:
        self.o = original
        self.plan = plan
        self.s = zipfile.ZipFile(io.BytesIO(plan.scratch)) if plan.scratch else None
        self.parts: dict[str, bytes] = {}  # replaced or added, by name
        self.removed: set[str] = set()
        self.types: dict[str, str] = {}  # new part -> content type
        self.new_sheets: dict[str, str] = {}  # a sheet the scratch workbook made -> part
        self.style_map: dict[int, int] = {}  # openpyxl's repeated cell format -> the first
        self.o_sheets = sheets(original)
        self.workbook = etree.fromstring(original.read(WORKBOOK))
        self.wb_rels = etree.fromstring(original.read(WORKBOOK_RELS))

    def used(self) -> set[str]:
        return (set(self.o.namelist()) - self.removed) | set(self.parts)

    def fresh_name(self, wanted: str) -> str:
        used = self.used()
        if wanted not in used:
            return wanted
        folder, name = posixpath.split(wanted)
        stem, ext = posixpath.splitext(name)
        stem = stem.rstrip("0123456789")
        n = 1
        while posixpath.join(folder, f"{stem}{n}{ext}") in used:
            n += 1
        return posixpath.join(folder, f"{stem}{n}{ext}")

    # -- the sheets drawn by openpyxl

    def shared_strings(self) -> list[bytes]:
        assert self.s is not None
        name = next((n for n in self.s.namelist() if n.endswith("sharedStrings.xml")), None)
        if name is None:
            return []
        return [m.group(1) or b"" for m in _SI.finditer(self.s.read(name))]

    def inline(self, xml: bytes, strings: list[bytes]) -> bytes:
        def one(m: re.Match[bytes]) -> bytes:
            text = strings[int(m.group(3))]
            return (
                b"<c" + m.group(1) + b' t="inlineStr"' + m.group(2) + b"><is>" + text + b"</is></c>"
            )

        return _SHARED_CELL.sub(one, xml)

    def take_drawn(self) -> None:
        assert self.s is not None
        s_sheets = dict(sheets(self.s))
        strings = self.shared_strings()
        s_types = self.s.read(CONTENT_TYPES)
        o_parts = dict(self.o_sheets)
        for name in self.plan.drawn:
            s_part = s_sheets[name]
            target = o_parts.get(name)
            if target is not None:
                for old in [target, *closure(self.o, target)]:
                    if old != target:
                        self.removed.add(old)
                    self.removed.add(rels_part(old))
            else:
                target = self.fresh_name("xl/worksheets/sheet1.xml")
                self.types[target] = WORKSHEET_TYPE
                self.new_sheets[name] = target
            self.parts[target] = restyle(self.inline(self.s.read(s_part), strings), self.style_map)
            self._take_related(s_part, target, s_types)

    def _take_related(self, s_part: str, target: str, s_types: bytes) -> None:
        """The scratch parts a drawn sheet points at, renamed to free names."""
        from .ooxml import content_type

        assert self.s is not None
        renamed: dict[str, str] = {s_part: target}
        for p in closure(self.s, s_part):
            renamed[p] = self.fresh_name(p)
            self.parts[renamed[p]] = self.s.read(p)
            kind = content_type(s_types, p)
            if kind is not None:
                self.types[renamed[p]] = kind
        for old, new in renamed.items():
            name = rels_part(old)
            if name not in self.s.namelist():
                if rels_part(new) in self.o.namelist():
                    self.removed.add(rels_part(new))
                continue
            root = etree.fromstring(self.s.read(name))
            for r in root:
                if r.get("TargetMode") == "External":
                    continue
                ref = r.get("Target", "")
                part = (
                    ref.lstrip("/")
                    if ref.startswith("/")
                    else posixpath.normpath(posixpath.join(posixpath.dirname(old), ref))
                )
                if part in renamed:
                    r.set("Target", "/" + renamed[part])
            self.parts[rels_part(new)] = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
        self._renumber_tables([renamed[p] for p in renamed if "/tables/" in p])

    def _renumber_tables(self, new_tables: list[str]) -> None:
        taken: set[int] = set()
        for name in self.used() - set(new_tables):
            if name.startswith("xl/tables/") and name.endswith(".xml"):
                data = self.parts.get(name) or self.o.read(name)
                m = re.search(rb'<table\b[^>]*?\sid="(\d+)"', data)
                if m:
                    taken.add(int(m.group(1)))
        for name in new_tables:
            root = etree.fromstring(self.parts[name])
            if int(root.get("id", "0")) in taken:
                root.set("id", str(max(taken) + 1))
                self.parts[name] = etree.tostring(
                    root, xml_declaration=True, encoding="UTF-8", standalone=True
                )
            taken.add(int(root.get("id", "0")))

    # -- workbook.xml: new sheets, print names, recalculation

    def _child(self, tag: str, after: tuple[str, ...]) -> etree._Element:
        """workbook.xml's child `tag`, made after the last of `after` it holds."""
        found = self.workbook.find(f"{{{MAIN}}}{tag}")
        if found is not None:
            return found
        element = etree.Element(f"{{{MAIN}}}{tag}")
        index = 0
        for i, child in enumerate(self.workbook):
            if etree.QName(child).localname in after:
                index = i + 1
        self.workbook.insert(index, element)
        return element

    def add_new_sheets(self) -> None:
        """Sheets the scratch workbook made: an entry, a relationship, in its tab order."""
        assert self.s is not None
        known = {n for n, _ in self.o_sheets}
        box = self.workbook.find(f"{{{MAIN}}}sheets")
        assert box is not None
        names = [n for n, _ in sheets(self.s)]
        if names[: len(self.o_sheets)] != [n for n, _ in self.o_sheets]:
            raise ValueError("the scratch workbook's sheets are not the original's")
        ids = [int(s.get("sheetId", "0")) for s in box]
        rids = {r.get("Id") for r in self.wb_rels}
        for name in names[len(self.o_sheets) :]:
            if name in known or name not in self.plan.drawn:
                continue
            target = self.new_sheets[name]
            rid = next(f"rId{n}" for n in range(1, len(rids) + 2) if f"rId{n}" not in rids)
            rids.add(rid)
            rel = etree.SubElement(self.wb_rels, f"{{{REL_NS}}}Relationship")
            rel.set("Id", rid)
            rel.set("Type", WORKSHEET_REL)
            rel.set("Target", "/" + target)
            entry = etree.SubElement(box, f"{{{MAIN}}}sheet")
            entry.set("name", name)
            entry.set("sheetId", str(max(ids, default=0) + 1))
            ids.append(max(ids, default=0) + 1)
            entry.set(f"{{{DOC_REL}}}id", rid)

    def set_print_names(self) -> None:
        """The drawn sheets' built-in names (print area, titles) as openpyxl drew them; a
        streamed sheet's print titles as its look gives them."""
        order = [n for n, _ in sheets(self.s)] if self.s else [n for n, _ in self.o_sheets]
        box = self._child("definedNames", ("sheets", "functionGroups", "externalReferences"))
        scratch_names = []
        if self.s is not None:
            s_wb = etree.fromstring(self.s.read(WORKBOOK))
            scratch_names = list(s_wb.iter(f"{{{MAIN}}}definedName"))
        # a streamed sheet's names first, the drawn sheets' after them: the drawn ones are
        # put back at the end on every save, so the order is the same from one save to the next
        for kind, refs in (
            ("_xlnm.Print_Titles", self.plan.print_titles),
            ("_xlnm.Print_Area", self.plan.print_areas),
        ):
            for name, ref in refs.items():
                index = str(order.index(name))
                old = [d for d in box if d.get("localSheetId") == index and d.get("name") == kind]
                if old and old[0].text == ref:
                    continue
                for d in old:
                    box.remove(d)
                d = etree.SubElement(box, f"{{{MAIN}}}definedName")
                d.set("name", kind)
                d.set("localSheetId", index)
                d.text = ref
        for name in self.plan.drawn:
            index = str(order.index(name))
            for d in list(box):
                if d.get("localSheetId") == index and d.get("name", "").startswith("_xlnm."):
                    box.remove(d)
            for d in scratch_names:
                if d.get("localSheetId") == index and d.get("name", "").startswith("_xlnm."):
                    box.append(etree.fromstring(etree.tostring(d)))
        if not len(box):
            self.workbook.remove(box)

    def recalculate_on_open(self) -> None:
        calc = self._child(
            "calcPr", ("sheets", "functionGroups", "externalReferences", "definedNames")
        )
        calc.set("fullCalcOnLoad", "1")

    def drop_calc_chain(self) -> None:
        """calcChain lists formula cells; one we rewrote may no longer hold a formula, and
        Excel repairs a workbook whose chain is wrong. Without it, Excel rebuilds it."""
        for r in list(self.wb_rels):
            if r.get("Type") == CALC_CHAIN_REL:
                target = r.get("Target", "")
                part = target.lstrip("/") if target.startswith("/") else "xl/" + target
                self.removed.add(part)
                self.wb_rels.remove(r)

    # -- the sheets edited in place

    def take_edits(self, styles: StyleTable) -> None:
        o_parts = dict(self.o_sheets)
        for name, edits in self.plan.edits.items():
            part = o_parts[name]
            xml = apply_look(edit_cells(self.o.read(part), edits, styles), edits)
            if xml != self.o.read(part):
                self.parts[part] = xml
            self._resize_tables(part, edits)

    def _resize_tables(self, part: str, edits: SheetEdits) -> None:
        if not edits.tables:
            return
        for _, kind, table in rels(self.o, part):
            if not kind.endswith("/table"):
                continue
            xml = self.o.read(table)
            name = re.search(rb'\bname="([^"]*)"', xml)
            key = name.group(1).decode() if name else ""
            if key not in edits.tables:
                continue
            last_row, last_col, headers = edits.tables[key]
            new = resize_table_xml(xml, last_row, last_col, headers)
            if new != xml:
                self.parts[table] = new

    # -- the package's index

    def content_types(self) -> bytes:
        root = etree.fromstring(self.o.read(CONTENT_TYPES))
        for o in list(root):
            part = (o.get("PartName") or "").lstrip("/")
            if o.get("PartName") and part in self.removed and part not in self.parts:
                root.remove(o)
        have = {(o.get("PartName") or "").lstrip("/") for o in root}
        extensions = {(d.get("Extension") or "").lower() for d in root}
        for part, kind in sorted(self.types.items()):
            ext = part.rsplit(".", 1)[-1].lower()
            if ext in ("png", "jpeg", "jpg", "gif", "vml", "emf", "wmf"):
                if ext not in extensions:
                    d = etree.Element(f"{{{CT_NS}}}Default")
                    d.set("Extension", ext)
                    d.set("ContentType", kind)
                    root.insert(0, d)
                    extensions.add(ext)
                continue
            if part not in have:
                o = etree.SubElement(root, f"{{{CT_NS}}}Override")
                o.set("PartName", "/" + part)
                o.set("ContentType", kind)
        return _bytes(root)

    def run(self) -> dict[str, bytes]:
        """Every replaced or added part (None-free), after which `removed` parts go."""
        base_styles = self.o.read(STYLES) if STYLES in self.o.namelist() else None
        if self.s is not None and self.plan.drawn:
            original = self.o.read(STYLES) if STYLES in self.o.namelist() else None
            scratch, self.style_map, grew = dedupe_styles(self.s.read(STYLES), original)
            # no format the original lacks: its styles.xml as it is (openpyxl also appends
            # fonts and borders no cell uses)
            base_styles = scratch if grew or original is None else original
            self.take_drawn()
            self.add_new_sheets()
        if base_styles is not None:
            styles = StyleTable(base_styles)
            self.take_edits(styles)
            new_styles = styles.to_bytes()
            if not same_xml(new_styles, self.o.read(STYLES)):
                self.parts[STYLES] = new_styles
        changed = any(p.startswith("xl/worksheets/") for p in self.parts)
        if self.plan.drawn or self.plan.print_titles or self.plan.print_areas:
            self.set_print_names()
        if changed or self.plan.drawn:
            self.recalculate_on_open()
            self.drop_calc_chain()
        new_workbook = _bytes(self.workbook)
        if new_workbook != _bytes(etree.fromstring(self.o.read(WORKBOOK))):
            self.parts[WORKBOOK] = new_workbook
            self.parts[WORKBOOK_RELS] = _bytes(self.wb_rels)
        if self.plan.mark is not None:
            self.set_marker(self.plan.mark)
        self.parts[CONTENT_TYPES] = self.content_types()
        return self.parts

    def set_marker(self, kind: str) -> None:
        """docProps/custom.xml's tthc-xl property set to `kind` (the part made if missing);
        left byte for byte when it already says so."""
        from .marker import MARKER

        names = self.o.namelist()
        root_rels = etree.fromstring(self.o.read(ROOT_RELS))
        target = next(
            (r.get("Target", "").lstrip("/") for r in root_rels if r.get("Type") == CUSTOM_REL),
            None,
        )
        if target is not None and target in names:
            root = etree.fromstring(self.o.read(target))
        else:
            target = CUSTOM_PART
            root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
            rel = etree.SubElement(root_rels, f"{{{REL_NS}}}Relationship")
            used = {r.get("Id") for r in root_rels}
            rel.set("Id", next(f"rId{n}" for n in range(1, len(used) + 2) if f"rId{n}" not in used))
            rel.set("Type", CUSTOM_REL)
            rel.set("Target", CUSTOM_PART)
            self.parts[ROOT_RELS] = _bytes(root_rels)
            self.types[CUSTOM_PART] = CUSTOM_TYPE
        props = [p for p in root if p.get("name") == MARKER]
        if props and props[0].findtext(f"{{{VT_NS}}}lpwstr") == kind:
            return
        for p in props:
            root.remove(p)
        pids = [int(p.get("pid", "1")) for p in root]
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property")
        prop.set("fmtid", "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}")
        prop.set("pid", str(max(pids, default=1) + 1))
        prop.set("name", MARKER)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = kind
        self.parts[target] = _bytes(root)


def same_xml(a: bytes, b: bytes) -> bool:
    """The same document, whatever its declaration and serialisation."""
    if a == b:
        return True
    return etree.tostring(etree.fromstring(a), method="c14n") == etree.tostring(
        etree.fromstring(b), method="c14n"
    )


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_package(original: Path, out: Path, plan: Plan) -> None:
    """The original package with the plan's parts spliced in, written to `out`."""
    with zipfile.ZipFile(original) as src:
        splice = Splice(src, plan)
        parts = splice.run()
        gone = splice.removed - set(parts)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            written = set()
            for info in src.infolist():
                name = info.filename
                if name in gone:
                    continue
                if name in parts:
                    info.compress_type = zipfile.ZIP_DEFLATED
                    dst.writestr(info, parts[name])
                elif not copy_raw(src, dst, info):
                    dst.writestr(info, src.read(name))
                written.add(name)
            for name in sorted(set(parts) - written):
                dst.writestr(name, parts[name])


_LOCAL_HEADER_SIZE = 30  # a zip local file header before its name and extra field


def copy_raw(src: zipfile.ZipFile, dst: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Copy one member's compressed bytes as they are (no inflate, no deflate: the
    register's part is most of the file). False when the member is not a plain one (then
    the caller copies it the slow way); zipfile has no public call for this."""
    if info.flag_bits & 0x01 or info.file_size >= zipfile.ZIP64_LIMIT:  # encrypted, zip64
        return False
    if info.compress_size >= zipfile.ZIP64_LIMIT or src.fp is None or dst.fp is None:
        return False
    try:
        src.fp.seek(info.header_offset)
        header = src.fp.read(_LOCAL_HEADER_SIZE)
        if header[:4] != b"PK\x03\x04":
            return False
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        src.fp.seek(info.header_offset + _LOCAL_HEADER_SIZE + name_length + extra_length)
        raw = src.fp.read(info.compress_size)
    except (OSError, struct.error):
        return False
    if len(raw) != info.compress_size:
        return False
    copied = copy.copy(info)
    copied.flag_bits &= ~0x08  # sizes and CRC in the header, no data descriptor after
    copied.extra = b""
    copied.header_offset = dst.fp.tell()
    dst.fp.write(copied.FileHeader(False))
    dst.fp.write(raw)
    dst.filelist.append(copied)
    dst.NameToInfo[copied.filename] = copied
    dst.start_dir = dst.fp.tell()
    dst._didModify = True  # type: ignore[attr-defined]
    return True


_STYLE_ATTR = re.compile(rb'(<(?:c|row)\b[^>]*?\ss=")(\d+)(")|(<col\b[^>]*?\sstyle=")(\d+)(")')


def dedupe_styles(scratch: bytes, original: bytes | None) -> tuple[bytes, dict[int, int], bool]:
    """openpyxl's styles.xml without the cell formats it appended again (it does not see
    that a format it loaded equals one it makes, so each save would add the same few):
    the styles, the map from a dropped or moved index to the one kept, and whether any
    format is new. The original's formats keep their indices; only appended ones move."""
    root = etree.fromstring(scratch)
    xfs = root.find(f"{{{MAIN}}}cellXfs")
    if xfs is None:
        return scratch, {}, True
    kept = 0
    if original is not None:
        o_xfs = etree.fromstring(original).find(f"{{{MAIN}}}cellXfs")
        kept = len(o_xfs) if o_xfs is not None else 0
    first: dict[bytes, int] = {}
    mapping: dict[int, int] = {}
    items = list(xfs)
    next_index = kept
    for i, xf in enumerate(items):
        key = etree.tostring(xf, method="c14n")
        if i < kept:
            first.setdefault(key, i)
            continue
        if key in first:
            mapping[i] = first[key]
            xfs.remove(xf)
            continue
        first[key] = next_index
        if next_index != i:
            mapping[i] = next_index
        next_index += 1
    grew = next_index > kept
    if not mapping:
        return scratch, {}, grew
    xfs.set("count", str(len(xfs)))
    return _bytes(root), mapping, grew


def restyle(xml: bytes, mapping: dict[int, int]) -> bytes:
    """A sheet part's style indices through `mapping`."""
    if not mapping:
        return xml

    def one(m: re.Match[bytes]) -> bytes:
        if m.group(1) is not None:
            head, index, tail = m.group(1), m.group(2), m.group(3)
        else:
            head, index, tail = m.group(4), m.group(5), m.group(6)
        new = mapping.get(int(index), int(index))
        return head + str(new).encode() + tail

    return _STYLE_ATTR.sub(one, xml)

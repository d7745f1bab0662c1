"""Building workbook/TTHC_Q.xlsm from the text kept in git (`tthc-xl build-workbook`).

The order of the steps matters, because each tool keeps what the earlier ones wrote:

1. copy xlwings' own ``quickstart_standalone.xlsm``: its ``xlwings`` VBA module is the
   one that belongs to the pinned xlwings package, so the workbook needs no add-in;
2. openpyxl (``keep_vba=True``) lays out the sheets, each by its module of tthc_xl/sheets,
   in the registry's order (HoSo and xlwings.conf take over the template's own sheets);
3. pyOpenVBA removes the sample ``Module1``, adds ``workbook/vba/*.bas`` (if any), the
   ribbon callbacks generated from ``RIBBON_ACTIONS`` and the generated UDF modules, and
   sets ThisWorkbook from ``workbook/vba/ThisWorkbook.cls``;
4. last, the ribbon part ``customUI/customUI14.xml`` and its relationship go in (an
   openpyxl save would drop the relationship), with fixed zip timestamps and document
   dates, so that a rebuild gives the same parts and the committed file can be checked.
   (openpyxl serialises through lxml when that is installed: same XML, other bytes, so
   the committed file is compared with a fresh build as canonical XML.)

The result is checked (pyOpenVBA's package check, every module read back with oletools)
before it replaces the target, atomically.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shutil
import tempfile
import warnings
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tthc_xl import sheets as registry
from tthc_xl.book.atomic import write_bytes
from tthc_xl.book.layout import XLWINGS_UDF_MODULES
from tthc_xl.book.marker import Kind, mark
from tthc_xl.book.ooxml import RIBBON_PART, content_type, with_ribbon_rel
from tthc_xl.excel import vba
from tthc_xl.sheets import Shipped

SOURCES = Path(__file__).resolve().parents[2] / "workbook"
# The copy the wheel carries for `tthc-xl new`; kept equal to workbook/TTHC_Q.xlsm.
PACKAGE_COPY = Path(__file__).resolve().parents[1] / "data" / "TTHC_Q.xlsm"
DEFAULT_OUT = Path("workbook") / "TTHC_Q.xlsm"
TEMPLATE_NAME = "quickstart_standalone.xlsm"
TEMPLATE_SAMPLE_MODULES = ("Module1",)
THIS_WORKBOOK = "ThisWorkbook"
# One moment for every date inside the file, so a rebuild is identical part by part.
BUILD_MOMENT = dt.datetime(2026, 1, 1, 0, 0, 0)
MACRO_MAIN_CT = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
RIBBON_NS = "http://schemas.microsoft.com/office/2009/07/customui"
CORE_PART = "docProps/core.xml"


class BuildError(Exception):
    """The workbook could not be built; the message is for the user, in Vietnamese."""


@dataclass(frozen=True)
class BuildResult:
    path: Path
    sheets: tuple[str, ...]
    modules: tuple[str, ...]  # the VBA modules we own, as stored


# ------------------------------------------------------------------ sources


def template_path() -> Path:
    """xlwings' bundled standalone workbook, from the installed (pinned) package."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise BuildError("Chưa cài gói xlwings.")
    path = Path(spec.origin).parent / TEMPLATE_NAME
    if not path.is_file():
        raise BuildError(f"Gói xlwings đã cài không có tệp mẫu {TEMPLATE_NAME}.")
    return path


@dataclass(frozen=True)
class Sources:
    """Everything the build takes from text: VBA modules as stored, and the ribbon."""

    standard: dict[str, str]  # module name -> stored source (ours and generated)
    this_workbook: str
    ribbon: bytes

    @property
    def modules(self) -> dict[str, str]:
        return {**self.standard, THIS_WORKBOOK: self.this_workbook}


def read_sources(folder: Path = SOURCES) -> Sources:
    """The .bas modules, ThisWorkbook.cls, customUI14.xml, plus the generated modules: the
    ribbon callbacks (from RIBBON_ACTIONS) and the UDF declarations and help."""
    from tthc_xl.excel.macros import RIBBON_ACTIONS, runpython_command

    vba_dir = folder / "vba"
    ribbon_path = folder / "customUI14.xml"
    if not vba_dir.is_dir() or not ribbon_path.is_file():
        raise BuildError(
            f"Không thấy mã nguồn của sổ ở '{folder}' (cần thư mục vba/ có ThisWorkbook.cls "
            "và customUI14.xml). Hãy chạy lệnh trong bản sao mã nguồn tthc-xl."
        )
    try:
        standard = {
            path.stem: vba.standard_module(vba.read_source(path), path.stem)
            for path in sorted(vba_dir.glob("*.bas"))
        }
        this_workbook = vba.to_crlf(vba.read_source(vba_dir / f"{THIS_WORKBOOK}.cls"))
        ribbon_vba = vba.ribbon_module(
            [(callback, runpython_command(macro)) for _, callback, macro in RIBBON_ACTIONS]
        )
        generated = vba.generate_udf_modules(XLWINGS_UDF_MODULES)
    except (OSError, vba.VbaError) as exc:
        raise BuildError(f"Mã VBA không dùng được: {exc}") from exc
    for name in (vba.RIBBON_VBA_MODULE, vba.UDF_VBA_MODULE, vba.HELP_VBA_MODULE):
        if name in standard:
            raise BuildError(f"vba/{name}.bas trùng tên với mô-đun được sinh tự động.")
    standard[vba.RIBBON_VBA_MODULE] = ribbon_vba
    standard[vba.UDF_VBA_MODULE] = generated.declarations
    standard[vba.HELP_VBA_MODULE] = generated.help
    ribbon = ribbon_path.read_bytes()
    try:
        root = ET.fromstring(ribbon)
    except ET.ParseError as exc:
        raise BuildError(f"customUI14.xml không hợp lệ: {exc}") from exc
    if root.tag != f"{{{RIBBON_NS}}}customUI":
        raise BuildError("customUI14.xml phải là customUI của Office 2010 trở lên.")
    callbacks = set().union(*(vba.sub_names(source) for source in standard.values()))
    actions = {action for el in root.iter() if (action := el.get("onAction"))}
    missing = sorted(actions - callbacks)
    if missing:  # Excel would only say "cannot run the macro" when the button is clicked
        raise BuildError(
            f"customUI14.xml gọi thủ tục không có trong RIBBON_ACTIONS hay vba/*.bas: "
            f"{', '.join(missing)} (cần Public Sub Tên(control As IRibbonControl))."
        )
    buttons = {el.get("onAction"): el.get("label") for el in root.iter() if el.get("onAction")}
    for label, callback, _ in RIBBON_ACTIONS:  # one table: every action is a button
        if buttons.get(callback) != label:
            raise BuildError(
                f'customUI14.xml cần một nút label="{label}" onAction="{callback}" '
                "như trong RIBBON_ACTIONS."
            )
    return Sources(standard, this_workbook, ribbon)


# ------------------------------------------------------------------ the steps


def lay_out(src: Path, dst: Path) -> tuple[str, ...]:
    """Step 2: every sheet of the registry (tthc_xl/sheets), each drawn by its own module,
    in the registry's order; the VBA part is kept as it is."""
    import openpyxl

    from tthc_xl.book.forms import name_default_font
    from tthc_xl.excel.macros import RIBBON_ACTIONS
    from tthc_xl.report.sheet import template_page

    shipped = Shipped(
        buttons={macro: label for label, _, macro in RIBBON_ACTIONS},
        report_template=template_page(),
    )
    wb = openpyxl.load_workbook(src, keep_vba=True)
    # Arial 11 as every save names it (book/forms.py), not the template's Calibri 12: column
    # widths count its digits, and HoSo's printed pages are measured in them
    name_default_font(wb)
    sheets = registry.SHEETS
    for sheet in sheets:  # the template's sheets first: they keep their VBA document modules
        if sheet.takes_over is not None:
            ws = wb[sheet.takes_over]
            ws.title = sheet.name
            sheet.build(ws, shipped)
    for sheet in sheets:
        if sheet.takes_over is None:
            sheet.build(wb.create_sheet(sheet.name), shipped)
    order = tuple(sheet.name for sheet in sheets)
    for index, name in enumerate(order):
        wb.move_sheet(name, offset=index - wb.sheetnames.index(name))
    if tuple(wb.sheetnames) != order:
        raise BuildError(f"Thứ tự sheet không như dự kiến: {wb.sheetnames}")
    first = sheets[0].name
    wb.active = wb[first]
    for ws in wb.worksheets:  # one selected tab, or Excel opens with sheets grouped
        ws.sheet_view.tabSelected = ws.title == first
    wb.properties.creator = "tthc-xl"
    wb.properties.lastModifiedBy = "tthc-xl"
    wb.properties.title = "Sổ theo dõi hồ sơ thủ tục hành chính"
    wb.properties.created = BUILD_MOMENT
    mark(wb, Kind.REGISTER)  # every workbook `tthc-xl new` makes is a register
    wb.save(dst)
    return tuple(wb.sheetnames)


def put_vba(src: Path, dst: Path, sources: Sources) -> None:
    """Step 3: our modules in, the template's sample out; xlwings and Dictionary untouched."""
    from pyopenvba import ExcelFile

    with ExcelFile(src) as book:
        project = book.vba_project()
        for name in TEMPLATE_SAMPLE_MODULES:
            project.delete_module(name)
        for name, source in sources.standard.items():
            project.add_module(name, source)
        book.set_module(THIS_WORKBOOK, sources.this_workbook)
        book.save(dst)
    with ExcelFile(dst) as book:
        problems = book.validate()  # checks the streams: only meaningful after a save
    if problems:
        raise BuildError(f"Dự án VBA sau khi ghi không hợp lệ: {problems}")


def finish_package(src: Path, dst: Path, ribbon: bytes) -> None:
    """Step 4: the ribbon part and its root relationship; fixed timestamps everywhere."""
    stamp = BUILD_MOMENT.timetuple()[:6]
    with zipfile.ZipFile(src) as zin:
        names = zin.namelist()
        parts = {name: zin.read(name) for name in names}
    if RIBBON_PART in parts:
        raise BuildError(f"Tệp trung gian đã có {RIBBON_PART}.")
    if content_type(parts["[Content_Types].xml"], RIBBON_PART) != "application/xml":
        raise BuildError("Gói thiếu kiểu nội dung application/xml cho phần ribbon.")
    parts["_rels/.rels"] = with_ribbon_rel(parts["_rels/.rels"])
    parts[CORE_PART] = _fixed_core_dates(parts[CORE_PART])
    parts[RIBBON_PART] = ribbon
    order = ["[Content_Types].xml"] + [n for n in names if n != "[Content_Types].xml"]
    with zipfile.ZipFile(dst, "w") as zout:
        for name in [*order, RIBBON_PART]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zout.writestr(info, parts[name])


_CORE_DATE = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def _fixed_core_dates(core_xml: bytes) -> bytes:
    """Created/modified as BUILD_MOMENT (openpyxl writes the time of the save)."""
    stamp = BUILD_MOMENT.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    fixed, count = _CORE_DATE.subn(lambda m: m.group(1) + stamp + m.group(3), core_xml)
    if count != 2:
        raise BuildError("docProps/core.xml không có đủ ngày tạo và ngày sửa.")
    return fixed


# ------------------------------------------------------------------ checks


def read_back_modules(path: Path) -> dict[str, str]:
    """Every VBA module's stored source, as oletools decodes it (an independent reader)."""
    with warnings.catch_warnings():  # oletools 0.60 uses pyparsing's deprecated names
        warnings.simplefilter("ignore", DeprecationWarning)
        from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(path))
    try:
        modules = {}
        for _, _, filename, code in parser.extract_macros():
            if isinstance(code, bytes):
                code = code.decode("cp1252")
            modules[filename.rsplit(".", 1)[0]] = code
        return modules
    finally:
        parser.close()


def check_built(path: Path, modules: Mapping[str, str]) -> None:
    """The package is sound and every module we own reads back exactly as written."""
    from pyopenvba import check_file

    report = check_file(path)
    if not report.ok:
        raise BuildError(f"Tệp vừa dựng không hợp lệ: {[i.message for i in report.issues]}")
    with zipfile.ZipFile(path) as z:
        types_xml = z.read("[Content_Types].xml")
    if content_type(types_xml, "xl/workbook.xml") != MACRO_MAIN_CT:
        raise BuildError("Tệp vừa dựng không phải sổ có macro (.xlsm).")
    stored = read_back_modules(path)
    for name in TEMPLATE_SAMPLE_MODULES:
        if name in stored:
            raise BuildError(f"Mô-đun mẫu {name} vẫn còn trong tệp.")
    for name, source in modules.items():
        if stored.get(name) != source:
            raise BuildError(f"Mô-đun VBA {name} đọc lại không khớp với mã nguồn.")


# ------------------------------------------------------------------ the command


def build_workbook(out: Path = DEFAULT_OUT, sources_dir: Path = SOURCES) -> BuildResult:
    """Build the workbook into `out`, replacing it only once the new file has passed."""
    out = Path(out)
    if out.suffix.lower() != ".xlsm":
        raise BuildError(f"Tệp đích phải có đuôi .xlsm (sổ có macro), không phải '{out.name}'.")
    sources = read_sources(sources_dir)
    with tempfile.TemporaryDirectory(prefix="tthc_build_") as tmp:
        work = Path(tmp)
        shutil.copyfile(template_path(), work / "0_template.xlsm")
        sheets = lay_out(work / "0_template.xlsm", work / "1_layout.xlsm")
        put_vba(work / "1_layout.xlsm", work / "2_vba.xlsm", sources)
        finish_package(work / "2_vba.xlsm", work / "3_final.xlsm", sources.ribbon)
        check_built(work / "3_final.xlsm", sources.modules)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            _replace(work / "3_final.xlsm", out)
            if out.resolve() == (SOURCES / "TTHC_Q.xlsm").resolve():
                _replace(work / "3_final.xlsm", PACKAGE_COPY)
        except OSError as exc:
            raise BuildError(
                f"Không ghi được '{out}': {exc}. Nếu sổ đang mở trong Excel, hãy đóng lại."
            ) from exc
    return BuildResult(out, sheets, tuple(sources.modules))


def _replace(built: Path, out: Path) -> None:
    """Copy next to the target, then rename over it: a reader never sees half a file."""
    write_bytes(out, built.read_bytes())

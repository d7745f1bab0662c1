"""The built TTHC_Q.xlsm as a file: package, VBA project, sheets, LibreOffice, and the
committed copy in workbook/.

The workbook is built once per session by the real build; every check reads the file
with an independent reader (zipfile, olefile, oletools, openpyxl, python-calamine,
LibreOffice), never with the build's own objects.
"""

import io
import json
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
import warnings
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import olefile
import openpyxl
import pytest
import xlwings
from helpers import office

from tthc_xl.book.names import AUDIT_HEADERS, IMPORT_ERROR_HEADERS
from tthc_xl.book.reader import read_workbook
from tthc_xl.excel.build import build_workbook
from tthc_xl.excel.macros import RIBBON_ACTIONS
from tthc_xl.excel.vba import generate_udf_modules
from tthc_xl.rules.catalog import Catalog
from tthc_xl.rules.columns import CODE, DATE, ID
from tthc_xl.rules.engine import Engine
from tthc_xl.rules.register import COLUMNS
from tthc_xl.rules.settings import Settings
from tthc_xl.rules.workcalendar import default_overrides
from tthc_xl.sheets.kpi import KPI_FIRST_ROW, KPI_ITEMS, KPI_PERIOD_CELL

with warnings.catch_warnings():  # oletools 0.60 uses pyparsing's deprecated names
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "workbook"
COMMITTED = SOURCES / "TTHC_Q.xlsm"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CUSTOMUI = "{http://schemas.microsoft.com/office/2009/07/customui}"
LIB = "{http://openoffice.org/2000/library}"
SCRIPT = "{http://openoffice.org/2000/script}"
RIBBON_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
OUR_MODULES = {"TTHC_Ribbon", "xlwings_udfs", "TTHC_UdfHelp", "ThisWorkbook"}
TEMPLATE_MODULES = {"xlwings", "Dictionary", "Sheet1", "Sheet2"}


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    return build_workbook(tmp_path_factory.mktemp("build") / "TTHC_Q.xlsm").path


@pytest.fixture(scope="session")
def parts(built) -> dict[str, bytes]:
    with zipfile.ZipFile(built) as z:
        assert z.testzip() is None
        return {name: z.read(name) for name in z.namelist()}


@pytest.fixture(scope="session")
def modules(built) -> dict[str, str]:
    parser = VBA_Parser(str(built))
    try:
        return {
            filename.rsplit(".", 1)[0]: code for _, _, filename, code in parser.extract_macros()
        }
    finally:
        parser.close()


def source_text(path: Path) -> str:
    with open(path, encoding="ascii", newline="") as f:  # keep the CRLF line endings
        return f.read()


# ------------------------------------------------------------------ the package


def test_valid_ooxml_with_macro_enabled_content_type(parts):
    types = ET.fromstring(parts["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{CT}Default")}
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    assert defaults["bin"] == "application/vnd.ms-office.vbaProject"
    rels = ET.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Type"): r.get("Target") for r in rels.iter(f"{REL}Relationship")}
    assert targets[VBA_REL] == "vbaProject.bin"
    vba = parts["xl/vbaProject.bin"]
    assert vba[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    assert olefile.isOleFile(io.BytesIO(vba))
    with olefile.OleFileIO(io.BytesIO(vba)) as ole:
        streams = {"/".join(s) for s in ole.listdir()}
    assert {"VBA/dir", "PROJECT", "VBA/TTHC_Ribbon", "VBA/xlwings_udfs"} <= streams
    assert "VBA/Module1" not in streams


def test_every_module_reads_back_as_its_source(modules):
    assert set(modules) == OUR_MODULES | TEMPLATE_MODULES
    for path in (SOURCES / "vba").glob("*.bas"):
        assert modules[path.stem] == source_text(path), path.name
    assert modules["ThisWorkbook"] == source_text(SOURCES / "vba" / "ThisWorkbook.cls")
    generated = generate_udf_modules()
    assert modules["xlwings_udfs"] == generated.declarations
    assert modules["TTHC_UdfHelp"] == generated.help


def test_xlwings_module_is_the_pinned_version(modules):
    version = xlwings.__version__
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert f"xlwings=={version}" in pyproject["project"]["dependencies"]
    code = modules["xlwings"]
    assert re.search(r"^'Version: (.+)$", code, re.M).group(1).strip() == version
    assert f'XLWINGS_VERSION As String = "{version}"' in code
    assert f'"xlwings64-{version}.dll"' in code
    # and it is the module of the installed package, line endings aside
    package_bas = (Path(xlwings.__file__).parent / "xlwings.bas").read_text(encoding="cp1252")

    def body(text):
        lines = text.replace("\r\n", "\n").split("\n")
        return "\n".join(line for line in lines if not line.startswith("Attribute VB_")).strip()

    assert body(code) == body(package_bas)


def test_ribbon_part_is_attached_and_every_action_has_its_sub(parts, modules):
    rels = ET.fromstring(parts["_rels/.rels"])
    ribbon = [
        r.get("Target") for r in rels.iter(f"{REL}Relationship") if r.get("Type") == RIBBON_REL
    ]
    assert ribbon == ["customUI/customUI14.xml"]
    assert parts["customUI/customUI14.xml"] == (SOURCES / "customUI14.xml").read_bytes()
    root = ET.fromstring(parts["customUI/customUI14.xml"])
    actions = {el.get("onAction") for el in root.iter() if el.get("onAction")}
    assert len(actions) == len(RIBBON_ACTIONS)
    code = "\n".join(modules.values())
    for action in actions:
        assert re.search(rf"^Public Sub {action}\(control As IRibbonControl\)\r?$", code, re.M), (
            action
        )


# What each ribbon callback of the built workbook runs, written out by hand: workbooks
# already in the field call these exact strings.
FIELD_COMMANDS = {
    "TTHC_Import": "import tthc_xl.macros as m; m.import_files()",
    "TTHC_Refresh": "import tthc_xl.macros as m; m.refresh()",
    "TTHC_Report": "import tthc_xl.macros as m; m.build_report()",
    "TTHC_ExportDocument": "import tthc_xl.macros as m; m.export_document()",
    "TTHC_EmailCopy": "import tthc_xl.macros as m; m.email_copy()",
    "TTHC_Settings": "import tthc_xl.macros as m; m.open_settings()",
    "TTHC_Help": "import tthc_xl.macros as m; m.show_help()",
    "TTHC_Doctor": "import tthc_xl.macros as m; m.check_install()",
}


def test_ribbon_callbacks_read_back_run_the_field_commands(modules):
    sub = re.compile(
        r"^Public Sub (\w+)\(control As IRibbonControl\)\r?\n    TTHC_EnsureUdfHelp\r?\n"
        r'    RunPython "([^"]*)"\r?\n'
        r"End Sub\r?$",
        re.M,
    )
    found = dict(sub.findall(modules["TTHC_Ribbon"]))
    assert found == FIELD_COMMANDS
    assert set(found) == {callback for _, callback, _ in RIBBON_ACTIONS}
    assert modules["TTHC_Ribbon"].isascii()


STUBBED_METADATA = textwrap.dedent(
    """
    import json, sys, types
    for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
        sys.modules[name] = types.ModuleType(name)
    sys.modules["pythoncom"].CoInitialize = lambda: None
    sys.modules["pywintypes"].com_error = Exception
    sys.modules["win32com.client"].Dispatch = None
    import xlwings, xlwings.udfs as u
    xlwings.func, xlwings.arg, xlwings.ret = u.xlfunc, u.xlarg, u.xlret
    import tthc_xl.excel.udfs as m
    out = {}
    for name, obj in vars(m).items():
        info = getattr(obj, "__xlfunc__", None)
        if info:
            args = [a for a in info["args"] if a["name"] != "caller"]
            out[name] = [[a["name"], "optional" in a] for a in args]
    print(json.dumps(out))
    """
)


def test_embedded_udf_declarations_match_the_python_udfs(modules):
    # The decorator metadata, read in a fresh interpreter that has the Windows decorators
    done = subprocess.run(
        [sys.executable, "-c", STUBBED_METADATA], capture_output=True, text=True, check=True
    )
    python_udfs = json.loads(done.stdout)
    declared = {}
    for name, args in re.findall(r"^Function (\w+)\((.*)\)\r$", modules["xlwings_udfs"], re.M):
        params = [p.strip() for p in args.split(",") if p.strip()]
        declared[name] = [[p.removeprefix("Optional "), p.startswith("Optional ")] for p in params]
    assert declared == python_udfs
    # 13, CARRIED_OVER_COUNT, TOTAL_COUNT (KPI rows), INDEX766, KPI_KEY and KPI_VALUE
    assert len(declared) == 18
    # each declaration passes the hidden caller as Nothing, in its Python position
    for name, args in python_udfs.items():
        call_args = ", ".join([a for a, _ in args] + ["Nothing"])
        assert (
            f'XLPy.CallUDF("tthc_xl.udfs", "{name}", Array({call_args}), ThisWorkbook'
            in (modules["xlwings_udfs"])
        )


# ------------------------------------------------------------------ sheets


@pytest.fixture(scope="session")
def book(built):
    return openpyxl.load_workbook(built)


def test_sheets_in_order_with_one_tab_selected(book):
    from tthc_xl.sheets import SHEETS

    assert book.sheetnames == [s.name for s in SHEETS]  # the registry's order
    # what the clerk sees first, and what the field's workbooks hold, in that order
    assert book.sheetnames[:5] == ["KPI", "HoSo", "CanhBao", "Bieu06", "BaoCao"]
    for name in ("DoiSoat", "MauBaoCao", "DanhMuc", "NgayNghi", "CauHinh", "LoiNhap", "NhatKy"):
        assert name in book.sheetnames
    assert book.sheetnames.index("xlwings.conf") == 12 == len(book.sheetnames) - 1  # the last
    assert all(name.isascii() for name in book.sheetnames)
    assert [ws.title for ws in book.worksheets if ws.sheet_view.tabSelected] == ["KPI"]
    assert book.active.title == "KPI"


def test_xlwings_conf_names_the_udf_module(book):
    ws = book["xlwings.conf"]
    config = {}
    row = 1
    while ws.cell(row, 1).value:  # as xlwings' GetConfigFromSheet reads it
        config[str(ws.cell(row, 1).value).upper()] = ws.cell(row, 2).value
        row += 1
    assert config["UDF MODULES"] == "tthc_xl.udfs"
    # an ASCII folder: xlwings loads its DLL through an ANSI path (issue 22)
    assert config["INTERPRETER_WIN"] == "C:\\TTHC\\Python311\\pythonw.exe"
    assert config["INTERPRETER_WIN"].endswith("\\pythonw.exe")
    assert config["USE UDF SERVER"] is False
    assert "_xlwings.conf" not in book.sheetnames


def test_register_sheet_is_an_empty_table_with_formats_and_validation(book):
    ws = book["HoSo"]
    headers = [c.header for c in COLUMNS]
    assert [c.value for c in ws[1]] == headers
    assert ws.sheet_properties.codeName == "Sheet1"  # the template's document module
    table = ws.tables["HoSo"]
    assert table.ref.startswith("A1:")
    assert [c.name for c in table.tableColumns] == headers
    assert all(ws.cell(2, c).value is None for c in range(1, len(headers) + 1))
    validated = {}
    for dv in ws.data_validations.dataValidation:
        first = str(dv.sqref).split()[0].split(":")[0]
        column = openpyxl.utils.cell.coordinate_from_string(first)[0]
        header = ws[f"{column}1"].value
        validated[header] = dv.formula1
        assert dv.type == "list" and dv.showErrorMessage
    assert "Trực tuyến" in validated["Kênh nộp"]
    assert "Trạng thái" in validated
    for i, column in enumerate(COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(i)
        if column.type is DATE:  # typed dates show as dates, in the first row and below
            assert "dd/mm/yyyy" in ws.cell(2, i).number_format, column.header
            assert "dd/mm/yyyy" in ws.column_dimensions[letter].number_format, column.header
        if column.type in (ID, CODE):  # codes keep their leading zeros
            assert ws.cell(2, i).number_format == "@", column.header


def test_kpi_dashboard_formulas_call_the_declared_udfs(book, modules):
    ws = book["KPI"]
    assert ws[KPI_PERIOD_CELL].value == "2026-Q1"
    assert ws[KPI_PERIOD_CELL].offset(column=-1).value == "Kỳ báo cáo"
    period_ref = "$" + "$".join(re.fullmatch(r"([A-Z]+)(\d+)", KPI_PERIOD_CELL).groups())
    declared = set(re.findall(r"^Function (\w+)\(", modules["xlwings_udfs"], re.M))
    rows = list(ws.iter_rows(min_row=KPI_FIRST_ROW, max_row=KPI_FIRST_ROW + len(KPI_ITEMS) - 1))
    assert len(rows) == len(KPI_ITEMS)
    for row in rows:
        label, live, last, target = (c.value for c in row[:4])
        assert label
        called = set(re.findall(r"([A-Z][A-Z0-9_]*)\(", live))
        # Excel's own TRUNC cuts as the report style does; IFERROR falls back to column C
        # only while the period cell holds the period column C was computed for
        # (rates and points shown as text with a decimal comma: FIXED, SUBSTITUTE)
        fallback = f',IF({period_ref}=$E$3,C{row[0].row},"—"))'
        assert live.startswith("=IFERROR(") and "TRUNC(KPI_VALUE(" in live, live
        assert live.endswith(fallback), live
        own = called - {"IFERROR", "TRUNC", "IF", "FIXED", "SUBSTITUTE"}
        assert own == {"KPI_VALUE"} and own <= declared, live
        assert "HoSo[#All]" not in live  # the register goes to Python once, in E4
        assert last is None
    assert ws["E4"].value == f"=KPI_KEY(HoSo[#All],{period_ref})" and "KPI_KEY" in declared
    targets = {row[0].value.strip(): row[3].value for row in rows if row[3].value}
    assert set(targets) == {"Tỷ lệ tiếp nhận trực tuyến", "Tỷ lệ giải quyết trước hạn"}
    settings = book["CauHinh"]
    for formula in targets.values():
        (ref,) = set(re.findall(r"CauHinh!\$([A-Z]+)\$(\d+)", formula))
        assert settings["".join(ref)].value in (0.95, 0.9)


def test_placeholder_and_log_sheets(book):
    labels = {label for label, _, _ in RIBBON_ACTIONS}
    for name in ("CanhBao", "Bieu06", "BaoCao"):
        ws = book[name]
        assert ws["A1"].value and ws["A1"].value.isupper()
        button = re.search(r'nút "([^"]+)"', ws["A2"].value).group(1)
        assert button in labels
    template = [r for r in book["MauBaoCao"].iter_rows(min_row=4, max_col=2, values_only=True)]
    assert ("Đoạn" in {k for k, _ in template}) and any(
        "{tong_tiep_nhan}" in (t or "") for _, t in template
    )
    assert tuple(c.value for c in book["LoiNhap"][1]) == IMPORT_ERROR_HEADERS
    assert tuple(c.value for c in book["NhatKy"][1]) == AUDIT_HEADERS
    assert book["LoiNhap"].max_row == book["NhatKy"].max_row == 1


def test_engine_reads_the_built_workbook_with_no_dossiers(built):
    data = read_workbook(built)
    assert len(data.register) == 0
    assert data.problems == []
    assert data.catalog.procedures == Catalog.default().procedures
    assert data.overrides == default_overrides()
    assert data.settings == Settings()
    counts = Engine.from_workbook(data).evaluate("2026-Q1").counts
    assert set(counts.values()) == {0}


# ------------------------------------------------------------------ reproducible


def _parts_without_dates(path: Path) -> list[tuple[str, bytes]]:
    """Each part, docProps dates blanked and XML in canonical form: openpyxl writes the
    same document with other bytes when lxml is installed (`"/>` or `" />`)."""
    with zipfile.ZipFile(path) as z:
        out = []
        for name in z.namelist():
            data = z.read(name)
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\1", data)
            if name.endswith((".xml", ".rels")):
                data = ET.canonicalize(data).encode()
            out.append((name, data))
    return out


def test_rebuild_gives_the_same_parts(built, tmp_path):
    again = build_workbook(tmp_path / "again.xlsm").path
    assert _parts_without_dates(again) == _parts_without_dates(built)
    with zipfile.ZipFile(built) as z:
        assert {info.date_time for info in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_committed_workbook_matches_a_fresh_build(built):
    committed = dict(_parts_without_dates(COMMITTED))
    fresh = dict(_parts_without_dates(built))
    assert list(committed) == list(fresh), "run: tthc-xl build-workbook, then commit"
    stale = [name for name in fresh if committed[name] != fresh[name]]
    assert not stale, f"workbook/TTHC_Q.xlsm is stale in {stale}: run tthc-xl build-workbook"


# ------------------------------------------------------------------ LibreOffice


def test_libreoffice_converts_to_pdf(built, soffice):
    pdf = soffice(built, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    text = office.pdf_text(pdf, layout=False)
    assert "CHỈ SỐ GIẢI QUYẾT HỒ SƠ" in text
    assert "2026-Q1" in text
    assert "Tỷ lệ tiếp nhận trực tuyến" in text


def test_libreoffice_converts_to_xlsx_and_computes_the_links(built, soffice):
    xlsx = soffice(built, "xlsx")
    values = openpyxl.load_workbook(xlsx, data_only=True)
    assert values.sheetnames[:2] == ["KPI", "HoSo"]
    targets = {
        row[0].value.strip(): row[3].value
        for row in values["KPI"].iter_rows(
            min_row=KPI_FIRST_ROW, max_row=KPI_FIRST_ROW + len(KPI_ITEMS) - 1
        )
        if row[3].value is not None
    }
    # as text with a decimal comma, whatever LibreOffice's locale (English here)
    assert targets == {
        "Tỷ lệ tiếp nhận trực tuyến": "95,00%",
        "Tỷ lệ giải quyết trước hạn": "90,00%",
    }


def test_libreoffice_imports_our_vba_modules(built, soffice):
    ods = soffice(built, "ods")
    with zipfile.ZipFile(ods) as z:
        library = ET.fromstring(z.read("Basic/VBAProject/script-lb.xml"))
        names = {el.get(f"{LIB}name") for el in library.iter(f"{LIB}element")}
        ribbon = ET.fromstring(z.read("Basic/VBAProject/TTHC_Ribbon.xml"))
    assert names == OUR_MODULES | TEMPLATE_MODULES
    assert ribbon.get(f"{SCRIPT}moduleType") == "normal"
    for _, callback, _ in RIBBON_ACTIONS:
        assert f"Public Sub {callback}(control As IRibbonControl)" in ribbon.text


# ------------------------------------------------------------------ with the refresh command


def test_refresh_of_the_built_workbook_keeps_vba_ribbon_and_formulas(built, tmp_path):
    from click.testing import CliRunner

    from tthc_xl.cli import cli

    path = tmp_path / "TTHC_Q.xlsm"
    shutil.copyfile(built, path)
    result = CliRunner().invoke(cli, ["refresh", str(path)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(built) as before, zipfile.ZipFile(path) as after:
        assert after.read("xl/vbaProject.bin") == before.read("xl/vbaProject.bin")
        assert after.read("customUI/customUI14.xml") == before.read("customUI/customUI14.xml")
        rels = ET.fromstring(after.read("_rels/.rels"))
    assert [r.get("Type") for r in rels.iter(f"{REL}Relationship")].count(RIBBON_REL) == 1
    kpi = openpyxl.load_workbook(path)["KPI"]
    first = KPI_FIRST_ROW + 1  # Tiếp nhận mới trong kỳ, under Từ kỳ trước chuyển sang
    assert kpi.cell(first, 2).value.startswith(
        '=IFERROR(TRUNC(KPI_VALUE($E$4,"counts.received_new")'
    )
    assert kpi["E4"].value == "=KPI_KEY(HoSo[#All],$B$3)"  # the one transfer, kept
    assert kpi.cell(first, 3).value == 0  # the refreshed figure, beside the live formula

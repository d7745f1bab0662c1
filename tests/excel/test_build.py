"""The workbook's text sources, the VBA generator and `tthc-xl build-workbook`.

The built file itself (package, VBA read-back, LibreOffice) is checked in
test_workbook_file.py.
"""

import re
import shutil
import sys
import textwrap
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import tthc_xl.excel.macros
import tthc_xl.excel.udfs
from tthc_xl.cli import cli
from tthc_xl.excel.build import BuildError, build_workbook, read_sources
from tthc_xl.excel.macros import RIBBON_ACTIONS
from tthc_xl.excel.vba import VbaError, generate_udf_modules, ribbon_module

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "workbook"
VBA_DIR = SOURCES / "vba"
CUSTOMUI_NS = "{http://schemas.microsoft.com/office/2009/07/customui}"
CALLBACK = re.compile(
    r"^Public Sub (\w+)\(control As IRibbonControl\)\r\n(.*?)^End Sub\r\n",
    re.MULTILINE | re.DOTALL,
)
# What each ribbon callback runs, written out by hand: workbooks already in the field call
# these exact strings, so they must not follow a change of the generator.
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


def vba_files():
    return sorted(p for p in VBA_DIR.iterdir() if p.is_file())


@pytest.fixture(scope="module")
def modules() -> dict[str, str]:
    """Every VBA module the build would store (hand-written and generated)."""
    return read_sources().modules


def text(path: Path) -> str:
    return path.read_bytes().decode("ascii")


def ribbon_buttons():
    root = ET.parse(SOURCES / "customUI14.xml").getroot()
    return root, list(root.iter(f"{CUSTOMUI_NS}button"))


# ------------------------------------------------------------------ VBA sources


def test_vba_sources_are_ascii_crlf_and_named_after_their_file():
    files = vba_files()
    assert {p.name for p in files} >= {"ThisWorkbook.cls"}
    assert "TTHC_Ribbon.bas" not in {p.name for p in files}  # generated from RIBBON_ACTIONS
    for path in files:
        raw = path.read_bytes()
        raw.decode("ascii")  # raises on any non-ASCII byte
        assert b"\n" not in raw.replace(b"\r\n", b""), f"{path.name}: bare LF"
        assert raw.endswith(b"\r\n") and not raw.endswith(b"\r\n\r\n"), path.name
        assert raw.startswith(f'Attribute VB_Name = "{path.stem}"\r\n'.encode()), path.name


def test_ribbon_callbacks_run_the_fixed_command_of_each_action(modules):
    source = modules["TTHC_Ribbon"]
    source.encode("ascii")
    assert "\n" not in source.replace("\r\n", "")
    assert source.startswith('Attribute VB_Name = "TTHC_Ribbon"\r\n')
    assert source.endswith("End Sub\r\n")
    callbacks = {name: body for name, body in CALLBACK.findall(source)}
    assert set(callbacks) == {callback for _, callback, _ in RIBBON_ACTIONS} == set(FIELD_COMMANDS)
    for callback, command in FIELD_COMMANDS.items():
        # the function help once per session (no auto-run macro), then the fixed command
        assert callbacks[callback] == f'    TTHC_EnsureUdfHelp\r\n    RunPython "{command}"\r\n'
    for _, callback, macro in RIBBON_ACTIONS:
        # the command reaches a real macro of tthc_xl.excel.macros
        assert FIELD_COMMANDS[callback].endswith(f"; m.{macro}()")
        assert callable(getattr(tthc_xl.excel.macros, macro))


def test_the_ribbon_generator_refuses_what_vba_cannot_run():
    assert "Sub Go(control As IRibbonControl)" in ribbon_module([("Go", "import x")])
    with pytest.raises(VbaError, match="ASCII"):
        ribbon_module([("Go", 'import x; x.run("a")')])
    with pytest.raises(VbaError, match="ASCII"):
        ribbon_module([("Go", "import x; x.chạy()")])
    with pytest.raises(VbaError, match="Sub name"):
        ribbon_module([("Nút_Nhập", "import x")])
    with pytest.raises(VbaError, match="Sub name"):
        ribbon_module([("Stop", "import x")])
    with pytest.raises(VbaError, match="twice"):
        ribbon_module([("Go", "import x"), ("GO", "import y")])


def test_no_runpython_call_concatenates_anything(modules):
    for name, source in modules.items():
        for line in source.splitlines():
            if "RunPython" not in line or line.lstrip().startswith("'"):
                continue
            assert re.fullmatch(r'\s*RunPython "[^"&]*"', line), f"{name}: {line}"


# ------------------------------------------------------------------ ribbon XML


def test_ribbon_is_one_tth_tab_with_a_button_per_action():
    root, buttons = ribbon_buttons()
    assert (SOURCES / "customUI14.xml").read_bytes().startswith(b'<?xml version="1.0" encoding')
    assert [t.get("label") for t in root.iter(f"{CUSTOMUI_NS}tab")] == ["TTHC"]
    assert [(b.get("label"), b.get("onAction")) for b in buttons] == [
        (label, callback) for label, callback, _ in RIBBON_ACTIONS
    ]
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", i) for i in ids)
    assert all(re.fullmatch(r"[A-Za-z0-9]+", b.get("imageMso") or "") for b in buttons)


def test_every_ribbon_action_has_a_callback_sub(modules):
    _, buttons = ribbon_buttons()
    subs = set()
    for source in modules.values():
        subs |= {name for name, _ in CALLBACK.findall(source)}
    missing = {b.get("onAction") for b in buttons} - subs
    assert not missing


# ------------------------------------------------------------------ generated modules


def test_udf_declarations_come_from_xlwings_import_functions():
    modules = generate_udf_modules()
    declarations = modules.declarations
    declarations.encode("ascii")
    assert "\n" not in declarations.replace("\r\n", "")
    assert declarations.startswith(
        'Attribute VB_Name = "xlwings_udfs"\r\n'
        "'Autogenerated code by xlwings - changes will be lost with next import!\r\n"
    )
    for spec in modules.specs:
        assert f'XLPy.CallUDF("tthc_xl.udfs", "{spec.name}", ' in declarations
    assert "ONLINE_RATE" in {s.name for s in modules.specs}


def test_generation_leaves_the_plain_udf_module_in_place():
    before = sys.modules["tthc_xl.excel.udfs"]
    generate_udf_modules()
    assert sys.modules["tthc_xl.excel.udfs"] is before is tthc_xl.excel.udfs
    if sys.platform != "win32":  # the Windows decorators were only borrowed
        assert not hasattr(tthc_xl.excel.udfs.ONLINE_RATE, "__xlfunc__")
        assert "pythoncom" not in sys.modules


def test_a_vba_reserved_word_as_argument_is_refused(tmp_path, monkeypatch):
    (tmp_path / "bad_udfs.py").write_text(
        textwrap.dedent(
            '''
            import xlwings as xw

            @xw.func
            def SPAN_DAYS(start, end):
                """Số ngày."""
                return 0
            '''
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(VbaError, match="'end' is a reserved word"):
        generate_udf_modules("bad_udfs")


def _vba_text(expression: str) -> str:
    """Evaluate the string expressions the help Sub builds: "..." & ChrW(n) & ..."""
    out = ""
    for literal, code in re.findall(r'"((?:[^"]|"")*)"|ChrW\((\d+)\)', expression):
        out += chr(int(code)) if code else literal.replace('""', '"')
    return out.encode("utf-16", "surrogatepass").decode("utf-16")


def test_help_sub_registers_each_docstring_in_ascii():
    help_source = generate_udf_modules().help
    help_source.encode("ascii")
    assert max(len(line) for line in help_source.splitlines()) <= 1023
    descriptions: dict[str, str] = {}
    current = ""
    for line in help_source.splitlines():
        if m := re.fullmatch(r"    d = d & (.*)", line):
            current += _vba_text(m.group(1))
        elif m := re.match(r'    Application\.MacroOptions Macro:=book & "(\w+)"', line):
            descriptions[m.group(1)] = current
            current = ""
        elif line.strip() == 'd = ""':
            current = ""
    udf_docs = {
        name: obj.__doc__
        for name, obj in vars(tthc_xl.excel.udfs).items()
        if name.isupper() and callable(obj) and obj.__doc__
    }
    assert descriptions == udf_docs
    assert "Tỷ lệ tiếp nhận trực tuyến trong kỳ" in descriptions["ONLINE_RATE"]


# ------------------------------------------------------------------ the command


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_cli_builds_the_workbook(tmp_path):
    out = tmp_path / "new" / "TTHC_Q.xlsm"
    result = run("build-workbook", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"Đã dựng sổ: {out}" in result.stdout
    # the workbook the repository holds (its own test keeps it equal to a fresh build):
    # the same VBA project, ribbon and sheets
    committed = SOURCES / "TTHC_Q.xlsm"
    with zipfile.ZipFile(out) as z, zipfile.ZipFile(committed) as c:
        for part in ("xl/vbaProject.bin", "customUI/customUI14.xml"):
            assert z.read(part) == c.read(part), part
    sheets = [openpyxl.load_workbook(p, read_only=True).sheetnames for p in (out, committed)]
    assert sheets[0] == sheets[1] and sheets[0][:2] == ["KPI", "HoSo"]
    assert list(out.parent.iterdir()) == [out]  # no temporary file left behind


def test_cli_default_target_is_workbook_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build-workbook")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "workbook" / "TTHC_Q.xlsm").is_file()


def test_cli_help_is_vietnamese():
    result = run("build-workbook", "--help")
    assert result.exit_code == 0
    assert "Dựng lại sổ Excel TTHC_Q.xlsm" in result.stdout
    assert "workbook/TTHC_Q.xlsm" in result.stdout


def test_cli_refuses_a_non_macro_target(tmp_path):
    out = tmp_path / "TTHC_Q.xlsx"
    result = run("build-workbook", "--out", str(out))
    assert result.exit_code == 2
    assert "Lỗi: Tệp đích phải có đuôi .xlsm" in result.stderr
    assert not out.exists()


def test_a_failed_build_leaves_the_existing_workbook_alone(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources, ignore=shutil.ignore_patterns("*.xlsm"))
    cls = sources / "vba" / "ThisWorkbook.cls"
    cls.write_bytes(cls.read_bytes().replace(b"document module", "mô-đun của sổ".encode()))
    out = tmp_path / "TTHC_Q.xlsm"
    out.write_bytes(b"the clerk's workbook")
    with pytest.raises(BuildError, match="ASCII"):
        build_workbook(out, sources)
    assert out.read_bytes() == b"the clerk's workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["TTHC_Q.xlsm", "sources"]


def test_the_build_refuses_a_button_without_its_callback(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources, ignore=shutil.ignore_patterns("*.xlsm"))
    ribbon = sources / "customUI14.xml"
    ribbon.write_bytes(ribbon.read_bytes().replace(b'"TTHC_Help"', b'"TTHC_Missing"'))
    with pytest.raises(BuildError, match="TTHC_Missing"):
        build_workbook(tmp_path / "TTHC_Q.xlsm", sources)
    assert not (tmp_path / "TTHC_Q.xlsm").exists()


def test_the_build_refuses_a_ribbon_that_does_not_match_ribbon_actions(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources, ignore=shutil.ignore_patterns("*.xlsm"))
    ribbon = sources / "customUI14.xml"
    xml = ribbon.read_bytes()
    assert xml.count('label="Hướng dẫn"'.encode()) == 1
    ribbon.write_bytes(xml.replace('label="Hướng dẫn"'.encode(), 'label="Trợ giúp"'.encode()))
    with pytest.raises(BuildError, match="RIBBON_ACTIONS"):
        build_workbook(tmp_path / "TTHC_Q.xlsm", sources)
    assert not (tmp_path / "TTHC_Q.xlsm").exists()


def test_the_function_help_is_registered_on_the_first_click_not_on_open(modules):
    # nothing runs as the workbook opens (scanners quarantine that, tests/excel/test_scanner)
    assert not re.search(
        r"^\s*(Private |Public )?Sub \w+_(Open|Activate)\b", "".join(modules.values()), re.M | re.I
    )
    help_source = modules["TTHC_UdfHelp"]
    ensure = re.search(
        r"^Public Sub TTHC_EnsureUdfHelp\(\)\r\n(.*?)^End Sub\r\n", help_source, re.M | re.S
    )
    assert ensure, "TTHC_EnsureUdfHelp missing"
    body = ensure.group(1)
    # once per session, and the clerk's saved state is put back
    assert "If registered Then Exit Sub" in body and "TTHC_RegisterUdfHelp" in body
    assert body.index("wasSaved = ThisWorkbook.Saved") < body.index("TTHC_RegisterUdfHelp")
    assert body.rstrip().endswith("ThisWorkbook.Saved = wasSaved")

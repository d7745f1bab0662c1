"""VBA text for the workbook: module sources in the form the VBA project stores them, the
UDF declarations xlwings' "Import Functions" would write, and the Sub that registers the
functions' Vietnamese help.

VBA source is stored in the ANSI code page, so every module here is ASCII: Vietnamese text
lives in the ribbon XML, the sheets and Python, and reaches VBA only as ``ChrW`` codes.

The UDF declarations are produced by xlwings' own ``udfs.import_udfs``, run on any OS: its
pywin32 imports are stubbed, the real (Windows) decorators replace the no-op ones for the
duration, and the workbook object it talks to is a small recorder. Everything is put back
afterwards, so the rest of the process keeps the plain ``tthc_xl.udfs``.
"""

from __future__ import annotations

import contextlib
import enum
import importlib
import io
import re
import sys
import types
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, NoReturn, Protocol, cast

UDF_MODULE = "tthc_xl.udfs"  # the name workbooks in the field call (a re-export)
UDF_IMPLEMENTATION = "tthc_xl.excel.udfs"  # where the functions are defined
UDF_VBA_MODULE = "xlwings_udfs"  # the name xlwings' Import Functions gives the module
HELP_VBA_MODULE = "TTHC_UdfHelp"
RIBBON_VBA_MODULE = "TTHC_Ribbon"  # the ribbon callbacks, one Sub per button
HELP_SUB = "TTHC_RegisterUdfHelp"
ENSURE_HELP_SUB = "TTHC_EnsureUdfHelp"  # the help, once per session, on a button's click
MAX_HELP_TEXT = 255  # Application.MacroOptions truncates longer texts

_VB_NAME = re.compile(r'^Attribute VB_Name = "([^"]*)"[ \t]*(?:\r\n|\r|\n|$)')
MODULE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,30}$")
IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,254}$")

# Words VBA reserves: a function or argument with one of these names is a compile error,
# and one compile error disables every macro of the project, ribbon callbacks included.
_KEYWORDS = """
and as boolean byref byte byval call case close const currency date declare dim do double
each else elseif empty end enum eqv erase error event exit false for friend function get
global gosub goto if imp implements in input integer is let lib like line lock long longlong
longptr loop lset me mod new next not nothing null object on open option optional or
paramarray preserve print private property public put raiseevent redim rem resume return
rset seek select set single static step stop string sub then to true type typeof until
variant wend while with withevents write xor decimal
"""
VBA_KEYWORDS = frozenset(_KEYWORDS.split())
# Names the generated wrapper code uses itself (loop counter, array, error label).
WRAPPER_NAMES = frozenset({"k", "argsarray", "failed"})


class VbaError(ValueError):
    """A VBA source the workbook cannot take (non-ASCII, bad name, keyword clash)."""


# ------------------------------------------------------------------ module text


def to_crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def check_module_name(name: str) -> None:
    if not MODULE_NAME.match(name):
        raise VbaError(f"bad VBA module name {name!r}: letter first, [A-Za-z0-9_], 31 at most")


def standard_module(text: str, name: str) -> str:
    """The stored form of a standard module: one ``Attribute VB_Name`` line naming it,
    CRLF line endings, one trailing CRLF.

    pyOpenVBA stores what it is given: an LF body stays LF and a header naming another
    module is kept as is, so both are fixed here rather than trusted.
    """
    check_module_name(name)
    try:
        text.encode("ascii")
    except UnicodeEncodeError as exc:
        raise VbaError(f"module {name}: VBA source must be ASCII ({exc})") from exc
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    match = _VB_NAME.match(text)
    if match:
        text = text[match.end() :]
    return to_crlf(f'Attribute VB_Name = "{name}"\n' + text.strip("\n") + "\n")


def read_source(path: Path) -> str:
    """A module source file as text; ASCII is enforced, line endings are left alone."""
    raw = path.read_bytes()
    try:
        return raw.decode("ascii")
    except UnicodeDecodeError as exc:
        raise VbaError(f"{path.name}: VBA source must be ASCII ({exc})") from exc


def sub_names(source: str) -> set[str]:
    """Names of the Subs that take ``(control As IRibbonControl)``: ribbon callbacks."""
    pattern = re.compile(
        r"^[ \t]*(?:Public[ \t]+)?Sub[ \t]+([A-Za-z][A-Za-z0-9_]*)[ \t]*\("
        r"[ \t]*(?:ByRef[ \t]+|ByVal[ \t]+)?control[ \t]+As[ \t]+IRibbonControl[ \t]*\)",
        re.IGNORECASE | re.MULTILINE,
    )
    return set(pattern.findall(source))


# ------------------------------------------------------------------ ribbon callbacks


def ribbon_module(callbacks: Sequence[tuple[str, str]]) -> str:
    """The ribbon module, stored form: for each (callback, command) one
    ``Public Sub <callback>(control As IRibbonControl)`` that registers the function help
    (once per session, see `help_module`) and runs ``RunPython "<command>"``.

    The command is a fixed string written as one VBA literal: it must be ASCII and hold no
    double quote, so nothing can be concatenated into it.
    """
    lines = [
        "' Callbacks of the TTHC ribbon tab (customUI14.xml), one per button. Autogenerated",
        "' by tthc-xl build-workbook from tthc_xl.excel.macros.RIBBON_ACTIONS: changes made",
        "' here are lost at the next build. Each runs a FIXED Python command: no cell value",
        "' or path is ever put into the command. The macro finds the workbook itself",
        "' (xw.Book.caller()) and reports progress, results and errors in Excel.",
        "' ASCII only: VBA stores source in the ANSI code page.",
        "Option Explicit",
    ]
    seen: set[str] = set()
    for callback, command in callbacks:
        if not IDENTIFIER.match(callback) or callback.lower() in VBA_KEYWORDS:
            raise VbaError(f"ribbon callback {callback!r} is not a usable VBA Sub name")
        if callback.lower() in seen:
            raise VbaError(f"ribbon callback {callback} defined twice (VBA ignores case)")
        seen.add(callback.lower())
        if not command.isascii() or '"' in command or not command.isprintable():
            raise VbaError(f"{callback}: RunPython command must be printable ASCII without '\"'")
        lines += [
            "",
            f"Public Sub {callback}(control As IRibbonControl)",
            f"    {ENSURE_HELP_SUB}",
            f'    RunPython "{command}"',
            "End Sub",
        ]
    return standard_module("\n".join(lines), RIBBON_VBA_MODULE)


# ------------------------------------------------------------------ running xlwings' generator


class _ComError(Exception):
    """Stands in for pywintypes.com_error where pywin32 does not exist."""


def _module(name: str, **attrs: object) -> types.ModuleType:
    """A synthetic module holding `attrs` (ModuleType declares no attribute setter)."""
    module = types.ModuleType(name)
    vars(module).update(attrs)
    return module


def _pywin32_stubs() -> dict[str, types.ModuleType]:
    """The three names xlwings/udfs.py imports from pywin32, and nothing else."""

    def dispatch(*args: object, **kwargs: object) -> NoReturn:
        raise RuntimeError("win32com.client.Dispatch is a stub: there is no Excel here")

    pythoncom = _module("pythoncom", CoInitialize=lambda: None, IID_IDispatch=None)
    pywintypes = _module("pywintypes", com_error=_ComError)
    client = _module("win32com.client", Dispatch=dispatch)
    win32com = _module("win32com", client=client)
    return {
        "pythoncom": pythoncom,
        "pywintypes": pywintypes,
        "win32com": win32com,
        "win32com.client": client,
    }


class _Missing(enum.Enum):
    """Marks a module or attribute that did not exist before, so is removed on exit."""

    MISSING = enum.auto()


_MISSING: Final = _Missing.MISSING


class _XlwingsUdfs(Protocol):
    """The flag of ``xlwings.udfs`` switched off while generating (a plain module global)."""

    __pro__: bool


_DECORATORS = ("func", "arg", "ret", "sub", "script")


@contextlib.contextmanager
def windows_decorators(module_name: str = UDF_MODULE) -> Iterator[tuple[types.ModuleType, ...]]:
    """Yield (xlwings.udfs, a fresh import of `module_name`) with xlwings' Windows decorators.

    Off Windows ``xw.func`` and friends are no-ops, so the UDF module carries no
    ``__xlfunc__``; the real ones (``xlwings.udfs.xlfunc`` etc.) are pure Python. Every
    module and attribute touched is restored on exit.
    """
    import xlwings

    # The functions are defined in UDF_IMPLEMENTATION and re-exported by `module_name`:
    # both are imported afresh so that the re-export carries the decorated functions.
    fresh = list(dict.fromkeys([UDF_IMPLEMENTATION, module_name]))
    stubs = {} if sys.platform == "win32" else _pywin32_stubs()
    touched = [*stubs, "xlwings.udfs", *fresh]
    saved_modules = {name: sys.modules.get(name, _MISSING) for name in touched}
    saved_attrs = {name: getattr(xlwings, name, _MISSING) for name in (*_DECORATORS, "udfs")}
    saved_children = []
    for name in fresh:
        parent_name, _, child = name.rpartition(".")
        parent = sys.modules.get(parent_name) if parent_name else None
        if parent is not None:
            saved_children.append((parent, child, getattr(parent, child, _MISSING)))
    try:
        for name, stub in stubs.items():
            if name not in sys.modules:
                sys.modules[name] = stub
        udfs = importlib.import_module("xlwings.udfs")
        pro = cast(_XlwingsUdfs, udfs)
        saved_pro = pro.__pro__
        xlwings.func, xlwings.arg, xlwings.ret = udfs.xlfunc, udfs.xlarg, udfs.xlret
        xlwings.sub = xlwings.script = udfs.xlsub
        for name in fresh:
            sys.modules.pop(name, None)
        for name in fresh:
            module = importlib.import_module(name)
        pro.__pro__ = False  # the PRO branch reads the config sheet over COM
        try:
            yield udfs, module
        finally:
            pro.__pro__ = saved_pro
            udfs.udf_modules.pop(module_name, None)
    finally:
        for name, value in saved_modules.items():
            if value is _MISSING:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = value
        for name, value in saved_attrs.items():
            if value is _MISSING:
                with contextlib.suppress(AttributeError):
                    delattr(xlwings, name)
            else:
                setattr(xlwings, name, value)
        for parent, child, saved_child in saved_children:
            if saved_child is _MISSING:
                with contextlib.suppress(AttributeError):
                    delattr(parent, child)
            else:
                setattr(parent, child, saved_child)


class _Recorder:
    """The part of an Excel Workbook that ``import_udfs`` talks to, recording what it does."""

    def __init__(self, name: str, com_error: type[Exception]) -> None:
        self.Name = name
        self.imported: str | None = None
        self.macro_options: list[dict] = []
        recorder = self

        class Components:
            def __call__(self, component: str) -> str:
                return component

            def Remove(self, component: str) -> None:  # noqa: N802 - COM name
                raise com_error("no such component")  # as on a first import

            def Import(self, path: str) -> None:  # noqa: N802 - COM name
                recorder.imported = Path(path).read_text(encoding="utf-8")

        class Application:
            Version = "16.0"

            def MacroOptions(self, macro: str, **options) -> None:  # noqa: N802 - COM name
                recorder.macro_options.append({"Macro": macro, **options})

        self.VBProject = types.SimpleNamespace(VBComponents=Components())
        self.Application = Application()


@dataclass(frozen=True)
class UdfSpec:
    """One Excel function as Excel sees it (the hidden ``caller`` argument excluded)."""

    name: str
    args: tuple[str, ...]
    optional: tuple[str, ...]
    description: str
    arg_docs: tuple[str, ...]
    category: str


@dataclass(frozen=True)
class UdfModules:
    declarations: str  # the xlwings_udfs module, stored form
    help: str  # the help registration module, stored form
    specs: tuple[UdfSpec, ...]


def generate_udf_modules(
    module_name: str = UDF_MODULE, workbook_name: str = "TTHC_Q.xlsm"
) -> UdfModules:
    """Run xlwings' Import Functions on `module_name` and return the VBA it produces.

    `workbook_name` only matters to xlwings for ``.xlam`` add-ins (ActiveWorkbook instead
    of ThisWorkbook); the help Sub uses the workbook's real name at run time.
    """
    with windows_decorators(module_name) as (udfs, module):
        udfs.get_udf_module(module_name, None)  # cached: import_udfs then needs no COM
        book = _Recorder(workbook_name, udfs.pywintypes.com_error)
        with contextlib.redirect_stdout(io.StringIO()):  # "Imported functions from ..."
            udfs.import_udfs(module_name, book)
        specs = tuple(_spec(getattr(module, name).__xlfunc__) for name in _udf_names(module))
    if book.imported is None:
        raise VbaError("xlwings' import_udfs wrote no module")
    problems = lint(specs)
    if problems:
        raise VbaError("; ".join(problems))
    options = {o["Macro"].split("!", 1)[1]: o for o in book.macro_options}
    help_source = help_module([_with_options(s, options[s.name]) for s in specs])
    return UdfModules(standard_module(book.imported, UDF_VBA_MODULE), help_source, specs)


def _udf_names(module: types.ModuleType) -> list[str]:
    # dir() order, as generate_vba_wrapper walks it; only the package's own functions count
    # (defined in the module, or in UDF_IMPLEMENTATION when the module re-exports them)
    own = {module.__name__, UDF_IMPLEMENTATION}
    return [
        name
        for name in dir(module)
        if hasattr(getattr(module, name), "__xlfunc__")
        and getattr(getattr(module, name), "__module__", None) in own
    ]


def _spec(xlfunc: dict) -> UdfSpec:
    visible = [a for a in xlfunc["args"] if a["name"] != "caller" and not a["vba"]]
    return UdfSpec(
        name=xlfunc["name"],
        args=tuple(a["name"] for a in visible),
        optional=tuple(a["name"] for a in visible if "optional" in a),
        description=xlfunc["ret"]["doc"],
        arg_docs=tuple(a["doc"] for a in visible),
        category=xlfunc["category"],
    )


def _with_options(spec: UdfSpec, options: dict) -> UdfSpec:
    """Take the help texts exactly as import_udfs would register them."""
    docs = options.get("ArgumentDescriptions") or []
    return UdfSpec(
        spec.name,
        spec.args,
        spec.optional,
        options.get("Description") or "",
        tuple(docs[: len(spec.args)]),
        str(options.get("Category") or spec.category),
    )


def lint(specs: Sequence[UdfSpec]) -> list[str]:
    """Names that would break the VBA project: non-ASCII, keywords, clashes, duplicates."""
    problems: list[str] = []
    seen: set[str] = set()
    for spec in specs:
        for kind, name in [("function", spec.name)] + [("argument", a) for a in spec.args]:
            if not IDENTIFIER.match(name):
                problems.append(f"{spec.name}: {kind} {name!r} is not an ASCII VBA identifier")
            elif name.lower() in VBA_KEYWORDS:
                problems.append(f"{spec.name}: {kind} {name!r} is a reserved word in VBA")
            elif kind == "argument" and name.lower() in WRAPPER_NAMES | {spec.name.lower()}:
                problems.append(f"{spec.name}: argument {name!r} clashes with the wrapper code")
        if spec.name.lower() in seen:
            problems.append(f"{spec.name}: defined twice (VBA ignores case)")
        seen.add(spec.name.lower())
    return problems


# ------------------------------------------------------------------ help registration


def vba_string(text: str) -> list[str]:
    """Pieces of an ASCII VBA string expression for `text` (to be joined with " & ")."""
    pieces: list[str] = []
    literal = ""
    for char in text:
        code = ord(char)
        if 32 <= code < 127:
            literal += '""' if char == '"' else char
            continue
        if literal:
            pieces.append(f'"{literal}"')
            literal = ""
        if code > 0xFFFF:  # outside the BMP: a UTF-16 surrogate pair
            code -= 0x10000
            pieces += [f"ChrW({0xD800 + (code >> 10)})", f"ChrW({0xDC00 + (code & 0x3FF)})"]
        else:
            pieces.append(f"ChrW({code})")
    if literal or not pieces:
        pieces.append(f'"{literal}"')
    return pieces


def _assign(var: str, text: str, width: int = 700) -> list[str]:
    """``var = ...`` over as many lines as needed (VBA lines stop at 1023 characters)."""
    lines = [f'    {var} = ""']
    chunk: list[str] = []
    for piece in vba_string(text[:MAX_HELP_TEXT]):
        chunk.append(piece)
        if sum(len(p) + 3 for p in chunk) > width:
            lines.append(f"    {var} = {var} & " + " & ".join(chunk))
            chunk = []
    if chunk:
        lines.append(f"    {var} = {var} & " + " & ".join(chunk))
    return lines


def help_module(specs: Sequence[UdfSpec]) -> str:
    """A standard module whose Sub registers every function's help with MacroOptions.

    Import Functions does this over COM; a workbook built on Linux never runs it. No
    Workbook_Open calls it: an auto-run macro in a project that also writes files and
    starts a process (xlwings' own module) is what scanners and mail gateways quarantine
    (oletools mraptor: "SUSPICIOUS"). Each ribbon button calls `ENSURE_HELP_SUB` first,
    which registers once per Excel session and puts back the workbook's saved state.
    One private Sub per function keeps each procedure far below VBA's 64 KB "Procedure
    too large" limit, and a failure for one function (On Error Resume Next) does not stop
    the others.
    """
    lines = [
        f"' Autogenerated by tthc-xl build-workbook from {UDF_MODULE}: the function help",
        "' that xlwings' Import Functions would register. The Vietnamese text is built",
        "' with ChrW because VBA source is ANSI. Called by every ribbon button, once per",
        "' session, so that the workbook runs nothing as it opens (scanners flag that).",
        "Option Explicit",
        "",
        "Private registered As Boolean",
        "",
        f"Public Sub {ENSURE_HELP_SUB}()",
        "    Dim wasSaved As Boolean",
        "    If registered Then Exit Sub",
        "    registered = True",
        "    wasSaved = ThisWorkbook.Saved",
        f"    {HELP_SUB}",
        "    ThisWorkbook.Saved = wasSaved",
        "End Sub",
        "",
        f"Public Sub {HELP_SUB}()",
        "    Dim book As String",
        "    On Error Resume Next",
        '    book = "\'" & Replace(ThisWorkbook.Name, "\'", "\'\'") & "\'!"',
        *(f"    Help_{spec.name} book" for spec in specs),
        "End Sub",
    ]
    for spec in specs:
        lines += [
            "",
            f"Private Sub Help_{spec.name}(ByVal book As String)",
            "    Dim d As String",
        ]
        if spec.arg_docs:
            lines.append("    Dim a() As Variant")
        lines += _assign("d", spec.description)
        call = (
            f'    Application.MacroOptions Macro:=book & "{spec.name}", Description:=d, '
            f"Category:={' & '.join(vba_string(spec.category))}"
        )
        if spec.arg_docs:
            lines.append(f"    ReDim a(0 To {len(spec.arg_docs) - 1})")
            for i, doc in enumerate(spec.arg_docs):
                lines += _assign(f"a({i})", doc)
            call += ", ArgumentDescriptions:=a"
        lines += [call, "End Sub"]
    return standard_module("\n".join(lines), HELP_VBA_MODULE)

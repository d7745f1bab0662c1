"""The house's size limits (issue 17): no module over 600 lines, no function over 80,
no cyclomatic complexity over 30 (ruff's C901 in pyproject.toml holds the last one), and
nothing outside book/ asks which back end a Book is."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "tthc_xl"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def oversized(path: Path) -> list[str]:
    """What of one module breaks a size limit, as 'name: N lines'."""
    source = path.read_text(encoding="utf-8")
    found = []
    lines = source.count("\n")
    if lines > MAX_MODULE_LINES:
        found.append(f"{path.name}: {lines} lines")
    for node in _functions(ast.parse(source)):
        length = (node.end_lineno or node.lineno) - node.lineno + 1
        if length > MAX_FUNCTION_LINES:
            found.append(f"{path.name}:{node.name}: {length} lines")
    return found


def test_the_limits_catch_a_long_function_and_a_long_module(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    long_function = tmp_path / "f.py"
    long_function.write_text(f"def f():\n{body}\n    return 0\n", encoding="utf-8")
    assert oversized(long_function) == [f"f.py:f: {MAX_FUNCTION_LINES + 2} lines"]
    long_module = tmp_path / "m.py"
    long_module.write_text("x = 1\n" * (MAX_MODULE_LINES + 1), encoding="utf-8")
    assert oversized(long_module) == [f"m.py: {MAX_MODULE_LINES + 1} lines"]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_or_function_over_its_limit(path):
    assert oversized(path) == []


# Names only the back ends know: a caller reaching for them asks which Book it holds.
_BACK_END_NAMES = {"FileBook", "XlwingsBook", "RecordingBook"}
_BACK_END_ATTRIBUTES = {"wb", "book", "api"}


def probes(source: str) -> list[str]:
    """isinstance(x, <back end>) and getattr(<book>, ...) in one module's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        if node.func.id == "isinstance" and len(node.args) == 2:
            names = {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
            if names & _BACK_END_NAMES:
                found.append(f"line {node.lineno}: isinstance(..., {sorted(names)})")
        if node.func.id in ("getattr", "hasattr") and node.args:
            target = node.args[0]
            if isinstance(target, ast.Name) and target.id == "book":
                found.append(f"line {node.lineno}: {node.func.id}(book, ...)")
            attr = node.args[1] if len(node.args) > 1 else None
            if isinstance(attr, ast.Constant) and attr.value in _BACK_END_ATTRIBUTES:
                found.append(f"line {node.lineno}: {node.func.id}(..., {attr.value!r})")
    return found


def test_the_probe_finder_finds_the_old_probes():
    old = (
        "def f(book):\n"
        "    lay_out = getattr(book, 'lay_out', None)\n"
        "    if isinstance(book, FileBook):\n"
        "        return book.wb\n"
        "    inner = getattr(x, 'book', None)\n"
    )
    assert probes(old) == [
        "line 2: getattr(book, ...)",
        "line 3: isinstance(..., ['FileBook'])",
        "line 5: getattr(..., 'book')",
    ]


@pytest.mark.parametrize(
    "path",
    [p for p in _modules() if p.parent.name != "book"],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_nothing_outside_book_probes_the_back_end(path):
    assert probes(path.read_text(encoding="utf-8")) == []

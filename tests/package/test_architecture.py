"""The rooms of the package: no import cycle, and an engine free of I/O libraries."""

from __future__ import annotations

import json
import subprocess
import sys

import grimp

IO_LIBRARIES = ("openpyxl", "xlwings", "python_calamine", "click")


def test_no_import_cycle_counting_imports_inside_functions():
    graph = grimp.build_graph("tthc_xl")  # grimp reads every import statement, nested ones too
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                cycles.append((module, *back))
    assert cycles == []


def test_a_planted_cycle_is_seen(tmp_path):
    """The check above can fail: a two-module package importing each other in a function."""
    pkg = tmp_path / "cyclepkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from . import b\n")
    (pkg / "b.py").write_text("from . import a\n")
    sys.path.insert(0, str(tmp_path))
    try:
        graph = grimp.build_graph("cyclepkg", cache_dir=None)
        assert graph.find_shortest_chain(importer="cyclepkg.a", imported="cyclepkg.b")
        assert graph.find_shortest_chain(importer="cyclepkg.b", imported="cyclepkg.a")
    finally:
        sys.path.remove(str(tmp_path))


def test_importing_the_engine_loads_no_io_library():
    """In a fresh interpreter: what `import tthc_xl.rules.engine` really loads."""
    code = (
        "import json, sys; import tthc_xl.rules.engine; "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    loaded = json.loads(subprocess.check_output([sys.executable, "-c", code], text=True))
    assert "tthc_xl" in loaded and "numpy" in loaded
    assert [lib for lib in IO_LIBRARIES if lib in loaded] == []


def test_engine_import_closure_has_no_io_library():
    graph = grimp.build_graph("tthc_xl", include_external_packages=True)
    for lib in IO_LIBRARIES:
        assert graph.find_shortest_chain(importer="tthc_xl.rules.engine", imported=lib) is None

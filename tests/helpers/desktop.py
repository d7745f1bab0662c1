"""Desktop Excel as the Excel-side macros see it, where no Excel runs: xlwings' real remote
Book for the values and stand-in COM objects that raise as pywin32 does
(``pywintypes.com_error`` with Excel's own description in its excepinfo); the stand-in the
book tests and the macros' tests share."""

from __future__ import annotations

import sys
import types

import pytest


class com_error(Exception):  # noqa: N801 - pywintypes' own name
    """As pywin32 raises it: (hresult, text, excepinfo, argerror)."""


def refusal(description: str) -> com_error:
    excepinfo = (0, "Microsoft Excel", description, None, 0, -2146827284)
    return com_error(-2147352567, "Exception occurred.", excepinfo, None)


class Com:
    """A COM object of Excel's: every property and call is recorded; setting anything
    under a refused path raises as Excel does."""

    def __init__(self, log: list, path: str, refused: dict[str, str]) -> None:
        object.__setattr__(self, "_log", log)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_refused", refused)

    def __getattr__(self, name: str) -> Com:
        return Com(self._log, f"{self._path}.{name}", self._refused)

    def __call__(self, *args) -> Com:
        self._check(self._path)
        self._log.append((self._path, args))
        return Com(self._log, f"{self._path}()", self._refused)

    def __setattr__(self, name: str, value) -> None:
        self._check(f"{self._path}.{name}")
        self._log.append((f"{self._path}.{name}", value))

    def _check(self, path: str) -> None:
        for prefix, description in self._refused.items():
            if path.startswith(prefix):
                raise refusal(description)


class DesktopSheet:
    def __init__(self, sheet, excel: DesktopExcel) -> None:
        self._sheet, self._excel = sheet, excel

    @property
    def api(self) -> Com:
        return Com(self._excel.log, f"{self._sheet.name}", self._excel.refused)

    def __getattr__(self, name):
        return getattr(self._sheet, name)


class DesktopSheets:
    def __init__(self, excel: DesktopExcel) -> None:
        self._excel = excel

    def __iter__(self):
        return (DesktopSheet(s, self._excel) for s in self._excel.remote.sheets)

    def __getitem__(self, key):
        return DesktopSheet(self._excel.remote.sheets[key], self._excel)

    def add(self, name, after=None):
        after = after._sheet if isinstance(after, DesktopSheet) else after
        return DesktopSheet(self._excel.remote.sheets.add(name, after=after), self._excel)


class DesktopApp:
    def __init__(self, excel: DesktopExcel) -> None:
        self._excel = excel
        self.engine = types.SimpleNamespace(name="excel")
        self.status_bar = False

    @property
    def api(self) -> Com:
        return Com(self._excel.log, "Application", self._excel.refused)

    def __getattr__(self, name):
        return getattr(self._excel.remote.app, name)


class DesktopExcel:
    """What XlwingsBook sees of desktop Excel: xlwings' remote Book for the values, the
    stand-in COM objects for the object model."""

    def __init__(self, remote, refused: dict[str, str]) -> None:
        self.remote, self.refused, self.log = remote, refused, []
        self.sheets = DesktopSheets(self)
        self.app = DesktopApp(self)

    @property
    def api(self) -> Com:
        return Com(self.log, "Workbook", self.refused)

    def __getattr__(self, name):
        return getattr(self.remote, name)


@pytest.fixture
def pywintypes(monkeypatch):
    """pywin32's module as it is on Windows, with its com_error."""
    module = types.ModuleType("pywintypes")
    module.com_error = com_error  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pywintypes", module)
    return module

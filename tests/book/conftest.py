"""The book tests' fixtures: a pywin32 that raises as Excel does (tests/helpers/desktop.py)."""

from helpers.desktop import pywintypes  # noqa: F401 - a fixture

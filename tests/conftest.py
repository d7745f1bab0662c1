"""Set-up every test shares; the helpers themselves are the `helpers` package."""

import os

# xlwings' remote interpreter (a real Book on Linux, for testing macros) needs this before
# xlwings is first imported; the noncommercial key is for tests only.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")


import pytest  # noqa: E402
from helpers import office  # noqa: E402


@pytest.fixture(scope="session")
def soffice(tmp_path_factory):
    """convert(path, fmt) with a headless LibreOffice in its own profile (macros never run)."""
    profile = office.make_profile(tmp_path_factory.mktemp("lo_profile"))

    def convert(path, fmt: str):
        return office.convert(path, fmt, tmp_path_factory.mktemp("lo_out"), profile)

    return convert


def pytest_collection_modifyitems(items):
    """A test that starts LibreOffice is marked so, whichever room it is in."""
    for item in items:
        if "soffice" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.libreoffice)

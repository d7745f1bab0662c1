"""Set-up every test shares; the helpers themselves are the `helpers` package."""

import os

# xlwings' remote interpreter (a real Book on Linux, for testing macros) needs this before
# xlwings is first imported; the noncommercial key is for tests only.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")


import pytest  # noqa: E402
from helpers import office, shared  # noqa: E402


@pytest.fixture(scope="session")
def soffice(tmp_path_factory):
    """convert(path, fmt) with a headless LibreOffice in its own profile (macros never run)."""
    profile = office.make_profile(tmp_path_factory.mktemp("lo_profile"))

    def convert(path, fmt: str):
        return office.convert(path, fmt, tmp_path_factory.mktemp("lo_out"), profile)

    return convert


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory) -> shared.Demo:
    """`tthc-xl demo`, run once for the whole session (one run across xdist workers too).
    Read-only: a test that changes a file copies it first."""
    return shared.read_demo(shared.once(tmp_path_factory, "demo", shared.run_demo))


def pytest_collection_modifyitems(items):
    """A test that starts LibreOffice is marked so, whichever room it is in."""
    for item in items:
        if "soffice" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.libreoffice)


def pytest_runtest_setup(item):
    """Where LibreOffice is missing its tests skip, naming the package to install (the
    helpers skip likewise for poppler's pdftotext/pdfinfo and LibreOffice Writer)."""
    if item.get_closest_marker("libreoffice"):
        office.require("soffice")

"""Set-up every test shares; the helpers themselves are the `helpers` package."""

import os

# xlwings' remote interpreter (a real Book on Linux, for testing macros) needs this before
# xlwings is first imported; the noncommercial key is for tests only.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")


import pytest  # noqa: E402
from helpers import office, shared  # noqa: E402


@pytest.fixture(scope="session")
def soffice(tmp_path_factory):
    """convert(path, fmt) with a headless LibreOffice in its own profile (macros never run),
    one profile per process (LibreOffice runs one conversion at a time in a profile). Its
    locale is Vietnamese, as a clerk's is, whatever the machine's: decimal comma, dot
    thousands."""
    profile = office.make_profile(tmp_path_factory.mktemp("lo_profile"), locale="vi-VN")

    def convert(path, fmt: str):
        return office.convert(path, fmt, tmp_path_factory.mktemp("lo_out"), profile)

    return convert


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory) -> shared.Demo:
    """`tthc-xl demo`, run once for the whole session (one run across xdist workers too).
    Read-only: a test that changes a file copies it first."""
    return shared.read_demo(shared.once(tmp_path_factory, "demo", shared.run_demo))


@pytest.hookimpl(tryfirst=True)  # before -m selects and before xdist reads the groups
def pytest_collection_modifyitems(items):
    """A test that starts LibreOffice is marked so, whichever room it is in. Under
    pytest-xdist (`--dist loadgroup`, pyproject addopts) a module's tests run in one
    process, so its module fixtures are built once, and the demo's users all in one, so
    none waits while another process builds it."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "soffice" in fixtures:
            item.add_marker(pytest.mark.libreoffice)
        group = "demo" if "demo_run" in fixtures else item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))


def pytest_runtest_setup(item):
    """Where LibreOffice is missing its tests skip, naming the package to install (the
    helpers skip likewise for poppler's pdftotext/pdfinfo and LibreOffice Writer)."""
    if item.get_closest_marker("libreoffice"):
        office.require("soffice")

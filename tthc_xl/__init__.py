"""tthc-xl: the quarterly bookkeeping of a commune's one-stop centre, inside its workbook."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """`tthc_xl.__version__`, asked of the installed metadata only when read: importing
    importlib.metadata costs about 30 ms, which `tthc-xl --help` need not pay (issue 18)."""
    if name != "__version__":
        raise AttributeError(f"module 'tthc_xl' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tthc-xl")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0"

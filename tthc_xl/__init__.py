"""tthc-xl: the quarterly bookkeeping of a commune's one-stop centre, inside its workbook."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tthc-xl")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

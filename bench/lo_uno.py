"""LibreOffice's own load and recalculation times, measured inside a running soffice.

Timing `soffice --convert-to` measures start-up, reading and saving as well; here soffice
is started once (not timed), then through UNO the formula workbook of bench/peers.py is
loaded and its counts read (timed together, best of N fresh loads), and `calculateAll()`
(a hard recalculation of every formula) is timed on a loaded document (best of N). The KQ
sheet is read back after each step, so the caller can check the counts equal tthc-xl's.

LibreOffice does not recalculate an .xlsx on load (OOXMLRecalcMode is "never" by default)
but a formula saved without a value (openpyxl writes none) is computed when first read:
the load-and-read time is therefore the file to numbers.

Runs with the system python that has `uno` (python3-uno), not the project's virtualenv:
    /usr/bin/python3 bench/lo_uno.py congthuc.xlsx [--repeat 3]
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

INSTALL = "apt-get install -y --no-install-recommends python3-uno"

try:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException
except ImportError:  # the caller reports this with the install command
    sys.exit(f"python3-uno is missing for {sys.executable}: {INSTALL}")


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(profile: str, port: int) -> subprocess.Popen:
    """A headless soffice listening on `port`, with a throw-away profile."""
    exe = shutil.which("soffice") or "/usr/bin/soffice"
    return subprocess.Popen(
        [
            exe,
            f"-env:UserInstallation=file://{profile}",
            f"--accept=socket,host=127.0.0.1,port={port};urp;",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # soffice.bin is a child of oosplash: end the whole group
    )


def connect(port: int, office: subprocess.Popen, wait: float = 120.0):
    """The desktop of the soffice on `port`, once it answers (a new profile takes seconds)."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + wait
    while True:
        try:
            ctx = resolver.resolve(url)
            break
        except NoConnectException:
            if office.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"soffice did not answer on port {port}") from None
            time.sleep(0.2)
    return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)


def results(doc) -> dict[str, object]:
    """The KQ sheet's cells by name (column A names them, column B holds them); the caller
    picks the counts, so this script needs nothing of the project."""
    rows = doc.Sheets.getByName("KQ").getCellRangeByName("A1:B40").getDataArray()
    return {str(a): b for a, b in rows if a}


def timed(func):
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def measure(desktop, path: Path, repeat: int) -> dict:
    url = uno.systemPathToFileUrl(str(path.resolve()))
    hidden = (prop("Hidden", True),)
    loads, load_counts, read_s = [], None, []
    for _ in range(repeat):  # a fresh load each time: the file to numbers, no start-up
        doc_s, doc = timed(lambda: desktop.loadComponentFromURL(url, "_blank", 0, hidden))
        # the formulas the load left without a value are computed by this first read
        got_s, load_counts = timed(lambda doc=doc: results(doc))
        loads.append(doc_s + got_s)
        read_s.append(got_s)
        doc.close(True)
    doc = desktop.loadComponentFromURL(url, "_blank", 0, hidden)
    calc, calc_counts = [], None
    for _ in range(repeat):  # a hard recalculation of every formula of the loaded book
        calc_s, _ = timed(doc.calculateAll)
        calc.append(calc_s)
        calc_counts = results(doc)
    # does the book really recompute? Moving the as-of date a month back must change the
    # counts and moving it back restore them; calculate() (dirty cells only) then takes
    # the time of the cells that depend on the date, and nothing when nothing is dirty
    kq = doc.Sheets.getByName("KQ")
    as_of = kq.getCellRangeByName("B3")
    kept = as_of.getValue()
    as_of.setValue(kept - 31)
    moved_s, _ = timed(doc.calculate)
    moved = results(doc)
    as_of.setValue(kept)
    back_s, _ = timed(doc.calculate)
    back = results(doc)
    idle_s, _ = timed(doc.calculate)  # nothing dirty: should cost nothing
    doc.close(True)
    return {
        "workbook": str(path),
        "load_and_read_s": min(loads),
        "load_and_read_all_s": loads,
        "read_after_load_s": min(read_s),
        "calculate_all_s": min(calc),
        "calculate_all_all_s": calc,
        "calculate_after_edit_s": moved_s,
        "calculate_after_restore_s": back_s,
        "calculate_idle_s": idle_s,
        "after_load": load_counts,
        "after_calculate_all": calc_counts,
        "after_edit": moved,
        "after_restore": back,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbooks", type=Path, nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lo_uno_") as profile:
        port = free_port()
        office = start(profile, port)
        try:
            desktop = connect(port, office)
            for path in args.workbooks:
                print(json.dumps(measure(desktop, path, args.repeat)), flush=True)
            with contextlib.suppress(Exception):  # the bridge drops as soffice exits
                desktop.terminate()
            office.wait(timeout=30)
        finally:  # a failed measure must not leave soffice.bin running without oosplash
            with contextlib.suppress(ProcessLookupError):
                os.killpg(office.pid, signal.SIGKILL)
            office.wait()
    os._exit(0)  # the UNO bridge thread can keep a clean exit waiting


if __name__ == "__main__":
    main()

"""The body of the fuzz test, run in a child process under RLIMIT_AS (see test_fuzz.py).

Each reader gets mutated sample files: truncation, byte flips, huge numbers in XML
attributes (cell references, ss:Index, spans, dimensions) and random headers. Every
outcome must be a result or a clean refusal (ImportAborted / WorkbookError with a
Vietnamese message): never another exception, never more than TIME_CAP seconds.
Usage: python fuzz_driver.py WORKDIR MAX_EXAMPLES
"""

from __future__ import annotations

import io
import re
import resource
import signal
import sys
import zipfile
from pathlib import Path

MEMORY_CAP = 2 * 1024**3
TIME_CAP = 30  # seconds per example

resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tthc_xl.book.errors import WorkbookError  # noqa: E402
from tthc_xl.book.reader import read_workbook  # noqa: E402
from tthc_xl.importer.mapping import profile_from_rows  # noqa: E402
from tthc_xl.importer.run import ImportAborted, read_batches  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(sys.argv[1])
EXAMPLES = int(sys.argv[2])

sys.path.insert(0, str(ROOT / "tests"))
from hostile.makers import (  # noqa: E402
    HEADER,
    dossier_row,
    html_table,
    ml_cell,
    ml_header,
    ml_row,
    spreadsheet_ml,
)

SEEDS: dict[str, bytes] = {
    "motcua.xlsx": (ROOT / "tests/data/motcua_2026Q1.xlsx").read_bytes(),
    "hotich.csv": (ROOT / "tests/data/hotich_2026Q1.csv").read_bytes(),
    "register.xlsx": (ROOT / "tests/data/register_2026Q1.xlsx").read_bytes(),
}
_ml = ml_header() + "".join(
    ml_row(*(ml_cell(v) for v in dossier_row(i)), ml_cell(str(i), "Number", 'ss:MergeAcross="1"'))
    for i in range(5)
)
SEEDS["ml.xls"] = spreadsheet_ml(WORK / "seed_ml.xls", _ml).read_bytes()
_html = "".join(
    "<tr>" + "".join(f'<td colspan="1">{v}</td>' for v in dossier_row(i)) + "</tr>"
    for i in range(5)
)
SEEDS["html.xls"] = html_table(WORK / "seed_html.xls", _html).read_bytes()

_NUMBER_ATTR = re.compile(
    rb'((?:r|ref|ss:Index|ss:MergeAcross|ss:MergeDown|colspan|rowspan)="[A-Z]*)(\d+)'
)


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout


signal.signal(signal.SIGALRM, _alarm)


def huge_numbers(data: bytes, picks: list[int], value: int) -> bytes:
    """Some numeric XML/HTML attributes replaced by `value` (in a zip, inside its parts)."""

    def swap(text: bytes) -> bytes:
        hits = list(_NUMBER_ATTR.finditer(text))
        if not hits:
            return text
        chosen = {hits[p % len(hits)].start() for p in picks}
        return _NUMBER_ATTR.sub(
            lambda m: m.group(1) + str(value).encode() if m.start() in chosen else m.group(0),
            text,
        )

    if not data.startswith(b"PK"):
        return swap(data)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info)
            dst.writestr(info, swap(part) if info.filename.endswith(".xml") else part)
    return out.getvalue()


mutation = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0.0, 1.0)),
    st.tuples(
        st.just("flip"),
        st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=20),
    ),
    st.tuples(
        st.just("huge"),
        st.lists(st.integers(0, 10_000), min_size=1, max_size=5),
        st.sampled_from([0, 16_385, 1_048_577, 20_000, 900_000_000, 3_000_000_000, 10**30]),
    ),
)


def mutate(data: bytes, how) -> bytes:
    if how[0] == "truncate":
        return data[: int(len(data) * how[1])]
    if how[0] == "flip":
        buf = bytearray(data)
        for where, byte in how[1]:
            buf[min(int(where * len(buf)), len(buf) - 1)] = byte
        return bytes(buf)
    return huge_numbers(data, how[1], how[2])


def check(path: Path) -> None:
    """Read `path` as an export and as a workbook: a result or a clean refusal."""
    signal.alarm(TIME_CAP)
    try:
        try:
            read_batches([path], profile_from_rows(None), lambda text, fraction: None)
        except ImportAborted as exc:
            assert str(exc).strip(), "a refusal without a message"
        if path.suffix == ".xlsx":
            try:
                read_workbook(path)
            except WorkbookError as exc:
                assert str(exc).strip()
    finally:
        signal.alarm(0)


counter = iter(range(10**9))
common = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@common
@given(seed=st.sampled_from(sorted(SEEDS)), how=mutation)
def mutated_seed(seed: str, how) -> None:
    path = WORK / f"m{next(counter)}{Path(seed).suffix}"
    path.write_bytes(mutate(SEEDS[seed], how))
    try:
        check(path)
    finally:
        path.unlink(missing_ok=True)


header_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=30)


@common
@given(
    extra=st.lists(header_text, min_size=0, max_size=40),
    sep=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-16", "cp1258"]),
)
def random_headers(extra: list[str], sep: str, encoding: str) -> None:
    header = [*HEADER, *extra]
    rows = [dossier_row(i) + ["v"] * len(extra) for i in range(3)]
    text = "\r\n".join(
        sep.join(f'"{c.replace(chr(34), chr(34) * 2)}"' for c in r) for r in [header, *rows]
    )
    path = WORK / f"h{next(counter)}.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    try:
        check(path)
    finally:
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    mutated_seed()
    random_headers()
    print("fuzz ok")

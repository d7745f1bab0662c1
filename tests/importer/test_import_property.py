"""Property: any sequence of imports of overlapping exports, in any order and in any file
format, leaves exactly the union of the dossiers with the latest values; staff notes and
columns stay as they were; importing the same files again writes nothing.

"Latest" is the later import: files are applied in the order given (one command with
several files, or one command per file, alike), and a file's empty cell never erases a
value. The model below is that rule in a few lines of plain Python. Run longer with
IMPORT_EXAMPLES=500.
"""

import datetime as dt
import os
import random

import pandas as pd
import pytest
from helpers.imports import make_workbook, register_dicts, run, write_text, write_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tthc_xl.rules.register import COLUMNS
from tthc_xl.rules.sources import System

pytestmark = pytest.mark.slow  # a property search: the everyday loop skips it

IDS = [f"000.05.{i:05d}" for i in range(8)]
# field -> (spellings a system may use, values it may hold as (cell, parsed))
FIELDS = {
    "status": (
        ["Trạng thái", "TRANG THAI", "TrangThaiHoSo", "Tình trạng hồ sơ"],
        [("Đang xử lý", 4), ("4", 4), ("da xu ly xong", 9), ("10", 10), ("Yêu cầu bổ sung", 5)],
    ),
    "channel": (
        ["Kênh nộp", "KenhThucHien", "HÌNH THỨC NỘP"],
        [("Trực tuyến", 2), ("2", 2), ("Trực tiếp", 1), ("3", 3), ("buu chinh cong ich", 3)],
    ),
    "received_at": (
        ["Ngày tiếp nhận", "NgayTiepNhan", "NGAY NHAN"],
        [
            ("05/01/2026 08:30", dt.datetime(2026, 1, 5, 8, 30)),
            ("2026-01-06 14:00", dt.datetime(2026, 1, 6, 14)),
            ("46030.625", dt.datetime(2026, 1, 8, 15)),
            ("09-01-2026 10:15:00", dt.datetime(2026, 1, 9, 10, 15)),
        ],
    ),
    "finished_at": (
        ["Ngày có kết quả", "NgayKetThucXuLy", "Ngày hoàn thành"],
        [
            ("02/02/2026 16:00", dt.datetime(2026, 2, 2, 16)),
            ("46058.5", dt.datetime(2026, 2, 5, 12)),
            ("10.02.2026 09:00", dt.datetime(2026, 2, 10, 9)),
        ],
    ),
    "applicant": (
        ["Chủ hồ sơ", "Người nộp", "NGUOI NOP"],
        [("Nguyễn Văn An", "Nguyễn Văn An"), ("Trần Thị Bình", "Trần Thị Bình"), ("Lê C", "Lê C")],
    ),
    "procedure_code": (
        ["Mã TTHC", "MaTTHC", "Mã thủ tục"],
        [("1.004873", "1.004873"), ("1.00487", "1.004870"), ("2.000635", "2.000635")],
    ),
    "Cán bộ xử lý": (["Cán bộ xử lý"], [("Hùng", "Hùng"), ("Lan", "Lan")]),  # unknown column
}
ID_SPELLINGS = ["Mã hồ sơ", "MaHoSo", "SỐ HỒ SƠ", "Ma ho so"]
BLANK = {"status": 0, "channel": 1, "received_at": None, "finished_at": None}

export = st.fixed_dictionaries(
    {
        "ids": st.lists(st.sampled_from(IDS), min_size=1, max_size=6, unique=True),
        # a table needs Mã hồ sơ and one more register column to be recognised as one
        "fields": st.lists(
            st.sampled_from(sorted(f for f in FIELDS if f != "Cán bộ xử lý")),
            min_size=1,
            max_size=6,
            unique=True,
        ),
        "unknown_column": st.booleans(),
        "format": st.sampled_from(["xlsx", "csv-utf8-bom", "tsv-utf16", "csv-cp1258"]),
        "seed": st.integers(0, 10**6),
    }
)


def write_export(path_base, spec, number):
    """One export file; returns the {id: {field: parsed value}} it carries."""
    rng = random.Random(spec["seed"])
    fields = list(spec["fields"]) + (["Cán bộ xử lý"] if spec["unknown_column"] else [])
    columns = ["dossier_id", *fields]
    rng.shuffle(columns)
    header = [rng.choice(ID_SPELLINGS if c == "dossier_id" else FIELDS[c][0]) for c in columns]
    rows, carried = [header], {}
    for dossier in spec["ids"]:
        carried[dossier] = {}
        row = []
        for column in columns:
            if column == "dossier_id":
                row.append(dossier)
                continue
            if rng.random() < 0.3:
                row.append(None)  # an empty cell
                continue
            cell, parsed = rng.choice(FIELDS[column][1])
            row.append(cell)
            carried[dossier][column] = parsed
        rows.append(row)
    fmt = spec["format"]
    if fmt == "xlsx":
        title = [["SỔ THEO DÕI HỒ SƠ"], [f"Xuất lần {number}"], []]
        path = write_xlsx(path_base.with_suffix(".xlsx"), title + rows)
    elif fmt == "csv-utf8-bom":
        path = write_text(path_base.with_suffix(".csv"), rows, delimiter=";", bom=True)
    elif fmt == "tsv-utf16":
        path = write_text(
            path_base.with_suffix(".txt"), rows, encoding="utf-16-le", delimiter="\t", bom=True
        )
    else:
        path = write_text(path_base.with_suffix(".csv"), rows, encoding="cp1258", delimiter=",")
    return path, carried


def register_with_notes(path):
    headers = [c.header for c in COLUMNS] + ["Việc cần làm"]
    keys = [c.key for c in COLUMNS]

    def row(dossier, note, todo, status):
        cells = dict.fromkeys(keys)
        cells.update(dossier_id=dossier, note=note, status=status)
        return [cells[k] for k in keys] + [todo]

    return make_workbook(
        path,
        [
            headers,
            row(IDS[0], "ghi chú 0", "gọi điện", "Đang xử lý"),
            row(IDS[3], "ghi chú 3", "", None),
        ],
    )


@settings(
    max_examples=int(os.environ.get("IMPORT_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(exports=st.lists(export, min_size=1, max_size=4), one_call=st.booleans())
def test_any_sequence_of_imports_gives_the_union_with_the_latest_values(
    tmp_path_factory, exports, one_call
):
    folder = tmp_path_factory.mktemp("p")
    book = register_with_notes(folder / "So.xlsx")
    model = {IDS[0]: {"status": 4}, IDS[3]: {}}
    files = []
    for number, spec in enumerate(exports):
        path, carried = write_export(folder / f"xuat_{number}", spec, number)
        files.append(path)
        for dossier, values in carried.items():
            model.setdefault(dossier, {}).update(values)  # later import wins; blanks don't
    # one source named by the clerk: within one source the later import wins (a file
    # spelling the portal's field names would otherwise be the portal's, issue 19)
    if one_call:
        run(book, *files, source=System.OTHER)
    else:
        for path in files:
            run(book, path, source=System.OTHER)

    reg = register_dicts(book)
    assert list(reg) == [IDS[0], IDS[3], *[d for d in model if d not in (IDS[0], IDS[3])]]
    for dossier, expected in model.items():
        got = reg[dossier]
        for field in FIELDS:
            want = expected.get(field, BLANK.get(field, ""))
            have = got.get(field, "")
            if isinstance(want, dt.datetime) or want is None:
                have = None if pd.isna(have) else have.to_pydatetime()
            elif field == "Cán bộ xử lý" and (have is None or pd.isna(have)):
                have = ""
            assert have == want, (dossier, field)
    assert (reg[IDS[0]]["note"], reg[IDS[0]]["Việc cần làm"]) == ("ghi chú 0", "gọi điện")
    assert reg[IDS[3]]["note"] == "ghi chú 3"

    before = book.read_bytes()
    again = run(book, *files, source=System.OTHER)
    assert not again.written and again.changes == []
    assert book.read_bytes() == before

"""The BaoCao charts: their figures, their data block, and that they survive every save.

Figures are worked by hand from the dossiers; charts are read back from the saved file's
XML parts (zipfile), never from openpyxl's objects.
"""

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers.excel import make_macro_workbook, remote_book
from helpers.registers import engine_of
from openpyxl.chart import BarChart, Reference

from tthc_xl.book.filebook import FileBook, lossy_parts
from tthc_xl.book.xlbook import XlwingsBook
from tthc_xl.cli import cli
from tthc_xl.demo import generate
from tthc_xl.report.chartdata import chart_blocks, write_chart_data
from tthc_xl.report.pictures import chart_pictures

DATA = Path(__file__).resolve().parents[1] / "data"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

# Q1 2026: Mon 05/01 online, Thu 08/01 direct, Thu 12/02 online, Tue 31/03 postal,
# and one received in December (carried over: in no month, on no weekday).
DOSSIERS = (
    {"procedure_code": "1.001193", "received_at": "05/01/2026 08:00", "channel": 2},
    {"procedure_code": "1.001193", "received_at": "08/01/2026 09:00", "channel": 1},
    {"procedure_code": "1.001193", "received_at": "12/02/2026 10:00", "channel": 2},
    {"procedure_code": "1.001193", "received_at": "31/03/2026 14:00", "channel": 3},
    {"procedure_code": "1.001193", "received_at": "30/12/2025 08:00", "channel": 2},
)


def test_months_and_weekdays_count_new_dossiers_where_they_were_received():
    engine = engine_of(*DOSSIERS)
    blocks = {b.key: b for b in chart_blocks(engine.evaluate("2026-Q1"))}
    assert blocks["months"].rows == [
        ["Tháng 1", 1, 1, 0, 0.5, 0.95],
        ["Tháng 2", 1, 0, 0, 1.0, 0.95],
        ["Tháng 3", 0, 0, 1, 0.0, 0.95],
    ]
    assert blocks["weekdays"].rows == [
        ["Thứ Hai", 1],
        ["Thứ Ba", 1],
        ["Thứ Tư", 0],
        ["Thứ Năm", 2],
        ["Thứ Sáu", 0],
        ["Thứ Bảy", 0],
        ["Chủ nhật", 0],
    ]
    (field,) = blocks["fields"].rows
    assert field[0] == "Hộ tịch" and sum(field[1:]) == 5  # four new and one carried over


def test_a_year_has_twelve_months_and_a_month_with_no_dossier_has_no_rate():
    engine = engine_of(*DOSSIERS)
    months = {b.key: b for b in chart_blocks(engine.evaluate("2026"))}["months"].rows
    assert [r[0] for r in months] == [f"Tháng {m}" for m in range(1, 13)]
    assert months[3] == ["Tháng 4", 0, 0, 0, None, 0.95]


# ------------------------------------------------------------------ saved charts


def charts_in(path: Path) -> dict[str, dict]:
    """Title -> {anchor cell, the ranges it reads} of every chart in the file, from the XML."""
    out: dict[str, dict] = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not re.fullmatch(r"xl/charts/chart\d+\.xml", name):
                continue
            root = ET.fromstring(z.read(name))
            title = "".join(t.text or "" for t in root.find(f"{C}chart/{C}title").iter(f"{A}t"))
            refs = [f.text for f in root.iter(f"{C}f")]
            out[title] = {"refs": refs, "part": name}
    return out


def report(path: Path, period: str = "2026-Q1") -> Path:
    """What the report does to the chart block: write it through the Book and save."""
    from tthc_xl.report.refresh import read_data
    from tthc_xl.rules.engine import Engine

    book = FileBook(path)
    result = Engine.from_workbook(read_data(book)).evaluate(period)
    write_chart_data(book, chart_blocks(result))
    return book.save()


@pytest.fixture
def workbook(tmp_path):
    return make_macro_workbook(tmp_path / "TTHC_Q.xlsm", generate().iloc[::10].reset_index())


MONTH_REFS = [
    "BaoCao!$U$4",
    "BaoCao!$T$5:$T$7",
    "'BaoCao'!$U$5:$U$7",
]


def test_charts_survive_report_refresh_import_report(workbook):
    assert report(workbook) == workbook
    first = charts_in(workbook)
    assert set(first) == {
        "Hồ sơ tiếp nhận theo tháng và tỷ lệ trực tuyến",
        "Kết quả giải quyết theo lĩnh vực",
        "Hồ sơ tiếp nhận theo ngày trong tuần",
    }
    months = first["Hồ sơ tiếp nhận theo tháng và tỷ lệ trực tuyến"]["refs"]
    assert months[:3] == MONTH_REFS  # Q1: three month rows under the header in row 4
    assert "BaoCao!$Y$4" in months and "'BaoCao'!$Y$5:$Y$7" in months  # the 95% target line
    weekdays = first["Hồ sơ tiếp nhận theo ngày trong tuần"]["refs"]
    assert weekdays == ["BaoCao!$U$32", "BaoCao!$T$33:$T$39", "'BaoCao'!$U$33:$U$39"]
    assert lossy_parts(workbook) == []

    runner = CliRunner()
    refreshed = runner.invoke(cli, ["refresh", str(workbook), "-p", "2026-Q1"])
    assert refreshed.exit_code == 0, refreshed.output
    imported = runner.invoke(cli, ["import", str(workbook), str(DATA / "motcua_2026Q1.xlsx")])
    assert imported.exit_code == 0, imported.output
    assert report(workbook) == workbook
    again = charts_in(workbook)
    assert {t: c["refs"] for t, c in again.items()} == {t: c["refs"] for t, c in first.items()}
    wb = openpyxl.load_workbook(workbook)
    assert wb["BaoCao"]["T5"].value == "Tháng 1" and wb["BaoCao"]["T8"].value is None


def test_a_chart_someone_else_added_still_protects_the_workbook(workbook, tmp_path):
    report(workbook)
    wb = openpyxl.load_workbook(workbook, keep_vba=True)
    ws = wb["BaoCao"]
    extra = BarChart()
    extra.title = "Biểu đồ của cán bộ"
    extra.add_data(Reference(ws, min_col=21, min_row=4, max_row=7), titles_from_data=True)
    ws.add_chart(extra, "A40")
    wb.save(workbook)
    assert "biểu đồ" in lossy_parts(workbook)
    result = CliRunner().invoke(cli, ["refresh", str(workbook), "-p", "2026-Q1"])
    assert result.exit_code == 3


def test_our_chart_moved_elsewhere_is_no_longer_ours(workbook):
    report(workbook)
    wb = openpyxl.load_workbook(workbook, keep_vba=True)
    wb["BaoCao"]._charts[0].anchor._from.row = 60  # dragged by hand to row 61
    wb.save(workbook)
    assert "biểu đồ" in lossy_parts(workbook)


def test_a_period_change_resizes_the_ranges_and_clears_old_rows(workbook):
    report(workbook, "2026")
    refs = charts_in(workbook)["Hồ sơ tiếp nhận theo tháng và tỷ lệ trực tuyến"]["refs"]
    assert "BaoCao!$T$5:$T$16" in refs
    report(workbook, "2026-02")
    refs = charts_in(workbook)["Hồ sơ tiếp nhận theo tháng và tỷ lệ trực tuyến"]["refs"]
    assert "BaoCao!$T$5:$T$5" in refs
    ws = openpyxl.load_workbook(workbook)["BaoCao"]
    assert ws["T5"].value == "Tháng 2" and ws["T6"].value is None and ws["U16"].value is None


# ------------------------------------------------------------------ Excel (remote Book)


def _blocks():
    return chart_blocks(engine_of(*DOSSIERS).evaluate("2026-Q1"))


def test_excel_book_adds_the_charts_once_over_the_block():
    book = remote_book({"BaoCao": [["BÁO CÁO"]]}, charts={})
    write_chart_data(XlwingsBook(book), _blocks())
    added = [a["args"] for a in book.json()["actions"] if a["func"] == "addChart"]
    assert [(a[0], a[2], a[3], a[9]) for a in added] == [
        ("Hồ sơ tiếp nhận theo tháng và tỷ lệ trực tuyến", "BaoCao", "$T$4:$W$7", "$H$3"),
        ("Kết quả giải quyết theo lĩnh vực", "BaoCao", "$T$18:$X$19", "$H$18"),
        ("Hồ sơ tiếp nhận theo ngày trong tuần", "BaoCao", "$T$32:$U$39", "$H$33"),
    ]


def test_excel_book_leaves_existing_charts_and_writes_the_same_cells_every_time():
    existing = [
        {
            "name": n,
            "chart_type": "ColumnStacked",
            "left": 300,
            "top": 20,
            "width": 450,
            "height": 200,
        }
        for n in ("Chart 1", "Chart 2", "Chart 3")
    ]
    writes = []
    for _ in range(2):  # report, then report again
        book = remote_book({"BaoCao": [["BÁO CÁO"]]}, charts={"BaoCao": existing})
        write_chart_data(XlwingsBook(book), _blocks())
        actions = book.json()["actions"]
        assert not [a for a in actions if "Chart" in a["func"] or a["func"] == "addChart"]
        writes.append(
            [
                (a["func"], a["start_row"], a["start_column"], a["row_count"], a["column_count"])
                for a in actions
            ]
        )
    assert writes[0] == writes[1]
    # the block: title at T2 (0-based column 19), month table rows 4..16
    assert ("setValues", 1, 19, 1, 1) in writes[0]
    assert ("setValues", 4, 19, 12, 6) in writes[0]


def test_pictures_are_pngs_of_each_chart():
    pictures = chart_pictures(_blocks())
    assert set(pictures) == {"months", "fields", "weekdays"}
    assert all(p.startswith(b"\x89PNG") for p in pictures.values())

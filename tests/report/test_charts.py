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
from helpers import office
from helpers.excel import make_macro_workbook, remote_book
from helpers.registers import engine_of
from helpers.shared import demo_quarter
from openpyxl.chart import BarChart, Reference

from tthc_xl.book.filebook import FileBook, lossy_parts
from tthc_xl.book.xlbook import XlwingsBook
from tthc_xl.cli import cli
from tthc_xl.report.chartdata import chart_blocks, write_chart_data
from tthc_xl.report.pictures import chart_pictures

DATA = Path(__file__).resolve().parents[1] / "data"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

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
    anchors: dict[str, str] = {}  # chart part -> the cell its drawing anchors it to
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not re.fullmatch(r"xl/drawings/drawing\d+\.xml", name):
                continue
            rels = ET.fromstring(z.read(f"xl/drawings/_rels/{name.split('/')[-1]}.rels"))
            targets = {r.get("Id"): r.get("Target") for r in rels}
            for anchor in ET.fromstring(z.read(name)):
                ref = anchor.find(f".//{C}chart")
                start = anchor.find(f"{XDR}from")
                if ref is None or start is None:
                    continue
                col = int(start.findtext(f"{XDR}col"))
                row = int(start.findtext(f"{XDR}row"))
                part = "xl/" + targets[ref.get(f"{R}id")].split("../")[-1].lstrip("/")
                anchors[part.replace("xl/xl/", "xl/")] = f"{chr(65 + col)}{row + 1}"
        out: dict[str, dict] = {}
        for name in z.namelist():
            if not re.fullmatch(r"xl/charts/chart\d+\.xml", name):
                continue
            root = ET.fromstring(z.read(name))
            title = "".join(t.text or "" for t in root.find(f"{C}chart/{C}title").iter(f"{A}t"))
            refs = [f.text for f in root.iter(f"{C}f")]
            out[title] = {"refs": refs, "anchor": anchors.get(name)}
    return out


def report(path: Path, period: str = "2026-Q1") -> Path:
    """Only what the report does to the chart block: write it through the Book and save."""
    from tthc_xl.report.refresh import read_data
    from tthc_xl.rules.engine import Engine

    book = FileBook(path)
    result = Engine.from_workbook(read_data(book)).evaluate(period)
    write_chart_data(book, chart_blocks(result))
    return book.save()


def captions(path: Path) -> dict[str, int]:
    """Chart title -> the BaoCao row under its printed caption ("Biểu đồ n. <title>")."""
    ws = openpyxl.load_workbook(path)["BaoCao"]
    out = {}
    for row in range(1, ws.max_row + 1):
        text = ws.cell(row=row, column=1).value
        if isinstance(text, str) and re.match(r"Biểu đồ \d\. ", text):
            out[text.split(". ", 1)[1]] = row + 1
    return out


@pytest.fixture
def workbook(tmp_path):
    return make_macro_workbook(tmp_path / "TTHC_Q.xlsm", demo_quarter().iloc[::10].reset_index())


TITLES = {
    "Hồ sơ tiếp nhận theo tháng và tỷ lệ trực tuyến",
    "Kết quả giải quyết theo lĩnh vực",
    "Hồ sơ tiếp nhận theo ngày trong tuần",
}
MONTHS_TITLE = "Hồ sơ tiếp nhận theo tháng và tỷ lệ trực tuyến"
# the block: title T2, chart rows T3, month table header T4 and 12 rows 5..16, a blank row,
# field table header T18 and rows 19..30, a blank row, weekday header T32 and rows 33..39
MONTH_REFS = ["BaoCao!$U$4", "BaoCao!$T$5:$T$7", "'BaoCao'!$U$5:$U$7"]
WEEKDAY_REFS = ["BaoCao!$U$32", "BaoCao!$T$33:$T$39", "'BaoCao'!$U$33:$U$39"]


def cli_ok(*args) -> None:
    result = CliRunner().invoke(cli, [*map(str, args)])
    assert result.exit_code == 0, result.output


def test_charts_stand_under_their_captions_and_survive_refresh_import_report(workbook):
    cli_ok("report", workbook, "-p", "2026-Q1")
    first = charts_in(workbook)
    assert set(first) == TITLES
    months = first[MONTHS_TITLE]["refs"]
    assert months[:3] == MONTH_REFS  # Q1: three month rows under the header in row 4
    assert "BaoCao!$Y$4" in months and "'BaoCao'!$Y$5:$Y$7" in months  # the 95% target line
    assert first["Hồ sơ tiếp nhận theo ngày trong tuần"]["refs"] == WEEKDAY_REFS
    # each chart in column A of the printed area, right under its caption
    under = captions(workbook)
    assert {t: c["anchor"] for t, c in first.items()} == {t: f"A{r}" for t, r in under.items()}
    assert lossy_parts(workbook) == []

    cli_ok("refresh", workbook, "-p", "2026-Q1")
    assert charts_in(workbook) == first  # same place, same ranges: refresh writes no report
    cli_ok("import", workbook, DATA / "motcua_2026Q1.xlsx")
    assert charts_in(workbook) == first
    assert lossy_parts(workbook) == []

    cli_ok("report", workbook, "-p", "2026-Q1")
    again = charts_in(workbook)
    assert set(again) == TITLES
    assert again[MONTHS_TITLE]["refs"] == months
    assert again["Hồ sơ tiếp nhận theo ngày trong tuần"]["refs"] == WEEKDAY_REFS
    under = captions(workbook)
    assert {t: c["anchor"] for t, c in again.items()} == {t: f"A{r}" for t, r in under.items()}
    ws = openpyxl.load_workbook(workbook)["BaoCao"]
    assert ws["T5"].value == "Tháng 1" and ws["T8"].value is None
    n_fields = sum(1 for r in range(19, 31) if ws.cell(row=r, column=20).value)
    assert n_fields >= 2  # the import brought fields of its own
    fields_refs = again["Kết quả giải quyết theo lĩnh vực"]["refs"]
    assert fields_refs[1] == f"BaoCao!$T$19:$T${18 + n_fields}"
    # the block (column T on) is outside the printed columns A..G
    assert re.fullmatch(r"'BaoCao'!\$A\$1:\$G\$\d+", ws.print_area)


def test_a_months_chart_counts_from_zero_on_the_printed_page(workbook, soffice, tmp_path):
    """One month is one bar: an axis fitted to it read 1089,6..1090,2 (in the PC's decimal
    mark). Every count axis starts at 0, so its labels are whole counts."""
    cli_ok("report", workbook, "-p", "2026-03", "--pdf", tmp_path / "m.pdf")
    with zipfile.ZipFile(workbook) as z:
        charts = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        for name in charts:
            root = ET.fromstring(z.read(name))
            counts = [  # the value axes that are not the rate's (0%..100%)
                ax
                for ax in root.iter(f"{C}valAx")
                if "%" not in getattr(ax.find(f"{C}numFmt"), "attrib", {}).get("formatCode", "")
            ]
            assert counts and all(
                ax.find(f"{C}scaling/{C}min") is not None
                and float(ax.find(f"{C}scaling/{C}min").get("val")) == 0
                for ax in counts
            ), name
    text = office.pdf_text(tmp_path / "m.pdf")
    assert not re.search(r"\b\d+[.,]\d\b", text.split("Biểu đồ 1.")[1].split("Biểu đồ 2.")[0])


def test_a_chart_someone_else_added_on_baocao_sends_only_a_report_to_a_new_file(workbook):
    cli_ok("report", workbook, "-p", "2026-Q1")
    wb = openpyxl.load_workbook(workbook, keep_vba=True)
    ws = wb["BaoCao"]
    extra = BarChart()
    extra.title = "Biểu đồ của cán bộ"
    extra.add_data(Reference(ws, min_col=21, min_row=4, max_row=7), titles_from_data=True)
    ws.add_chart(extra, "A40")
    wb.save(workbook)
    assert any("biểu đồ" in found and "BaoCao" in found for found in lossy_parts(workbook))
    before = workbook.read_bytes()
    # refresh does not redraw BaoCao: it writes in place, her chart kept as it was
    result = CliRunner().invoke(cli, ["refresh", str(workbook), "-p", "2026-Q1"])
    assert result.exit_code == 0, result.output
    assert "Biểu đồ của cán bộ" in str(charts_in(workbook))
    # report redraws BaoCao and would lose it: the original is kept, the result elsewhere
    before = workbook.read_bytes()
    result = CliRunner().invoke(cli, ["report", str(workbook), "-p", "2026-Q1"])
    assert result.exit_code == 3
    assert "BaoCao" in result.stderr and "tệp mới" in result.stderr
    assert workbook.read_bytes() == before


def test_our_chart_moved_elsewhere_is_no_longer_ours(workbook):
    report(workbook)
    wb = openpyxl.load_workbook(workbook, keep_vba=True)
    wb["BaoCao"]._charts[0].anchor._from.row = 60  # dragged by hand to row 61
    wb.save(workbook)
    assert any("biểu đồ" in found for found in lossy_parts(workbook))


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


@pytest.fixture
def excel_sheets(workbook):
    """The sheets of a real workbook file as Excel would send them, BaoCao still empty."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(workbook))
    rows = {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}
    rows["KPI"] = [[], [], ["Kỳ báo cáo", "2026-Q1"]]
    rows.setdefault("BaoCao", [[""]])
    return rows


def _chart_actions(book) -> list[dict]:
    return [a for a in book.json()["actions"] if "chart" in a["func"].lower()]


def _baocao_writes(book) -> list[tuple]:
    position = [s.name for s in book.sheets].index("BaoCao")
    return [
        (a["start_row"], a["start_column"], a["values"])
        for a in book.json()["actions"]
        if a["func"] == "setValues" and a["sheet_position"] == position
    ]


def test_excel_book_keeps_the_charts_through_report_refresh_import_report(
    excel_sheets, monkeypatch
):
    from tthc_xl.excel import macros

    book = remote_book(excel_sheets, charts={})
    macros.build_report(book)
    added = [a["args"] for a in _chart_actions(book) if a["func"] == "addChart"]
    assert len(added) == 3
    assert {a["func"] for a in _chart_actions(book)} == {"addChart", "setChartTitle"}
    # name, sheet, the table's header and filled rows, the anchor cell under the caption
    writes = _baocao_writes(book)
    caption_rows = {}  # 0-based row of each caption -> chart title
    for top, col, values in writes:
        for i, row in enumerate(values):
            text = row[0] if col == 0 and row else None
            if isinstance(text, str) and re.match(r"Biểu đồ \d\. ", text):
                caption_rows[top + i] = text.split(". ", 1)[1]
    anchors = {title: f"$A${row + 2}" for row, title in caption_rows.items()}  # 1-based, next row
    assert [(a[0], a[2], a[3], a[9]) for a in added] == [
        (MONTHS_TITLE, "BaoCao", "$T$4:$W$7", anchors[MONTHS_TITLE]),
        (
            "Kết quả giải quyết theo lĩnh vực",
            "BaoCao",
            added[1][3],
            anchors["Kết quả giải quyết theo lĩnh vực"],
        ),
        (
            "Hồ sơ tiếp nhận theo ngày trong tuần",
            "BaoCao",
            "$T$32:$U$39",
            anchors["Hồ sơ tiếp nhận theo ngày trong tuần"],
        ),
    ]
    assert re.fullmatch(r"\$T\$18:\$X\$(19|2\d|30)", added[1][3])
    # the chart rows go into the block (T3), where a file save would read them
    (anchor_row,) = [v for r, c, v in writes if (r, c) == (2, 19)]
    assert anchor_row[0][1:] == [
        int(anchors[t].split("$")[-1])
        for t in (
            MONTHS_TITLE,
            "Kết quả giải quyết theo lĩnh vực",
            "Hồ sơ tiếp nhận theo ngày trong tuần",
        )
    ]
    block = [w for w in writes if w[1] == 19]

    # Excel now reports our three charts; refresh and import leave them alone
    ours = [
        {
            "name": a[0],
            "chart_type": "ColumnStacked",
            "left": 0,
            "top": 300,
            "width": 440,
            "height": 215,
        }
        for a in added
    ]
    book = remote_book(excel_sheets, charts={"BaoCao": ours})
    macros.refresh(book)
    assert _chart_actions(book) == [] and not [w for w in _baocao_writes(book) if w[1] >= 19]
    book = remote_book(excel_sheets, charts={"BaoCao": ours})
    monkeypatch.setattr(macros, "ask_import_files", lambda b: [str(DATA / "motcua_2026Q1.xlsx")])
    macros.import_files(book)
    assert _chart_actions(book) == [] and not [w for w in _baocao_writes(book) if w[1] >= 19]
    # report again: no second set of charts, the same block in the same cells
    book = remote_book(excel_sheets, charts={"BaoCao": ours})
    macros.build_report(book)
    assert _chart_actions(book) == []
    assert [w for w in _baocao_writes(book) if w[1] == 19] == block


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

"""`tthc-xl city`: a folder of commune workbooks, ranked; each row is `tthc-xl kpi`."""

import json
import shutil
import zipfile
from dataclasses import replace

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner
from helpers.communes import register, specs, write_commune
from helpers.office import is_a4, pdf_page_sizes, pdf_text

from tthc_xl.cli import cli

NOW = "2026-04-10T08:00"
PERIOD = "2026-Q1"
# two communes with the same register: every figure ties, so the name decides (A before Y)
TWIN_FIRST = "Ủy ban nhân dân xã An Lạc"
TWIN_SECOND = "Ủy ban nhân dân xã Yên Lạc"


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env={"TTHC_XL_NOW": NOW, **(env or {})})


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Four generated communes, twins, one named by its file, a copy of a commune, a broken
    workbook, a foreign workbook and a note that is not Excel."""
    root = tmp_path_factory.mktemp("communes")
    plans = specs(4, dossiers=150)
    for spec in plans:
        write_commune(root / spec.file, register(spec), spec.name)
    twin = register(replace(plans[0], seed=4242))
    write_commune(root / "z_an_lac.xlsx", twin, TWIN_FIRST)  # file name sorts last
    write_commune(root / "a_yen_lac.xlsx", twin, TWIN_SECOND)
    write_commune(root / "Xa_Khong_Ten.xlsx", register(plans[1]), "")
    shutil.copy2(root / plans[2].file, root / "zz_ban_sao.xlsx")  # same time: the first kept
    (root / "hong.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    foreign = openpyxl.Workbook()
    foreign.active.title = "LuongThang"
    foreign.active.append(["Họ tên", "Lương"])
    foreign.active.append(["Nguyễn Văn An", 7_000_000])
    foreign.save(root / "bang_luong.xlsx")
    (root / "ghi_chu.txt").write_text("nộp trước ngày 5", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def city(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "XepHang.xlsx"
    db = out.with_suffix(".duckdb")
    result = run("city", str(folder), "-o", str(out), "--period", PERIOD, "--db", str(db), "--json")
    assert result.exit_code == 1, result.output  # partial: four files not ranked
    return json.loads(result.stdout), out, db, result.stderr


def test_each_commune_row_is_kpi_of_its_workbook(city, folder):
    data, *_ = city
    assert len(data["communes"]) == 7  # 4 + 2 twins + the one named by its file
    for row in data["communes"]:
        kpi = run("kpi", str(folder / row["file"]), "--period", PERIOD, "--json")
        assert kpi.exit_code == 0, kpi.output
        expected = json.loads(kpi.stdout)
        del expected["by_field"]
        assert row["kpi"] == expected, row["file"]


def test_ranking_follows_the_stated_rule(city):
    data, *_ = city
    rows = data["communes"]
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))

    def key(r):
        k = r["kpi"]
        pts = sum(v or 0 for v in k["index766"].values())  # every group the register computes
        return (
            -round(pts, 6),
            -round(k["index766"]["progress"], 6),
            -round(k["rates"]["on_time_or_early_rate"], 6),
            -k["counts"]["total"],
        )

    assert [key(r) for r in rows] == sorted(key(r) for r in rows)
    names = [r["name"] for r in rows]
    first, second = names.index(TWIN_FIRST), names.index(TWIN_SECOND)
    assert rows[first]["kpi"] == rows[second]["kpi"]  # a true tie on every figure
    assert second == first + 1  # broken by the unit name, A before Y, not by the file name


def test_commune_without_unit_name_is_named_by_its_file(city):
    data, *_ = city
    assert "Xa_Khong_Ten" in [r["name"] for r in data["communes"]]


def test_bad_files_are_listed_with_a_reason_and_the_rest_runs(city):
    data, _, _, stderr = city
    reasons = {f["file"]: f["reason"] for f in data["failures"]}
    assert set(reasons) == {"hong.xlsx", "bang_luong.xlsx", "ghi_chu.txt", "zz_ban_sao.xlsx"}
    assert "tệp hỏng" in reasons["hong.xlsx"]
    assert "HoSo" in reasons["bang_luong.xlsx"]
    assert "không phải tệp excel" in reasons["ghi_chu.txt"].lower()
    assert "Trùng đơn vị" in reasons["zz_ban_sao.xlsx"]
    for file in reasons:
        assert file in stderr


def test_duckdb_keeps_every_dossier_with_the_engine_outcome(city, folder):
    data, _, db, _ = city
    with duckdb.connect(str(db), read_only=True) as con:
        n = con.execute("SELECT count(*) FROM dossiers").fetchone()[0]
        late = con.execute(
            "SELECT c.file, count(*) FROM dossiers d JOIN communes c USING (commune_id) "
            "WHERE outcome = 3 GROUP BY c.file"
        ).fetchall()
    rows = {
        f: openpyxl.load_workbook(folder / f, read_only=True)["HoSo"].max_row - 1
        for f in (r["file"] for r in data["communes"])
    }
    assert n == sum(rows.values())
    by_file = {r["file"]: r["kpi"]["counts"]["late"] for r in data["communes"]}
    assert dict(late) == {f: c for f, c in by_file.items() if c}


def test_late_sheet_lists_every_late_dossier_by_rank(city):
    """QuaHan (streamed into the saved file) holds the late and pending-overdue dossiers
    DuckDB keeps, commune by commune in rank order, dates as dates."""
    data, out, db, _ = city
    with duckdb.connect(str(db), read_only=True) as con:
        late = con.execute(
            "SELECT c.name, d.dossier_id, d.received_at, d.due_at FROM dossiers d "
            "JOIN communes c USING (commune_id) WHERE outcome IN (3, 5)"
        ).fetchall()
    rank = {r["name"]: r["rank"] for r in data["communes"]}
    ws = openpyxl.load_workbook(out)["QuaHan"]
    rows = [r for r in ws.iter_rows(min_row=5, max_col=9, values_only=True)]
    assert len(rows) == len(late) > 0
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert {(r[1], r[2], r[6], r[7]) for r in rows} == set(late)
    assert all(r[0] == rank[r[1]] for r in rows)
    assert {r[8] for r in rows} <= {"Quá hạn", "Đang giải quyết quá hạn"}
    assert ws.auto_filter.ref == f"A4:I{4 + len(late)}"


def test_ranking_workbook_has_table_charts_and_prints_on_a4(city, soffice):
    data, out, _, _ = city
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["XepHang", "BieuDo", "QuaHan", "TepLoi"]
    ws = wb["XepHang"]
    listed = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(5, 5 + 7)]
    assert [rank for rank, _ in listed] == [1, 2, 3, 4, 5, 6, 7]
    assert listed[0][1] == data["communes"][0]["name"]
    failed = [wb["TepLoi"].cell(r, 1).value for r in range(5, 9)]
    assert sorted(failed) == ["bang_luong.xlsx", "ghi_chu.txt", "hong.xlsx", "zz_ban_sao.xlsx"]
    with zipfile.ZipFile(out) as z:
        assert any(n.startswith("xl/charts/chart") for n in z.namelist())
    pdf = soffice(out, "pdf")
    assert all(is_a4(size) for size in pdf_page_sizes(pdf))
    text = pdf_text(pdf)
    assert "BẢNG XẾP HẠNG" in text and TWIN_FIRST in text
    assert "Tiến độ giải quyết (20)" in text  # the chart's legend
    assert "###" not in text


def test_a_folder_with_no_usable_workbook_exits_2(tmp_path):
    (tmp_path / "hong.xlsx").write_bytes(b"garbage")
    result = run("city", str(tmp_path), "-o", str(tmp_path / "x.xlsx"), "--period", PERIOD)
    assert result.exit_code == 2
    assert "hong.xlsx" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()
    missing = run("city", str(tmp_path / "khong_co"), "--period", PERIOD)
    assert missing.exit_code == 2 and "Không tìm thấy thư mục" in missing.stderr


def test_parquet_store_gives_the_same_view_as_memory(folder, tmp_path):
    """The province-scale path (dossier rows in Parquet files) changes storage, not figures."""
    import datetime as dt

    from tthc_xl.city.communes import read_commune
    from tthc_xl.city.view import assemble
    from tthc_xl.rules.period import parse_period

    period = parse_period(PERIOD)
    now = dt.datetime.fromisoformat(NOW)
    as_of = period.resolve_as_of(None, now)
    files = sorted(folder.glob("0*.xlsx"))
    items = [read_commune(f, period, None, None, now) for f in files]
    memory = assemble(items, period, as_of, folder)
    parquet = assemble(items, period, as_of, folder, parquet=tmp_path / "pq")
    # the Parquet files, read by DuckDB on its own, hold every row of the four HoSo sheets
    with duckdb.connect() as con:
        pq = tmp_path / "pq" / "*.parquet"
        (stored,) = con.execute(f"SELECT count(*) FROM read_parquet('{pq}')").fetchone()
    in_files = [openpyxl.load_workbook(f, read_only=True)["HoSo"].max_row - 1 for f in files]
    assert len(files) == 4 and stored == sum(in_files)
    assert [(r.rank, r.name, r.kpi) for r in parquet.rows] == [
        (r.rank, r.name, r.kpi) for r in memory.rows
    ]
    assert parquet.dossier_count == memory.dossier_count > 0
    assert parquet.late.equals(memory.late) and len(memory.late) > 0
    assert parquet.city_counts == memory.city_counts


def test_the_ranking_counts_read_2_918_under_english_us_settings(demo_run, tmp_path):
    """The city office's PC set to English (United States): the demo's 2.894 new dossiers
    print with a dot for thousands, never 2,894."""
    from pathlib import Path

    from helpers import office

    office.require("soffice", "pdftotext")
    (tmp_path / "in").mkdir()
    shutil.copy(demo_run.workbook, tmp_path / "in" / "A.xlsm")
    done = run("city", str(tmp_path / "in"), "-o", str(tmp_path / "XH.xlsx"), "-p", "2026-Q1")
    assert done.exit_code == 0, done.output
    profile = office.make_profile(tmp_path / "profile", locale="en-US")
    pdf = office.convert(Path(tmp_path / "XH.xlsx"), "pdf", tmp_path / "out", profile)
    row = next(ln for ln in pdf_text(pdf).splitlines() if "xã Mẫu" in ln)
    assert "2.894" in row and "2,894" not in row, row

"""`tthc-xl reconcile`: the portal's figures from the portal's own list, and exactly the
dossiers missing or late there (issue 19). Every figure worked by hand below."""

import json

import pytest
from click.testing import CliRunner
from helpers.imports import T, make_workbook, run, write_text, write_xlsx

from tthc_xl.cli import cli
from tthc_xl.rules.catalog import Catalog

# The one-stop system: five dossiers, all resolved early (due moments given).
#   D1 finished 03/03 10:00, due 04/03 17:00      D3 finished 10/03 10:00, due 12/03 17:00
#   D2 finished 03/03 11:00, due 05/03 09:00      D4 received 25/03, after the portal's
#                                                 list was taken: not judged
ONE_STOP = [
    ["Số hồ sơ", "Mã thủ tục", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả",
     "Hình thức nộp", "Trạng thái"],
    ["D1", "1.004873", "02/03/2026 08:00", "04/03/2026 17:00", "03/03/2026 10:00",
     "Trực tuyến", "Đã xử lý xong"],
    ["D2", "1.004873", "02/03/2026 09:00", "05/03/2026 09:00", "03/03/2026 11:00",
     "Trực tuyến", "Đã xử lý xong"],
    ["D3", "1.004873", "09/03/2026 08:00", "12/03/2026 17:00", "10/03/2026 10:00",
     "Trực tuyến", "Đã xử lý xong"],
    ["D4", "1.004873", "25/03/2026 08:00", "30/03/2026 08:00", "26/03/2026 10:00",
     "Trực tuyến", "Đã xử lý xong"],
]  # fmt: skip
# The portal's list, taken 20/03 (its last receipt: D5 at 18/03 10:00): D1's finish came
# late (06/03 10:00, after its due 04/03 17:00); D3 never synced; D5 only on the portal,
# a direct dossier resolved early.
PORTAL = [
    ["MaHoSo", "MaTTHC", "KenhThucHien", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy",
     "TrangThaiHoSo", "HinhThuc", "NgayHenTraCaNhan"],
    ["D1", "1.004873", 2, T(2026, 3, 2, 8), T(2026, 3, 4, 17), T(2026, 3, 6, 10), 9, 1,
     T(2026, 3, 2, 9)],
    ["D2", "1.004873", 2, T(2026, 3, 2, 9), T(2026, 3, 5, 9), T(2026, 3, 3, 11), 9, 1,
     T(2026, 3, 2, 9)],
    ["D5", "1.004873", 1, T(2026, 3, 18, 10), T(2026, 3, 23, 10), T(2026, 3, 19, 10), 9, 1,
     T(2026, 3, 18, 11)],
]  # fmt: skip


def reconcile_json(book):
    out = CliRunner().invoke(cli, ["reconcile", str(book), "--period", "2026-Q1", "--json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


@pytest.mark.parametrize("portal_first", [False, True])
def test_reconcile_gives_the_portals_figures_and_names_the_dossiers(tmp_path, portal_first):
    book = make_workbook(tmp_path / "So.xlsx")
    files = [
        write_text(tmp_path / "motcua.csv", ONE_STOP, delimiter=";"),
        write_xlsx(tmp_path / "cong.xlsx", PORTAL),
    ]
    if portal_first:
        files.reverse()
    for f in files:
        run(book, f)
    kpi = CliRunner().invoke(cli, ["kpi", str(book), "--period", "2026-Q1", "--json"])
    counts = json.loads(kpi.output)["counts"]
    assert (counts["total"], counts["early"], counts["late"]) == (5, 5, 0)

    got = reconcile_json(book)
    assert got["own"]["progress"] == pytest.approx(20.0)
    # The portal holds D1 (late there), D2, D5 (early): 20 × 2/3.
    assert got["portal"]["progress"] == pytest.approx(20 * 2 / 3)
    # Received in the period and judged: D1, D2, D3, D5 (D4 came after the list); the
    # portal holds three of them.
    assert got["portal"]["synced_share"] == pytest.approx(3 / 4)
    by_id = {d["dossier_id"]: d for d in got["dossiers"]}
    assert set(by_id) == {"D1", "D3", "D5"}
    assert by_id["D1"]["reasons"] == ["late_on_portal"] and by_id["D1"]["late_days"] == 2
    assert by_id["D1"]["register"]["outcome"] == "early"
    assert by_id["D1"]["portal"]["finished_at"] == "2026-03-06T10:00"
    assert by_id["D1"]["points"] == pytest.approx(20 / 3)
    assert by_id["D3"]["reasons"] == ["not_on_portal"] and by_id["D3"]["portal"] == {}
    # had the portal held D3 as early: 20 × 3/4 instead of 20 × 2/3
    assert by_id["D3"]["points"] == pytest.approx(20 * (3 / 4 - 2 / 3))
    assert by_id["D5"]["reasons"] == ["only_on_portal"]
    # HinhThuc (result delivery) never became the channel: D1, D2 stay online
    assert by_id["D1"]["register"]["channel"] == by_id["D1"]["portal"]["channel"] == "Trực tuyến"


def test_online_service_the_portals_way_with_its_own_part_a(tmp_path):
    from tthc_xl.rules.settings import PORTAL_PART_A_LABEL, Settings

    book = make_workbook(tmp_path / "So.xlsx", settings=Settings(portal={PORTAL_PART_A_LABEL: "0"}))
    run(book, write_text(tmp_path / "motcua.csv", ONE_STOP, delimiter=";"))
    run(book, write_xlsx(tmp_path / "cong.xlsx", PORTAL))
    got = reconcile_json(book)
    online = [p for p in Catalog.default().procedures.values() if p.online]
    assert len(online) == 9  # the default DanhMuc: nine procedures with an online service
    # A = 0 points (the portal's drill-down for a commune); B: one of the nine has an online
    # dossier on the portal: 4 × 1/9; C = online share on the portal (2 of 3) × synced
    # share (3/4) = 0.5: min(6, 6 × 0.5/0.5) = 6.
    assert got["portal"]["online_service"] == pytest.approx(0 + 4 / 9 + 6)


def test_reconcile_without_a_portal_list_says_so(tmp_path):
    book = make_workbook(tmp_path / "So.xlsx")
    run(book, write_text(tmp_path / "motcua.csv", ONE_STOP, delimiter=";"))
    out = CliRunner().invoke(cli, ["reconcile", str(book), "--period", "2026-Q1"])
    assert out.exit_code == 0
    assert "chưa nhập danh sách nào của Cổng DVCQG" in out.output
    assert reconcile_json(book)["portal"]["progress"] is None


def test_the_part_that_differs_is_named(tmp_path):
    from tthc_xl.rules.settings import PORTAL_PART_A_LABEL, Settings

    book = make_workbook(tmp_path / "So.xlsx", settings=Settings(portal={PORTAL_PART_A_LABEL: "0"}))
    run(book, write_text(tmp_path / "motcua.csv", ONE_STOP, delimiter=";"))
    run(book, write_xlsx(tmp_path / "cong.xlsx", PORTAL))
    got = reconcile_json(book)
    own, portal = got["own"]["online_service_parts"], got["portal"]["online_service_parts"]
    assert portal["catalog"] == 0 and own["catalog"] > 0  # the portal's part A, as typed
    assert own["online_rate"] == portal["online_rate"] == 6  # C full on both sides
    out = CliRunner().invoke(cli, ["refresh", str(book), "--period", "2026-Q1"])
    assert out.exit_code == 0, out.output
    from helpers.imports import sheet_rows

    summary = str(sheet_rows(book, "DoiSoat")[2][0])
    assert "khác ở phần A" in summary and "phần C" not in summary

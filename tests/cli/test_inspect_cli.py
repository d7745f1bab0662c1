"""`tthc-xl inspect`: how each file would be read, through the CLI, writing nothing."""

import openpyxl
from click.testing import CliRunner
from helpers import DATA
from helpers.imports import make_workbook, write_text, write_xlsx

from tthc_xl.cli import cli


def inspect(*args):
    return CliRunner().invoke(cli, ["inspect", *map(str, args)])


def column_line(output, letter):
    """The row of the column table for one file column letter, split into its cells."""
    for line in output.splitlines():
        if line.split()[:1] == [letter]:
            return line
    raise AssertionError(f"no line for column {letter}:\n{output}")


def test_provincial_layout_two_row_header_row_numbers_and_footer():
    path = DATA / "motcua_2026Q1.xlsx"
    before = path.read_bytes()
    result = inspect(path)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Sheet 'Sheet1': tiêu đề ở dòng 5–6 (tiêu đề hai tầng); 100 dòng dữ liệu." in out
    line = column_line(out, "F")
    assert "Ngày nhận" in line and "Ngày tiếp nhận" in line and "tên quen" in line
    assert "100%" in line
    assert "Bỏ qua cột số thứ tự: STT." in out
    assert "Bỏ qua 2 dòng cuối bảng (tổng cộng, ký tên)." in out
    assert "Kết luận: nhập được." in out
    assert path.read_bytes() == before


def test_civil_status_csv_and_portal_layouts():
    result = inspect(DATA / "hotich_2026Q1.csv", DATA / "dvcqg_2026Q1.xlsx")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "== hotich_2026Q1.csv" in out and "== dvcqg_2026Q1.xlsx" in out
    assert "phân cách ';'" in out
    assert "Nộp trực tuyến" in column_line(out, "H")
    portal = out.split("== dvcqg_2026Q1.xlsx")[1]
    assert "NgayKetThucXuLy" in column_line(portal, "K")
    assert "Ngày có kết quả" in column_line(portal, "K")
    assert out.count("Kết luận: nhập được.") == 2


def test_meaning_and_anhxacot_rules_are_shown(tmp_path):
    rows = [
        ["Số biên nhận", "Mã TT", "Ngày giờ\ntiếp nhận", "Cột nội bộ", "TT xử lý"],
        ["B1", "1.004873", "10/03/2026 09:00", "x", "Đang xử lý"],
        ["B2", "1.004873", "31/02/2026 09:00", "y", "Đang xử lý"],
    ]
    export = write_xlsx(tmp_path / "moi.xlsx", rows)
    result = inspect(export)
    assert result.exit_code == 0, result.output
    line = column_line(result.output, "C")
    assert "Ngày tiếp nhận" in line and "nghĩa" in line and "50%" in line
    assert "không rõ" in column_line(result.output, "D")

    workbook = make_workbook(tmp_path / "So.xlsx")
    wb = openpyxl.load_workbook(workbook)
    ws = wb.create_sheet("AnhXaCot")
    ws.append(["Tên cột trong tệp", "Cột của sổ"])
    ws.append(["Cột nội bộ", "Bỏ qua"])
    wb.save(workbook)
    before = workbook.read_bytes()
    result = inspect(export, "-w", workbook)
    assert result.exit_code == 0, result.output
    line = column_line(result.output, "D")
    assert "(bỏ qua)" in line and "AnhXaCot" in line
    assert workbook.read_bytes() == before


def test_a_refused_file_says_why_and_exits_2(tmp_path):
    rows = [
        ["Mã hồ sơ", "Mã TTHC", "Ngày vào sổ", "Trạng thái"],
        ["H1", "1.004873", "10/03/2026 09:00", "Đang xử lý"],
    ]
    export = write_text(tmp_path / "lech.csv", rows)
    result = inspect(export)
    assert result.exit_code == 2
    out = result.output
    assert "không rõ" in column_line(out, "C")
    assert "Kết luận: lệnh import sẽ từ chối tệp này" in out
    assert "'Ngày vào sổ' | 'Ngày tiếp nhận'" in out


def test_an_ambiguous_header_is_shown_and_refused(tmp_path):
    rows = [["Mã hồ sơ", "Ngày tiếp nhận/trả KQ", "Trạng thái"], ["H1", "10/03/2026", "Mới"]]
    result = inspect(write_text(tmp_path / "lan.csv", rows))
    assert result.exit_code == 2
    line = column_line(result.output, "B")
    assert "Ngày tiếp nhận / Ngày trả kết quả?" in line and "không đoán" in line


def test_a_file_with_no_register_table_and_a_missing_file(tmp_path):
    result = inspect(write_text(tmp_path / "rong.csv", [["Họ tên", "Tuổi"], ["A", "3"]]))
    assert result.exit_code == 2 and "Không tìm thấy bảng hồ sơ" in result.output
    result = inspect(tmp_path / "khong_co.xlsx")
    assert result.exit_code == 2 and "Không tìm thấy tệp" in result.output

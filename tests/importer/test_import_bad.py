"""Files an import must refuse: each gets a clear Vietnamese message, exit code 2, and the
workbook stays byte-identical (no backup made either)."""

import io
import random
import zipfile

import msoffcrypto
import pytest
from click.testing import CliRunner
from helpers.imports import make_workbook, write_text, write_xlsx

from tthc_xl.cli import cli
from tthc_xl.importer import readers

GOOD = [["Mã hồ sơ", "Ngày tiếp nhận", "Trạng thái"], ["OK1", "02/03/2026 08:00", "Đang xử lý"]]


def encrypted(path):
    plain = write_xlsx(path.with_name("plain.xlsx"), GOOD)
    with open(plain, "rb") as fh, open(path, "wb") as out:
        msoffcrypto.OfficeFile(fh).encrypt("matkhau", out)
    return path


def truncated(path):
    data = write_xlsx(path.with_name("full.xlsx"), GOOD * 200).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def zip_bomb(path):
    """A zip named .xlsx whose one member unpacks 25 MB of zeros from a few kilobytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (25 * 1024 * 1024))
    path.write_bytes(buf.getvalue())
    return path


def put(data: bytes):
    def make(path):
        path.write_bytes(data)
        return path

    return make


CORPUS = {
    "rong.csv": (put(b""), "tệp rỗng"),
    "rong.xlsx": (put(b""), "tệp rỗng"),
    "trang.csv": (put(b"  \r\n\r\n "), "không có dữ liệu"),
    "khong_tieu_de.xlsx": (
        lambda p: write_xlsx(p, [["Họ tên", "Năm sinh"], ["An", 1990]]),
        "không tìm thấy bảng hồ sơ",
    ),
    "khong_tieu_de.csv": (
        lambda p: write_text(p, [["a", "b"], ["1", "2"]]),
        "không tìm thấy bảng hồ sơ",
    ),
    "mat_khau.xlsx": (encrypted, "mật khẩu"),
    "cut_cut.xlsx": (truncated, "chưa tải về hết"),
    "nhi_phan.xlsx": (put(random.Random(4).randbytes(5000)), "không phải tệp Excel hợp lệ"),
    "nhi_phan.csv": (put(b"\x00\x01\x02\xff" * 2000), "nội dung nhị phân"),
    "bom_zip.xlsx": (zip_bomb, "bom zip"),
}


@pytest.fixture
def book(tmp_path):
    return make_workbook(tmp_path / "So.xlsx")


def invoke(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_bad_file_is_refused_and_the_workbook_untouched(tmp_path, book, name):
    make, reason = CORPUS[name]
    bad = make(tmp_path / name)
    before = book.read_bytes()
    result = invoke(book, bad)
    assert result.exit_code == 2, result.output
    assert f"'{name}'" in result.stderr and reason in result.stderr
    assert result.stderr.startswith("Lỗi: Không nhập gì, sổ giữ nguyên")
    assert book.read_bytes() == before
    assert not (tmp_path / "tthc-xl-saoluu").exists()


def test_one_bad_file_among_good_ones_stops_the_whole_import(tmp_path, book):
    good = write_text(tmp_path / "tot.csv", GOOD)
    bad = truncated(tmp_path / "hong.xlsx")
    other_bad = tmp_path / "rong.csv"
    other_bad.write_bytes(b"")
    before = book.read_bytes()
    result = invoke(book, good, bad, other_bad)
    assert result.exit_code == 2
    assert "'hong.xlsx'" in result.stderr and "'rong.csv'" in result.stderr  # every bad file
    assert book.read_bytes() == before


def test_a_file_over_the_size_limit(tmp_path, book, monkeypatch):
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    big = write_text(
        tmp_path / "lon.csv", GOOD + [[f"X{i}", "02/03/2026", "4"] for i in range(100)]
    )
    before = book.read_bytes()
    result = invoke(book, big)
    assert result.exit_code == 2 and "tệp quá lớn" in result.stderr
    assert book.read_bytes() == before


def test_an_open_workbook_is_never_written(tmp_path, book):
    (tmp_path / "~$So.xlsx").write_bytes(b"owner")  # what Excel leaves beside an open file
    before = book.read_bytes()
    result = invoke(book, write_text(tmp_path / "tot.csv", GOOD))
    assert result.exit_code == 2 and "đang mở trong Excel" in result.stderr
    assert book.read_bytes() == before


def test_missing_input_file_and_broken_workbook(tmp_path, book):
    result = invoke(book, tmp_path / "khong_co.csv")
    assert result.exit_code == 2 and "Không tìm thấy tệp" in result.stderr
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    before = broken.read_bytes()
    result = invoke(broken, write_text(tmp_path / "tot.csv", GOOD))
    assert result.exit_code == 2 and "Không đọc được" in result.stderr
    assert broken.read_bytes() == before

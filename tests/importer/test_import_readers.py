"""Export files in every encoding and format the systems and Excel write, read to the same
dossiers: UTF-8 with and without BOM, UTF-16 "Unicode Text", Windows-1258, delimiters,
HTML tables saved as .xls, and a real .xls."""

import unicodedata

import pytest
from helpers.imports import T, text_bytes, to_cp1258, write_text, write_xlsx

from tthc_xl.importer.batch import batch_from_tables
from tthc_xl.importer.mapping import profile_from_rows
from tthc_xl.importer.readers import decode_text, detect_delimiter, read_file
from tthc_xl.importer.table import choose_tables

ROWS = [
    [
        "Số hồ sơ",
        "Mã thủ tục",
        "Loại việc",
        "Ngày tiếp nhận",
        "Nộp trực tuyến",
        "Tình trạng",
        "Địa chỉ",
    ],
    [
        "H01",
        "1.004873",
        "Xác nhận tình trạng hôn nhân",
        "13/02/2026 09:42",
        "Có",
        "Đang xử lý",
        "Thôn 1, xã Tuệ Tĩnh",
    ],
    [
        "H02",
        "2.000635",
        "Cấp bản sao trích lục hộ tịch",
        "18/01/2026 13:30",
        "Không",
        "Đã trả kết quả",
        "Số 5, ngõ 3, phố Hồ",
    ],
]


def dossiers(path):
    tables, _ = choose_tables(read_file(path), profile_from_rows(None).aliases)
    batch = batch_from_tables(tables, path.name)
    return {r["dossier_id"]: r for r in batch.frame.to_dict("records")}, batch


def check_rows(found):
    assert set(found) == {"H01", "H02"}
    h01 = found["H01"]
    assert h01["procedure_name"] == "Xác nhận tình trạng hôn nhân"
    assert unicodedata.is_normalized("NFC", h01["procedure_name"])
    assert h01["received_at"] == T(2026, 2, 13, 9, 42)
    assert h01["channel"] == 2 and found["H02"]["channel"] == 1
    assert h01["status"] == 4 and found["H02"]["status"] == 10
    assert h01["procedure_code"] == "1.004873"


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom", "suffix"),
    [
        ("utf-8", ";", True, ".csv"),  # the civil-status system's CSV
        ("utf-8", ",", False, ".csv"),
        ("utf-8", "\t", False, ".tsv"),
        ("utf-16-le", "\t", True, ".txt"),  # Excel "Unicode Text"
        ("utf-16-le", "\t", False, ".txt"),
        ("utf-16-be", "\t", True, ".txt"),
        ("cp1258", ";", False, ".csv"),  # Windows-1258, tone marks decomposed
        ("cp1258", ",", False, ".csv"),
    ],
)
def test_text_encodings_and_delimiters(tmp_path, encoding, delimiter, bom, suffix):
    path = write_text(
        tmp_path / f"xuat{suffix}", ROWS, encoding=encoding, delimiter=delimiter, bom=bom
    )
    found, batch = dossiers(path)
    check_rows(found)
    # the address with commas stayed one field in every delimiter
    assert found["H01"]["address"] == "Thôn 1, xã Tuệ Tĩnh"
    assert batch.problems == []


def test_cp1258_bytes_really_are_decomposed_and_come_back_composed():
    raw = to_cp1258("Hộ tịch")
    assert raw.decode("cp1258") != "Hộ tịch"  # decomposed: ô + combining dot below
    text, label = decode_text(raw)
    assert text == "Hộ tịch" and label == "Windows-1258"


@pytest.mark.parametrize(
    ("lines", "delimiter"),
    [
        (["SỔ THEO DÕI", "a;b;c", "1;2,5;3", "4;5;6"], ";"),
        (["a,b,c", '1,"x;y",3', "4,5,6"], ","),
        (["a\tb\tc", "1\t2;3\t3"], "\t"),
        (["Mã hồ sơ;Ngày", "A, B;01/01/2026", "C;02/01/2026"], ";"),
    ],
)
def test_delimiter_detection(lines, delimiter):
    assert detect_delimiter("\n".join(lines)) == delimiter


def test_excel_text_cells_and_line_breaks_in_a_quoted_header(tmp_path):
    rows = [
        ["Mã hồ sơ", "Ngày\ntiếp nhận", "Mã TTHC"],
        ['="000123"', "01/03/2026 08:00", '="1.004870"'],
    ]
    path = write_text(tmp_path / "x.csv", rows)
    found, _ = dossiers(path)
    assert found["000123"]["procedure_code"] == "1.004870"
    assert found["000123"]["received_at"] == T(2026, 3, 1, 8)


def test_html_table_saved_as_xls(tmp_path):
    html = """<html><head><meta charset="utf-8"></head><body>
    <table><tr><td colspan="4">SỔ THEO DÕI HỒ SƠ</td></tr>
    <tr><th rowspan="2">STT</th><th colspan="2">Thông tin hồ sơ</th>
        <th rowspan="2">Trạng thái</th></tr>
    <tr><th>Mã hồ sơ</th><th>Ngày<br>tiếp nhận</th></tr>
    <tr><td>1</td><td>W1</td><td>02/03/2026 10:00</td><td>Đã trả kết quả</td></tr>
    <tr><td>2</td><td>W2</td><td>03/03/2026 15:30</td><td>Đang xử lý</td></tr>
    <tr><td colspan="4">Tổng cộng: 2 hồ sơ</td></tr></table></body></html>"""
    path = tmp_path / "motcua.xls"
    path.write_text(html, encoding="utf-8")
    found, batch = dossiers(path)
    assert set(found) == {"W1", "W2"}
    assert found["W2"]["received_at"] == T(2026, 3, 3, 15, 30)
    assert found["W1"]["status"] == 10
    assert batch.ignored_columns == ["STT"] and batch.problems == []


def test_real_xls_through_calamine(tmp_path, soffice):
    source = write_xlsx(tmp_path / "src.xlsx", ROWS)
    xls = soffice(source, "xls")
    assert xls.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # a BIFF8 (OLE) file
    found, _ = dossiers(xls)
    check_rows(found)


def test_text_bytes_helper_really_writes_utf16_tabs():
    data = text_bytes([["a", "b"]], encoding="utf-16-le", delimiter="\t", bom=True)
    assert data.startswith(b"\xff\xfea\x00\t\x00b\x00")


def test_excel_2003_xml_saved_as_xls(tmp_path):
    xml = """<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="DanhSach"><Table>
  <Row><Cell ss:MergeAcross="3"><Data ss:Type="String">SỔ THEO DÕI HỒ SƠ</Data></Cell></Row>
  <Row ss:Index="3"><Cell ss:MergeDown="1"><Data ss:Type="String">STT</Data></Cell>
   <Cell ss:MergeAcross="1"><Data ss:Type="String">Thông tin hồ sơ</Data></Cell>
   <Cell ss:MergeDown="1"><Data ss:Type="String">Tình trạng</Data></Cell></Row>
  <Row><Cell ss:Index="2"><Data ss:Type="String">Số hồ sơ</Data></Cell>
   <Cell><Data ss:Type="String">Ngày tiếp nhận</Data></Cell></Row>
  <Row><Cell><Data ss:Type="Number">1</Data></Cell><Cell><Data ss:Type="String">X1</Data></Cell>
   <Cell><Data ss:Type="DateTime">2026-03-02T08:30:00.000</Data></Cell>
   <Cell><Data ss:Type="Number">4</Data></Cell></Row>
 </Table></Worksheet></Workbook>"""
    path = tmp_path / "cu.xls"
    path.write_text(xml, encoding="utf-8")
    found, batch = dossiers(path)
    assert found["X1"]["received_at"] == T(2026, 3, 2, 8, 30)
    assert found["X1"]["status"] == 4 and batch.ignored_columns == ["STT"]

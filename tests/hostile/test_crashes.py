"""Issue #10, crashes and resource exhaustion: every hostile input is a result or a clean
refusal (exit 2, a Vietnamese message), within a memory cap and a time cap."""

import openpyxl
import pytest
from helpers.imports import register_dicts
from hostile.capped import clean, run_capped
from hostile.makers import (
    HEADER,
    big_csv,
    csv_bytes,
    csv_file,
    dossier_row,
    html_table,
    ml_cell,
    ml_header,
    ml_row,
    spreadsheet_ml,
    xlsx_with_far_cell,
)


def refused(result, *words: str) -> None:
    clean(result, allowed=(2,))
    for word in words:
        assert word in result.stderr, result.stderr


def ml_dossier(extra: str = "", cell_attrs: str = "", row_attrs: str = "") -> str:
    cells = [ml_cell(v) for v in dossier_row(1)]
    cells[0] = ml_cell("H.000001", attrs=cell_attrs)
    return ml_row(*cells, extra, attrs=row_attrs)


@pytest.mark.parametrize(
    "attrs",
    [
        'ss:MergeAcross="3000000000"',
        'ss:MergeAcross="20000" ss:MergeDown="20000"',
        'ss:MergeDown="1048000"',
        'ss:Index="900000000"',
        'ss:Index="-3"',
        'ss:Index="abc"',
    ],
)
def test_spreadsheet_ml_merges_and_indexes_are_limited_by_area(built, tmp_path, attrs):
    body = ml_header() + ml_dossier(cell_attrs=attrs)
    export = spreadsheet_ml(tmp_path / "x.xls", body)
    refused(run_capped("import", built, export, timeout=60), "x.xls")


def test_spreadsheet_ml_row_index_far_down_is_refused(built, tmp_path):
    body = ml_header() + ml_dossier(row_attrs='ss:Index="900000000"')
    refused(run_capped("import", built, spreadsheet_ml(tmp_path / "x.xls", body), timeout=60))


@pytest.mark.parametrize(
    "cell",
    [
        ml_cell("Nguyễn Văn C 0912345678", "Number"),
        ml_cell("32/13/2026T25:00:00", "DateTime"),
        ml_cell("inf", "Number"),
    ],
)
def test_spreadsheet_ml_bad_typed_values_are_results_not_tracebacks(built, tmp_path, cell):
    body = ml_row(*(ml_cell(h) for h in [*HEADER, "Số tiền"])) + ml_dossier(cell)
    result = run_capped("import", built, spreadsheet_ml(tmp_path / "x.xls", body), timeout=60)
    clean(result, allowed=(0,))
    assert "0912345678" not in result.stderr


def test_html_spans_are_limited_by_area_not_by_axis(built, tmp_path):
    cells = "<tr>" + '<td colspan="1000" rowspan="1000">x</td>' * 40 + "</tr>"
    export = html_table(tmp_path / "x.xls", "<tr><td>H.1</td><td>1.004873</td></tr>" + cells)
    refused(run_capped("import", built, export, timeout=60), "x.xls")


def test_an_xlsx_with_one_cell_at_xfd1048576_is_refused_not_aborted(built, tmp_path):
    export = xlsx_with_far_cell(tmp_path / "x.xlsx", "XFD1048576")
    refused(run_capped("import", built, export, timeout=60), "XFD1048576")


def test_a_declared_dimension_alone_is_no_reason_to_refuse(built, tmp_path):
    export = xlsx_with_far_cell(tmp_path / "x.xlsx", "F3", dimension="A1:XFD1048576")
    clean(run_capped("import", built, export, timeout=60), allowed=(0,))
    assert "H.000001" in register_dicts(built)


def test_a_register_with_a_far_cell_is_refused_by_every_command(built, tmp_path):
    wb = openpyxl.load_workbook(built, keep_vba=True)
    wb["NhatKy"]["XFD1048576"] = 1
    wb.save(built)
    export = csv_file(tmp_path / "x.csv", [dossier_row(1)])
    for args in (
        ["refresh", built, "--period", "2026-Q1"],
        ["import", built, export],
    ):
        refused(run_capped(*args, timeout=60), "NhatKy", "XFD1048576")


def test_kpi_reads_only_the_sheets_of_the_figures(built, tmp_path):
    """kpi reads HoSo, DanhMuc, NgayNghi and CauHinh: a far cell elsewhere allocates
    nothing (the memory cap holds) and stops nothing; one in a sheet it reads is refused."""
    wb = openpyxl.load_workbook(built, keep_vba=True)
    wb["NhatKy"]["XFD1048576"] = 1
    wb.save(built)
    clean(run_capped("kpi", built, "--period", "2026-Q1", timeout=60), allowed=(0,))
    wb = openpyxl.load_workbook(built, keep_vba=True)
    wb["CauHinh"]["XFD1048576"] = 1
    wb.save(built)
    refused(run_capped("kpi", built, "--period", "2026-Q1", timeout=60), "CauHinh", "XFD1048576")


def test_a_file_wider_than_excel_is_refused_quickly(built, tmp_path):
    header = HEADER + ["X"] * 16_400
    export = csv_file(tmp_path / "wide.csv", [dossier_row(1) + ["v"] * 16_400], header)
    refused(run_capped("import", built, export, timeout=60), "16.384")


def test_more_columns_than_column_letters_is_refused(built, tmp_path):
    header = HEADER + [f"C{i}" for i in range(18_300)]
    export = csv_file(tmp_path / "wide.csv", [dossier_row(1)], header)
    refused(run_capped("import", built, export, timeout=60), "cột")


@pytest.mark.slow
def test_many_same_named_columns_import_in_linear_time(built, tmp_path):
    n = 12_000
    export = csv_file(tmp_path / "wide.csv", [dossier_row(1) + ["v"] * n], HEADER + ["X"] * n)
    result = run_capped("import", built, export, timeout=180)
    clean(result, allowed=(0,))
    assert len(result.stderr) < 1000  # no page of pandas warnings
    header = next(openpyxl.load_workbook(built, read_only=True)["HoSo"].iter_rows(values_only=True))
    assert f"X ({n})" in header and len(header) <= 16_384


@pytest.mark.parametrize("line", [b"H.1;" + b"a" * 140_000, b'"' + b"b" * 140_000])
def test_a_csv_field_over_128_kb_is_a_message(built, tmp_path, line):
    export = csv_bytes(tmp_path / "x.csv", [";".join(HEADER).encode(), line])
    refused(run_capped("import", built, export, timeout=60), "dòng")


def test_control_characters_in_cells_are_dropped_not_a_traceback(built, tmp_path):
    rows = [
        ["A.1\x0b", "1.004873", "05/01/2026 09:00", "Có", "Đang\x01 xử lý", "x\x0by"],
        ["A.2", "1.004873", "05/01/2026 09:00", "Có", "Đang xử lý", "_x000B_ and _x0001_"],
    ]
    rows += [dossier_row(i) + ["ghi chú"] for i in range(50)]  # a few in a real file
    export = csv_file(tmp_path / "x.csv", rows, HEADER + ["Ghi chú hệ thống"])
    clean(run_capped("import", built, export), allowed=(0,))
    before = built.read_bytes()
    clean(run_capped("import", built, export), allowed=(0,))
    assert built.read_bytes() == before  # read back exactly as written: a no-op re-import
    ws = openpyxl.load_workbook(built)["HoSo"]
    texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert "xy" in texts


def test_inf_in_a_cauhinh_number_is_a_warning_not_a_traceback(built, tmp_path):
    wb = openpyxl.load_workbook(built, keep_vba=True)
    ws = wb["CauHinh"]
    for row in ws.iter_rows(min_row=1, max_col=2):
        if row[0].value and "sao lưu" in str(row[0].value):
            row[1].value = "inf"
        if row[0].value and "Ngày chốt" in str(row[0].value):
            row[1].value = float("inf")
    wb.save(built)
    export = csv_file(tmp_path / "x.csv", [dossier_row(1)])
    clean(run_capped("import", built, export), allowed=(0,))
    clean(run_capped("kpi", built, "--period", "2026-Q1"), allowed=(0,))


def test_an_export_over_the_row_limit_is_refused_with_a_message(built, tmp_path):
    from tthc_xl.importer.readers import MAX_IMPORT_ROWS

    export = big_csv(tmp_path / "big.csv", MAX_IMPORT_ROWS + 1)
    refused(run_capped("import", built, export, timeout=300), "200.000", "ngắn hơn")


def test_an_export_over_the_size_limit_is_refused_before_reading(built, tmp_path):
    from tthc_xl.importer.readers import MAX_FILE_BYTES

    export = tmp_path / "huge.csv"
    with open(export, "wb") as fh:
        fh.write(";".join(HEADER).encode() + b"\r\n")
        fh.truncate(MAX_FILE_BYTES + 1)
    refused(run_capped("import", built, export, timeout=60), "quá lớn", "40 MB")

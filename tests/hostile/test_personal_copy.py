"""Issue 21, personal data by construction: the email copy carries no header or footer
text and no number format it did not write itself, and no free text of the register
(an allowed column's, a note typed in a date column) that names a person."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest
from hostile.planted import STRANGER, folded, invoke, leaks, package_text, planted_register


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    import shutil

    from hostile.conftest import BUILT

    folder = tmp_path_factory.mktemp("planted")
    book = folder / "TTHC_Q.xlsm"
    shutil.copy(BUILT, book)
    return planted_register(folder, book)


@pytest.fixture(scope="module")
def copy_file(planted):
    book, _ = planted
    out = book.with_name("ban_gui.xlsx")
    done = invoke("publish", book, "-p", "2026-Q1", "--with-register", "-o", out)
    assert done.exit_code == 0, done.output
    return out


def test_the_planted_values_are_in_the_workbook(planted):
    """The check below reads what it must: every planted value is in the source."""
    book, secrets = planted
    assert sorted(leaks(package_text(book), secrets)) == sorted(secrets)


def test_no_header_or_footer_of_the_workbook_reaches_the_copy(copy_file, planted):
    _, secrets = planted
    with zipfile.ZipFile(copy_file) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
    page_text = "\n".join(
        m for xml in sheets for m in re.findall(r"<(?:odd|even|first)\w+>([^<]*)<", xml)
    )
    assert leaks(page_text, secrets) == []
    assert "&amp;F" not in page_text and "&F" not in page_text
    # the copy still numbers its pages (its own text)
    assert "&amp;P" in page_text or "&P" in page_text


def test_no_number_format_of_the_copy_holds_text(copy_file, planted):
    _, secrets = planted
    with zipfile.ZipFile(copy_file) as z:
        styles = z.read("xl/styles.xml").decode()
    codes = re.findall(r'formatCode="([^"]*)"', styles)
    assert leaks(styles, secrets) == []
    for code in codes:
        code = code.replace("&quot;", '"').replace("&gt;", ">").replace("&lt;", "<")
        # a quoted separator ("." between thousands) is no text; conditions and colours go
        bare = re.sub(r'"[^"\w]*"|\[(?:Red|h+|m+|s+|[<>=]+\d+)\]', "", code)
        assert '"' not in bare and "\\" not in bare, code
        assert not re.search(r"[a-ce-gi-ln-rt-xz]", bare.lower()), code  # no letters but dates
    # and the figures still read as figures: the KPI rates as percentages (text, 99,89%)
    kpi = openpyxl.load_workbook(copy_file)["KPI"]
    rates = [c.value for row in kpi.iter_rows(min_col=2, max_col=2) for c in row]
    assert any(isinstance(v, str) and re.fullmatch(r"\d{1,3},\d\d%", v) for v in rates)


def test_free_text_of_a_sent_column_names_nobody(copy_file, planted):
    _, secrets = planted
    ws = openpyxl.load_workbook(copy_file)["HoSo"]
    head = [c.value for c in ws[1]]
    dept = [r[head.index("Bộ phận xử lý")] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert all(str(d).startswith("Tư pháp") for d in dept), dept  # the text itself goes
    assert leaks("\n".join(map(str, dept)), secrets) == []
    assert leaks(package_text(copy_file), secrets) == []


def test_a_note_typed_in_a_date_column_is_not_sent(copy_file, planted):
    """The note names a person in no personal column: only its place gives it away."""
    book, _ = planted
    assert folded(STRANGER[0]) in folded(package_text(book))
    copy_wb = openpyxl.load_workbook(copy_file)
    warnings = [str(v) for row in copy_wb["CanhBao"].iter_rows(values_only=True) for v in row if v]
    assert any("Ngày không đọc được" in w for w in warnings)  # the warning still goes
    assert leaks(package_text(copy_file), list(STRANGER)) == []

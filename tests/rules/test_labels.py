"""The one table of indicator labels and QĐ 766 maxima, and everything that reads it."""

import ast
from pathlib import Path

from tthc_xl.excel.vba import generate_udf_modules
from tthc_xl.rules import indicators as ind
from tthc_xl.rules import labels, scorecard
from tthc_xl.rules.settings import PORTAL_LABELS
from tthc_xl.sheets.kpi import KPI_ITEMS


def test_labels_imports_only_rules_and_the_standard_library():
    tree = ast.parse(Path(labels.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert name.startswith("tthc_xl.rules") or top in {
                "__future__",
                "dataclasses",
                "typing",
            }


def test_qd766_groups_and_their_maxima():
    assert [(g.name, g.max_points) for g in labels.GROUPS_766] == [
        ("Công khai minh bạch", 18),
        ("Tiến độ giải quyết", 20),
        ("Dịch vụ công trực tuyến", 12),
        ("Thanh toán trực tuyến", 10),
        ("Mức độ hài lòng", 18),
        ("Số hóa hồ sơ", 22),
    ]
    assert labels.TOTAL_766 == 100
    for group in labels.GROUPS_766:
        if group.parts:
            assert sum(p.max_points for p in group.parts) == group.max_points


def test_the_cli_labels_are_the_ones_the_readme_quotes():
    assert labels.label("counts.due_soon") == "Sắp đến hạn (cảnh báo)"
    assert labels.label("index766.progress") == "Chỉ số 766 - Tiến độ giải quyết (20 điểm)"
    assert labels.label("index766.online_service") == (
        "Chỉ số 766 - Dịch vụ công trực tuyến (12 điểm)"
    )
    assert labels.BY_PATH["index766.progress"].max_points == 20
    assert {i.kind for i in labels.INDICATORS} == {"count", "rate", "points"}
    assert ind.COUNT_KEYS[0] == "carried_over" and ind.COUNT_KEYS[-1] == "due_soon"


def test_the_kpi_sheet_shows_the_cli_labels():
    for item_label, _, path, _ in KPI_ITEMS:
        assert item_label == labels.label(path)


def test_portal_rows_keep_the_texts_workbooks_in_the_field_have():
    assert PORTAL_LABELS == (
        "Cổng DVCQG - Công khai minh bạch (18)",
        "Cổng DVCQG - Tiến độ giải quyết (20)",
        "Cổng DVCQG - Dịch vụ công trực tuyến (12)",
        "Cổng DVCQG - Thanh toán trực tuyến (10)",
        "Cổng DVCQG - Mức độ hài lòng (18)",
        "Cổng DVCQG - Số hóa hồ sơ (22)",
        "Cổng DVCQG - Tổng điểm (100)",
        "Cổng DVCQG - Xếp hạng",
        "Tỷ lệ hồ sơ có phản ánh, kiến nghị",
        "Điểm xử lý phản ánh, kiến nghị (6)",
        "Điểm thời gian xử lý phản ánh, kiến nghị (6)",
        # added with the report: the groups the register cannot compute, typed by the commune
        "Xã tự chấm - Công khai minh bạch (18)",
        "Xã tự chấm - Thanh toán trực tuyến (10)",
        "Xã tự chấm - Số hóa hồ sơ (22)",
        # added with the two truths: the portal's own part A of online service
        "Cổng DVCQG - Thủ tục có dịch vụ công trực tuyến (2)",
    )


def test_points_use_the_table_maxima():
    full = {"early": 5, "on_time": 5, "pending_within": 0, "total": 10, "late": 0}
    assert scorecard.progress_points(full) == 20.0
    assert scorecard.OnlineServiceParts(1.0, 1.0, 1.0).points == 12.0
    assert scorecard.satisfaction_points({**full, "pending_overdue": 0}) == 6.0


def test_function_help_names_the_indicators_as_the_table_does():
    help_text = {s.name: s.description for s in generate_udf_modules().specs}
    assert help_text["INDEX766_PROGRESS"].startswith(
        "Điểm Chỉ số 766 - Tiến độ giải quyết (tối đa 20)"
    )
    assert help_text["INDEX766_ONLINE"].startswith(
        "Điểm Chỉ số 766 - Dịch vụ công trực tuyến (tối đa 12)"
    )
    assert help_text["ONLINE_RATE"].startswith(labels.label("rates.online_rate"))
    assert labels.label("counts.due_soon") in help_text["DUE_SOON_COUNT"]

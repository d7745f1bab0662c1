"""The report's sentence on the two truths: the register's progress points beside the
portal's, computed from the portal's own list, and where the dossiers are (DoiSoat).

A builder the report's wording uses through the placeholder `{doi_soat}` (report/template.py),
so whoever rewrites the report's sentences keeps the figures and their source in one place.
"""

from __future__ import annotations

from tthc_xl.book.names import SHEET_RECONCILE
from tthc_xl.rules.engine import Result
from tthc_xl.rules.portal import PortalView
from tthc_xl.style.numbers import count, percent, points

PLACEHOLDER = "doi_soat"
PROGRESS_SEEN = "diem_tien_do_cong_thay"
PLACEHOLDERS: tuple[tuple[str, str], ...] = (
    (PROGRESS_SEEN, "Điểm Tiến độ giải quyết Cổng sẽ thấy (tính từ danh sách của Cổng)"),
    (
        PLACEHOLDER,
        "Câu đối soát: điểm Tiến độ theo sổ của xã và theo danh sách của Cổng DVCQG, số hồ sơ "
        "khác nhau (liệt kê ở sheet DoiSoat)",
    ),
)


def sentence(result: Result, view: PortalView) -> str:
    """Both figures in one sentence, naming DoiSoat for the dossiers."""
    rec = view.reconciliation
    own = points(result.progress_points)
    if rec is None or rec.portal is None:
        return (
            f"Theo sổ của xã, điểm Tiến độ giải quyết đạt {own}/20 điểm; chưa nhập danh sách "
            "hồ sơ của Cổng Dịch vụ công quốc gia nên chưa đối soát được điểm Cổng tính "
            f"(sheet {SHEET_RECONCILE})."
        )
    differing = len(rec.differences)
    tail = (
        f"{count(differing)} hồ sơ khác nhau giữa hai bên (chưa đồng bộ, quá hạn trên Cổng, "
        f"khác trạng thái hoặc kênh nộp) được liệt kê ở sheet {SHEET_RECONCILE}"
        if differing
        else f"hai bên khớp nhau từng hồ sơ (sheet {SHEET_RECONCILE})"
    )
    return (
        f"Theo sổ của xã, điểm Tiến độ giải quyết đạt {own}/20 điểm, còn theo danh sách "
        f"của Cổng Dịch vụ công quốc gia (đã đồng bộ {percent(rec.portal.synced_share)} hồ "
        f"sơ) Cổng tính được {points(rec.portal.progress)}/20 điểm; {tail}."
    )

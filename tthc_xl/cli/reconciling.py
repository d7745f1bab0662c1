"""`reconcile`: the register's figures beside the portal's, and the dossiers that explain
the difference (rules/reconcile.py). Writes nothing."""

from __future__ import annotations

from pathlib import Path

import click

from tthc_xl.cli.base import command, dump, evaluate, period_options


def reconcile_text(rec) -> str:
    """The readable comparison: both figures, then one line per dossier."""
    from tthc_xl.style.numbers import percent, points
    from tthc_xl.style.texttable import table

    p = rec.result.period
    portal = rec.portal
    lines = [f"Kỳ: {p.describe()}; tính đến {rec.result.as_of:%d/%m/%Y %H:%M}."]
    if portal is None:
        lines.append("Sổ chưa nhập danh sách nào của Cổng DVCQG: chưa đối soát được.")
        return "\n".join(lines)
    rows = [
        ["Tiến độ giải quyết (20)", points(rec.own_progress), points(portal.progress)],
        ["Dịch vụ công trực tuyến (12)", points(rec.own_online_service),
         points(portal.online_service)],
        ["Tỷ lệ hồ sơ đã đồng bộ", "—", percent(portal.synced_share)],
    ]  # fmt: skip
    lines += ["", table(["Chỉ số", "Sổ của xã", "Cổng DVCQG"], rows, "lrr"), ""]
    if not rec.differences:
        lines.append("Hai bên khớp nhau: không hồ sơ nào khác.")
        return "\n".join(lines)
    listed = [
        [d.dossier_id, d.reason_text(), f"{d.points:.4f}".replace(".", ",")]
        for d in rec.differences
    ]
    lines.append(table(["Mã hồ sơ", "Lý do", "Điểm mất trên Cổng"], listed, "llr"))
    return "\n".join(lines)


@command()
@period_options
def reconcile(workbook: Path, period, as_of, compare, as_json: bool) -> None:
    """Đối soát sổ với Cổng DVCQG: điểm Chỉ số 766 của xã và của Cổng, từng hồ sơ khác nhau.

    Lý do: not_on_portal (chưa có trên Cổng), late_on_portal (quá hạn trên Cổng),
    state_differs, channel_differs, only_on_portal.

    Ví dụ: tthc-xl reconcile TTHC_Q.xlsm --period 2026-Q1 --json
    """
    from tthc_xl.rules.reconcile import reconcile as reconciled

    rec = reconciled(evaluate(workbook, period, as_of, compare))
    if as_json:
        dump(rec.as_json())
    else:
        click.echo(reconcile_text(rec))

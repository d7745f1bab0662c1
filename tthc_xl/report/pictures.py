"""Pictures of the three BaoCao charts for the Word and PDF report (matplotlib, PNG).

Word cannot show a live Excel chart from a file we write, so the report carries a
picture drawn from the same chart data blocks (:mod:`tthc_xl.report.chartdata`): the same
figures, titles and series names as the native charts in the workbook.
"""

from __future__ import annotations

import io

from tthc_xl.book.charts import CHARTS, ChartSpec
from tthc_xl.report.chartdata import ChartBlock

COLORS = ("#1F4E78", "#C0504D", "#9BBB59", "#F79646", "#8064A2")
FONTS = ["DejaVu Sans", "Liberation Sans", "sans-serif"]  # both carry Vietnamese letters
DPI = 150
SIZE_INCHES = (6.3, 3.0)  # 16 x 7.6 cm, the width of an A4 text column


def chart_pictures(blocks: list[ChartBlock]) -> dict[str, bytes]:
    """PNG bytes per chart key ('months', 'fields', 'weekdays'); empty tables are left out."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import pyplot as plt

    out: dict[str, bytes] = {}
    by_key = {b.key: b for b in blocks}
    with plt.rc_context({"font.family": "sans-serif", "font.sans-serif": FONTS, "font.size": 8}):
        for spec in CHARTS:
            block = by_key.get(spec.key)
            if block is None or not block.rows:
                continue
            fig, ax = plt.subplots(figsize=SIZE_INCHES, dpi=DPI)
            handles, names = _bars(ax, spec, block)
            if spec.lines:
                more, more_names = _rate_lines(ax, spec, block)
                handles, names = handles + more, names + more_names
            if len(handles) > 1:
                ax.legend(
                    handles,
                    names,
                    loc="upper center",
                    bbox_to_anchor=(0.5, -0.12),
                    ncol=min(len(names), 5),
                    frameon=False,
                )
            for side in ("top",):
                ax.spines[side].set_visible(False)
            fig.tight_layout()
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=DPI)
            plt.close(fig)
            out[spec.key] = buffer.getvalue()
    return out


def _bars(ax, spec: ChartSpec, block: ChartBlock) -> tuple[list, list]:
    """The chart's columns (stacked or side by side), its axis and title; the legend's
    handles and names so far."""
    from matplotlib.ticker import FuncFormatter

    labels = [str(r[0]) for r in block.rows]
    xs = list(range(len(labels)))
    n = len(spec.bars)
    width = 0.6 if spec.stacked or n == 1 else 0.8 / n
    bottom = [0.0] * len(xs)
    for i, col in enumerate(spec.bars):
        values = [_number(r[col]) or 0.0 for r in block.rows]
        if spec.stacked:
            ax.bar(xs, values, width, bottom=bottom, label=block.headers[col], color=COLORS[i])
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        else:
            shift = (i - (n - 1) / 2) * width
            ax.bar(
                [x + shift for x in xs], values, width, label=block.headers[col], color=COLORS[i]
            )
    ax.set_xticks(xs, labels)
    # a month's single column is as wide as a quarter's, centred, not the whole chart
    half, centre = max(len(xs), 3) / 2, (len(xs) - 1) / 2
    ax.set_xlim(centre - half, centre + half)
    top = ax.get_ylim()[1]
    ax.set_ylim(0, top * 1.08 if top > 0 else 1)  # room above the tallest column
    ax.set_ylabel(spec.y_title)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}".replace(",", ".")))
    ax.set_title(spec.title, fontweight="bold", fontsize=10)
    return ax.get_legend_handles_labels()


def _rate_lines(ax, spec: ChartSpec, block: ChartBlock) -> tuple[list, list]:
    """The rates on a second axis in percent (the target dashed); their legend entries."""
    from matplotlib.ticker import PercentFormatter

    xs = list(range(len(block.rows)))
    ax2 = ax.twinx()
    for i, col in enumerate(spec.lines):
        rates = [float("nan") if (v := _number(r[col])) is None else v for r in block.rows]
        style = "--" if block.headers[col].startswith("Chỉ tiêu") else "-"
        ax2.plot(
            xs,
            rates,
            style,
            marker="o" if style == "-" else None,
            color=COLORS[3 + i],
            label=block.headers[col],
        )
    ax2.set_ylim(0, 1.05)
    ax2.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax2.set_ylabel("Tỷ lệ")
    return ax2.get_legend_handles_labels()


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None

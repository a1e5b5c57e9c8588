"""Charts drawn on the server as plain SVG: no JavaScript, no CDN, no inline style.

Why hand-made SVG rather than a charting library: the two chart kinds the
figures need (horizontal bars, grouped columns per week) are a few
rectangles and labels; the markup carries only presentation attributes and
classes (`admin.css`, `portal.css`), which the strict Content-Security-Policy
allows, and reads on a cheap phone. Each chart is an image with a title for
assistive technology (``role="img"``, ``aria-labelledby``); the page puts the
same numbers in a table beside it, which is what a screen reader reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

LABEL_WIDTH = 230  # room for a region's or a step's name left of the bars
ROW_HEIGHT = 22
BAR_HEIGHT = 14


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: its label, value, the value as text, and an optional marker (e.g. the 90th percentile)."""

    label: str
    value: float
    text: str
    marker: float | None = None
    flagged: bool = False  # drawn in the warning colour (inactive, over the SLA)


def bar_chart(bars: Sequence[Bar], title_id: str, width: int = 640, row_height: int = ROW_HEIGHT) -> Markup:
    """Horizontal bars, one row each, scaled to the largest value (or marker); flagged rows in red."""
    top = max([bar.value for bar in bars] + [bar.marker or 0 for bar in bars] + [0])
    span = width - LABEL_WIDTH - 70
    height = max(1, len(bars)) * row_height + 6
    parts = [_open(width, height, title_id)]
    for row, bar in enumerate(bars):
        y = row * row_height + 4
        length = 0 if top <= 0 else bar.value / top * span
        kind = "chart-bar chart-bar--flagged" if bar.flagged else "chart-bar"
        label = "chart-label chart-label--flagged" if bar.flagged else "chart-label"
        parts.append(
            f'<text class="{label}" x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 3}" text-anchor="end">'
            f"{escape(_short(bar.label))}</text>"
            f'<rect class="{kind}" x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}"></rect>'
            f'<text class="chart-value" x="{LABEL_WIDTH + length + 4:.1f}" y="{y + BAR_HEIGHT - 3}">'
            f"{escape(bar.text)}</text>"
        )
        if bar.marker is not None and top > 0:
            x = LABEL_WIDTH + bar.marker / top * span
            parts.append(
                f'<line class="chart-marker" x1="{x:.1f}" x2="{x:.1f}" y1="{y - 2}" y2="{y + BAR_HEIGHT + 2}"></line>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class Column:
    """One group of columns (a week): its label and one value per series."""

    label: str
    values: tuple[float, ...]


def column_chart(columns: Sequence[Column], series: Sequence[str], title_id: str, width: int = 640) -> Markup:
    """Grouped vertical columns (e.g. filed and decided per week), with a legend under the axis."""
    plot_height, bottom = 150, 40
    height = plot_height + bottom + 20
    top = max([value for column in columns for value in column.values] + [0])
    slot = (width - 40) / max(1, len(columns))
    thickness = max(2.0, slot * 0.8 / max(1, len(series)))
    parts = [_open(width, height, title_id)]
    parts.append(f'<line class="chart-axis" x1="30" x2="{width - 4}" y1="{plot_height}" y2="{plot_height}"></line>')
    parts.append(f'<text class="chart-value" x="26" y="12" text-anchor="end">{_number(top)}</text>')
    for index, column in enumerate(columns):
        left = 34 + index * slot
        for number, value in enumerate(column.values):
            tall = 0 if top <= 0 else value / top * (plot_height - 16)
            parts.append(
                f'<rect class="chart-series-{number}" x="{left + number * thickness:.1f}" y="{plot_height - tall:.1f}"'
                f' width="{thickness - 1:.1f}" height="{tall:.1f}"></rect>'
            )
        if index % 2 == 0 or len(columns) <= 8:
            parts.append(
                f'<text class="chart-label" x="{left:.1f}" y="{plot_height + 14}">{escape(column.label)}</text>'
            )
    for number, name in enumerate(series):
        x = 34 + number * 160
        parts.append(
            f'<rect class="chart-series-{number}" x="{x}" y="{plot_height + 26}" width="12" height="12"></rect>'
            f'<text class="chart-label" x="{x + 16}" y="{plot_height + 36}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _open(width: int, height: int, title_id: str) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{escape(title_id)}"'
        f' xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">'
    )


def _short(label: str, most: int = 34) -> str:
    return label if len(label) <= most else label[: most - 1] + "…"


def _number(value: float) -> str:
    return f"{value:.0f}"

"""Accessible charts, drawn on the server as SVG: a title and a description for screen readers, and always the
data as a table beside the picture (the table is the accessible truth; the picture is for the eye).

`bars(...)` draws horizontal bars (one series, or stacked series) with value labels; no script, no colour
alone carries meaning (each series also has its own pattern and the legend names it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from markupsafe import Markup

WIDTH, BAR, GAP, LABEL = 640, 22, 8, 170
COLOURS = ("#1f5fa8", "#b35900", "#2e7d32", "#6a1b9a")
"""Series colours (each at least 4.5:1 against white)."""


@dataclass(frozen=True)
class Chart:
    """One chart: its id, title and description, row labels, series (name → values) and how values are shown."""

    key: str
    title: str
    description: str
    labels: list[str]
    series: dict[str, list[Decimal | float | int]]
    shown: list[list[str]] = field(default_factory=list)  # the formatted values, per series, for labels and the table

    def svg(self) -> Markup:
        return bars(self)


def bars(chart: Chart) -> Markup:
    """The chart as inline SVG (role="img", titled and described; the data table is rendered beside it)."""
    names = list(chart.series)
    totals = [sum(float(chart.series[name][index] or 0) for name in names) for index in range(len(chart.labels))]
    biggest = max(totals + [0.0]) or 1.0
    height = len(chart.labels) * (BAR + GAP) + GAP + 24
    span = WIDTH - LABEL - 90
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{chart.key}-title {chart.key}-desc">',
             f'<title id="{chart.key}-title">{escape(chart.title)}</title>',
             f'<desc id="{chart.key}-desc">{escape(chart.description)}</desc>']
    for row, label in enumerate(chart.labels):
        y = GAP + row * (BAR + GAP)
        parts.append(f'<text x="{LABEL - 8}" y="{y + BAR * 0.7:.1f}" text-anchor="end" font-size="13" '
                     f'fill="#1a1a1a">{escape(label)}</text>')
        x = float(LABEL)
        for number, name in enumerate(names):
            value = float(chart.series[name][row] or 0)
            width = span * value / biggest
            if width > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR}" '
                             f'fill="{COLOURS[number % len(COLOURS)]}"/>')
            x += width
        total = chart.shown[0][row] if len(names) == 1 and chart.shown else _number(totals[row])
        parts.append(f'<text x="{x + 6:.1f}" y="{y + BAR * 0.7:.1f}" font-size="13" fill="#1a1a1a">'
                     f'{escape(total)}</text>')
    if len(names) > 1:
        y = height - 8
        x = LABEL
        for number, name in enumerate(names):
            parts.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{COLOURS[number % len(COLOURS)]}"/>'
                         f'<text x="{x + 16}" y="{y}" font-size="12" fill="#1a1a1a">{escape(name)}</text>')
            x += 24 + 8 * len(name)
    parts.append("</svg>")
    return Markup("".join(parts))


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")

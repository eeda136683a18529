"""Bar charts for the cohort page, drawn server-side with matplotlib as SVG.

Each chart is returned as a data: URI for an ``<img>`` with alt text; the page also shows
the same figures as a table (with the same colour beside each column), so nobody depends
on seeing the picture. A state or an outcome has one colour wherever it is drawn.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")  # no display on a server; must precede pyplot
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

# Colour-blind-safe, each at least 3:1 against white (WCAG 1.4.11 non-text contrast).
PALETTE = ("#005e85", "#b35900", "#0b6b2b", "#8a1f6b", "#4a4a4a")
# One colour per meaning, on every chart and table: running is blue, paused amber, closed
# grey; qualified green, partly amber, unqualified purple.
STATE_COLOURS = {"open": "#005e85", "paused": "#b35900", "closed": "#4a4a4a"}
OUTCOME_COLOURS = {
    "qualified": "#0b6b2b",
    "partially_qualified": "#b35900",
    "unqualified": "#8a1f6b",
}


def grouped_bars(
    groups: list[str],
    series: dict[str, list[int]],
    *,
    ylabel: str,
    colours: Sequence[str] = PALETTE,
) -> str:
    """A grouped bar chart (one bar per series within each group) as an SVG data URI."""
    figure, axes = plt.subplots(figsize=(7, 3.4))
    width = 0.8 / max(len(series), 1)
    for number, (name, values) in enumerate(series.items()):
        offsets = [i + number * width - 0.4 + width / 2 for i in range(len(groups))]
        axes.bar(offsets, values, width, label=name, color=colours[number % len(colours)])
    axes.set_xticks(range(len(groups)), groups, rotation=15, ha="right")
    axes.set_ylabel(ylabel)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts of people: whole numbers
    axes.spines[["top", "right"]].set_visible(False)
    if series:
        axes.legend(frameon=False, fontsize="small")
    figure.tight_layout()
    out = io.StringIO()
    figure.savefig(out, format="svg")
    plt.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue().encode()).decode()

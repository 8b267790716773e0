"""The look every chart shares: area colours, text colours with enough contrast, German locale.

Colours are chosen for WCAG 2.1 AA against the white chart background (``tests/test_chart_theme.py``
checks each pair): text at least 4.5:1, marks that carry meaning (lines, bars, spokes) at least
3:1. The area colours are dark enough to be used for text too (criterion labels of the radar).
An area is never told by colour alone: charts name it in a legend or label, and the radar's
spokes also differ in their dash pattern (:data:`AREA_DASHES`).

One convention for areas: the full name ("Angebotsqualität") wherever there is room (legends,
tooltips, tables, sentences); where there is none (a heatmap column) the abbreviation
(:data:`AREA_SHORT`), and the chart's legend then spells it out ("AQ · Angebotsqualität").

Every encoding channel is passed as its Altair class (``alt.Detail("ring:N")``,
``alt.XValue(0)``, ``alt.FillValue(**alt.condition(...))``), never as a shorthand string or a
plain dict: Altair turns those into a class by matching them against its whole schema, ≈ 10 ms
per channel, which was a quarter of a radar's first build (``tests/test_chart_channels.py``).
"""

from __future__ import annotations

import json
import textwrap
from typing import Any, TypeVar

import altair as alt

from mintqo.formats import VEGA_LOCALE
from mintqo.questionnaire import load_questionnaire

BACKGROUND = "#ffffff"
TEXT = "#31333f"  # Streamlit's text colour: 12.5:1 on white
MUTED_TEXT = "#595959"  # secondary labels (ring values, notes): 7.0:1
GRID = "#c8c8c8"  # rings and gridlines: orientation only, the values are labelled
FONT = "Source Sans Pro, Arial, sans-serif"
FONT_SIZE = 12

AREA_COLORS = {"AQ": "#1f6f8b", "RQ": "#a65300", "EQ": "#2e7d4a"}
"""One colour per quality area (id → colour): 5.7, 5.4 and 5.1 : 1 on white."""
AREA_SHORT = {"AQ": "AQ", "RQ": "RQ", "EQ": "EQ"}
AREA_DASHES = {"AQ": [1, 0], "RQ": [6, 3], "EQ": [2, 2]}
"""Spoke patterns of the radar (solid, dashed, dotted): the area without its colour."""

SERIES_COLORS = ("#2b2d6e", "#6b6b6b", "#b5179e", "#0b7285", "#8c6d1f")
"""Series (rounds, means, comparisons) in order: navy, grey, magenta, teal, brown (≥ 3:1)."""
BAND_FILL = "#e9c46a"
"""The quartile band: a light gold fill, unlike any series colour ..."""
BAND_STROKE = "#8c6d1f"
"""... with a dashed edge that meets 3:1 (4.9:1)."""

NARROW = "containerSize()[0] > 0 && containerSize()[0] < 560"
"""Vega expression: the chart's column is phone-narrow. Specs are cached and built before any
width is known, so charts adapt label sizes in the browser; without a container (an image
for the PDF) the chart is drawn at its desktop size."""

FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
"""Autosize of charts that take their column's width and keep their own height (Streamlit's
default, "fit", would squeeze rows, labels and legends into the given height)."""

ChartT = TypeVar("ChartT", bound=alt.TopLevelMixin)


def area_legend_label(area_id: str, name: str) -> str:
    """'AQ · Angebotsqualität': the abbreviation spelled out where a chart uses it."""
    return f"{AREA_SHORT.get(area_id, area_id)} · {name}"


def area_scale(areas: list[tuple[str, str]]) -> alt.Scale:
    """Colour scale over area *names* (``areas``: (id, name) in order), for legends in words."""
    return alt.Scale(
        domain=[name for _, name in areas],
        range=[AREA_COLORS.get(area_id, "#666666") for area_id, _ in areas],
    )


def questionnaire_areas() -> list[tuple[str, str]]:
    """(id, name) of the current questionnaire's areas, in order."""
    return [(a.id, a.name) for a in load_questionnaire().areas]


def config() -> dict[str, Any]:
    """The shared Vega-Lite config: German locale, font, readable text colours, no English
    ARIA texts (the chart's German sentence is its description, see ``mintqo.ui.charts``)."""
    axis = {
        "labelColor": TEXT,
        "titleColor": TEXT,
        "labelFontSize": FONT_SIZE,
        "titleFontSize": FONT_SIZE,
        "titleFontWeight": "normal",
        "domainColor": MUTED_TEXT,
        "tickColor": MUTED_TEXT,
        "gridColor": "#e6e6e6",
    }
    return {
        "font": FONT,
        "locale": VEGA_LOCALE,
        # The chart is described by its sentence (the element's alt text) and data table;
        # without these, every mark would be an unnamed graphics symbol for screen readers.
        "aria": False,
        "mark": {"aria": False},
        "background": BACKGROUND,
        "axis": axis,
        "legend": {
            "labelColor": TEXT,
            "titleColor": TEXT,
            "labelFontSize": FONT_SIZE,
            "titleFontSize": FONT_SIZE,
            "labelLimit": 320,
            "symbolType": "square",
            "symbolSize": 140,
            "symbolStrokeColor": MUTED_TEXT,
            "symbolStrokeWidth": 0.5,
        },
        "title": {"color": TEXT, "subtitleColor": TEXT, "fontSize": 13},
        "text": {"color": TEXT},
        "view": {"strokeWidth": 0},
    }


def themed(chart: ChartT) -> ChartT:
    """``chart`` with the shared config (German numbers and months, contrast, font)."""
    return chart.configure(**config())


def label_expr(names: list[str], width: int = 22) -> str:
    """Vega expression that turns an axis label into its lines, wrapped at ``width`` characters
    (Vega draws a list as a multi-line label): long criterion names stay whole on a phone."""
    lines = {n: textwrap.wrap(n, width, break_long_words=False) or [n] for n in names}
    return f"{json.dumps(lines, ensure_ascii=False)}[datum.label]"


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str = BACKGROUND) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1–21)."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(fill: str) -> str:
    """Black-ish or white text, whichever contrasts more with ``fill``."""
    return TEXT if contrast(TEXT, fill) >= contrast("#ffffff", fill) else "#ffffff"

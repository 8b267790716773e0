"""Charts for the projector's slides: the network's anonymous picture in type that can be read
from the back of a room. Pure: frames in, Altair charts (and tables, sentences) out.

The normal dashboard charts are drawn for a column on a laptop (12 px labels, legends below);
projected onto a wall their text is unreadable and their legends take half the height. These
builders draw the same aggregates for a slide:

- every text is at least :data:`SLIDE_FONT` (24 px) – axis and legend labels, criterion names,
  numbers written at the marks; long criterion names wrap instead of being cut;
- the chart fills its slide: width and height follow the container (``"container"``), so the
  same cached spec fills a 1280×720 and a 1920×1080 projector; the radar stays round at any
  aspect ratio (its domains follow the plot's width and height);
- drawn as SVG (not canvas), so what the room sees can be measured in a browser test;
- legends beside the plot or above it, never below (the slide's height is the scarce side).

Each builder has a sentence function (WCAG 1.1.1: the chart's accessible name) and, where the
numbers are shown elsewhere too (the handout, the preparation view), a table function, so the
screen and the paper take their numbers from one place.
"""

from __future__ import annotations

import json
import math
import textwrap

import altair as alt
import pandas as pd

from mintqo.charts.distribution import box_stats
from mintqo.charts.radar import radar_points, spokes
from mintqo.charts.theme import (
    AREA_COLORS,
    AREA_DASHES,
    BAND_FILL,
    BAND_STROKE,
    GRID,
    MUTED_TEXT,
    SERIES_COLORS,
    TEXT,
    config,
)
from mintqo.formats import score
from mintqo.questionnaire import load_questionnaire

SLIDE_FONT = 24
"""The smallest text on a slide, in CSS pixels (chart labels included)."""
GROWTH = 0.041
"""Text grows with the chart's height beyond that: 24 px on a 1280×720 slide, about 36 px on a
1920×1080 one, like the slide's other text (the chart's size is known only in the browser)."""
FONT = {"expr": f"max({SLIDE_FONT}, round(containerSize()[1] * {GROWTH}))"}
LINE = {"expr": f"round(max({SLIDE_FONT}, containerSize()[1] * {GROWTH}) * 1.18)"}
RINGS = (25, 50, 75, 100)
LABEL_RADIUS = 1.1
LABEL_RADIUS_VERTICAL = 1.3
"""Labels above and below the radar sit further out: centred on their spoke, they would
otherwise run into their neighbours' labels."""
RADAR_EXTENT = 1.48
"""Half the radar's domain in radii: room for the two-line labels at the top and bottom."""
FILL = alt.AutoSizeParams(type="fit", contains="padding")
SVG = {"embedOptions": {"renderer": "svg"}}
"""Streamlit draws small charts as SVG anyway; asked for explicitly so the test can measure."""


def slide_config() -> dict:
    """The dashboards' config (German locale, contrast, font) with slide-sized text."""
    base = config()
    axis = {
        **base["axis"],
        "labelFontSize": FONT,
        "titleFontSize": FONT,
        "labelPadding": 10,
    }
    legend = {
        **base["legend"],
        "labelFontSize": FONT,
        "titleFontSize": FONT,
        "labelLimit": 0,
        "symbolSize": 400,
        "rowPadding": 8,
    }
    return {**base, "axis": axis, "legend": legend, "title": {**base["title"], "fontSize": FONT}}


def finish(chart: alt.LayerChart) -> alt.LayerChart:
    return chart.properties(
        width="container", height="container", autosize=FILL, usermeta=SVG
    ).configure(**slide_config())


def _lines(text: str, width: int) -> str:
    """``text`` wrapped for a mark label (lines joined by Vega's ``lineBreak``)."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False) or [text])


def axis_lines(labels: dict[str, list[str]]) -> str:
    """Vega expression: an axis label as its list of lines (drawn as a multi-line label)."""
    return f"{json.dumps(labels, ensure_ascii=False)}[datum.label]"


# --- the network radar -----------------------------------------------------------------------


def _square(mine: str, other: str) -> tuple[dict[str, str], dict[str, str]]:
    stretch = f"max(1, {mine} / max(1, {other}))"
    return (
        {"expr": f"-{RADAR_EXTENT} * {stretch}"},
        {"expr": f"{RADAR_EXTENT} * {stretch}"},
    )


def radar_slide(
    profiles: pd.DataFrame, band: pd.DataFrame | None, *, band_label: str
) -> alt.LayerChart:
    """The network's radar for a slide. ``profiles``: ``series``, ``criterion_id``, ``score``
    (one series: the network mean); ``band``: ``criterion_id``, ``low``, ``high`` (quartiles).

    Criteria without a value (suppressed) are drawn at the centre; the slide names them."""
    q = load_questionnaire()
    series = list(dict.fromkeys(profiles["series"].astype(str))) or ["Netzwerk-Mittel"]
    x_min, x_max = _square("width", "height")
    y_min, y_max = _square("height", "width")
    x_scale = alt.Scale(domainMin=x_min, domainMax=x_max, nice=False)
    y_scale = alt.Scale(domainMin=y_min, domainMax=y_max, nice=False)
    x, y = alt.X("x:Q", scale=x_scale, axis=None), alt.Y("y:Q", scale=y_scale, axis=None)
    areas = [a.name for a in q.areas]
    area_colour = alt.Scale(domain=areas, range=[AREA_COLORS[a.id] for a in q.areas])
    has_band = band is not None and not band.empty
    fills = [*series, band_label] if has_band else series
    fill_scale = alt.Scale(domain=fills, range=[*SERIES_COLORS[: len(series)], BAND_FILL])
    legend = {"orient": "left", "direction": "vertical"}

    rings = []
    for ring in RINGS:
        pts = radar_points({c.id: float(ring) for c in q.criteria}, q)
        rings.append(pts.assign(ring=ring)[["ring", "order", "x", "y"]])
    layers: list[alt.Chart] = [
        alt.Chart(pd.concat(rings, ignore_index=True))
        .mark_line(color=GRID, strokeWidth=1)
        .encode(x=x, y=y, detail=alt.Detail("ring:N"), order=alt.Order("order:Q"))
    ]
    between = math.pi / len(q.criteria)  # ring values between the first two spokes
    layers.append(
        alt.Chart(
            pd.DataFrame(
                {
                    "ring": RINGS[:-1],
                    "x": [r / 100 * math.sin(between) for r in RINGS[:-1]],
                    "y": [r / 100 * math.cos(between) for r in RINGS[:-1]],
                }
            )
        )
        .mark_text(fontSize=FONT, color=MUTED_TEXT)
        .encode(x=x, y=y, text=alt.Text("ring:Q"))
    )
    spoke = spokes(q).assign(x0=0.0, y0=0.0)
    dash = alt.Scale(domain=areas, range=[AREA_DASHES[a.id] for a in q.areas])
    layers.append(
        alt.Chart(spoke)
        .mark_rule(strokeWidth=3)
        .encode(
            x=x,
            y=y,
            x2=alt.X2("x0:Q"),
            y2=alt.Y2("y0:Q"),
            color=alt.Color(
                "area:N",
                scale=area_colour,
                legend=alt.Legend(
                    title="Bereich",
                    symbolType="stroke",
                    symbolStrokeWidth=4,
                    symbolSize=900,
                    symbolOpacity=1,
                    **legend,
                ),
            ),
            strokeDash=alt.StrokeDash("area:N", scale=dash, legend=None),
            opacity=alt.OpacityValue(1),
        )
    )
    radius = spoke["x"].abs().le(0.2).map({True: LABEL_RADIUS_VERTICAL, False: LABEL_RADIUS})
    labels = spoke.assign(
        lx=spoke["x"] * radius,
        ly=spoke["y"] * radius,
        label=spoke["criterion"].map(lambda n: _lines(n, 18)),
    )
    for align, mask in (
        ("right", labels["x"] < -0.2),
        ("center", labels["x"].abs() <= 0.2),
        ("left", labels["x"] > 0.2),
    ):
        layers.append(
            alt.Chart(labels[mask])
            .mark_text(
                fontSize=FONT,
                lineHeight=LINE,
                align=align,
                baseline="middle",
                lineBreak="\n",
            )
            .encode(
                x=alt.X("lx:Q", scale=x_scale, axis=None),
                y=alt.Y("ly:Q", scale=y_scale, axis=None),
                text=alt.Text("label:N"),
                color=alt.Color("area:N", scale=area_colour, legend=None),
            )
        )
    if has_band:
        assert band is not None
        by_id = band.set_index("criterion_id")
        outer = radar_points(by_id["high"], q)
        inner = radar_points(by_id["low"], q).iloc[::-1]
        ring = pd.concat([outer, inner], ignore_index=True)
        ring["order"] = range(len(ring))
        layers.append(
            alt.Chart(ring[["order", "x", "y"]].assign(band=band_label))
            .mark_line(fillOpacity=0.4, stroke=BAND_STROKE, strokeWidth=1.5, strokeDash=[6, 4])
            .encode(
                x=x,
                y=y,
                order=alt.Order("order:Q"),
                detail=alt.Detail("band:N"),
                fill=alt.Fill(
                    "band:N", scale=fill_scale, legend=alt.Legend(title="Reihe", **legend)
                ),
            )
        )
    for n, label in enumerate(series):
        rows = profiles[profiles["series"].astype(str) == label]
        pts = radar_points(rows.set_index("criterion_id")["score"], q).assign(series=label)
        colour = SERIES_COLORS[n % len(SERIES_COLORS)]
        layers.append(
            alt.Chart(pts)
            .mark_line(fillOpacity=0.15, stroke=colour, strokeWidth=3)
            .encode(
                x=x,
                y=y,
                order=alt.Order("order:Q"),
                fill=alt.Fill(
                    "series:N", scale=fill_scale, legend=alt.Legend(title="Reihe", **legend)
                ),
            )
        )
        layers.append(
            alt.Chart(pts[pts["order"] < len(q.criteria)])
            .mark_point(size=140, filled=True, color=colour, opacity=1)
            .encode(x=x, y=y)
        )
    return finish(alt.layer(*layers))


# --- one quality area: its criteria's distributions --------------------------------------------


def area_distribution_slide(
    distribution: pd.DataFrame, criteria_order: list[str]
) -> alt.LayerChart:
    """Box plots (quartiles, min–max, median written above it) of one area's criteria.

    ``distribution``: ``Kriterium``, ``area``, ``score`` – single values of shown criteria."""
    stats = box_stats(distribution, criteria_order)
    stats["median_text"] = stats["median"].map(score)
    order = list(stats["Kriterium"])
    y = alt.Y(
        "Kriterium:N",
        sort=order,
        title=None,
        axis=alt.Axis(
            labelExpr=axis_lines({n: textwrap.wrap(n, 20) or [n] for n in order}),
            labelLimit=0,
            labelLineHeight=LINE,
            labelOverlap=False,  # never drop a criterion's name (the slide test checks overlaps)
            ticks=False,
            domain=False,
        ),
    )
    scale = alt.Scale(domain=[0, 100])
    colour = alt.Color(
        "area:N",
        scale=alt.Scale(domain=list(AREA_COLORS), range=list(AREA_COLORS.values())),
        legend=None,
    )
    base = alt.Chart(stats).encode(y=y)
    whisker = base.mark_rule(strokeWidth=3).encode(
        x=alt.X(
            "min:Q",
            scale=scale,
            title="Wert (0–100)",
            axis=alt.Axis(values=[0, 25, 50, 75, 100], grid=True),
        ),
        x2=alt.X2("max:Q"),
        color=colour,
    )
    box = base.mark_bar(size={"expr": "bandwidth('y') * 0.4"}).encode(
        x=alt.X("q1:Q", scale=scale), x2=alt.X2("q3:Q"), color=colour
    )
    median = base.mark_tick(
        color="white", thickness=4, size={"expr": "bandwidth('y') * 0.4"}
    ).encode(x=alt.X("median:Q", scale=scale))
    value = base.mark_text(
        fontSize=FONT,
        fontWeight="bold",
        color=TEXT,
        baseline="bottom",
        dy={"expr": "-bandwidth('y') * 0.2 - 4"},
    ).encode(x=alt.X("median:Q", scale=scale), text=alt.Text("median_text:N"))
    return finish(alt.layer(whisker, box, median, value))

"""The Altair layers of the radar: shared scales, the static rings, spokes and labels, and the
data layers (band, one filled polygon per series, vertices with tooltips, the title).

Split into static and data layers so :func:`mintqo.charts.radar.radar_spec` can build the part
that is the same for every radar of a questionnaire once. A criterion without a score is a
hollow vertex at the centre, its tooltip says "keine Bewertung", and the title names it.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import altair as alt
import pandas as pd

from mintqo.charts.radar_geometry import RINGS, band_frame, radar_points, ring_frame, spokes
from mintqo.charts.theme import (
    AREA_COLORS,
    AREA_DASHES,
    BAND_FILL,
    BAND_STROKE,
    FIT_WIDTH,
    GRID,
    MUTED_TEXT,
    NARROW,
    TEXT,
    themed,
)
from mintqo.charts.theme import SERIES_COLORS as THEME_SERIES_COLORS
from mintqo.formats import score
from mintqo.questionnaire import Questionnaire

LABEL_RADIUS = 1.08
EXTENT = 1.48
EXTENT_NARROW = 2.0
"""On a phone the labels take relatively more room: the radar is drawn smaller."""
SERIES_COLORS = THEME_SERIES_COLORS
NO_SCORE = "keine Bewertung (zu wenige Antworten)"

LABEL_BREAK = "\n"


def _label_lines(name: str) -> str:
    """The criterion name wrapped for a spoke label, lines joined by LABEL_BREAK.

    A string with Vega's ``lineBreak`` rather than a list: Streamlit ships chart data as Arrow,
    where a list cell reaches the browser as the text "[a,b]".
    """
    return LABEL_BREAK.join(textwrap.wrap(name, 16, break_long_words=False) or [name])


def _square_domain(mine: str, other: str) -> tuple[dict[str, str], dict[str, str]]:
    """Domain ends of one axis that keep the radar round in a plot of any aspect ratio.

    Streamlit gives the chart the column's width and the spec's height; the axis with more room
    shows proportionally more of its domain, so one unit is as long on both axes.
    """
    stretch = f"max(1, {mine} / max(1, {other}))"
    extent = f"({NARROW} ? {EXTENT_NARROW} : {EXTENT})"
    return {"expr": f"-{extent} * {stretch}"}, {"expr": f"{extent} * {stretch}"}


class Scales:
    """The scales every layer shares (one definition, so the static and data layers match)."""

    def __init__(self, q: Questionnaire, series_order: list[str], band_label: str | None) -> None:
        x_min, x_max = _square_domain("width", "height")
        y_min, y_max = _square_domain("height", "width")
        self.x = alt.Scale(domainMin=x_min, domainMax=x_max, nice=False, zero=False)
        self.y = alt.Scale(domainMin=y_min, domainMax=y_max, nice=False, zero=False)
        self.x_enc = alt.X("x:Q", scale=self.x, axis=None)
        self.y_enc = alt.Y("y:Q", scale=self.y, axis=None)
        self.area = alt.Scale(
            domain=[a.name for a in q.areas],
            range=[AREA_COLORS.get(a.id, "#666666") for a in q.areas],
        )
        self.dash = alt.Scale(
            domain=[a.name for a in q.areas],
            range=[AREA_DASHES.get(a.id, [1, 0]) for a in q.areas],
        )
        colours = [SERIES_COLORS[i % len(SERIES_COLORS)] for i in range(len(series_order))]
        self.series = alt.Scale(domain=series_order, range=colours)
        # The band has a legend entry of its own in the series legend, in its own colour.
        with_band = [*series_order, band_label] if band_label else series_order
        self.fill = alt.Scale(domain=with_band, range=[*colours, BAND_FILL][: len(with_band)])


def _legend(title: str, symbol: str = "square") -> alt.Legend:
    """Legends below the radar: beside it they would take a phone's whole width."""
    if symbol == "stroke":
        return alt.Legend(
            title=title,
            orient="bottom",
            direction="vertical",
            symbolType="stroke",
            symbolStrokeWidth=2.5,
            symbolSize=300,
        )
    return alt.Legend(title=title, orient="bottom", direction="vertical")


def static_layers(q: Questionnaire, sc: Scales) -> list[alt.Chart]:
    """Rings, ring labels, spokes and criterion labels: the same for every radar of ``q``."""
    rings = (
        alt.Chart(ring_frame(q))
        .mark_line(color=GRID, strokeWidth=0.8)
        .encode(x=sc.x_enc, y=sc.y_enc, detail=alt.Detail("ring:N"), order=alt.Order("order:Q"))
    )
    ring_labels = (
        alt.Chart(
            pd.DataFrame(
                {
                    "ring": RINGS[:-1],  # the outer ring is 100; its label would hit a spoke's
                    "x": [r / 100 * math.sin(math.pi / len(q.criteria)) for r in RINGS[:-1]],
                    "y": [r / 100 * math.cos(math.pi / len(q.criteria)) for r in RINGS[:-1]],
                }
            )
        )
        .mark_text(align="center", baseline="middle", fontSize=10, color=MUTED_TEXT)
        .encode(x=sc.x_enc, y=sc.y_enc, text=alt.Text("ring:Q"))
    )
    spoke_frame = spokes(q)
    spoke_frame["x0"], spoke_frame["y0"] = 0.0, 0.0
    spoke_marks = (
        alt.Chart(spoke_frame)
        .mark_rule(strokeWidth=2)
        .encode(
            x=sc.x_enc,
            y=sc.y_enc,
            x2=alt.X2("x0:Q"),
            y2=alt.Y2("y0:Q"),
            color=alt.Color("area:N", scale=sc.area, legend=_legend("Bereich", symbol="stroke")),
            strokeDash=alt.StrokeDash("area:N", scale=sc.dash, legend=_legend("Bereich", "stroke")),
            tooltip=[
                alt.Tooltip("criterion:N", title="Kriterium"),
                alt.Tooltip("area:N", title="Bereich"),
            ],
        )
    )
    labels = spoke_frame.assign(
        lx=spoke_frame["x"] * LABEL_RADIUS,
        ly=spoke_frame["y"] * LABEL_RADIUS,
        label=spoke_frame["criterion"].map(_label_lines),
    )
    label_marks = []
    for side, align, mask in (
        ("left", "right", labels["x"] < -0.2),
        ("center", "center", labels["x"].abs() <= 0.2),
        ("right", "left", labels["x"] > 0.2),
    ):
        label_marks.append(
            alt.Chart(labels[mask].assign(side=side))
            .mark_text(
                fontSize={"expr": f"{NARROW} ? 9 : 11"},
                lineHeight={"expr": f"{NARROW} ? 10 : 12"},
                baseline="middle",
                align=align,
                lineBreak=LABEL_BREAK,
            )
            .encode(
                x=alt.X("lx:Q", scale=sc.x, axis=None),
                y=alt.Y("ly:Q", scale=sc.y, axis=None),
                text=alt.Text("label"),
                color=alt.Color("area:N", scale=sc.area, legend=None),
            )
        )
    return [rings, ring_labels, spoke_marks, *label_marks]


def has_band(band: pd.DataFrame | None) -> bool:
    """True if there is a band to draw."""
    return band is not None and not band.empty


@dataclass(frozen=True)
class DataFrames:
    """What the data layers show: the band's polygon (if any), every series' polygon, their
    vertices, and the title's lines (criteria without a score)."""

    band: pd.DataFrame | None
    polygons: pd.DataFrame
    vertices: pd.DataFrame
    title: list[str] | str

    @property
    def frames(self) -> list[pd.DataFrame]:
        """The frames in the order of :func:`data_layers`' layers."""
        return [f for f in (self.band, self.polygons, self.vertices) if f is not None]


def data_frames(
    profiles: pd.DataFrame,
    band: pd.DataFrame | None,
    q: Questionnaire,
    series_order: list[str],
    band_label: str,
) -> DataFrames:
    """The rows of the optional band, one polygon per series and the vertices, and the title
    naming criteria without a score."""
    polygons = []
    for label in series_order:
        rows = profiles[profiles["series"].astype(str) == label]
        pts = radar_points(rows.set_index("criterion_id")["score"], q)
        pts["series"] = label
        polygons.append(pts)
    poly = pd.concat(polygons, ignore_index=True) if polygons else radar_points({}, q).iloc[:0]
    poly["series"] = poly.get("series", pd.Series(dtype=str))
    poly["score_text"] = poly["score"].map(lambda s: NO_SCORE if pd.isna(s) else score(s))
    poly["draw_order"] = poly["series"].map({s: -i for i, s in enumerate(series_order)})
    vertices = poly[poly["order"] < len(q.criteria)]
    band_polygon = None
    if has_band(band):
        assert band is not None
        band_polygon = band_frame(band, q)
        band_polygon["band"] = band_label
    missing = sorted(
        set(vertices.loc[~vertices["has_score"], "criterion"]),
        key=[c.name for c in q.criteria].index,
    )
    note = f"Ohne Bewertung (in der Mitte gezeichnet): {', '.join(missing)}" if missing else ""
    return DataFrames(band_polygon, poly, vertices, textwrap.wrap(note, 42) if note else "")


def title_params(data: DataFrames) -> alt.TitleParams:
    """The radar's title: the criteria without a score, or nothing."""
    return alt.TitleParams(
        text=data.title, fontSize=12, fontWeight="normal", anchor="start", color=TEXT
    )


def data_layers(data: DataFrames, sc: Scales) -> list[alt.Chart]:
    """The optional band, one polygon per series, the vertices with their tooltips."""
    layers: list[alt.Chart] = []
    if data.band is not None:
        layers.append(
            alt.Chart(data.band)
            .mark_line(
                fillOpacity=0.35,
                stroke=BAND_STROKE,
                strokeWidth=1,
                strokeDash=[4, 3],
                interpolate="linear",
            )
            .encode(
                x=sc.x_enc,
                y=sc.y_enc,
                order=alt.Order("order:Q"),
                detail=alt.Detail("band:N"),
                fill=alt.Fill("band:N", scale=sc.fill, legend=_legend("Reihe")),
            )
        )
    tooltip = [
        alt.Tooltip("series:N", title="Reihe"),
        alt.Tooltip("criterion:N", title="Kriterium"),
        alt.Tooltip("area:N", title="Bereich"),
        alt.Tooltip("score_text:N", title="Wert (0–100)"),
    ]
    layers.append(
        alt.Chart(data.polygons)
        .mark_line(fillOpacity=0.18, strokeWidth=2)
        .encode(
            x=sc.x_enc,
            y=sc.y_enc,
            order=alt.Order("order:Q"),
            detail=alt.Detail("series:N"),
            stroke=alt.Stroke("series:N", scale=sc.series, legend=None),
            fill=alt.Fill("series:N", scale=sc.fill, legend=_legend("Reihe")),
        )
    )
    layers.append(
        alt.Chart(data.vertices)
        .mark_point(size=45, strokeWidth=1.5, opacity=1)
        .encode(
            x=sc.x_enc,
            y=sc.y_enc,
            stroke=alt.Stroke("series:N", scale=sc.series, legend=None),
            fill=alt.FillValue(  # a class, not the plain dict: see theme.py on channels
                **alt.condition(
                    "datum.has_score",
                    alt.Fill("series:N", scale=sc.fill, legend=None),
                    alt.value("white"),
                )
            ),
            tooltip=tooltip,
        )
    )
    return layers


def finish(layers: list[alt.Chart], title: alt.TitleParams, size: int) -> alt.LayerChart:
    """``size`` is the plot's height and (without Streamlit, e.g. in the PDF) its width; in the
    app the width follows the column and the domains keep the radar round."""
    return themed(
        alt.layer(*layers, title=title).properties(width=size, height=size, autosize=FIT_WIDTH)
    )

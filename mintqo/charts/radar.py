"""Radar chart of criterion scores (0–100), built from plain Vega-Lite marks.

Vega-Lite has no radar mark, so the geometry is computed here: spoke ``k`` of ``n`` points at
angle ``2πk/n`` clockwise from the top, a score ``s`` lies at radius ``s/100``. Rings (25–100),
spokes coloured by quality area, labels, one filled closed polygon per series, an optional
translucent band (e.g. the interquartile range of a network) and tooltips on every vertex.

A criterion without a score (too few answers) is drawn at the centre, so every polygon stays
closed; its vertex is a hollow marker, its tooltip says "keine Bewertung", and the chart's
subtitle names the criteria concerned.
"""

from __future__ import annotations

import copy
import functools
import math
import textwrap
from collections.abc import Callable, Mapping
from typing import Any

import altair as alt
import pandas as pd

from mintqo.charts.sentences import join_words, name_change, name_value
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
from mintqo.formats import score, signed
from mintqo.questionnaire import Questionnaire, load_questionnaire

RINGS = (25, 50, 75, 100)
LABEL_RADIUS = 1.08
EXTENT = 1.48
EXTENT_NARROW = 2.0
"""On a phone the labels take relatively more room: the radar is drawn smaller."""
SERIES_COLORS = THEME_SERIES_COLORS
NO_SCORE = "keine Bewertung (zu wenige Antworten)"


def _questionnaire(questionnaire: Questionnaire | None) -> Questionnaire:
    return questionnaire if questionnaire is not None else load_questionnaire()


def spokes(questionnaire: Questionnaire | None = None) -> pd.DataFrame:
    """One row per criterion in questionnaire order (area by area) with its angle in radians."""
    q = _questionnaire(questionnaire)
    n = len(q.criteria)
    rows = []
    for k, c in enumerate(q.criteria):
        angle = 2 * math.pi * k / n
        rows.append(
            {
                "order": k,
                "criterion_id": c.id,
                "criterion": c.name,
                "area_id": c.area_id,
                "area": q.area_by_id[c.area_id].name,
                "angle": angle,
                "x": math.sin(angle),
                "y": math.cos(angle),
            }
        )
    return pd.DataFrame(rows)


def radar_points(
    scores: Mapping[str, float | None] | pd.Series,
    questionnaire: Questionnaire | None = None,
) -> pd.DataFrame:
    """Closed polygon of one series: a row per criterion plus the first one repeated at the end.

    Columns: ``order`` (0…n, n = the closing point), ``criterion_id``, ``criterion``, ``area_id``,
    ``area``, ``score`` (NaN = no score), ``has_score``, ``angle`` (radians clockwise from the
    top), ``radius`` (score/100, 0 without score), ``x``, ``y``.
    """
    frame = spokes(questionnaire)
    values = pd.Series(scores, dtype=float) if not isinstance(scores, pd.Series) else scores
    frame["score"] = frame["criterion_id"].map(values).astype(float)
    frame["has_score"] = frame["score"].notna()
    frame["radius"] = (frame["score"].clip(0, 100) / 100).fillna(0.0)
    frame["x"] = frame["radius"] * frame["angle"].map(math.sin)
    frame["y"] = frame["radius"] * frame["angle"].map(math.cos)
    closing = frame.iloc[[0]].copy()
    closing["order"] = len(frame)
    return pd.concat([frame, closing], ignore_index=True)


def _ring_frame(questionnaire: Questionnaire) -> pd.DataFrame:
    parts = []
    for ring in RINGS:
        pts = radar_points({c.id: float(ring) for c in questionnaire.criteria}, questionnaire)
        pts["ring"] = ring
        parts.append(pts[["ring", "order", "x", "y"]])
    return pd.concat(parts, ignore_index=True)


def _band_frame(band: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Outer polygon clockwise, then the inner one counter-clockwise: a ring with a hole."""
    by_id = band.set_index("criterion_id")
    outer = radar_points(by_id["high"], questionnaire)
    inner = radar_points(by_id["low"], questionnaire).iloc[::-1]
    ring = pd.concat([outer, inner], ignore_index=True)
    ring["order"] = range(len(ring))
    return ring[["order", "x", "y"]]


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


class _Scales:
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


def _static_layers(q: Questionnaire, sc: _Scales) -> list[alt.Chart]:
    """Rings, ring labels, spokes and criterion labels: the same for every radar of ``q``."""
    rings = (
        alt.Chart(_ring_frame(q))
        .mark_line(color=GRID, strokeWidth=0.8)
        .encode(x=sc.x_enc, y=sc.y_enc, detail="ring:N", order="order:Q")
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
        .encode(x=sc.x_enc, y=sc.y_enc, text="ring:Q")
    )
    spoke_frame = spokes(q)
    spoke_frame["x0"], spoke_frame["y0"] = 0.0, 0.0
    spoke_marks = (
        alt.Chart(spoke_frame)
        .mark_rule(strokeWidth=2)
        .encode(
            x=sc.x_enc,
            y=sc.y_enc,
            x2="x0:Q",
            y2="y0:Q",
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
                text="label",
                color=alt.Color("area:N", scale=sc.area, legend=None),
            )
        )
    return [rings, ring_labels, spoke_marks, *label_marks]


def _has_band(band: pd.DataFrame | None) -> bool:
    return band is not None and not band.empty


def _data_layers(
    profiles: pd.DataFrame,
    band: pd.DataFrame | None,
    q: Questionnaire,
    sc: _Scales,
    series_order: list[str],
    band_label: str,
) -> tuple[list[alt.Chart], alt.TitleParams]:
    """The optional band, one polygon per series, the vertices, and the title naming criteria
    without a score."""
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
    layers: list[alt.Chart] = []
    if _has_band(band):
        assert band is not None
        band_frame = _band_frame(band, q)
        band_frame["band"] = band_label
        layers.append(
            alt.Chart(band_frame)
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
                order="order:Q",
                detail="band:N",
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
        alt.Chart(poly)
        .mark_line(fillOpacity=0.18, strokeWidth=2)
        .encode(
            x=sc.x_enc,
            y=sc.y_enc,
            order="order:Q",
            detail="series:N",
            stroke=alt.Stroke("series:N", scale=sc.series, legend=None),
            fill=alt.Fill("series:N", scale=sc.fill, legend=_legend("Reihe")),
        )
    )
    layers.append(
        alt.Chart(vertices)
        .mark_point(size=45, strokeWidth=1.5, opacity=1)
        .encode(
            x=sc.x_enc,
            y=sc.y_enc,
            stroke=alt.Stroke("series:N", scale=sc.series, legend=None),
            fill=alt.condition(
                "datum.has_score",
                alt.Fill("series:N", scale=sc.fill, legend=None),
                alt.value("white"),
            ),
            tooltip=tooltip,
        )
    )
    missing = sorted(
        set(vertices.loc[~vertices["has_score"], "criterion"]),
        key=[c.name for c in q.criteria].index,
    )
    note = f"Ohne Bewertung (in der Mitte gezeichnet): {', '.join(missing)}" if missing else ""
    title = alt.TitleParams(
        text=textwrap.wrap(note, 42) if note else "",
        fontSize=12,
        fontWeight="normal",
        anchor="start",
        color=TEXT,
    )
    return layers, title


def _finish(layers: list[alt.Chart], title: alt.TitleParams, size: int) -> alt.LayerChart:
    """``size`` is the plot's height and (without Streamlit, e.g. in the PDF) its width; in the
    app the width follows the column and the domains keep the radar round."""
    return themed(
        alt.layer(*layers, title=title).properties(width=size, height=size, autosize=FIT_WIDTH)
    )


def _series_order(profiles: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(profiles["series"].astype(str)))


def radar_chart(
    profiles: pd.DataFrame,
    band: pd.DataFrame | None = None,
    *,
    size: int = 420,
    questionnaire: Questionnaire | None = None,
    band_label: str = "Mittlere Hälfte des Netzwerks",
) -> alt.LayerChart:
    """The radar of ``profiles`` (columns ``series``, ``criterion_id``, ``score``)."""
    q = _questionnaire(questionnaire)
    order = _series_order(profiles)
    sc = _Scales(q, order, band_label if _has_band(band) else None)
    data, title = _data_layers(profiles, band, q, sc, order, band_label)
    return _finish([*_static_layers(q, sc), *data], title, size)


ToDict = Callable[[alt.TopLevelMixin], dict[str, Any]]


@functools.lru_cache(maxsize=16)
def _static_spec(q: Questionnaire, size: int, to_dict: ToDict) -> dict[str, Any]:
    sc = _Scales(q, [], None)
    return to_dict(_finish(_static_layers(q, sc), alt.TitleParams(text=""), size))


def radar_spec(
    profiles: pd.DataFrame,
    band: pd.DataFrame | None = None,
    *,
    size: int = 420,
    questionnaire: Questionnaire | None = None,
    band_label: str = "Mittlere Hälfte des Netzwerks",
    to_dict: ToDict,
) -> dict[str, Any]:
    """The Vega-Lite spec of :func:`radar_chart` (same layers, data and scales), built faster.

    The rings, spokes and labels are the same for every radar of a questionnaire; building and
    serialising them was most of the cost of a profile's first view (≈ 0.2 s). Their spec is
    made once per questionnaire and size; only the data layers are built per call. ``to_dict``
    turns an Altair chart into a spec (the caller decides theme and validation);
    ``tests/test_radar.py`` checks that both ways give the same spec.
    """
    q = _questionnaire(questionnaire)
    order = _series_order(profiles)
    sc = _Scales(q, order, band_label if _has_band(band) else None)
    data, title = _data_layers(profiles, band, q, sc, order, band_label)
    dynamic = to_dict(_finish(data, title, size))
    spec = copy.deepcopy(_static_spec(q, size, to_dict))
    spec["layer"] = [*spec["layer"], *dynamic["layer"]]
    spec["datasets"] = {**spec.get("datasets", {}), **dynamic.get("datasets", {})}
    spec["title"] = dynamic["title"]
    return spec


def radar_sentence(
    profiles: pd.DataFrame,
    band: pd.DataFrame | None = None,
    *,
    questionnaire: Questionnaire | None = None,
    band_label: str = "Mittlere Hälfte des Netzwerks",
) -> str:
    """The radar in words: the first series' strongest and weakest criteria, then each other
    series compared with it (a round: largest rise and fall; a mean: criteria above it), the
    band's widest spread and criteria without a score."""
    q = _questionnaire(questionnaire)
    names = {c.id: c.name for c in q.criteria}
    order = _series_order(profiles)
    if not order:
        return "Das Profil enthält noch keine Werte."
    series = {
        label: profiles[profiles["series"].astype(str) == label]
        .set_index("criterion_id")["score"]
        .dropna()
        for label in order
    }
    main_label, main = order[0], series[order[0]]
    if main.empty:
        return f"{main_label}: noch keine Kriterien mit Wert."
    parts = [
        f"{main_label} – stärkstes Kriterium: {name_value(names[main.idxmax()], main.max())}; "
        f"schwächstes: {name_value(names[main.idxmin()], main.min())}."
    ]
    for label in order[1:]:
        other = series[label]
        common = main.index.intersection(other.index)
        if common.empty:
            continue
        diff = (main[common] - other[common]).astype(float)
        if label.startswith("Runde"):
            rise, fall = diff[diff.round(0) > 0], diff[diff.round(0) < 0]
            text = f"Gegenüber {label}"
            changes = []
            if len(rise):
                changes.append(
                    f"am stärksten verbessert: {name_change(names[rise.idxmax()], rise.max())}"
                )
            if len(fall):
                changes.append(
                    f"am stärksten gesunken: {name_change(names[fall.idxmin()], fall.min())}"
                )
            parts.append(f"{text} {'; '.join(changes)}." if changes else f"{text} unverändert.")
        else:
            above = int((diff.round(0) > 0).sum())
            widest = diff.abs().idxmax()
            parts.append(
                f"Über „{label}“ liegen {above} von {len(common)} Kriterien; der größte Abstand "
                f"ist bei {names[widest]} ({signed(diff[widest])})."
            )
    if band is not None and not band.empty:
        spread = (
            band.set_index("criterion_id")["high"] - band.set_index("criterion_id")["low"]
        ).dropna()
        if len(spread):
            widest = spread.idxmax()
            low, high = band.set_index("criterion_id").loc[widest, ["low", "high"]]
            parts.append(
                f"{band_label}: am weitesten auseinander bei {names[widest]} "
                f"({score(low)} bis {score(high)})."
            )
    missing = [names[c.id] for c in q.criteria if c.id not in main.index]
    if missing:
        parts.append(f"Ohne Bewertung: {join_words(missing)}.")
    return " ".join(parts)

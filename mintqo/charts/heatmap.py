"""Heatmap of scores: rows (initiatives, networks or series) × criteria, values 0–100.

One layered chart (no concatenation), so Streamlit can give it the width of its column: the
criteria share the width, every column stays visible from a projector down to a phone (390 px).
The values are printed in the cells and the colours come in five classes, each with a text
colour that meets 4.5:1, so colour is never needed to read a value. Above the columns a strip
names each criterion's quality area ("AQ", spelled out in the legend).
"""

from __future__ import annotations

import json
import textwrap

import altair as alt
import pandas as pd

from mintqo.charts.sentences import name_value
from mintqo.charts.theme import (
    AREA_COLORS,
    AREA_SHORT,
    FIT_WIDTH,
    MUTED_TEXT,
    NARROW,
    area_legend_label,
    questionnaire_areas,
    readable_on,
    themed,
)
from mintqo.formats import MISSING, score

SCORE_CLASSES = (
    ("0–19", 20.0, "#f1f6fc"),
    ("20–39", 40.0, "#c6dbef"),
    ("40–59", 60.0, "#7fb2dd"),
    ("60–79", 80.0, "#2a6fb0"),
    ("80–100", float("inf"), "#0d3b75"),
)
"""(label, upper bound (exclusive), fill): fill and text colour meet 4.5:1 in every class."""


def score_class(value: float | None) -> str | None:
    if value is None or pd.isna(value):
        return None
    for label, upper, _ in SCORE_CLASSES:
        if value < upper:
            return label
    return SCORE_CLASSES[-1][0]


def heatmap_chart(
    frame: pd.DataFrame,
    *,
    row: str = "label",
    row_title: str = "Initiative",
    criteria_order: list[str] | None = None,
    cell: int = 34,
    show_values: bool = True,
) -> alt.LayerChart:
    """``frame`` columns: ``row``, ``Kriterium``, ``area``, ``score`` (NaN = no value), opt. ``n``
    and ``Bereich`` (the area's name; the id is shown otherwise).

    ``cell`` is the row height in pixels; the width follows the container.
    """
    order = criteria_order or list(dict.fromkeys(frame["Kriterium"]))
    rows = list(dict.fromkeys(frame[row]))
    data = frame.assign(
        score_text=frame["score"].map(lambda s: MISSING if pd.isna(s) else score(s)),
        Klasse=frame["score"].map(score_class),
    )
    classes = [label for label, _, _ in SCORE_CLASSES]
    fills = [fill for _, _, fill in SCORE_CLASSES]
    text_colours = {label: readable_on(fill) for label, _, fill in SCORE_CLASSES}
    x = alt.X(
        "Kriterium:N",
        sort=order,
        title=None,
        scale=alt.Scale(paddingInner=0, paddingOuter=0),
        axis=alt.Axis(
            orient="top",
            offset=18,
            labelAngle=-90,
            labelAlign="left",
            labelBaseline="middle",
            labelLimit=190,
            labelOverlap=False,
            labelFontSize={"expr": f"{NARROW} ? 10 : 12"},
            ticks=False,
            domain=False,
        ),
    )
    y = alt.Y(
        f"{row}:N",
        sort=rows,
        title=None,
        axis=alt.Axis(
            # Names wrap onto lines instead of ending in "…" (narrower on a phone).
            labelExpr=f"{NARROW} ? {_lines(rows, 26)}[datum.label] : {_lines(rows, 34)}[datum.label]",
            labelLimit=0,
            labelFontSize={"expr": f"{NARROW} ? 10 : 12"},
            labelLineHeight={"expr": f"{NARROW} ? 11 : 13"},
            labelOverlap=False,
            ticks=False,
            domain=False,
        ),
    )
    tooltip = [
        alt.Tooltip(f"{row}:N", title=row_title),
        alt.Tooltip("Kriterium:N"),
        alt.Tooltip("score_text:N", title="Wert (0–100)"),
    ]
    if "n" in frame.columns:
        tooltip.append(alt.Tooltip("n:Q", title="Initiativen", format="d"))
    base = alt.Chart(data).encode(x=x, y=y)
    rects = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            "Klasse:N",
            scale=alt.Scale(domain=classes, range=fills),
            legend=alt.Legend(
                title="Wert (0–100)",
                orient="bottom",
                direction="horizontal",
                columns={"expr": f"{NARROW} ? 3 : 5"},
            ),
        ),
        tooltip=tooltip,
    )
    layers: list[alt.Chart] = [rects]
    if show_values:
        colour_expr = " : ".join(
            f"datum.Klasse === '{label}' ? '{colour}'" for label, colour in text_colours.items()
        )
        layers.append(
            base.mark_text(fontSize={"expr": f"{NARROW} ? 9 : 11"}).encode(
                text=alt.Text("score_text:N"),
                color=alt.ColorValue({"expr": f"{colour_expr} : '{MUTED_TEXT}'"}),
                tooltip=tooltip,
            )
        )
    layers += _area_strip(frame, order)
    return themed(
        alt.layer(*layers)
        .resolve_scale(color="independent")
        .properties(height=cell * max(1, len(rows)), autosize=FIT_WIDTH)
    )


def _lines(names: list[str], width: int) -> str:
    """A Vega object literal: name → its lines wrapped at ``width`` characters."""
    lines = {
        str(n): textwrap.wrap(str(n), width, break_long_words=False) or [str(n)] for n in names
    }
    return json.dumps(lines, ensure_ascii=False)


def _area_strip(frame: pd.DataFrame, order: list[str]) -> list[alt.Chart]:
    """A band just above the grid: each criterion's area, coloured and abbreviated."""
    crits = frame.drop_duplicates("Kriterium")[["Kriterium", "area"]].copy()
    names = (
        dict(zip(frame["area"], frame["Bereich"], strict=False))
        if "Bereich" in frame.columns
        else dict(questionnaire_areas())
    )
    crits["Bereich"] = [
        area_legend_label(a, names.get(a, a)) if a in names else AREA_SHORT.get(a, a)
        for a in crits["area"]
    ]
    crits["kurz"] = crits["area"].map(lambda a: AREA_SHORT.get(a, a))
    legend_order = list(dict.fromkeys(crits["Bereich"]))
    colours = [
        AREA_COLORS.get(a, "#666666") for a in dict.fromkeys(crits["area"])
    ]  # same order as legend_order
    strip = alt.Chart(crits).encode(x=alt.X("Kriterium:N", sort=order))
    tooltip = [alt.Tooltip("Kriterium:N"), alt.Tooltip("Bereich:N")]
    return [
        strip.mark_rect(y=-16, y2=-2, stroke="white", strokeWidth=1).encode(
            color=alt.Color(
                "Bereich:N",
                scale=alt.Scale(domain=legend_order, range=colours),
                legend=alt.Legend(title="Bereich", orient="top", direction="vertical"),
            ),
            tooltip=tooltip,
        ),
        strip.mark_text(y=-9, fontSize=9, fontWeight="bold", color="white").encode(
            text=alt.Text("kurz:N"), tooltip=tooltip
        ),
    ]


def heatmap_sentence(
    frame: pd.DataFrame, *, row: str = "label", row_word: tuple[str, str] = ("Zeile", "Zeilen")
) -> str:
    """What the heatmap shows, in words: rows, the highest and lowest row mean and criterion."""
    data = frame.dropna(subset=["score"])
    rows = list(dict.fromkeys(frame[row]))
    if data.empty or not rows:
        return "Die Tabelle enthält noch keine Werte."
    singular, plural = row_word
    parts = [
        f"Werte (0–100) von {len(rows)} {singular if len(rows) == 1 else plural} "
        f"in {frame['Kriterium'].nunique()} Kriterien."
    ]
    by_row = data.groupby(row, sort=False)["score"].mean()
    if len(by_row) > 1:
        parts.append(
            f"Im Mittel über alle Kriterien am höchsten: {name_value(by_row.idxmax(), by_row.max())}, "
            f"am niedrigsten: {name_value(by_row.idxmin(), by_row.min())}."
        )
    by_crit = data.groupby("Kriterium", sort=False)["score"].mean()
    parts.append(
        f"Kriterium mit dem höchsten Mittel: {name_value(by_crit.idxmax(), by_crit.max())}, "
        f"mit dem niedrigsten: {name_value(by_crit.idxmin(), by_crit.min())}."
    )
    empty = frame["score"].isna().sum()
    if empty:
        parts.append(f"{empty} {'Feld bleibt' if empty == 1 else 'Felder bleiben'} ohne Wert.")
    return " ".join(parts)

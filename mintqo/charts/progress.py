"""Change per criterion between two rounds, as horizontal bars coloured by quality area.

Every bar is named by its criterion's full name (wrapped onto two lines where needed, never
cut), carries its value as text, and the chart takes its column's width.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from mintqo.charts.sentences import join_words, name_change
from mintqo.charts.theme import AREA_COLORS, FIT_WIDTH, TEXT, label_expr, themed
from mintqo.formats import signed

ROW_HEIGHT = 34


def progress_chart(deltas: pd.DataFrame, *, width: int = 420) -> alt.LayerChart:
    """``deltas`` has ``criterion``, ``area_id``, ``area``, ``delta`` (points on the 0–100 scale).

    ``width`` applies where no container sets it (e.g. an image); in the app the chart takes its
    column's width.
    """
    frame = deltas.copy()
    frame["delta_text"] = frame["delta"].map(signed)
    frame["side"] = frame["delta"].map(lambda d: "negative" if d < 0 else "positive")
    areas = list(dict.fromkeys(frame["area"]))
    area_ids = list(dict.fromkeys(frame["area_id"]))
    scale = alt.Scale(domain=areas, range=[AREA_COLORS.get(a, "#666666") for a in area_ids])
    limit = max(10.0, float(frame["delta"].abs().max()) if len(frame) else 10.0)
    limit = float(int(limit / 5 + 1.999) * 5)  # room for the value text beyond the bar
    names = list(frame["criterion"])
    y = alt.Y(
        "criterion:N",
        sort=names,
        title=None,
        axis=alt.Axis(
            labelExpr=label_expr(names),
            labelLimit=0,
            labelLineHeight=14,
            ticks=False,
            domain=False,
            labelPadding=8,
        ),
    )
    x = alt.X(
        "delta:Q",
        title="Veränderung (Punkte)",
        scale=alt.Scale(domain=[-limit, limit]),
        axis=alt.Axis(
            format="d",
            labelExpr="datum.value > 0 ? '+' + datum.label : datum.label",
            tickMinStep=5,
            tickCount=6,
            grid=True,
        ),
    )
    tooltip = [
        alt.Tooltip("criterion:N", title="Kriterium"),
        alt.Tooltip("area:N", title="Bereich"),
        alt.Tooltip("delta_text:N", title="Veränderung"),
    ]
    base = alt.Chart(frame).encode(y=y, tooltip=tooltip)
    bars = base.mark_bar(size=18).encode(
        x=x,
        color=alt.Color(
            "area:N",
            scale=scale,
            legend=alt.Legend(title="Bereich", orient="bottom", direction="vertical"),
        ),
    )
    texts = [
        base.transform_filter(f"datum.side === '{side}'")
        .mark_text(align=align, dx=dx, fontSize=12, color=TEXT)
        .encode(x=alt.X("delta:Q"), text=alt.Text("delta_text:N"))
        for side, align, dx in (("negative", "right", -4), ("positive", "left", 4))
    ]
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color=TEXT).encode(x=alt.X("x:Q"))
    return themed(
        alt.layer(bars, *texts, zero).properties(
            width=width, height=ROW_HEIGHT * max(1, len(frame)), autosize=FIT_WIDTH
        )
    )


def progress_sentence(deltas: pd.DataFrame, previous_round: int | None = None) -> str:
    """How many criteria rose, fell or stayed, and the largest rise and fall."""
    if deltas.empty:
        return "Für kein Kriterium gibt es Werte aus beiden Runden."
    since = f"seit Runde {previous_round}" if previous_round else "gegenüber der vorherigen Runde"
    rounded = deltas["delta"].round(0)
    up, down = deltas[rounded > 0], deltas[rounded < 0]
    same = int((rounded == 0).sum())
    counts = [f"{len(up)} verbessert", f"{len(down)} gesunken"]
    if same:
        counts.append(f"{same} gleich geblieben")
    parts = [f"Veränderung {since} in {len(deltas)} Kriterien: {join_words(counts)}."]
    if len(up):
        best = up.loc[up["delta"].idxmax()]
        parts.append(f"Am stärksten verbessert: {name_change(best['criterion'], best['delta'])}.")
    if len(down):
        worst = down.loc[down["delta"].idxmin()]
        parts.append(f"Am stärksten gesunken: {name_change(worst['criterion'], worst['delta'])}.")
    return " ".join(parts)

"""Change per criterion between two rounds, as horizontal bars coloured by quality area."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mintqo.charts.theme import AREA_COLORS, FONT


def progress_chart(deltas: pd.DataFrame, *, width: int = 420) -> alt.LayerChart:
    """``deltas`` has ``criterion``, ``area_id``, ``area``, ``delta`` (points on the 0–100 scale)."""
    frame = deltas.copy()
    frame["delta_text"] = frame["delta"].map(lambda d: f"{d:+.0f}")
    areas = list(dict.fromkeys(frame["area"]))
    area_ids = list(dict.fromkeys(frame["area_id"]))
    scale = alt.Scale(domain=areas, range=[AREA_COLORS.get(a, "#666666") for a in area_ids])
    limit = max(10.0, float(frame["delta"].abs().max()) if len(frame) else 10.0)
    y = alt.Y("criterion:N", sort=list(frame["criterion"]), title=None)
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "delta:Q",
                title="Veränderung gegenüber der vorherigen Runde (Punkte)",
                scale=alt.Scale(domain=[-limit, limit]),
            ),
            y=y,
            color=alt.Color("area:N", scale=scale, legend=alt.Legend(title="Bereich")),
            tooltip=[
                alt.Tooltip("criterion:N", title="Kriterium"),
                alt.Tooltip("delta_text:N", title="Veränderung"),
            ],
        )
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#555555").encode(x="x:Q")
    return (
        alt.layer(bars, zero)
        .properties(width=width, height=22 * max(1, len(frame)))
        .configure(font=FONT)
    )

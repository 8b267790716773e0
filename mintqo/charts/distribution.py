"""Distribution of initiatives' scores per criterion: a box plot (quartiles, min–max)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mintqo.charts.theme import AREA_COLORS, FONT


def distribution_chart(
    frame: pd.DataFrame,
    *,
    criteria_order: list[str] | None = None,
    height: int = 360,
    font_size: int = 11,
) -> alt.Chart:
    """``frame`` columns: ``Kriterium``, ``area``, ``score`` (one row per initiative's value)."""
    order = criteria_order or list(dict.fromkeys(frame["Kriterium"]))
    return (
        alt.Chart(frame)
        .mark_boxplot(extent="min-max", size=22, median={"color": "white"})
        .encode(
            x=alt.X(
                "Kriterium:N",
                sort=order,
                title=None,
                axis=alt.Axis(
                    labelAngle=-40, labelLimit=200, labelFontSize=font_size, labelOverlap=False
                ),
            ),
            y=alt.Y(
                "score:Q",
                scale=alt.Scale(domain=[0, 100]),
                title="Wert (0–100)",
                axis=alt.Axis(labelFontSize=font_size, titleFontSize=font_size),
            ),
            color=alt.Color(
                "area:N",
                scale=alt.Scale(domain=list(AREA_COLORS), range=list(AREA_COLORS.values())),
                title="Bereich",
            ),
            tooltip=[alt.Tooltip("Kriterium:N"), alt.Tooltip("area:N", title="Bereich")],
        )
        .properties(height=height)
        .configure(font=FONT)
    )

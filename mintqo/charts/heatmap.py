"""Heatmap of scores: rows (initiatives, networks or series) × criteria, values 0–100."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mintqo.charts.theme import AREA_COLORS, FONT

SCORE_SCALE = alt.Scale(domain=[0, 100], scheme="blues")


def heatmap_chart(
    frame: pd.DataFrame,
    *,
    row: str = "label",
    row_title: str = "Initiative",
    criteria_order: list[str] | None = None,
    cell: int = 34,
    show_values: bool = True,
) -> alt.VConcatChart:
    """``frame`` columns: ``row``, ``Kriterium``, ``area``, ``score`` (NaN = no value), opt. ``n``.

    A thin bar above the criteria shows each criterion's quality area in the area colour.
    """
    order = criteria_order or list(dict.fromkeys(frame["Kriterium"]))
    rows = list(dict.fromkeys(frame[row]))
    data = frame.assign(score_text=frame["score"].map(lambda s: "" if pd.isna(s) else f"{s:.0f}"))
    x = alt.X(
        "Kriterium:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelAngle=-40, labelLimit=180, orient="bottom", labelOverlap=False),
    )
    y = alt.Y(f"{row}:N", sort=rows, title=row_title, axis=alt.Axis(labelLimit=260))
    tooltip = [
        alt.Tooltip(f"{row}:N", title=row_title),
        alt.Tooltip("Kriterium:N"),
        alt.Tooltip("score:Q", title="Wert (0–100)", format=".0f"),
    ]
    if "n" in frame.columns:
        tooltip.append(alt.Tooltip("n:Q", title="Initiativen"))
    base = alt.Chart(data).encode(x=x, y=y)
    rects = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("score:Q", scale=SCORE_SCALE, title="Wert (0–100)"),
        tooltip=tooltip,
    )
    layers = [rects]
    if show_values:
        layers.append(
            base.mark_text(fontSize=11).encode(
                text="score_text:N",
                color=alt.condition("datum.score > 60", alt.value("white"), alt.value("#222222")),
            )
        )
    grid = alt.layer(*layers).properties(width=cell * len(order), height=cell * max(1, len(rows)))
    areas = (
        frame.drop_duplicates("Kriterium")[["Kriterium", "area"]]
        .assign(Bereich=lambda f: f["area"])
        .reset_index(drop=True)
    )
    strip = (
        alt.Chart(areas)
        .mark_rect()
        .encode(
            x=alt.X("Kriterium:N", sort=order, axis=None),
            color=alt.Color(
                "area:N",
                scale=alt.Scale(domain=list(AREA_COLORS), range=list(AREA_COLORS.values())),
                title="Bereich",
            ),
            tooltip=[alt.Tooltip("Kriterium:N"), alt.Tooltip("area:N", title="Bereich")],
        )
        .properties(width=cell * len(order), height=8)
    )
    return (
        alt.vconcat(strip, grid, spacing=2)
        .resolve_scale(color="independent")
        .configure(font=FONT)
        .configure_view(strokeWidth=0)
    )

"""Development of a network's mean across rounds, one line per quality area."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mintqo.charts.theme import AREA_COLORS, FONT


def trend_by_area(frame: pd.DataFrame, criteria_per_area: dict[str, int]) -> pd.DataFrame:
    """Mean of the criteria of each area per round; a round counts only with all its criteria.

    ``frame`` columns: ``round_no``, ``criterion_id``, ``area``, ``score``.
    """
    if frame.empty:
        return pd.DataFrame(columns=["round_no", "area", "score", "criteria"])
    grouped = (
        frame.groupby(["round_no", "area"], as_index=False)
        .agg(score=("score", "mean"), criteria=("criterion_id", "nunique"))
        .sort_values(["round_no", "area"])
    )
    complete = grouped["criteria"] == grouped["area"].map(criteria_per_area)
    return grouped[complete].reset_index(drop=True)


def trend_chart(by_area: pd.DataFrame, *, height: int = 280) -> alt.Chart:
    """``by_area`` columns: ``round_no``, ``area``, ``score`` (from :func:`trend_by_area`)."""
    data = by_area.assign(Runde=by_area["round_no"].map(lambda r: f"Runde {r}"))
    rounds = sorted(set(by_area["round_no"]))
    return (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=70), strokeWidth=3)
        .encode(
            x=alt.X("Runde:N", sort=[f"Runde {r}" for r in rounds], title=None),
            y=alt.Y("score:Q", scale=alt.Scale(domain=[0, 100]), title="Mittelwert (0–100)"),
            color=alt.Color(
                "area:N",
                scale=alt.Scale(domain=list(AREA_COLORS), range=list(AREA_COLORS.values())),
                title="Bereich",
            ),
            tooltip=[
                alt.Tooltip("Runde:N"),
                alt.Tooltip("area:N", title="Bereich"),
                alt.Tooltip("score:Q", title="Mittelwert", format=".1f"),
            ],
        )
        .properties(height=height)
        .configure(font=FONT)
    )

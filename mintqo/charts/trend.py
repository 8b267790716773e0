"""Development of a network's mean across rounds, one line per quality area.

Areas differ in colour, in their line's dash pattern and in the point's shape, and the legend
names them in full.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from mintqo.charts.sentences import join_words
from mintqo.charts.theme import (
    AREA_DASHES,
    FIT_WIDTH,
    area_scale,
    questionnaire_areas,
    themed,
)
from mintqo.formats import score, signed

AREA_SHAPES = {"AQ": "circle", "RQ": "square", "EQ": "triangle-up"}


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
    areas = questionnaire_areas()
    names = dict(areas)
    data = by_area.assign(
        Runde=by_area["round_no"].map(lambda r: f"Runde {r}"),
        Bereich=by_area["area"].map(lambda a: names.get(a, a)),
        score_text=by_area["score"].map(score),
    )
    rounds = sorted(set(by_area["round_no"]))
    legend = alt.Legend(title="Bereich", orient="bottom", direction="vertical", symbolSize=120)
    domain = [name for _, name in areas]
    return themed(
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=80, filled=True), strokeWidth=3)
        .encode(
            x=alt.X(
                "Runde:N",
                sort=[f"Runde {r}" for r in rounds],
                title=None,
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y(
                "score:Q",
                scale=alt.Scale(domain=[0, 100]),
                title="Mittelwert (0–100)",
                axis=alt.Axis(values=[0, 25, 50, 75, 100]),
            ),
            color=alt.Color("Bereich:N", scale=area_scale(areas), legend=legend),
            strokeDash=alt.StrokeDash(
                "Bereich:N",
                scale=alt.Scale(
                    domain=domain, range=[AREA_DASHES.get(a, [1, 0]) for a, _ in areas]
                ),
                legend=legend,
            ),
            shape=alt.Shape(
                "Bereich:N",
                scale=alt.Scale(
                    domain=domain, range=[AREA_SHAPES.get(a, "circle") for a, _ in areas]
                ),
                legend=legend,
            ),
            tooltip=[
                alt.Tooltip("Runde:N"),
                alt.Tooltip("Bereich:N"),
                alt.Tooltip("score_text:N", title="Mittelwert (0–100)"),
            ],
        )
        .properties(height=height, autosize=FIT_WIDTH)
    )


def trend_sentence(by_area: pd.DataFrame) -> str:
    """Each area's mean in the first and the last round shown, with the change."""
    if by_area.empty:
        return "Es gibt noch keine Mittelwerte über Runden."
    names = dict(questionnaire_areas())
    rounds = sorted(set(by_area["round_no"]))
    if len(rounds) == 1:
        values = [
            f"{names.get(r.area, r.area)} {score(r.score)}" for r in by_area.itertuples(index=False)
        ]
        return f"Mittelwerte in Runde {rounds[0]}: {join_words(values)}."
    first, last = rounds[0], rounds[-1]
    parts = []
    for area, part in by_area.groupby("area", sort=False):
        by_round = dict(zip(part["round_no"], part["score"], strict=True))
        if first in by_round and last in by_round:
            change = by_round[last] - by_round[first]
            parts.append(
                f"{names.get(area, area)} {score(by_round[first])} → {score(by_round[last])} "
                f"({signed(change)})"
            )
    if not parts:
        return f"Mittelwerte je Bereich in den Runden {join_words(str(r) for r in rounds)}."
    return f"Mittelwerte je Bereich von Runde {first} bis Runde {last}: {join_words(parts)}."

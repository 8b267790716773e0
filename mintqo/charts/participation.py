"""Participation charts: rounds started/submitted per month, and status counts of a network."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mintqo.charts.theme import FONT

SERIES_COLORS = {"Begonnen": "#8a8a8a", "Abgeschickt": "#2b2d6e"}


def monthly_chart(frame: pd.DataFrame, *, height: int = 260) -> alt.Chart:
    """``frame`` columns: ``Monat`` (date), ``Begonnen``, ``Abgeschickt``."""
    long = frame.melt(id_vars=["Monat"], value_vars=["Begonnen", "Abgeschickt"], var_name="Art")
    long["Monat"] = pd.to_datetime(long["Monat"])
    return (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("yearmonth(Monat):T", title="Monat", axis=alt.Axis(format="%m/%Y")),
            y=alt.Y("value:Q", title="Selbstanalysen"),
            color=alt.Color(
                "Art:N",
                scale=alt.Scale(domain=list(SERIES_COLORS), range=list(SERIES_COLORS.values())),
                title=None,
            ),
            tooltip=[
                alt.Tooltip("yearmonth(Monat):T", title="Monat", format="%m/%Y"),
                alt.Tooltip("Art:N"),
                alt.Tooltip("value:Q", title="Anzahl"),
            ],
        )
        .properties(height=height)
        .configure(font=FONT)
    )


def status_chart(participation: pd.DataFrame) -> alt.Chart:
    """Projects per status (``Status`` column of the participation table), as bars."""
    counts = (
        participation.groupby("Status", as_index=False).size().rename(columns={"size": "Projekte"})
    )
    return (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("Projekte:Q", title="Projekte"),
            y=alt.Y("Status:N", title=None),
            color=alt.Color("Status:N", legend=None),
            tooltip=[alt.Tooltip("Status:N"), alt.Tooltip("Projekte:Q")],
        )
        .properties(height=120)
        .configure(font=FONT)
    )

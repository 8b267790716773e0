"""Participation charts: rounds started/submitted per month, and status counts of a network.

Counts have whole-number axes ("0, 1, 2", never "0,5"), months are German ("Mär 2026"), and
every bar carries its count as text.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from mintqo.charts.sentences import join_words
from mintqo.charts.theme import FIT_WIDTH, TEXT, themed
from mintqo.formats import MONTH_FORMAT, MONTH_LONG_FORMAT, count, month_name

SERIES_COLORS = {"Begonnen": "#6b6b6b", "Abgeschickt": "#2b2d6e"}
SERIES_DASHES = {"Begonnen": [6, 3], "Abgeschickt": [1, 0]}
STATUS_ORDER = ("abgeschickt", "in Bearbeitung", "nicht begonnen")
STATUS_COLORS = {
    "abgeschickt": "#2b2d6e",
    "in Bearbeitung": "#0b7285",
    "nicht begonnen": "#6b6b6b",
}


def monthly_chart(frame: pd.DataFrame, *, height: int = 260) -> alt.Chart:
    """``frame`` columns: ``Monat`` (date), ``Begonnen``, ``Abgeschickt``."""
    long = frame.melt(id_vars=["Monat"], value_vars=["Begonnen", "Abgeschickt"], var_name="Art")
    long["Monat"] = pd.to_datetime(long["Monat"])
    legend = alt.Legend(
        title=None, orient="top", symbolType="stroke", symbolStrokeWidth=3, symbolSize=300
    )
    return themed(
        alt.Chart(long)
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X(
                "yearmonth(Monat):T",
                title=None,
                axis=alt.Axis(
                    format=MONTH_FORMAT, labelAngle=0, labelOverlap="greedy", labelFlush=True
                ),
            ),
            y=alt.Y(
                "value:Q",
                title="Selbstanalysen",
                axis=alt.Axis(format="d", tickMinStep=1),
            ),
            color=alt.Color(
                "Art:N",
                scale=alt.Scale(domain=list(SERIES_COLORS), range=list(SERIES_COLORS.values())),
                legend=legend,
            ),
            strokeDash=alt.StrokeDash(
                "Art:N",
                scale=alt.Scale(domain=list(SERIES_DASHES), range=list(SERIES_DASHES.values())),
                legend=legend,
            ),
            tooltip=[
                alt.Tooltip("yearmonth(Monat):T", title="Monat", format=MONTH_LONG_FORMAT),
                alt.Tooltip("Art:N"),
                alt.Tooltip("value:Q", title="Anzahl", format="d"),
            ],
        )
        .properties(height=height, autosize=FIT_WIDTH)
    )


def monthly_sentence(frame: pd.DataFrame) -> str:
    """The period, the totals and the busiest month of submissions."""
    if frame.empty:
        return "Noch keine Selbstanalysen begonnen."
    months = pd.to_datetime(frame["Monat"])
    first, last = month_name(months.min()), month_name(months.max())
    started, submitted = int(frame["Begonnen"].sum()), int(frame["Abgeschickt"].sum())
    text = (
        f"Von {first} bis {last} wurden {count(started)} Selbstanalysen begonnen und "
        f"{count(submitted)} abgeschickt."
    )
    if submitted:
        top = frame.loc[frame["Abgeschickt"].idxmax()]
        text += (
            f" Die meisten Abgaben im {month_name(pd.Timestamp(top['Monat']))} "
            f"({count(top['Abgeschickt'])})."
        )
    return text


def status_counts(participation: pd.DataFrame) -> pd.DataFrame:
    """Projects per status (``Status`` column of the participation table), in a fixed order."""
    counts = participation["Status"].value_counts()
    order = [s for s in STATUS_ORDER if s in counts.index] + [
        s for s in counts.index if s not in STATUS_ORDER
    ]
    return pd.DataFrame({"Status": order, "Projekte": [int(counts[s]) for s in order]})


def status_chart(participation: pd.DataFrame) -> alt.LayerChart:
    """Projects per status (``Status`` column of the participation table), as bars."""
    counts = status_counts(participation)
    order = list(counts["Status"])
    colours = [STATUS_COLORS.get(s, "#6b6b6b") for s in order]
    base = alt.Chart(counts).encode(
        y=alt.Y("Status:N", sort=order, title=None, axis=alt.Axis(labelLimit=0)),
        tooltip=[alt.Tooltip("Status:N"), alt.Tooltip("Projekte:Q", format="d")],
    )
    bars = base.mark_bar(size=22).encode(
        x=alt.X(
            "Projekte:Q",
            title="Projekte",
            axis=alt.Axis(format="d", tickMinStep=1),
            scale=alt.Scale(nice=True),
        ),
        color=alt.Color("Status:N", scale=alt.Scale(domain=order, range=colours), legend=None),
    )
    labels = base.mark_text(align="left", dx=4, fontSize=12, color=TEXT).encode(
        x=alt.X("Projekte:Q"), text=alt.Text("Projekte:Q", format="d")
    )
    return themed(
        alt.layer(bars, labels).properties(height=34 * max(1, len(order)), autosize=FIT_WIDTH)
    )


def status_sentence(participation: pd.DataFrame) -> str:
    """'Von 24 Projekten: 10 abgeschickt, 8 in Bearbeitung und 6 noch nicht begonnen.'"""
    counts = status_counts(participation)
    total = int(counts["Projekte"].sum())
    if not total:
        return "Noch keine Projekte."
    words = {"nicht begonnen": "noch nicht begonnen"}
    parts = [
        f"{count(n)} {words.get(s, s)}"
        for s, n in zip(counts["Status"], counts["Projekte"], strict=True)
    ]
    noun = "Projekt" if total == 1 else "Projekten"
    return f"Von {count(total)} {noun}: {join_words(parts)}."

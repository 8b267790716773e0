"""Where a team disagrees most: the least-consensus statements on the 1–5 scale, and the
sentences for that chart and for the team's radar band.

One row per statement (the least agreement at the top, numbered like the list beside it): a
line from the lowest to the highest rating given, a dot per rating (bigger when several members
gave it; the tooltip names them) and a dark tick at the median. With two members that is two
dots and the line between them. Rows are labelled with the number and the start of the
statement (the list has the full text); members are named in tooltips and in the "Daten
anzeigen" table, not by colour (ten members would need ten colours nobody can tell apart).
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from mintqo.charts.sentences import join_words
from mintqo.charts.theme import FIT_WIDTH, NARROW, SERIES_COLORS, TEXT, themed
from mintqo.formats import number, score

ROW_HEIGHT = 40
SHORT_LABEL = 42
SCALE_TITLE = "Bewertung (1 bis 5)"
"""Short enough for a phone; the caption below the chart says what 1 and 5 mean."""
LINE_COLOUR = SERIES_COLORS[1]
DOT_COLOUR = SERIES_COLORS[2]
MEDIAN_COLOUR = SERIES_COLORS[0]


def _dots(points: pd.DataFrame) -> pd.DataFrame:
    """One dot per statement and rating value, with how many gave it and who."""
    if points.empty:
        return pd.DataFrame(columns=["label", "rating", "count", "members", "who"])
    grouped = (
        points.groupby(["label", "rating"], sort=False)["member"]
        .agg(count="size", members=lambda m: ", ".join(m))
        .reset_index()
    )
    grouped["who"] = grouped.apply(
        lambda r: (
            f"{r['rating']} – {r['members']}" + (f" ({r['count']})" if r["count"] > 1 else "")
        ),
        axis=1,
    )
    return grouped


def short_label(label: str, width: int = SHORT_LABEL) -> str:
    """'1. Wir haben einen Kostenplan für …': the start of a statement, cut at a word."""
    if len(label) <= width:
        return label
    cut = label[:width].rsplit(" ", 1)[0]
    return f"{cut} …"


def spread_chart(summary: pd.DataFrame, points: pd.DataFrame) -> alt.LayerChart:
    """``summary``: ``label``, ``low``, ``high``, ``median``, ``ratings`` per statement (in
    rank order); ``points``: ``label``, ``member``, ``rating`` per rating given.

    Rows are labelled with the start of each statement and its number: the numbered list
    beside the chart (and the data table) has the full text, and a phone keeps room for the
    ratings; the tooltip shows the whole statement."""
    order = list(summary["label"])
    shorts = {label: short_label(label) for label in order}
    y = alt.Y(
        "label:N",
        sort=order,
        title=None,
        axis=alt.Axis(
            labelExpr=f"{json.dumps(shorts, ensure_ascii=False)}[datum.label]",
            labelLimit={"expr": f"{NARROW} ? 130 : 300"},
            labelFontSize={"expr": f"{NARROW} ? 10 : 12"},
            ticks=False,
            domain=False,
            labelPadding=8,
        ),
    )
    x_scale = alt.Scale(domain=[0.7, 5.3], nice=False, zero=False)
    x_axis = alt.Axis(values=[1, 2, 3, 4, 5], format="d", grid=True, title=SCALE_TITLE)
    frame = summary.assign(median_text=summary["median"].map(lambda v: number(v, 1)))
    tooltip = [
        alt.Tooltip("label:N", title="Aussage"),
        alt.Tooltip("ratings:N", title="Bewertungen"),
        alt.Tooltip("median_text:N", title="Median"),
    ]
    base = alt.Chart(frame).encode(y=y)
    line = base.mark_rule(strokeWidth=3, color=LINE_COLOUR).encode(
        x=alt.X("low:Q", scale=x_scale, axis=x_axis), x2=alt.X2("high:Q"), tooltip=tooltip
    )
    median = base.mark_tick(color=MEDIAN_COLOUR, thickness=3, size=26).encode(
        x=alt.X("median:Q", scale=x_scale), tooltip=tooltip
    )
    dots = (
        alt.Chart(_dots(points))
        .mark_circle(color=DOT_COLOUR, opacity=0.9, stroke="#ffffff", strokeWidth=1)
        .encode(
            y=alt.Y("label:N", sort=order, title=None),
            x=alt.X("rating:Q", scale=x_scale),
            size=alt.Size("count:Q", scale=alt.Scale(range=[90, 420]), legend=None),
            tooltip=[
                alt.Tooltip("label:N", title="Aussage"),
                alt.Tooltip("who:N", title="Bewertung – wer"),
            ],
        )
    )
    height = max(1, len(order)) * ROW_HEIGHT
    return themed(
        alt.layer(line, dots, median).properties(height=height, autosize=FIT_WIDTH)
    ).configure_text(color=TEXT)


def spread_sentence(summary: pd.DataFrame) -> str:
    """The chart in words: how many statements, the one with the least agreement and its
    ratings."""
    if summary.empty:
        return "Das Team ist sich bei allen Aussagen einig: Keine Bewertungen liegen auseinander."
    top = summary.iloc[0]
    count = len(summary)
    lead = (
        "Eine Aussage, bei der das Team am wenigsten übereinstimmt"
        if count == 1
        else f"Die {count} Aussagen, bei denen das Team am wenigsten übereinstimmt"
    )
    span = (
        f"von {number(top['low'], 0)} bis {number(top['high'], 0)}"
        if pd.notna(top["low"])
        else "ohne Bewertung"
    )
    return (
        f"{lead}, mit der Spannweite der Bewertungen und dem Median. Am weitesten auseinander: "
        f"„{top['label'].split('. ', 1)[-1]}“ ({span}; {top['ratings']})."
    )


def _band_facts(table: pd.DataFrame) -> str:
    """'Am weitesten auseinander: X (25 bis 80). Am nächsten beieinander: Y (alle 60).'"""
    rated = table.dropna(subset=["Niedrigster Wert", "Höchster Wert"])
    if rated.empty:
        return ""
    width = rated["Höchster Wert"] - rated["Niedrigster Wert"]
    widest = rated.loc[width[width == width.max()].index]
    closest = rated.loc[width[width == width.min()].index]

    def values(low: float, high: float) -> str:
        if score(low) == score(high):
            return f"alle {score(low)}"
        return f"{score(low)} bis {score(high)}"

    def described(rows: pd.DataFrame) -> str:
        return join_words(
            f"{r['Kriterium']} ({values(r['Niedrigster Wert'], r['Höchster Wert'])})"
            for _, r in rows.iterrows()
        )

    facts = f"Am weitesten auseinander: {described(widest)}."
    if width.max() > width.min():
        facts += f" Am nächsten beieinander: {described(closest)}."
    return facts


def band_sentence(table: pd.DataFrame) -> str:
    """The team radar in words: where the team's values lie furthest apart and closest
    together (``table``: ``Kriterium``, ``Median des Teams``, ``Niedrigster Wert``,
    ``Höchster Wert``)."""
    facts = _band_facts(table)
    if not facts:
        return "Noch hat kein Kriterium eine Bewertung des Teams."
    return (
        "Radar mit dem Median des Teams je Kriterium und dem Band vom niedrigsten bis zum "
        f"höchsten Wert der Mitglieder (0 bis 100). {facts}"
    )


def profile_band_sentence(table: pd.DataFrame, members: int) -> str:
    """What the band adds to a team round's profile, in words (appended to the radar's own
    sentence)."""
    facts = _band_facts(table)
    return (
        f"Das Band zeigt je Kriterium den niedrigsten bis höchsten Wert der {members} Bögen des "
        f"Teams. {facts}"
    ).strip()

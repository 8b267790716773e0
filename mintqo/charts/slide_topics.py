"""Slides about what to work on: the workshop topics (weakest criteria) and the impact
staircase overview, as charts for the projector, as tables for the screen and the handout, and
in words. Pure; the conventions (24 px and more, filling the slide, SVG) are those of
:mod:`mintqo.charts.slides`.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from mintqo.charts.sentences import join_words
from mintqo.charts.slides import FONT, LINE, axis_lines, finish
from mintqo.charts.staircase import EVIDENCE_COLORS
from mintqo.charts.theme import AREA_COLORS, MUTED_TEXT, TEXT, readable_on
from mintqo.dashboards.criteria import LOW_SCORE
from mintqo.formats import score

EVIDENCE = ("ja", "teilweise", "nein")


# --- workshop topics: the weakest criteria ------------------------------------------------------


def topics_table(weakest: pd.DataFrame, shown: int) -> pd.DataFrame:
    """The ``shown`` criteria with the lowest network means (as the dashboard orders them) and
    how many initiatives score below :data:`LOW_SCORE` there: for slide, screen and handout."""
    top = weakest.head(shown)
    return pd.DataFrame(
        {
            "Kriterium": top["Kriterium"].astype(str),
            "Bereich": top["Bereich"].astype(str),
            "Mittelwert": top["mean"].astype(float),
            f"Initiativen unter {LOW_SCORE:.0f}": top["low_count"].astype(int),
            "Initiativen gesamt": top["n"].astype(int),
        }
    ).reset_index(drop=True)


def _low_text(low: int, n: int) -> str:
    return f"{low} von {n} unter {LOW_SCORE:.0f}"


def topics_slide(weakest: pd.DataFrame, shown: int) -> alt.LayerChart:
    """Bars of the weakest criteria's means, each with its value and how many initiatives
    score low there; the criterion's area is named under its name (and gives the colour)."""
    top = weakest.head(shown).copy()
    top["value"] = top["mean"].map(score)
    top["low"] = [
        _low_text(int(a), int(b)) for a, b in zip(top["low_count"], top["n"], strict=True)
    ]
    top["note"] = top["value"] + " · " + top["low"]
    order = list(top["Kriterium"])
    lines = {
        name: [*textwrap.wrap(name, 22), f"({area})"]
        for name, area in zip(top["Kriterium"], top["Bereich"], strict=True)
    }
    y = alt.Y(
        "Kriterium:N",
        sort=order,
        title=None,
        axis=alt.Axis(
            labelExpr=axis_lines(lines),
            labelLimit=0,
            labelLineHeight=LINE,
            labelOverlap=False,
            ticks=False,
            domain=False,
        ),
    )
    x = alt.X(
        "mean:Q",
        scale=alt.Scale(domain=[0, 100]),
        title="Mittelwert im Netzwerk (0–100)",
        axis=alt.Axis(values=[0, 25, 50, 75, 100], grid=True),
    )
    colour = alt.Color(
        "area:N",
        scale=alt.Scale(domain=list(AREA_COLORS), range=list(AREA_COLORS.values())),
        legend=None,
    )
    base = alt.Chart(top).encode(y=y)
    bars = base.mark_bar(size={"expr": "bandwidth('y') * 0.55"}).encode(x=x, color=colour)
    # Beside the bar while there is room for the words (the weakest means are low), else
    # inside its end in white.
    beside = (
        base.transform_filter(f"datum.mean <= {OUTSIDE_UNTIL}")
        .mark_text(fontSize=FONT, align="left", dx=10, color=TEXT)
        .encode(x=x, text=alt.Text("note:N"))
    )
    inside = (
        base.transform_filter(f"datum.mean > {OUTSIDE_UNTIL}")
        .mark_text(fontSize=FONT, align="right", dx=-10, color="white")
        .encode(x=x, text=alt.Text("note:N"))
    )
    return finish(alt.layer(bars, beside, inside))


OUTSIDE_UNTIL = 55
"""Up to this mean the words fit to the right of the bar on a 1280 px slide."""


def topics_sentence(weakest: pd.DataFrame, shown: int) -> str:
    top = weakest.head(shown)
    if top.empty:
        return "Es gibt noch keine Themen: Kein Kriterium erfüllt die Regeln für eine Auswertung."
    parts = [
        f"{name} ({score(mean)}; {_low_text(int(low), int(n))})"
        for name, mean, low, n in zip(
            top["Kriterium"], top["mean"], top["low_count"], top["n"], strict=True
        )
    ]
    return (
        "Themen für den Workshop – die Kriterien mit den niedrigsten Mittelwerten im Netzwerk: "
        f"{join_words(parts)}."
    )


# --- the impact staircase overview --------------------------------------------------------------


def staircase_overview_table(steps: pd.DataFrame) -> pd.DataFrame:
    """How many initiatives report each step, with which evidence (screen and handout)."""
    return pd.DataFrame(
        {
            "Stufe": steps["step"].astype(int),
            "Ebene": steps["level"].astype(str),
            "Beschreibung": steps["label"].astype(str),
            "ja": steps["ja"].astype(int),
            "teilweise": steps["teilweise"].astype(int),
            "nein": steps["nein"].astype(int),
            "Initiativen mit Wirkungstreppe": steps["n"].astype(int),
        }
    ).reset_index(drop=True)


def staircase_overview_slide(steps: pd.DataFrame) -> alt.LayerChart:
    """One row per step (7 at the top), stacked bars of how many initiatives report it with
    the evidence "ja", "teilweise" or "nein", the count written in each part."""
    rows = []
    for step in steps.itertuples(index=False):
        start = 0
        for evidence in EVIDENCE:
            count = int(getattr(step, evidence))
            name = f"{int(step.step)}. {step.label} ({step.level})"
            if count:
                rows.append(
                    {
                        "name": name,
                        "step": int(step.step),
                        "Nachweis": evidence,
                        "start": start,
                        "end": start + count,
                        "mid": start + count / 2,
                        "count": count,
                        "colour": readable_on(EVIDENCE_COLORS[evidence]),
                    }
                )
            start += count
    names = [
        f"{int(s.step)}. {s.label} ({s.level})"
        for s in steps.sort_values("step", ascending=False).itertuples(index=False)
    ]
    total = int(steps["n"].max()) if len(steps) else 1
    frame = pd.DataFrame(
        rows, columns=["name", "step", "Nachweis", "start", "end", "mid", "count", "colour"]
    )
    y = alt.Y(
        "name:N",
        sort=names,
        scale=alt.Scale(domain=names),
        title=None,
        axis=alt.Axis(
            labelExpr=axis_lines({n: textwrap.wrap(n, 40) or [n] for n in names}),
            labelLimit=0,
            labelLineHeight=LINE,
            labelOverlap=False,  # every step keeps its name (two lines fit a row)
            ticks=False,
            domain=False,
        ),
    )
    scale = alt.Scale(domain=[0, total], nice=False)
    x = alt.X(
        "start:Q",
        scale=scale,
        title=f"Initiativen (von {total} mit Wirkungstreppe)",
        axis=alt.Axis(tickMinStep=1, format="d", grid=True),
    )
    colour = alt.Color(
        "Nachweis:N",
        scale=alt.Scale(domain=list(EVIDENCE), range=[EVIDENCE_COLORS[e] for e in EVIDENCE]),
        legend=alt.Legend(
            title="Nachweis:", orient="top", direction="horizontal", titleOrient="left"
        ),
    )
    base = alt.Chart(frame).encode(y=y)
    bars = base.mark_bar(
        size={"expr": "bandwidth('y') * 0.6"}, stroke=MUTED_TEXT, strokeWidth=1
    ).encode(x=x, x2=alt.X2("end:Q"), color=colour)
    counts = base.mark_text(fontSize=FONT, fontWeight="bold").encode(
        x=alt.X("mid:Q", scale=scale),
        text=alt.Text("count:Q"),
        color=alt.Color("colour:N", scale=None),
    )
    return finish(alt.layer(bars, counts))


def staircase_overview_sentence(steps: pd.DataFrame) -> str:
    if steps.empty:
        return "Die Wirkungstreppen des Netzwerks werden nicht gezeigt."
    total = int(steps["n"].max())
    parts = []
    for s in steps.itertuples(index=False):
        reported = int(s.ja) + int(s.teilweise) + int(s.nein)
        parts.append(
            f"Stufe {int(s.step)}: {reported} (ja {int(s.ja)}, teilweise {int(s.teilweise)}, "
            f"nein {int(s.nein)})"
        )
    return (
        f"Wirkungstreppe – wie viele der {total} Initiativen mit Wirkungstreppe jede Stufe "
        f"berichten: {'; '.join(parts)}. Wirkung im engeren Sinn beginnt ab Stufe 4."
    )

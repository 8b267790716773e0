"""The impact staircase ('Wirkungstreppe'): seven steps as rows, each named, coloured by evidence.

Rows from step 7 (top) down to step 1, each bar as long as its step is high, so the bars form
the staircase turned on its side; the step's full name is its label, its evidence is written at
the bar's end, and the rows are grouped into Output (1–3), Outcome (4–6) and Impact (7). The
four kinds of evidence differ in colour *and* are written at each bar (no legend needed);
"nicht erfasst" is a dashed outline only.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from mintqo.charts.sentences import join_words, steps_text
from mintqo.charts.theme import FIT_WIDTH, MUTED_TEXT, NARROW, TEXT, readable_on, themed
from mintqo.formats import MISSING

NOT_RECORDED = "nicht erfasst"
EVIDENCE_COLORS = {
    "ja": "#2e7d4a",
    "teilweise": "#f2c14e",
    "nein": "#b5473a",
    NOT_RECORDED: "#ffffff",
}
"""Fill per evidence; the text on each fill meets 4.5:1 (see ``readable_on``)."""
ROW_HEIGHT = 54
BAR = 22
BAR_SHIFT = 9
"""The bar sits in the lower part of its row, the step's name above it."""
INSIDE_FROM = 6
INSIDE_FROM_NARROW = 4
"""Steps from here on have room for their evidence inside the bar, shorter ones beside it."""


def evidence_label(value: object) -> str:
    return NOT_RECORDED if value is None or pd.isna(value) or value == "" else str(value)


def staircase_table(steps: pd.DataFrame) -> pd.DataFrame:
    """The steps as the "Daten anzeigen" table: German columns, no empty or "None" cells."""
    return pd.DataFrame(
        {
            "Stufe": steps["step"].astype(int),
            "Ebene": steps["level"],
            "Beschreibung": steps["label"],
            "Nachweis": steps["evidence"].map(evidence_label),
            "Indikator": steps["indicator"].map(
                lambda v: MISSING if v is None or pd.isna(v) or not str(v).strip() else v
            ),
        }
    )


def staircase_chart(steps: pd.DataFrame, *, width: int = 520) -> alt.LayerChart:
    """``steps`` has ``step`` (1–7), ``level``, ``label``, ``evidence`` (None = not recorded),
    ``indicator``. ``width`` applies where no container sets it."""
    frame = steps.copy()
    frame["Nachweis"] = frame["evidence"].map(evidence_label)
    frame["name"] = frame["step"].astype(int).astype(str) + ". " + frame["label"]
    frame["Indikator"] = frame["indicator"].map(
        lambda v: MISSING if v is None or pd.isna(v) or not str(v).strip() else v
    )
    frame["inside_colour"] = frame["Nachweis"].map(lambda e: readable_on(EVIDENCE_COLORS[e]))
    names = list(frame.sort_values("step", ascending=False)["name"])
    tops = set(frame.groupby("level", sort=False)["step"].max())
    frame["heading"] = [
        str(level).upper() if step in tops else ""
        for step, level in zip(frame["step"], frame["level"], strict=True)
    ]
    y = alt.Y("name:N", sort=names, title=None, axis=None)
    x_scale = alt.Scale(domain=[0, 7])
    tooltip = [
        alt.Tooltip("name:N", title="Stufe"),
        alt.Tooltip("level:N", title="Ebene"),
        alt.Tooltip("Nachweis:N"),
        alt.Tooltip("Indikator:N"),
    ]
    base = alt.Chart(frame).encode(y=y, tooltip=tooltip)
    below = {"expr": f"{BAR_SHIFT}"}
    bars = base.mark_bar(size=BAR, stroke=MUTED_TEXT, strokeWidth=1, yOffset=below).encode(
        x=alt.X("step:Q", scale=x_scale, axis=None),
        x2=alt.X2Value(0),
        color=alt.Color(
            "Nachweis:N",
            scale=alt.Scale(domain=list(EVIDENCE_COLORS), range=list(EVIDENCE_COLORS.values())),
            legend=None,  # every bar says its evidence in words, right at the bar
        ),
        strokeDash=alt.StrokeDashValue(  # a class, not the plain dict: see theme.py
            **alt.condition(
                f"datum.Nachweis === '{NOT_RECORDED}'", alt.value([4, 3]), alt.value([1, 0])
            )
        ),
    )
    inside = f"datum.step >= ({NARROW} ? {INSIDE_FROM_NARROW} : {INSIDE_FROM})"
    words = [
        base.transform_filter(inside)
        .mark_text(align="right", dx=-6, fontSize=11, yOffset=below)
        .encode(
            x=alt.X("step:Q", scale=x_scale),
            text=alt.Text("Nachweis:N"),
            color=alt.Color("inside_colour:N", scale=None),
        ),
        base.transform_filter(f"!({inside})")
        .mark_text(align="left", dx=6, fontSize=11, color=TEXT, yOffset=below)
        .encode(x=alt.X("step:Q", scale=x_scale), text=alt.Text("Nachweis:N")),
    ]
    above = {"expr": "-bandwidth('y') / 2 + 3"}
    titles = [
        base.mark_text(align="left", baseline="top", fontSize=12, color=TEXT, yOffset=above).encode(
            x=alt.XValue(0), text=alt.Text("name:N")
        ),
        base.mark_text(
            align="right", baseline="top", fontSize=11, color=MUTED_TEXT, yOffset=above
        ).encode(x=alt.XValue({"expr": "width"}), text=alt.Text("heading:N")),
    ]
    # Dotted lines between Output, Outcome and Impact (Wirkung in the narrow sense: from 4).
    firsts = frame.groupby("level", sort=False)["step"].min()
    boundaries = frame[frame["step"].isin(firsts) & (frame["step"] > 1)]
    rules = (
        alt.Chart(boundaries)
        .mark_rule(color=TEXT, strokeDash=[2, 2], yOffset={"expr": "bandwidth('y') / 2"})
        .encode(y=alt.Y("name:N", sort=names), x=alt.XValue(0), x2=alt.X2Value({"expr": "width"}))
    )
    return themed(
        alt.layer(bars, *words, *titles, rules).properties(
            width=width, height=ROW_HEIGHT * max(1, len(frame)), autosize=FIT_WIDTH
        )
    )


def staircase_sentence(steps: pd.DataFrame) -> str:
    """Which steps have which evidence, in words."""
    evidence = steps.assign(e=steps["evidence"].map(evidence_label))
    parts = []
    for value, word in (
        ("ja", "belegt"),
        ("teilweise", "teilweise belegt"),
        ("nein", "nicht belegt"),
    ):
        chosen = [int(s) for s in evidence.loc[evidence["e"] == value, "step"]]
        if chosen:
            parts.append(f"{word}: {steps_text(chosen)}")
    missing = [int(s) for s in evidence.loc[evidence["e"] == NOT_RECORDED, "step"]]
    if missing:
        parts.append(f"nicht erfasst: {steps_text(missing)}")
    if not parts:
        return "Die Wirkungstreppe ist noch leer."
    return (
        f"Wirkungstreppe – {join_words(parts)}. Stufen 1–3 sind Output, 4–6 Outcome, 7 Impact; "
        "Wirkung im engeren Sinn beginnt ab Stufe 4."
    )

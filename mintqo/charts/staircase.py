"""The impact staircase ('Wirkungstreppe'): seven rising steps coloured by recorded evidence."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mintqo.charts.theme import FONT

EVIDENCE_COLORS = {
    "ja": "#3a9d5d",
    "teilweise": "#e9c46a",
    "nein": "#d9d9d9",
    "nicht erfasst": "#f4f4f4",
}


def staircase_chart(steps: pd.DataFrame, *, width: int = 520) -> alt.LayerChart:
    """``steps`` has ``step`` (1–7), ``level``, ``label``, ``evidence`` (None = not recorded),
    ``indicator``."""
    frame = steps.copy()
    frame["Nachweis"] = frame["evidence"].fillna("nicht erfasst")
    frame["x0"], frame["x1"] = frame["step"] - 1, frame["step"]
    frame["y0"], frame["y1"] = 0, frame["step"]
    frame["name"] = frame["step"].astype(str) + ". " + frame["label"]
    scale = alt.Scale(domain=list(EVIDENCE_COLORS), range=list(EVIDENCE_COLORS.values()))
    base = alt.Chart(frame)
    blocks = base.mark_rect(stroke="#777777", strokeWidth=0.7).encode(
        x=alt.X("x0:Q", axis=None, scale=alt.Scale(domain=[0, 7])),
        x2="x1:Q",
        y=alt.Y("y0:Q", axis=None, scale=alt.Scale(domain=[0, 7.6])),
        y2="y1:Q",
        color=alt.Color("Nachweis:N", scale=scale, legend=alt.Legend(title="Nachweis")),
        tooltip=[
            alt.Tooltip("name:N", title="Stufe"),
            alt.Tooltip("level:N", title="Ebene"),
            alt.Tooltip("Nachweis:N"),
            alt.Tooltip("indicator:N", title="Indikator"),
        ],
    )
    numbers = (
        base.mark_text(baseline="bottom", dy=-3, fontSize=12, fontWeight="bold")
        .encode(
            x=alt.X("mid:Q", axis=None, scale=alt.Scale(domain=[0, 7])),
            y=alt.Y("y1:Q", axis=None, scale=alt.Scale(domain=[0, 7.6])),
            text="step:Q",
        )
        .transform_calculate(mid="datum.x0 + 0.5")
    )
    return (
        alt.layer(blocks, numbers)
        .properties(width=width, height=260)
        .configure_view(strokeWidth=0)
        .configure(font=FONT)
    )

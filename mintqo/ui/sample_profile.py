"""An example profile beside the login form: what a self-analysis gives, before anyone logs in.

Made-up values for the questionnaire's twelve criteria: an example project's two rounds and a
network's middle half, drawn by the same radar as the dashboards (so a newcomer sees the chart
they will work with). It is drawn only while nobody is logged in: a login's run draws the
user's first page instead.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mintqo.charts.radar import radar_sentence, radar_spec
from mintqo.questionnaire import Questionnaire, load_questionnaire
from mintqo.ui.charts import chart_spec, show_chart_alone

TITLE = "So sieht ein Ergebnis aus"
CAPTION = (
    "Beispiel mit erfundenen Werten: das Profil eines Projekts in zwei Runden, dazu als Band "
    "die mittlere Hälfte der Initiativen eines Netzwerks. Je weiter außen, desto besser ist "
    "ein Kriterium erfüllt (0–100)."
)
LATEST, EARLIER = "Runde 2 (Beispiel)", "Runde 1 (Beispiel)"
BAND_LABEL = "Mittlere Hälfte im Netzwerk"
# One value per criterion, in questionnaire order (0–100).
LATEST_SCORES = (78, 64, 70, 55, 82, 61, 47, 68, 73, 52, 66, 58)
EARLIER_SCORES = (70, 60, 58, 50, 75, 63, 35, 60, 71, 40, 62, 49)
BAND = ((55, 75), (50, 70), (48, 68), (45, 66), (60, 80), (52, 72),
        (40, 62), (50, 71), (58, 76), (42, 63), (51, 70), (44, 65))  # fmt: skip
SIZE = 420  # as on the dashboards: the rings, spokes and labels are built once for both


def sample_frames(q: Questionnaire) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The example's profiles (``series, criterion_id, score``) and band (``criterion_id, low,
    high``) for the first twelve criteria of ``q``."""
    criteria = [c.id for c in q.criteria][: len(LATEST_SCORES)]
    rows = [
        {"series": label, "criterion_id": cid, "score": float(value)}
        for label, values in ((LATEST, LATEST_SCORES), (EARLIER, EARLIER_SCORES))
        for cid, value in zip(criteria, values, strict=False)
    ]
    band = pd.DataFrame(
        [
            {"criterion_id": cid, "low": lo, "high": hi}
            for cid, (lo, hi) in zip(criteria, BAND, strict=False)
        ]
    )
    return pd.DataFrame(rows), band


def _build():
    q = load_questionnaire()
    profiles, band = sample_frames(q)
    spec = radar_spec(profiles, band, size=SIZE, band_label=BAND_LABEL, to_dict=chart_spec)
    return spec, profiles, radar_sentence(profiles, band, band_label=BAND_LABEL)


def render_sample_profile() -> None:
    """The example radar with its explanation (the sentence is the chart's accessible name)."""
    st.markdown(f"**{TITLE}**")
    st.caption(CAPTION)
    show_chart_alone(("login-sample-profile", SIZE), _build, key="login-sample")

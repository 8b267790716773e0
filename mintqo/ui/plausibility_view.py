""" "Auffälligkeiten" on the national overview: networks to follow up, never numbers changed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mintqo.access import Actor
from mintqo.services import dashboards
from mintqo.ui.cache import shared
from mintqo.ui.engine import get_engine
from mintqo.ui.tables import show_table

EXPLANATION = (
    "Hinweise auf Netzwerke, deren Auswertungen durch erfundene Initiativen gestützt sein "
    "könnten: mehrere Initiativen, die sich über Einladungen derselben Person innerhalb eines "
    "Tages registriert und binnen eines Tages abgeschickt haben, oder Selbstanalysen, in denen "
    "jede Aussage gleich bewertet ist. Die Hinweise ändern keine Zahl; bitte klären Sie sie "
    "mit der Netzwerkkoordination."
)


def render_flags(actor: Actor) -> None:
    st.subheader("Auffälligkeiten")
    st.caption(EXPLANATION)
    flags = dashboards.plausibility_flags(get_engine(), actor, cache=shared)
    if not flags:
        st.info("Keine Auffälligkeiten.")
        return
    show_table(
        pd.DataFrame(
            {
                "Netzwerk": [f.network for f in flags],
                "Schnell eingeladen und abgeschickt": [f.quick_invited for f in flags],
                "Durchgehend gleiche Antworten": [f.constant_answers for f in flags],
            }
        ),
        hide_index=True,
        key="plausibility-flags",
    )

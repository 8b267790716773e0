"""Workshop mode: large, anonymised charts of the network for a projector, refreshed on demand."""

from __future__ import annotations

import streamlit as st

from mintqo.access import Actor
from mintqo.charts.distribution import EXPLANATION as BOX_EXPLANATION
from mintqo.charts.distribution import distribution_chart, distribution_sentence
from mintqo.charts.radar import radar_sentence, radar_spec
from mintqo.text import escape_markdown
from mintqo.ui.charts import chart_spec, show_cached_chart
from mintqo.ui.network_view import (
    BAND_LABEL,
    choose_network,
    load_view,
    profile_table,
    radar_frames,
    release_caption,
    suppressed,
)


def render_workshop(actor: Actor) -> None:
    network_id = choose_network(actor, key="workshop-select")
    top = st.columns([4, 1])
    top[1].button(
        "Aktualisieren", key="workshop-refresh", icon=":material/refresh:", width="stretch"
    )
    # Cached per release: a refresh re-reads only the version counters unless data changed.
    view = load_view(actor, network_id)
    dash, dash_key = view.dashboard, view.key
    top[0].title(f"Workshop: {escape_markdown(dash.network)}")
    st.markdown(f"### {dash.submitted} von {dash.initiatives} Initiativen sind in der Auswertung")
    st.caption(f"{release_caption(view.release)} Ohne Namen, nur Gruppenergebnisse.")
    if not dash.has_profile:
        suppressed(dash.profile["note"].iloc[0] if len(dash.profile) else "")
        return
    left, right = st.columns([1, 1])
    with left:
        st.markdown("## Netzwerkprofil")

        def radar():
            profiles, band = radar_frames(dash, with_comparison=False)
            return (
                radar_spec(profiles, band, size=440, band_label=BAND_LABEL, to_dict=chart_spec),
                profile_table(dash),
                radar_sentence(profiles, band, band_label=BAND_LABEL),
            )

        show_cached_chart(("workshop-radar", *dash_key), radar, key="workshop-radar")
    with right:
        st.markdown("## Verteilung je Kriterium")
        order = list(dash.profile["Kriterium"])
        show_cached_chart(
            ("workshop-distribution", *dash_key),
            lambda: (
                distribution_chart(
                    dash.distribution, criteria_order=order, height=520, font_size=15
                ),
                profile_table(dash),
                distribution_sentence(dash.distribution, order),
            ),
            key="workshop-distribution",
            caption=BOX_EXPLANATION,
        )
    hidden = dash.profile[~dash.profile["shown"]]
    if len(hidden):
        suppressed(f"Nicht gezeigt: {', '.join(hidden['Kriterium'])}. {hidden['note'].iloc[0]}")

"""The initiative's setting to share its results by name with its network coordination."""

from __future__ import annotations

import streamlit as st

from mintqo.access import Actor
from mintqo.store import network_admin
from mintqo.ui.engine import get_engine

LABEL = "Ergebnisse namentlich mit der Netzwerkkoordination teilen"


def render_sharing_consent(actor: Actor) -> None:
    if actor.role != "initiative" or actor.initiative_id is None:
        return
    engine = get_engine()
    consent = network_admin.initiative_consent(engine, actor.initiative_id)
    if consent is None:
        st.error("Ihre Initiative wurde nicht gefunden.")
        return
    st.subheader("Freigabe für die Netzwerkkoordination")
    st.caption(
        "Ohne Freigabe sieht Ihre Netzwerkkoordination Ihre Ergebnisse nur anonym und nur "
        "zusammen mit mindestens vier anderen Initiativen. Mit Freigabe erscheint Ihre "
        "Initiative in ihrer Vergleichsübersicht mit Namen (nur die Werte je Kriterium, nie Ihre "
        "Antworten oder Notizen). Sie können die Freigabe jederzeit ändern."
    )
    share = st.toggle(LABEL, value=consent.share_named_results, key="share-named-results")
    if share != consent.share_named_results:
        network_admin.set_share_named_results(engine, actor, actor.initiative_id, share)
        st.success(
            "Freigabe erteilt: Ihre Netzwerkkoordination sieht Ihre Ergebnisse mit Namen."
            if share
            else "Freigabe zurückgenommen: Ihre Ergebnisse erscheinen nur noch anonym."
        )

"""The initiative's setting to share its results by name with its network coordination."""

from __future__ import annotations

import streamlit as st

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.services import initiative
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import current_actor

LABEL = "Ergebnisse namentlich mit der Netzwerkkoordination teilen"
KEY = "share-named-results"
NOTICE = "share-named-results-notice"


def _on_change() -> None:
    """Runs before the script: the user is resolved now, and checked again in the write."""
    actor = current_actor()
    share = bool(st.session_state.get(KEY))
    try:
        if actor is None:
            raise UserError("Bitte melden Sie sich an.")
        initiative.set_consent(get_engine(), actor, share)
    except UserError as exc:
        st.session_state[NOTICE] = ("error", str(exc))
        return
    st.session_state[NOTICE] = (
        "success",
        "Freigabe erteilt: Ihre Netzwerkkoordination sieht Ihre Ergebnisse mit Namen."
        if share
        else "Freigabe zurückgenommen: Ihre Ergebnisse erscheinen nur noch in Gesamtwerten.",
    )


def render_sharing_consent(actor: Actor) -> None:
    try:
        consent = initiative.consent(get_engine(), actor)
    except UserError:
        return
    st.subheader("Freigabe für die Netzwerkkoordination")
    st.caption(
        "Ohne Freigabe sieht Ihre Netzwerkkoordination Ihre Ergebnisse nur in Gesamtwerten über "
        "mindestens fünf Initiativen. Mit Freigabe erscheint Ihre Initiative in ihrer "
        "Vergleichsübersicht mit Namen (nur die Werte je Kriterium, nie Ihre Antworten oder "
        "Notizen). Das Programmteam sieht Ihre Initiative nie mit Namen. Sie können die "
        "Freigabe jederzeit ändern."
    )
    st.session_state[KEY] = consent.share_named_results
    st.toggle(LABEL, key=KEY, on_change=_on_change)
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        (st.success if notice[0] == "success" else st.error)(notice[1])

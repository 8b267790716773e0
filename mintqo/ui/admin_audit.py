"""Admin tab: the audit log, and deleting any initiative (DSGVO) with name confirmation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.formats import local_time
from mintqo.io.tabular import csv_bytes
from mintqo.services import organisations
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import current_actor

PICK_KEY = "admin-erase-pick"
CONFIRM_KEY = "admin-erase-confirm"
RESULT_KEY = "admin-erase-result"


def audit_frame(actor: Actor, search: str = "") -> pd.DataFrame:
    events = organisations.audit_log(get_engine(), actor, search=search)
    return pd.DataFrame(
        {
            "Zeitpunkt": [local_time(e.at) for e in events],
            "Wer": [e.actor for e in events],
            "Aktion": [e.action for e in events],
            "Betrifft": [e.target for e in events],
            "Details": [e.detail for e in events],
        }
    )


def _erase() -> None:
    """Button callback: the admin is resolved now and checked again inside the deletion."""
    initiative_id = st.session_state.get(PICK_KEY)
    if initiative_id is None:
        return
    actor = current_actor()
    try:
        if actor is None:
            raise UserError("Bitte melden Sie sich an.")
        report = organisations.delete_initiative(
            get_engine(), actor, int(initiative_id), st.session_state.get(CONFIRM_KEY, "")
        )
    except UserError as exc:
        st.session_state[RESULT_KEY] = ("error", str(exc))
        return
    st.session_state[RESULT_KEY] = (
        "success",
        f"Initiative Nr. {report.initiative_id} mit {report.deleted['project']} Projekt(en) und "
        f"{report.deleted['app_user']} Benutzerkonto/-konten wurde gelöscht.",
    )
    st.session_state.pop(PICK_KEY, None)
    st.session_state[CONFIRM_KEY] = ""


def render_audit_log(actor: Actor) -> None:
    st.subheader("Protokoll")
    st.caption(
        "Aktionen von Programmteam und Koordination, die Daten anderer betreffen: wer, was, wann."
    )
    search = st.text_input("Suchen (Benutzer, Aktion oder Ziel)", key="admin-audit-search")
    frame = audit_frame(actor, search)
    if frame.empty:
        st.info("Keine Einträge.")
    else:
        st.dataframe(frame, hide_index=True, width="stretch")
        st.download_button(
            "Protokoll als CSV",
            data=csv_bytes(frame),
            file_name="mintqo-protokoll.csv",
            mime="text/csv",
            on_click="ignore",
            key="admin-audit-csv",
        )
    _render_erasure(actor)


def _render_erasure(actor: Actor) -> None:
    st.subheader("Initiative löschen (DSGVO)")
    result = st.session_state.pop(RESULT_KEY, None)
    if result:
        (st.success if result[0] == "success" else st.error)(result[1])
    initiatives = organisations.initiatives(get_engine(), actor)
    if not initiatives:
        st.info("Es gibt keine Initiativen.")
        return
    labels = {i.id: f"{i.name} (Nr. {i.id}, Netzwerk {i.network_id})" for i in initiatives}
    st.selectbox(
        "Initiative",
        options=list(labels),
        format_func=labels.__getitem__,
        index=None,
        placeholder="Initiative auswählen …",
        key=PICK_KEY,
    )
    picked = st.session_state.get(PICK_KEY)
    if picked is None:
        return
    summary = organisations.initiative_summary(get_engine(), actor, int(picked))
    if summary is None:
        return
    st.warning(
        f"Löscht {summary.projects} Projekt(e) mit allen Selbstanalysen und "
        f"{summary.users} Benutzerkonto/-konten endgültig. Der Vorgang wird protokolliert."
    )
    st.caption("Zur Bestätigung den Namen der Initiative genau so eintippen:")
    st.text(summary.name)
    st.text_input("Name der Initiative", key=CONFIRM_KEY)
    st.button(
        "Initiative endgültig löschen",
        type="primary",
        icon=":material/delete_forever:",
        on_click=_erase,
        key="admin-erase-button",
    )

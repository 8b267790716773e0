"""Settings section for initiatives: export all own data, delete the initiative (DSGVO)."""

from __future__ import annotations

import streamlit as st

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.io.data_export import export_filename
from mintqo.services import initiative
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import current_actor
from mintqo.ui.login import forget_login

DELETED_TEXT = (
    "Ihre Initiative und alle zugehörigen Daten wurden gelöscht. Vielen Dank, dass Sie die "
    "Selbstanalyse genutzt haben."
)
CONFIRM_KEY = "data-rights-confirm"
ERROR_KEY = "data-rights-error"


def _delete() -> None:
    """Button callback: the user is resolved now and checked again inside the deletion."""
    actor = current_actor()
    typed = st.session_state.get(CONFIRM_KEY, "")
    try:
        if actor is None:
            raise UserError("Bitte melden Sie sich an.")
        initiative.delete_own(get_engine(), actor, typed)
    except UserError as exc:
        st.session_state[ERROR_KEY] = str(exc)
        return
    # The account no longer exists: end this browser's login (and its cookie) at once, and
    # say what happened on the page the browser lands on.
    forget_login(DELETED_TEXT)


def _export() -> bytes:
    actor = current_actor()
    return initiative.export_all(get_engine(), actor) if actor is not None else b""


def render_data_rights(actor: Actor) -> None:
    try:
        summary = initiative.summary(get_engine(), actor)
    except UserError:
        return
    st.subheader("Ihre Daten")
    st.write(
        "Sie können jederzeit alle Daten herunterladen, die mintqo zu Ihrer Initiative "
        "gespeichert hat: Benutzerkonten (ohne Passwörter), Projekte, Selbstanalysen mit "
        "Antworten und Notizen, Ergebnisse, Wirkungstreppe und Maßnahmenplan – als ZIP-Archiv "
        "mit einer JSON-Datei und CSV-Tabellen."
    )
    st.download_button(
        "Meine Daten exportieren",
        data=_export,
        file_name=export_filename(summary.id, initiative_name=summary.name),
        mime="application/zip",
        on_click="ignore",
        icon=":material/download:",
        key="data-rights-export",
    )
    with st.expander("Initiative und alle Daten löschen", icon=":material/delete_forever:"):
        st.warning(
            f"Das löscht die Initiative endgültig: {summary.projects} Projekt(e) mit allen "
            f"Selbstanalysen, Ergebnissen, Notizen und Maßnahmenplänen sowie {summary.users} "
            "Benutzerkonto/-konten. Auch Netzwerk- und Gesamtauswertungen enthalten Ihre Daten "
            "danach nicht mehr. Das lässt sich nicht rückgängig machen – exportieren Sie Ihre "
            "Daten vorher, wenn Sie sie behalten möchten."
        )
        st.caption("Zur Bestätigung tippen Sie bitte den Namen Ihrer Initiative genau so ein:")
        st.text(summary.name)
        st.text_input("Name der Initiative", key=CONFIRM_KEY)
        error = st.session_state.pop(ERROR_KEY, None)
        if error:
            st.error(error)
        st.button(
            "Initiative und alle Daten löschen",
            type="primary",
            icon=":material/delete_forever:",
            on_click=_delete,
            key="data-rights-delete",
        )

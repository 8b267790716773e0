"""Settings section for initiatives: export all own data, delete the initiative (DSGVO)."""

from __future__ import annotations

import functools

import streamlit as st

from mintqo.access import Actor
from mintqo.io.data_export import export_filename, export_zip
from mintqo.store.erasure import ErasureRefused, delete_initiative, initiative_summary
from mintqo.ui.engine import get_engine

CONFIRM_KEY = "data-rights-confirm"
ERROR_KEY = "data-rights-error"
DELETED_KEY = "data-rights-deleted"


def _delete(actor: Actor, initiative_id: int) -> None:
    typed = st.session_state.get(CONFIRM_KEY, "")
    try:
        delete_initiative(get_engine(), actor, initiative_id, typed)
    except ErasureRefused as exc:
        st.session_state[ERROR_KEY] = str(exc)
        return
    # The account no longer exists: end the session's login too.
    st.session_state[DELETED_KEY] = True
    st.session_state["authentication_status"] = None
    st.session_state["username"] = None


def render_deleted_notice() -> bool:
    """After a self-deletion: say so (once) and return True."""
    if st.session_state.pop(DELETED_KEY, False):
        st.success(
            "Ihre Initiative und alle zugehörigen Daten wurden gelöscht. Vielen Dank, dass Sie "
            "die Selbstanalyse genutzt haben."
        )
        return True
    return False


def render_data_rights(actor: Actor) -> None:
    if actor.role != "initiative" or actor.initiative_id is None:
        return
    engine = get_engine()
    summary = initiative_summary(engine, actor.initiative_id)
    if summary is None:
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
        data=functools.partial(export_zip, engine, actor.initiative_id),
        file_name=export_filename(actor.initiative_id),
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
            args=(actor, actor.initiative_id),
            key="data-rights-delete",
        )

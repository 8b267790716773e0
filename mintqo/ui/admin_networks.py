""" "Verwaltung → Kohorten & Netzwerke": manage cohorts and networks, import them from CSV.

Writes run as callbacks for the user logged in when they run (:mod:`mintqo.ui.feedback`), so
every table on the page already shows the change next to the message about it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mintqo.access import Actor
from mintqo.auth import clock
from mintqo.errors import UserError
from mintqo.formats import plural
from mintqo.io.org_import import TEMPLATE
from mintqo.services import organisations
from mintqo.text import escape_markdown
from mintqo.ui.engine import get_engine
from mintqo.ui.feedback import act, show_result
from mintqo.ui.guard import current_actor
from mintqo.ui.tables import show_table

NO_COHORT = 0
COHORT_RESULT = "cohort-result"
NETWORK_RESULT = "network-result"


def _md(text: str | None) -> str:
    return escape_markdown(text or "")


def _state(key: str, default: object = "") -> object:
    return st.session_state.get(key, default)


# --- cohorts --------------------------------------------------------------------------------


def _create_cohort() -> None:
    name, year = str(_state("cohort-name")), _state("cohort-year")

    def action(actor: Actor) -> str:
        organisations.create_cohort(get_engine(), actor, name, int(year) if year else None)
        return f"Kohorte „{_md(name.strip())}“ angelegt."

    if act(COHORT_RESULT, action):
        st.session_state["cohort-name"] = ""


def _rename_cohort() -> None:
    cohort_id, name = _state("cohort-pick", None), str(_state("cohort-new-name"))

    def action(actor: Actor) -> str:
        organisations.rename_cohort(get_engine(), actor, int(cohort_id), name)
        return f"Kohorte umbenannt in „{_md(name.strip())}“."

    if cohort_id is not None and act(COHORT_RESULT, action):
        st.session_state["cohort-new-name"] = ""


def _cohorts(actor: Actor) -> dict[int, str]:
    engine = get_engine()
    cohorts = organisations.cohorts(engine, actor)
    st.subheader("Kohorten")
    show_result(COHORT_RESULT)
    show_table(
        cohorts.drop(columns=["cohort_id"]),
        hide_index=True,
        key="cohort-table",
        column_config={
            "Kohorte": st.column_config.TextColumn(width="large"),
            "Jahr": st.column_config.NumberColumn(format="%d", width=80),
            "Netzwerke": st.column_config.NumberColumn(format="%d", width=100),
        },
    )
    with st.form("cohort-create"):
        st.markdown("**Neue Kohorte**")
        st.text_input("Name der Kohorte", key="cohort-name")
        st.number_input(
            "Jahr", min_value=2018, max_value=2100, value=clock.now().year, key="cohort-year"
        )
        st.form_submit_button("Kohorte anlegen", on_click=_create_cohort)
    names = dict(zip(cohorts["cohort_id"], cohorts["Kohorte"], strict=True))
    if names:
        with st.form("cohort-rename"):
            st.markdown("**Kohorte umbenennen**")
            st.selectbox("Kohorte", list(names), format_func=names.get, key="cohort-pick")
            st.text_input("Neuer Name", key="cohort-new-name")
            st.form_submit_button("Umbenennen", on_click=_rename_cohort)
    return names


# --- networks -------------------------------------------------------------------------------


def _create_network() -> None:
    name, cohort = str(_state("network-name")), _state("network-cohort", NO_COHORT)

    def action(actor: Actor) -> str:
        organisations.create_network(get_engine(), actor, name, int(cohort) or None)
        return f"Netzwerk „{_md(name.strip())}“ angelegt."

    if act(NETWORK_RESULT, action):
        st.session_state["network-name"] = ""


def _edit_network(network_id: int, old_name: str, old_cohort: int, old_archived: bool) -> None:
    suffix = f"-{network_id}"
    new_name = str(_state("network-new-name" + suffix)).strip()
    cohort = int(_state("network-new-cohort" + suffix, old_cohort) or NO_COHORT)
    archived = bool(_state("network-archived" + suffix, old_archived))

    def action(actor: Actor) -> str:
        engine, changes = get_engine(), []
        if new_name and new_name != old_name:
            organisations.rename_network(engine, actor, network_id, new_name)
            changes.append(f"umbenannt in „{_md(new_name)}“")
        if cohort != old_cohort:
            organisations.assign_cohort(engine, actor, network_id, cohort or None)
            changes.append("Kohorte geändert")
        if archived != old_archived:
            organisations.set_archived(engine, actor, network_id, archived)
            changes.append("archiviert" if archived else "nicht mehr archiviert")
        if not changes:
            return f"Netzwerk „{_md(old_name)}“: nichts geändert."
        return f"Netzwerk „{_md(old_name)}“: " + ", ".join(changes) + "."

    if act(NETWORK_RESULT, action):
        st.session_state["network-new-name" + suffix] = ""


def _networks(actor: Actor, cohorts: dict[int, str]) -> None:
    engine = get_engine()
    networks = organisations.networks(engine, actor)
    st.subheader("Netzwerke")
    show_result(NETWORK_RESULT)
    show_table(
        pd.DataFrame(
            {
                "Netzwerk": networks["Netzwerk"],
                "Kohorte": networks["Kohorte"].fillna("–"),
                "Initiativen": networks["Initiativen"].astype(int),
                "Archiviert": ["ja" if a else "nein" for a in networks["Archiviert"]],
            }
        ),
        hide_index=True,
        key="network-table",
        column_config={
            "Netzwerk": st.column_config.TextColumn(width="large"),
            "Kohorte": st.column_config.TextColumn(width="medium"),
            "Initiativen": st.column_config.NumberColumn(format="%d", width=100),
            "Archiviert": st.column_config.TextColumn(width=100),
        },
    )
    options = [NO_COHORT, *cohorts]
    label = {NO_COHORT: "– keine –", **cohorts}
    with st.form("network-create"):
        st.markdown("**Neues Netzwerk**")
        st.text_input("Name des Netzwerks", key="network-name")
        st.selectbox("Kohorte", options, format_func=label.get, key="network-cohort")
        st.form_submit_button("Netzwerk anlegen", on_click=_create_network)
    if networks.empty:
        return
    names = dict(zip(networks["network_id"], networks["Netzwerk"], strict=True))
    st.markdown("**Netzwerk bearbeiten**")
    # The picker sits outside the form so that the form shows the chosen network's values.
    nid = st.selectbox("Netzwerk", list(names), format_func=names.get, key="network-pick")
    row = networks.set_index("network_id").loc[nid]
    cohort_id = row["cohort_id"]
    current = int(cohort_id) if pd.notna(cohort_id) and cohort_id else NO_COHORT
    archived = bool(row["Archiviert"])
    suffix = f"-{nid}"
    with st.form("network-edit"):
        st.text_input("Neuer Name (leer lassen = unverändert)", key="network-new-name" + suffix)
        st.selectbox(
            "Kohorte",
            options,
            index=options.index(current) if current in options else 0,
            format_func=label.get,
            key="network-new-cohort" + suffix,
        )
        st.checkbox("Archiviert", value=archived, key="network-archived" + suffix)
        st.form_submit_button(
            "Änderungen speichern",
            on_click=_edit_network,
            args=(int(nid), str(row["Netzwerk"]), current, archived),
        )


def _import(actor: Actor) -> None:
    st.subheader("Import aus CSV")
    st.caption(
        "Spalten „Netzwerk;Kohorte;Initiative“ (Kohorte und Initiative dürfen leer sein). "
        "Fehlende Kohorten und Netzwerke werden angelegt. Enthält eine Zeile einen Fehler, wird "
        "nichts übernommen. UTF-8 oder Windows-1252, Trennzeichen Semikolon oder Komma; "
        "höchstens 5 MB."
    )
    st.download_button(
        "Vorlage herunterladen",
        TEMPLATE.encode("utf-8-sig"),
        file_name="netzwerke-vorlage.csv",
        mime="text/csv",
        key="import-template",
    )
    upload = st.file_uploader("CSV-Datei", type=["csv", "txt"], key="import-file")
    if upload is None:
        return
    data = upload.getvalue()
    engine = get_engine()
    result = organisations.preview_import(engine, actor, data)
    if result.errors:
        st.error(
            f"Die Datei enthält {plural(len(result.errors), 'Fehler', 'Fehler')}; es wurde "
            "nichts übernommen."
        )
        for message in result.errors:
            st.text(message)
        return
    st.info(
        "Vorschau: "
        + ", ".join(
            (
                plural(len(result.new_cohorts), "neue Kohorte", "neue Kohorten"),
                plural(len(result.new_networks), "neues Netzwerk", "neue Netzwerke"),
                plural(len(result.new_initiatives), "neue Initiative", "neue Initiativen"),
            )
        )
        + "."
    )
    if st.button("Importieren", key="import-run", type="primary"):
        current = current_actor()
        if current is None:
            st.error("Bitte melden Sie sich an.")
            return
        try:
            done = organisations.run_import(engine, current, data)
        except UserError as exc:
            st.error(str(exc))
            return
        if done.written:
            st.success("Import abgeschlossen.")
        else:
            st.error("Import abgebrochen; es wurde nichts übernommen.")
            for message in done.errors:
                st.text(message)


def render_network_admin(actor: Actor) -> None:
    cohorts = _cohorts(actor)
    _networks(actor, cohorts)
    _import(actor)


# --- initiatives of a network -----------------------------------------------------------------

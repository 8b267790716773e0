"""'Kohorten & Netzwerke' in the admin area: manage cohorts and networks, import from CSV."""

from __future__ import annotations

import streamlit as st

from mintqo.access import Actor
from mintqo.io import org_import
from mintqo.store import network_admin
from mintqo.store.network_admin import NetworkAdminError
from mintqo.ui.engine import get_engine

NO_COHORT = 0


def _attempt(action, success: str) -> None:
    try:
        action()
    except NetworkAdminError as exc:
        st.error(str(exc))
    else:
        st.success(success)


def _cohorts(actor: Actor) -> dict[int, str]:
    engine = get_engine()
    cohorts = network_admin.list_cohorts(engine)
    st.subheader("Kohorten")
    st.dataframe(cohorts.drop(columns=["cohort_id"]), hide_index=True, key="cohort-table")
    with st.form("cohort-create", clear_on_submit=True):
        st.markdown("**Neue Kohorte**")
        name = st.text_input("Name der Kohorte", key="cohort-name")
        year = st.number_input(
            "Jahr", min_value=2018, max_value=2100, value=2026, key="cohort-year"
        )
        if st.form_submit_button("Kohorte anlegen"):
            _attempt(
                lambda: network_admin.create_cohort(engine, actor, name, int(year)),
                f"Kohorte „{name.strip()}“ angelegt.",
            )
    names = dict(zip(cohorts["cohort_id"], cohorts["Kohorte"], strict=True))
    if names:
        with st.form("cohort-rename"):
            st.markdown("**Kohorte umbenennen**")
            cid = st.selectbox("Kohorte", list(names), format_func=names.get, key="cohort-pick")
            new = st.text_input("Neuer Name", key="cohort-new-name")
            if st.form_submit_button("Umbenennen"):
                _attempt(
                    lambda: network_admin.rename_cohort(engine, actor, int(cid), new),
                    "Kohorte umbenannt.",
                )
    return names


def _networks(actor: Actor, cohorts: dict[int, str]) -> None:
    engine = get_engine()
    networks = network_admin.list_networks(engine)
    st.subheader("Netzwerke")
    st.dataframe(
        networks.drop(columns=["network_id", "cohort_id"]), hide_index=True, key="network-table"
    )
    options = [NO_COHORT, *cohorts]
    label = {NO_COHORT: "– keine –", **cohorts}
    with st.form("network-create", clear_on_submit=True):
        st.markdown("**Neues Netzwerk**")
        name = st.text_input("Name des Netzwerks", key="network-name")
        cohort = st.selectbox("Kohorte", options, format_func=label.get, key="network-cohort")
        if st.form_submit_button("Netzwerk anlegen"):
            _attempt(
                lambda: network_admin.create_network(engine, actor, name, cohort or None),
                f"Netzwerk „{name.strip()}“ angelegt.",
            )
    if networks.empty:
        return
    names = dict(zip(networks["network_id"], networks["Netzwerk"], strict=True))
    with st.form("network-edit"):
        st.markdown("**Netzwerk bearbeiten**")
        nid = st.selectbox("Netzwerk", list(names), format_func=names.get, key="network-pick")
        row = networks.set_index("network_id").loc[nid]
        new_name = st.text_input("Name (leer lassen = unverändert)", key="network-new-name")
        current = (
            int(row["cohort_id"])
            if row["cohort_id"] == row["cohort_id"] and row["cohort_id"]
            else NO_COHORT
        )
        cohort = st.selectbox(
            "Kohorte",
            options,
            index=options.index(current) if current in options else 0,
            format_func=label.get,
            key="network-new-cohort",
        )
        archived = st.checkbox("Archiviert", value=bool(row["Archiviert"]), key="network-archived")
        if st.form_submit_button("Änderungen speichern"):

            def apply() -> None:
                if new_name.strip() and new_name.strip() != row["Netzwerk"]:
                    network_admin.rename_network(engine, actor, int(nid), new_name)
                if cohort != current:
                    network_admin.assign_cohort(engine, actor, int(nid), cohort or None)
                if archived != bool(row["Archiviert"]):
                    network_admin.set_archived(engine, actor, int(nid), archived)

            _attempt(apply, "Änderungen gespeichert.")


def _import(actor: Actor) -> None:
    st.subheader("Import aus CSV")
    st.caption(
        "Spalten „Netzwerk;Kohorte;Initiative“ (Kohorte und Initiative dürfen leer sein). "
        "Fehlende Kohorten und Netzwerke werden angelegt. Enthält eine Zeile einen Fehler, wird "
        "nichts übernommen. UTF-8 oder Windows-1252, Trennzeichen Semikolon oder Komma."
    )
    st.download_button(
        "Vorlage herunterladen",
        org_import.TEMPLATE.encode("utf-8-sig"),
        file_name="netzwerke-vorlage.csv",
        mime="text/csv",
        key="import-template",
    )
    upload = st.file_uploader("CSV-Datei", type=["csv", "txt"], key="import-file")
    if upload is None:
        return
    data = upload.getvalue()
    engine = get_engine()
    result = org_import.preview(engine, data)
    if result.errors:
        st.error(f"Die Datei enthält {len(result.errors)} Fehler; es wurde nichts übernommen.")
        for message in result.errors:
            st.text(message)
        return
    st.info(
        f"Vorschau: {len(result.new_cohorts)} neue Kohorte(n), {len(result.new_networks)} neue(s) "
        f"Netzwerk(e), {len(result.new_initiatives)} neue Initiative(n)."
    )
    if st.button("Importieren", key="import-run", type="primary"):
        done = org_import.import_org_csv(engine, actor, data)
        if done.written:
            st.success("Import abgeschlossen.")
        else:
            st.error("Import abgebrochen; es wurde nichts übernommen.")
            for message in done.errors:
                st.text(message)


def render_network_admin(actor: Actor) -> None:
    if not actor.is_admin:
        st.error("Diese Seite steht Ihrer Rolle nicht zur Verfügung.")
        return
    cohorts = _cohorts(actor)
    _networks(actor, cohorts)
    _import(actor)

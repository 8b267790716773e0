"""'Kohorten & Netzwerke' in the admin area: manage cohorts and networks, import from CSV."""

from __future__ import annotations

import streamlit as st

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.io.org_import import TEMPLATE
from mintqo.services import organisations
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import current_actor

NO_COHORT = 0


def _attempt(action, success: str) -> None:
    """Run an administration write for the user logged in now (checked again in the write)."""
    actor = current_actor()
    try:
        if actor is None:
            raise UserError("Bitte melden Sie sich an.")
        action(actor)
    except UserError as exc:
        st.error(str(exc))
    else:
        st.success(success)


def _cohorts(actor: Actor) -> dict[int, str]:
    engine = get_engine()
    cohorts = organisations.cohorts(engine, actor)
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
                lambda a: organisations.create_cohort(engine, a, name, int(year)),
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
                    lambda a: organisations.rename_cohort(engine, a, int(cid), new),
                    "Kohorte umbenannt.",
                )
    return names


def _networks(actor: Actor, cohorts: dict[int, str]) -> None:
    engine = get_engine()
    networks = organisations.networks(engine, actor)
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
                lambda a: organisations.create_network(engine, a, name, cohort or None),
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

            def apply(a: Actor) -> None:
                if new_name.strip() and new_name.strip() != row["Netzwerk"]:
                    organisations.rename_network(engine, a, int(nid), new_name)
                if cohort != current:
                    organisations.assign_cohort(engine, a, int(nid), cohort or None)
                if archived != bool(row["Archiviert"]):
                    organisations.set_archived(engine, a, int(nid), archived)

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
        st.error(f"Die Datei enthält {len(result.errors)} Fehler; es wurde nichts übernommen.")
        for message in result.errors:
            st.text(message)
        return
    st.info(
        f"Vorschau: {len(result.new_cohorts)} neue Kohorte(n), {len(result.new_networks)} neue(s) "
        f"Netzwerk(e), {len(result.new_initiatives)} neue Initiative(n)."
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

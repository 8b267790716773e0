"""The programme team's organisation screens under "Verwaltung".

- "Kohorten & Netzwerke": manage cohorts and networks, import them from CSV.
- "Initiativen": the initiatives of a network by name, with their number of projects and their
  accounts (no results, no participation, no consent: the programme team sees no initiative's
  results by name), and deleting one (DSGVO) after saying exactly what goes.

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
from mintqo.services.organisations import InitiativeOverview
from mintqo.text import escape_markdown
from mintqo.ui.engine import get_engine
from mintqo.ui.feedback import act, show_result
from mintqo.ui.guard import current_actor

NO_COHORT = 0
COHORT_RESULT = "cohort-result"
NETWORK_RESULT = "network-result"
ERASE_RESULT = "admin-initiative-erase-result"
ERASE_PICK = "admin-initiative-erase-pick"
ERASE_CONFIRM = "admin-initiative-erase-confirm"
INITIATIVE_NETWORK = "admin-initiatives-network"


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
    st.dataframe(
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
    st.dataframe(
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


def _accounts_text(initiative: InitiativeOverview) -> str:
    names = ", ".join(initiative.active_accounts) or "–"
    if initiative.inactive_accounts:
        names += " (deaktiviert: " + ", ".join(initiative.inactive_accounts) + ")"
    return names


def _initiatives_frame(initiatives: list[InitiativeOverview]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Initiative": [i.name for i in initiatives],
            "Projekte": [i.projects for i in initiatives],
            "Aktive Konten": [len(i.active_accounts) for i in initiatives],
            "Benutzerkonten": [_accounts_text(i) for i in initiatives],
        }
    )


def render_initiatives(actor: Actor) -> None:
    """The initiatives of one network, and deleting one of them."""
    engine = get_engine()
    networks = organisations.networks(engine, actor)
    if networks.empty:
        st.info("Es gibt noch kein Netzwerk.")
        return
    names = {
        int(
            r.network_id
        ): f"{r.Netzwerk} ({plural(int(r.Initiativen), 'Initiative', 'Initiativen')})"
        for r in networks.itertuples()
    }
    if _state(INITIATIVE_NETWORK, None) not in names:
        st.session_state.pop(INITIATIVE_NETWORK, None)
    network_id = st.selectbox(
        "Netzwerk", list(names), format_func=names.__getitem__, key=INITIATIVE_NETWORK
    )
    initiatives = organisations.initiatives_of_network(engine, actor, network_id)
    st.caption(
        "Name, Zahl der Projekte und Benutzerkonten jeder Initiative. Ergebnisse einzelner "
        "Initiativen sieht das Programmteam nicht; Auswertungen gibt es unter „Mein Netzwerk“ "
        "und „Nationale Übersicht“ nur für Gruppen."
    )
    if not initiatives:
        show_result(ERASE_RESULT)  # e.g. its last initiative was just deleted
        st.info("Dieses Netzwerk hat noch keine Initiative.")
        return
    st.dataframe(
        _initiatives_frame(initiatives),
        hide_index=True,
        key="admin-initiatives-table",
        column_config={
            "Initiative": st.column_config.TextColumn(width=300),
            "Projekte": st.column_config.NumberColumn(format="%d", width=90),
            "Aktive Konten": st.column_config.NumberColumn(format="%d", width=120),
            "Benutzerkonten": st.column_config.TextColumn(width="large"),
        },
    )
    _render_erasure(actor, initiatives)


def _erase(initiative_id: int, name: str) -> None:
    """Button callback: the admin is resolved now and checked again inside the deletion."""
    typed = str(_state(ERASE_CONFIRM))

    def action(actor: Actor) -> str:
        report = organisations.delete_initiative(get_engine(), actor, initiative_id, typed)
        gone = report.deleted
        counted = (
            ("project", "Projekt", "Projekte"),
            ("assessment", "Selbstanalyse-Runde", "Selbstanalyse-Runden"),
            ("action_item", "Maßnahme", "Maßnahmen"),
            ("app_user", "Benutzerkonto", "Benutzerkonten"),
        )
        parts = [plural(gone[key], one, many) for key, one, many in counted if gone.get(key)]
        removed = (
            "Entfernt: " + (", ".join(parts[:-1]) + " und " if len(parts) > 1 else "") + parts[-1]
            if parts
            else "Sie hatte keine Projekte und keine Benutzerkonten"
        )
        return (
            f"Die Initiative „{_md(name)}“ ist gelöscht. {removed}. Die Auswertungen enthalten "
            "sie nicht mehr; das Protokoll vermerkt die Löschung ohne Namen."
        )

    if act(ERASE_RESULT, action):
        # Set, not dropped: the browser then also clears the picker it shows.
        st.session_state[ERASE_PICK] = None
        st.session_state[ERASE_CONFIRM] = ""


def _erasure_warning(initiative: InitiativeOverview) -> str:
    accounts = [*initiative.active_accounts, *initiative.inactive_accounts]
    lines = [
        f"„{_md(initiative.name)}“ (Netzwerk „{_md(initiative.network_name)}“) wird "
        "**endgültig gelöscht**, mit allem, was zu ihr gehört:",
        f"- {plural(initiative.projects, 'Projekt', 'Projekte')} mit allen Selbstanalyse-Runden "
        "(Antworten, Notizen, Ergebnisse), Wirkungstreppen und Maßnahmenplänen;",
    ]
    if accounts:
        lines.append(
            f"- {plural(len(accounts), 'Benutzerkonto', 'Benutzerkonten')} "
            f"({_md(', '.join(accounts))}); offene Anmeldungen enden sofort, das "
            "Anmeldeprotokoll wird gelöscht;"
        )
    else:
        lines.append("- kein Benutzerkonto (die Initiative hat keines);")
    lines += [
        "- offene Einladungs- und Rücksetzcodes für sie.",
        "",
        "Netzwerk- und Gesamtauswertungen rechnen sie sofort heraus. Im Protokoll bleibt nur, "
        "dass eine Initiative gelöscht wurde, ohne Namen. **Das lässt sich nicht rückgängig "
        "machen.**",
    ]
    return "\n".join(lines)


def _render_erasure(actor: Actor, initiatives: list[InitiativeOverview]) -> None:
    st.subheader("Initiative löschen (DSGVO)")
    show_result(ERASE_RESULT)  # where the admin clicked, below the table that shows the result
    by_id = {i.initiative_id: i for i in initiatives}
    if _state(ERASE_PICK, None) not in (None, *by_id):  # e.g. another network was chosen
        st.session_state[ERASE_PICK] = None
    picked = st.selectbox(
        "Initiative",
        list(by_id),
        index=None,
        format_func=lambda i: by_id[i].name,
        placeholder="Initiative auswählen …",
        key=ERASE_PICK,
    )
    if picked is None:
        return
    # Read again by id: what the warning says is what the store holds now.
    initiative = organisations.initiative_overview(get_engine(), actor, picked)
    if initiative is None:
        return
    st.warning(_erasure_warning(initiative), icon=":material/delete_forever:")
    st.caption(f"Zur Bestätigung den Namen genau so eintippen: {_md(initiative.name)}")
    st.text_input("Name der Initiative", key=ERASE_CONFIRM)
    st.button(
        "Initiative endgültig löschen",
        type="primary",
        icon=":material/delete_forever:",
        on_click=_erase,
        args=(initiative.initiative_id, initiative.name),
        key="admin-initiative-erase",
    )

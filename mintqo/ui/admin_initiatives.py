"""'Verwaltung → Initiativen': the initiatives of a network (name, projects, accounts) and the
deletion of an initiative (DSGVO), with a confirmation that says what goes.

The programme team sees names and accounts here, never results: those exist only as group
figures on "Mein Netzwerk" and "Nationale Übersicht".
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mintqo.access import Actor
from mintqo.formats import plural
from mintqo.services import organisations
from mintqo.services.organisations import InitiativeOverview
from mintqo.text import escape_markdown
from mintqo.ui.engine import get_engine
from mintqo.ui.feedback import act, show_result
from mintqo.ui.tables import show_table

ERASE_RESULT = "admin-initiative-erase-result"
ERASE_PICK = "admin-initiative-erase-pick"
ERASE_CONFIRM = "admin-initiative-erase-confirm"
INITIATIVE_NETWORK = "admin-initiatives-network"


def _md(text: str | None) -> str:
    return escape_markdown(text or "")


def _state(key: str, default: object = "") -> object:
    return st.session_state.get(key, default)


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
    show_table(
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

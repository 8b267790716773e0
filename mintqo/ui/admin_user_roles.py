"""Changing an account's role on 'Verwaltung → Benutzer': role and scope chosen by name, with
a sentence that says what the account will see afterwards.

A role change moves an account into another initiative or network, so the sentence names the
target before the button is pressed. The rule itself is
:func:`mintqo.services.user_admin.change_role`.
"""

from __future__ import annotations

import streamlit as st

from mintqo.access import Actor
from mintqo.services import organisations, user_admin
from mintqo.services.user_admin import ROLE_LABELS, UserRow
from mintqo.text import escape_markdown
from mintqo.ui.admin_user_account import RESULT_KEY
from mintqo.ui.engine import get_engine
from mintqo.ui.feedback import act

ROLE_EFFECTS = {
    "initiative": (
        "{user} gehört danach zur Initiative „{initiative}“ und sieht deren Projekte, Antworten, "
        "Notizen und Profile. Ihre Mitglieder sehen das Konto unter „Einstellungen → "
        "Mitglieder“."
    ),
    "coordinator": (
        "{user} koordiniert danach das Netzwerk „{network}“: Beteiligung und anonyme "
        "Auswertungen; Ergebnisse einzelner Initiativen nur, wenn diese sie freigeben."
    ),
    "admin": (
        "{user} gehört danach zum Programmteam und darf alles verwalten – auch Konten "
        "deaktivieren und Initiativen löschen."
    ),
}


def _md(text: str | None) -> str:
    return escape_markdown(text or "")


def _role_keys(user_id: int) -> tuple[str, str, str]:
    return (
        f"admin-role-{user_id}",
        f"admin-role-network-{user_id}",
        f"admin-role-initiative-{user_id}",
    )


def _change_role(user_id: int) -> None:
    role_key, network_key, initiative_key = _role_keys(user_id)
    role = st.session_state.get(role_key)
    network_id = st.session_state.get(network_key)
    initiative_id = st.session_state.get(initiative_key)

    def action(actor: Actor) -> str:
        done = user_admin.change_role(
            get_engine(),
            actor,
            user_id,
            str(role),
            initiative_id=initiative_id if role == "initiative" else None,
            network_id=network_id if role == "coordinator" else None,
        )
        return (
            f"Die Rolle von {_md(done.username)} ist geändert: {_md(done.before)} → "
            f"{_md(done.after)}."
        )

    act(RESULT_KEY, action)


def render_role_change(actor: Actor, user: UserRow) -> None:
    """Role and scope chosen by name: networks, then the initiatives of the chosen network."""
    engine = get_engine()
    st.markdown("**Rolle ändern**")
    role_key, network_key, initiative_key = _role_keys(user.user_id)
    roles = list(ROLE_LABELS)
    role = st.selectbox(
        "Neue Rolle",
        roles,
        index=roles.index(user.role) if user.role in roles else 0,
        format_func=ROLE_LABELS.__getitem__,
        key=role_key,
    )
    network_name = initiative_name = ""
    ready = True
    if role in ("initiative", "coordinator"):
        networks = organisations.networks(engine, actor)
        names = {
            int(r.network_id): r.Netzwerk + (" (archiviert)" if r.Archiviert else "")
            for r in networks.itertuples()
        }
        options = list(names)
        if st.session_state.get(network_key) not in names:
            st.session_state.pop(network_key, None)
        network_id = st.selectbox(
            "Netzwerk",
            options,
            index=options.index(user.network_id) if user.network_id in names else None,
            format_func=names.__getitem__,
            placeholder="Netzwerk auswählen …",
            key=network_key,
        )
        network_name = names.get(network_id, "") if network_id is not None else ""
        ready = network_id is not None
        if role == "initiative" and network_id is not None:
            found = organisations.initiatives_of_network(engine, actor, network_id)
            initiatives = {i.initiative_id: i.name for i in found}
            if st.session_state.get(initiative_key) not in initiatives:
                st.session_state.pop(initiative_key, None)
            if not initiatives:
                st.info("Dieses Netzwerk hat noch keine Initiative.")
                ready = False
            else:
                choice = list(initiatives)
                initiative_id = st.selectbox(
                    "Initiative",
                    choice,
                    index=choice.index(user.initiative_id)
                    if user.initiative_id in initiatives
                    else None,
                    format_func=initiatives.__getitem__,
                    placeholder="Initiative auswählen …",
                    key=initiative_key,
                )
                initiative_name = initiatives.get(initiative_id, "") if initiative_id else ""
                ready = initiative_id is not None
    if ready:
        st.caption(
            ROLE_EFFECTS[role].format(
                user=_md(user.username),
                initiative=_md(initiative_name),
                network=_md(network_name),
            )
        )
    st.button(
        "Rolle ändern",
        key=f"admin-role-apply-{user.user_id}",
        on_click=_change_role,
        args=(user.user_id,),
        disabled=not ready,
    )

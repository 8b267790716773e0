"""Account administration: users (admin), invitation codes and reset codes (coordinators, admins).

Every action is checked again in :mod:`mintqo.auth.accounts` / :mod:`mintqo.access`; this module
only decides what to offer.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mintqo import access
from mintqo.access import AccountScope, Actor
from mintqo.auth.accounts import (
    AccountError,
    IssuedCode,
    all_networks,
    create_invitation,
    initiatives_of_network,
    issue_reset_code,
    list_open_codes,
    revoke_code,
)
from mintqo.store.login_events import recent_events
from mintqo.store.users import (
    ROLE_LABELS,
    UserChangeError,
    UserRow,
    change_role,
    list_users,
    set_active,
)
from mintqo.ui.account_settings import local_time
from mintqo.ui.engine import get_engine

KIND_LABELS = {"invitation": "Einladung", "reset": "Passwort-Rücksetzung"}


def _users_frame(users: list[UserRow]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Benutzername": [u.username for u in users],
            "Name": [u.display_name for u in users],
            "Rolle": [ROLE_LABELS.get(u.role, u.role) for u in users],
            "Initiative": [u.initiative_name or "" for u in users],
            "Netzwerk": [u.network_name or "" for u in users],
            "Aktiv": [u.active for u in users],
            "Angelegt": [local_time(u.created_at) for u in users],
        }
    )


def _show_code(issued: IssuedCode, what: str) -> None:
    st.success(f"{what} – gültig bis {local_time(issued.expires_at)}:")
    st.code(issued.code, language=None)
    st.caption(
        "Der Code wird nur jetzt angezeigt und ist nur einmal verwendbar. Geben Sie ihn "
        "persönlich oder telefonisch weiter."
    )


# --- admin: users ---------------------------------------------------------------------------


def render_user_admin(actor: Actor) -> None:
    if not access.can_manage_users(actor):
        st.error("Die Benutzerverwaltung steht nur dem Programmteam zur Verfügung.")
        return
    engine = get_engine()
    users = list_users(engine)
    st.dataframe(_users_frame(users), hide_index=True, key="admin-users-table")
    by_id = {u.user_id: u for u in users if u.user_id != actor.user_id}
    if not by_id:
        return
    user_id = st.selectbox(
        "Benutzerkonto bearbeiten",
        options=list(by_id),
        format_func=lambda i: f"{by_id[i].username} ({ROLE_LABELS.get(by_id[i].role, '')})",
        key="admin-users-pick",
    )
    user = by_id[user_id]
    scope = AccountScope(user.user_id, user.role, user.initiative_id, user.network_id)  # type: ignore[arg-type]
    if not access.can_change_account(actor, scope):
        return
    if user.active:
        if st.button("Konto deaktivieren", key="admin-users-disable"):
            _apply(lambda: set_active(engine, actor, user_id, False), "Das Konto ist deaktiviert.")
    elif st.button("Konto wieder aktivieren", key="admin-users-enable"):
        _apply(lambda: set_active(engine, actor, user_id, True), "Das Konto ist wieder aktiv.")
    with st.form("admin-users-role"):
        roles = list(ROLE_LABELS)
        role = st.selectbox(
            "Rolle", roles, index=roles.index(user.role), format_func=ROLE_LABELS.__getitem__
        )
        initiative_id = st.number_input(
            "Initiative-Nr. (für Rolle Initiative)",
            min_value=1,
            step=1,
            value=user.initiative_id,
            placeholder="–",
        )
        network_id = st.number_input(
            "Netzwerk-Nr. (für Rolle Netzwerkkoordination)",
            min_value=1,
            step=1,
            value=user.network_id if user.role == "coordinator" else None,
            placeholder="–",
        )
        if st.form_submit_button("Rolle ändern"):
            _apply(
                lambda: change_role(
                    engine,
                    actor,
                    user_id,
                    role,
                    int(initiative_id) if initiative_id else None,
                    int(network_id) if network_id else None,
                ),
                "Die Rolle ist geändert.",
            )
    st.subheader("Anmeldeversuche")
    events = recent_events(engine, limit=200)
    st.dataframe(
        pd.DataFrame(
            {
                "Zeit": [local_time(e.at) for e in events],
                "Benutzername": [e.username for e in events],
                "Erfolgreich": [e.success for e in events],
            }
        ),
        hide_index=True,
        key="admin-login-events",
    )


def _apply(action, message: str) -> None:
    try:
        action()
    except (UserChangeError, AccountError) as exc:
        st.error(str(exc))
    else:
        st.success(message)


# --- coordinators and admins: invitations and reset codes ----------------------------------


def render_invitations(actor: Actor) -> None:
    roles = access.visible_roles_for_invitation(actor)
    if not roles:
        st.error("Einladungen können nur Netzwerkkoordinationen und das Programmteam erstellen.")
        return
    engine = get_engine()
    st.subheader("Einladung erstellen")
    if actor.is_admin:
        networks = dict(all_networks(engine))
        role = st.radio(
            "Einladung für",
            roles,
            format_func=ROLE_LABELS.__getitem__,
            horizontal=True,
            key="invite-role",
        )
        network_id = st.selectbox(
            "Netzwerk", list(networks), format_func=networks.__getitem__, key="invite-network"
        )
    else:
        role, network_id = "initiative", actor.network_id
    if network_id is None:
        return
    initiative_id: int | None = None
    new_name = ""
    if role == "initiative":
        initiatives = dict(initiatives_of_network(engine, network_id))
        kind = st.radio(
            "Initiative",
            ["neu", "bestehend"],
            horizontal=True,
            key="invite-kind",
            format_func={"neu": "Neue Initiative", "bestehend": "Bestehende Initiative"}.get,
        )
        if kind == "neu" or not initiatives:
            new_name = st.text_input("Name der neuen Initiative", max_chars=200, key="invite-name")
        else:
            initiative_id = st.selectbox(
                "Initiative",
                list(initiatives),
                format_func=initiatives.__getitem__,
                key="invite-initiative",
            )
    if st.button("Einladungscode erstellen", key="invite-create", type="primary"):
        try:
            issued = create_invitation(
                engine,
                actor,
                role=role,
                network_id=network_id,
                initiative_id=initiative_id,
                new_initiative_name=new_name,
            )
        except AccountError as exc:
            st.error(str(exc))
        else:
            _show_code(issued, "Einladungscode erstellt")
    _render_open_codes(actor)
    _render_reset_codes(actor)


def _render_open_codes(actor: Actor) -> None:
    engine = get_engine()
    st.subheader("Offene Codes")
    codes = list_open_codes(engine, actor)
    if not codes:
        st.caption("Keine offenen Codes.")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Art": [KIND_LABELS.get(c.kind, c.kind) for c in codes],
                "Für": [c.username or c.label for c in codes],
                "Rolle": [ROLE_LABELS.get(c.role or "", "") for c in codes],
                "Netzwerk": [c.network_name or "" for c in codes],
                "Erstellt von": [c.created_by or "" for c in codes],
                "Gültig bis": [local_time(c.expires_at) for c in codes],
            }
        ),
        hide_index=True,
        key="open-codes",
    )
    by_id = {c.code_id: c for c in codes}
    with st.form("revoke-code"):
        code_id = st.selectbox(
            "Code zurückziehen",
            list(by_id),
            format_func=lambda i: (
                f"{KIND_LABELS[by_id[i].kind]}: {by_id[i].username or by_id[i].label}"
            ),
        )
        if st.form_submit_button("Zurückziehen"):
            _apply(lambda: revoke_code(engine, actor, code_id), "Der Code ist zurückgezogen.")


def _render_reset_codes(actor: Actor) -> None:
    engine = get_engine()
    st.subheader("Passwort-Rücksetzcode")
    users = list_users(engine, None if actor.is_admin else actor.network_id)
    allowed = {
        u.user_id: u
        for u in users
        if access.can_issue_reset_code(
            actor,
            AccountScope(u.user_id, u.role, u.initiative_id, u.network_id),  # type: ignore[arg-type]
        )
    }
    if not allowed:
        st.caption("Es gibt keine Benutzerkonten, für die Sie einen Rücksetzcode erstellen können.")
        return
    user_id = st.selectbox(
        "Benutzerkonto",
        list(allowed),
        format_func=lambda i: (
            f"{allowed[i].username} – {allowed[i].initiative_name or allowed[i].network_name or ''}"
        ),
        key="reset-user",
    )
    if st.button("Rücksetzcode erstellen", key="reset-create"):
        try:
            issued = issue_reset_code(engine, actor, user_id)
        except AccountError as exc:
            st.error(str(exc))
        else:
            _show_code(issued, f"Rücksetzcode für {allowed[user_id].username} erstellt")

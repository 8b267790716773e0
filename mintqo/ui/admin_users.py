"""Account administration: users (admin) and invitation/reset codes (coordinators, admins).

Only drawing: :mod:`mintqo.services` applies every rule and returns what may be offered (the
networks and initiatives this user may invite into, the accounts it may issue a reset code for).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from mintqo.access import Actor
from mintqo.auth.clock import berlin_text
from mintqo.errors import UserError
from mintqo.services import invitations, user_admin
from mintqo.services.user_admin import ROLE_LABELS, UserRow
from mintqo.ui.engine import get_engine

KIND_LABELS = {"invitation": "Einladung", "reset": "Passwort-Rücksetzung"}
EVENT_LABELS = {
    "login": "Anmeldung",
    "password_check": "Passwortprüfung (Einstellungen)",
    "unlock": "Entsperrt",
    "reset": "Passwort neu gesetzt",
}


def _users_frame(users: list[UserRow]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Benutzername": [u.username for u in users],
            "Name": [u.display_name for u in users],
            "Rolle": [ROLE_LABELS.get(u.role, u.role) for u in users],
            "Initiative": [u.initiative_name or "" for u in users],
            "Netzwerk": [u.network_name or "" for u in users],
            "Aktiv": [u.active for u in users],
            "Angelegt": [berlin_text(u.created_at) for u in users],
            "Letzte Anmeldung": [
                berlin_text(u.last_login_at) if u.last_login_at else "–" for u in users
            ],
        }
    )


def _show_code(issued: invitations.IssuedCode, what: str) -> None:
    st.success(f"{what} – gültig bis {berlin_text(issued.expires_at)}:")
    st.code(issued.code, language=None)
    st.caption(
        "Der Code wird nur jetzt angezeigt und ist nur einmal verwendbar. Geben Sie ihn "
        "persönlich oder telefonisch weiter."
    )


def _apply(action: Callable[[], object], message: str) -> None:
    try:
        action()
    except UserError as exc:
        st.error(str(exc))
    else:
        st.success(message)


# --- admin: users ---------------------------------------------------------------------------


def render_user_admin(actor: Actor) -> None:
    engine = get_engine()
    try:
        users = user_admin.users_for_admin(engine, actor)
    except UserError:
        st.error("Die Benutzerverwaltung steht nur dem Programmteam zur Verfügung.")
        return
    st.dataframe(_users_frame(users), hide_index=True, key="admin-users-table")
    by_id = {u.user_id: u for u in users if u.user_id != actor.user_id}
    if by_id:
        user_id = st.selectbox(
            "Benutzerkonto bearbeiten",
            options=list(by_id),
            format_func=lambda i: f"{by_id[i].username} ({ROLE_LABELS.get(by_id[i].role, '')})",
            key="admin-users-pick",
        )
        _render_account_actions(actor, by_id[user_id])
    _render_login_events(actor)


def _render_account_actions(actor: Actor, user: UserRow) -> None:
    engine = get_engine()
    user_id = user.user_id
    if user.active:
        if st.button("Konto deaktivieren", key="admin-users-disable"):
            _apply(
                lambda: user_admin.set_active(engine, actor, user_id, False),
                "Das Konto ist deaktiviert; seine Anmeldungen sind beendet.",
            )
    elif st.button("Konto wieder aktivieren", key="admin-users-enable"):
        _apply(
            lambda: user_admin.set_active(engine, actor, user_id, True),
            "Das Konto ist wieder aktiv.",
        )
    status = user_admin.throttle_status(engine, actor, user_id)
    if status.failures:
        st.caption(
            f"In der letzten Stunde {status.failures} fehlgeschlagene Anmeldeversuche von "
            f"{status.addresses} Adresse(n)"
            + ("; die Anmeldung verlangt eine Sicherheitsabfrage." if status.captcha else ".")
        )
    if st.button(
        "Entsperren",
        key="admin-users-unlock",
        help="Hebt Wartezeiten und Sicherheitsabfrage nach Fehlversuchen für dieses Konto auf.",
    ):
        _apply(
            lambda: user_admin.unlock(engine, actor, user_id),
            f"Die Anmeldung von {user.username} ist entsperrt.",
        )
    _render_role_form(actor, user)


def _render_role_form(actor: Actor, user: UserRow) -> None:
    engine = get_engine()
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
                lambda: user_admin.change_role(
                    engine,
                    actor,
                    user.user_id,
                    role,
                    int(initiative_id) if initiative_id else None,
                    int(network_id) if network_id else None,
                ),
                "Die Rolle ist geändert.",
            )


def _render_login_events(actor: Actor) -> None:
    st.subheader("Anmeldeversuche")
    events = user_admin.login_event_rows(get_engine(), actor, limit=200)
    st.dataframe(
        pd.DataFrame(
            {
                "Zeit": [berlin_text(e.at) for e in events],
                "Benutzername": [e.username for e in events],
                "Art": [EVENT_LABELS.get(e.kind, e.kind) for e in events],
                "Erfolgreich": [e.success for e in events],
                "Adresse": [e.client or "–" for e in events],
            }
        ),
        hide_index=True,
        key="admin-login-events",
    )


# --- coordinators and admins: invitations and reset codes ----------------------------------


def render_invitations(actor: Actor) -> None:
    engine = get_engine()
    networks = dict(invitations.invitation_networks(engine, actor))
    if not networks:
        st.error("Einladungen können nur Netzwerkkoordinationen und das Programmteam erstellen.")
        return
    st.subheader("Einladung erstellen")
    roles = [r for r in ("coordinator", "initiative") if r in _roles(actor)]
    role = (
        st.radio(
            "Einladung für",
            roles,
            format_func=ROLE_LABELS.__getitem__,
            horizontal=True,
            key="invite-role",
        )
        if len(roles) > 1
        else roles[0]
    )
    network_id = (
        st.selectbox(
            "Netzwerk", list(networks), format_func=networks.__getitem__, key="invite-network"
        )
        if len(networks) > 1
        else next(iter(networks))
    )
    initiative_id, new_name = None, ""
    if role == "initiative":
        initiative_id, new_name = _initiative_choice(actor, network_id)
    if st.button("Einladungscode erstellen", key="invite-create", type="primary"):
        try:
            issued = invitations.create_invitation(
                engine,
                actor,
                role=role,
                network_id=network_id,
                initiative_id=initiative_id,
                new_initiative_name=new_name,
            )
        except UserError as exc:
            st.error(str(exc))
        else:
            _show_code(issued, "Einladungscode erstellt")
    _render_open_codes(actor)
    _render_reset_codes(actor)


def _roles(actor: Actor) -> tuple[str, ...]:
    return ("coordinator", "initiative") if actor.is_admin else ("initiative",)


def _initiative_choice(actor: Actor, network_id: int) -> tuple[int | None, str]:
    existing = {
        row.initiative_id: row.name
        for row in invitations.invitable_initiatives(get_engine(), actor, network_id)
    }
    kind = st.radio(
        "Initiative",
        ["neu", "bestehend"],
        horizontal=True,
        key="invite-kind",
        format_func={"neu": "Neue Initiative", "bestehend": "Bestehende Initiative"}.get,
    )
    if not actor.is_admin:
        st.caption(
            "In eine bestehende Initiative laden Sie nur ein, solange sie noch kein aktives "
            "Konto hat. Weitere Mitglieder laden die Mitglieder der Initiative selbst ein "
            "(unter „Einstellungen“)."
        )
    if kind == "neu" or not existing:
        if kind == "bestehend":
            st.info("Es gibt keine bestehende Initiative, in die Sie einladen können.")
        name = st.text_input("Name der neuen Initiative", max_chars=200, key="invite-name")
        return None, name
    initiative_id = st.selectbox(
        "Initiative", list(existing), format_func=existing.__getitem__, key="invite-initiative"
    )
    return initiative_id, ""


def _render_open_codes(actor: Actor) -> None:
    engine = get_engine()
    st.subheader("Offene Codes")
    codes = invitations.list_open_codes(engine, actor)
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
                "Gültig bis": [berlin_text(c.expires_at) for c in codes],
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
            _apply(
                lambda: invitations.revoke_code(engine, actor, code_id),
                "Der Code ist zurückgezogen.",
            )


def _render_reset_codes(actor: Actor) -> None:
    engine = get_engine()
    st.subheader("Passwort-Rücksetzcode")
    targets = {u.user_id: u for u in invitations.reset_targets(engine, actor)}
    if not targets:
        st.caption(
            "Rücksetzcodes für Initiativen erstellen deren eigene Mitglieder (unter "
            "„Einstellungen“) oder das Programmteam; jedes Konto kann sein Passwort außerdem "
            "mit seinem persönlichen Wiederherstellungscode selbst zurücksetzen."
        )
        return
    user_id = st.selectbox(
        "Benutzerkonto",
        list(targets),
        format_func=lambda i: (
            f"{targets[i].username} – {targets[i].initiative_name or targets[i].network_name or ''}"
        ),
        key="reset-user",
    )
    if st.button("Rücksetzcode erstellen", key="reset-create"):
        try:
            issued = invitations.issue_reset_code(engine, actor, user_id)
        except UserError as exc:
            st.error(str(exc))
        else:
            _show_code(issued, f"Rücksetzcode für {targets[user_id].username} erstellt")

"""'Verwaltung → Benutzer' (programme team only): every account in one table, the picker for the
account to edit, and the latest login attempts.

What can be done to the picked account lives next door: (de)activation and unlocking in
:mod:`mintqo.ui.admin_user_account`, the role in :mod:`mintqo.ui.admin_user_roles`. Only
drawing: :mod:`mintqo.services.user_admin` applies every rule.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.formats import local_time, plural
from mintqo.services import user_admin
from mintqo.services.user_admin import ROLE_LABELS, UserRow
from mintqo.ui.admin_user_account import RESULT_KEY, render_account_actions, status_label
from mintqo.ui.admin_user_roles import render_role_change
from mintqo.ui.engine import get_engine
from mintqo.ui.feedback import show_result
from mintqo.ui.tables import show_table

EVENT_LABELS = {
    "login": "Anmeldung",
    "password_check": "Passwortprüfung (Einstellungen)",
    "unlock": "Entsperrt",
    "reset": "Passwort neu gesetzt",
}
PICK_KEY = "admin-users-pick"
NOT_FOR_YOU = "Die Benutzerverwaltung steht nur dem Programmteam zur Verfügung."


def _users_frame(users: list[UserRow]) -> pd.DataFrame:
    # Order: what the admin acts on first (who, role, status, last login), long names last.
    return pd.DataFrame(
        {
            "Benutzername": [u.username for u in users],
            "Name": [u.display_name for u in users],
            "Rolle": [ROLE_LABELS.get(u.role, u.role) for u in users],
            "Status": [status_label(u.active) for u in users],
            "Letzte Anmeldung": [
                local_time(u.last_login_at) if u.last_login_at else "–" for u in users
            ],
            "Initiative": [u.initiative_name or "–" for u in users],
            "Netzwerk": [u.network_name or "–" for u in users],
            "Angelegt": [local_time(u.created_at) for u in users],
        }
    )


USER_COLUMNS = {
    "Benutzername": st.column_config.TextColumn(width=150),
    "Name": st.column_config.TextColumn(width=160),
    "Rolle": st.column_config.TextColumn(width=150),
    "Status": st.column_config.TextColumn(width=95),
    "Letzte Anmeldung": st.column_config.TextColumn(width=165),
    "Initiative": st.column_config.TextColumn(width=260),
    "Netzwerk": st.column_config.TextColumn(width=200),
    "Angelegt": st.column_config.TextColumn(width=165),
}


def render_user_admin(actor: Actor) -> None:
    """The users tab: all accounts, the picked account's actions, the login attempts."""
    engine = get_engine()
    try:
        users = user_admin.users_for_admin(engine, actor)
    except UserError:
        st.error(NOT_FOR_YOU)
        return
    active = sum(u.active for u in users)
    st.caption(
        f"{plural(len(users), 'Benutzerkonto', 'Benutzerkonten')}, davon {active} aktiv. "
        "Ihr eigenes Konto ändern Sie unter „Einstellungen“."
    )
    show_table(
        _users_frame(users),
        hide_index=True,
        key="admin-users-table",
        column_config=USER_COLUMNS,
    )
    by_id = {u.user_id: u for u in users if u.user_id != actor.user_id}
    if by_id:
        st.subheader("Benutzerkonto bearbeiten")
        if st.session_state.get(PICK_KEY) not in by_id:
            st.session_state.pop(PICK_KEY, None)
        user_id = st.selectbox(
            "Benutzerkonto",
            options=list(by_id),
            # Short (a phone shows ~40 characters) and without the status, which the actions
            # below change: the line under the picker and the table above say it.
            format_func=lambda i: f"{by_id[i].username} ({ROLE_LABELS.get(by_id[i].role, '')})",
            key=PICK_KEY,
        )
        show_result(RESULT_KEY)
        render_account_actions(actor, by_id[user_id])
        render_role_change(actor, by_id[user_id])
    else:
        show_result(RESULT_KEY)
    _render_login_events(actor)


def _render_login_events(actor: Actor) -> None:
    st.subheader("Anmeldeversuche")
    events = user_admin.login_event_rows(get_engine(), actor, limit=200)
    st.caption("Die letzten 200 Versuche, neueste zuerst.")
    show_table(
        pd.DataFrame(
            {
                "Zeit": [local_time(e.at) for e in events],
                "Benutzername": [e.username for e in events],
                "Art": [EVENT_LABELS.get(e.kind, e.kind) for e in events],
                "Ergebnis": ["erfolgreich" if e.success else "fehlgeschlagen" for e in events],
                "Adresse": [e.client or "–" for e in events],
            }
        ),
        hide_index=True,
        key="admin-login-events",
        column_config={
            "Zeit": st.column_config.TextColumn(width=165),
            "Benutzername": st.column_config.TextColumn(width=160),
            "Art": st.column_config.TextColumn(width=230),
            "Ergebnis": st.column_config.TextColumn(width=120),
        },
    )

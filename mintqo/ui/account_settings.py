"""Account screens: change one's own password, register with an invitation, reset a password."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import streamlit as st

from mintqo.access import Actor
from mintqo.auth.accounts import AccountError, change_password, register, reset_password
from mintqo.auth.passwords import POLICY_HINT
from mintqo.ui.engine import get_engine

BERLIN = ZoneInfo("Europe/Berlin")
PASSWORD_CHANGED = "Ihr Passwort wurde geändert."
REGISTERED = "Ihr Konto ist angelegt. Sie können sich jetzt auf der Startseite anmelden."
PASSWORD_RESET = (
    "Ihr neues Passwort ist gesetzt. Sie können sich jetzt auf der Startseite anmelden."
)


def local_time(value: dt.datetime) -> str:
    """A stored (naive UTC) time as German local time, e.g. '14.11.2026, 09:30 Uhr'."""
    return value.replace(tzinfo=dt.UTC).astimezone(BERLIN).strftime("%d.%m.%Y, %H:%M Uhr")


def _new_password_inputs() -> tuple[str, str]:
    password = st.text_input(
        "Neues Passwort", type="password", help=POLICY_HINT, autocomplete="new-password"
    )
    repeated = st.text_input(
        "Neues Passwort wiederholen", type="password", autocomplete="new-password"
    )
    return password, repeated


def render_account_settings(actor: Actor) -> None:
    """Password change for every role; the current password is required."""
    st.subheader("Passwort ändern")
    with st.form("mintqo-change-password", enter_to_submit=False):
        current = st.text_input(
            "Aktuelles Passwort", type="password", autocomplete="current-password"
        )
        password, repeated = _new_password_inputs()
        submitted = st.form_submit_button("Passwort ändern")
    if submitted:
        try:
            change_password(get_engine(), actor, current, password, repeated)
        except AccountError as exc:
            st.error(str(exc))
        else:
            st.success(PASSWORD_CHANGED)


def render_registration() -> None:
    """Create an account with an invitation code from the network coordination."""
    st.write(
        "Mit dem Einladungscode Ihrer Netzwerkkoordination (oder des Programmteams) legen Sie "
        "hier Ihr Benutzerkonto an. Eine E-Mail-Adresse brauchen Sie dafür nicht."
    )
    with st.form("mintqo-register", enter_to_submit=False):
        code = st.text_input("Einladungscode", placeholder="XXXXX-XXXXX-XXXXX-XXXXX")
        username = st.text_input(
            "Benutzername",
            help="3 bis 64 Zeichen: Kleinbuchstaben, Ziffern, Punkt, Bindestrich, Unterstrich.",
            autocomplete="username",
        )
        display_name = st.text_input(
            "Anzeigename", help="So erscheinen Sie in der App, z. B. Ihr Vor- und Nachname."
        )
        password, repeated = _new_password_inputs()
        submitted = st.form_submit_button("Konto anlegen")
    if submitted:
        try:
            register(get_engine(), code, username, display_name, password, repeated)
        except AccountError as exc:
            st.error(str(exc))
        else:
            st.success(REGISTERED)
            st.page_link("pages/start.py", label="Zur Anmeldung", icon=":material/login:")


def render_password_reset() -> None:
    """Set a new password with a reset code (no e-mail: the coordination hands out the code)."""
    st.write(
        "Passwort vergessen? Ihre Netzwerkkoordination oder das Programmteam gibt Ihnen einen "
        "Rücksetzcode. Damit setzen Sie hier ein neues Passwort."
    )
    with st.form("mintqo-reset-password", enter_to_submit=False):
        username = st.text_input("Benutzername", autocomplete="username")
        code = st.text_input("Rücksetzcode", placeholder="XXXXX-XXXXX-XXXXX-XXXXX")
        password, repeated = _new_password_inputs()
        submitted = st.form_submit_button("Neues Passwort setzen")
    if submitted:
        try:
            reset_password(get_engine(), username, code, password, repeated)
        except AccountError as exc:
            st.error(str(exc))
        else:
            st.success(PASSWORD_RESET)
            st.page_link("pages/start.py", label="Zur Anmeldung", icon=":material/login:")

"""Demo mode (``MINTQO_DEMO=1``): banner, one-click logins and ``?demo=`` links.

Outside demo mode nothing here does anything: no buttons, no query parameter is looked at. A
demo login is an ordinary login with a server-side session (opened by the gate in
:mod:`mintqo.ui.login`): logout and disabling end it like any other.
"""

from __future__ import annotations

import streamlit as st

from mintqo.auth.config import demo_mode
from mintqo.demo import DEMO_USERS

BANNER = "Demo-Modus: Es werden synthetische Daten angezeigt."
BUTTON_LABELS = {
    "initiative": "Als Demo-Initiative anmelden",
    "team": "Als zweites Mitglied der Demo-Initiative anmelden",
    "koordination": "Als Demo-Netzwerkkoordination anmelden",
    "admin": "Als Demo-Programmteam anmelden",
}
# Set by a one-click button; the gate logs that demo user in at the start of the next run.
REQUESTED = "_mintqo_demo_login"


def is_demo() -> bool:
    return demo_mode()


def render_banner() -> None:
    if is_demo():
        st.info(BANNER, icon=":material/science:")


def requested_demo_user() -> str | None:
    """The demo user named by ``?demo=initiative|team|koordination|admin`` (demo mode only)."""
    if not is_demo():
        return None
    return DEMO_USERS.get(st.query_params.get("demo", "").strip().lower())


def pop_requested_login() -> str | None:
    """The demo user a one-click button asked for (once), or None."""
    username = st.session_state.pop(REQUESTED, None)
    return username if isinstance(username, str) and is_demo() else None


def _request(username: str) -> None:
    st.session_state[REQUESTED] = username


def render_one_click_logins() -> None:
    """One button per demo login; the next run logs the chosen demo user in."""
    if not is_demo():
        return
    st.caption("Oder ohne Passwort ausprobieren:")
    for key, username in DEMO_USERS.items():
        st.button(
            BUTTON_LABELS[key],
            key=f"demo-login-{key}",
            on_click=_request,
            args=(username,),
            width="stretch",
        )

"""Demo mode (``MINTQO_DEMO=1``): banner, one-click logins and ``?demo=`` links.

Outside demo mode nothing here does anything: no buttons, no query parameter is looked at.
"""

from __future__ import annotations

import streamlit as st

from mintqo.auth.config import demo_mode
from mintqo.demo import DEMO_USERS

BANNER = "Demo-Modus: Es werden synthetische Daten angezeigt."
BUTTON_LABELS = {
    "initiative": "Als Demo-Initiative anmelden",
    "koordination": "Als Demo-Netzwerkkoordination anmelden",
    "admin": "Als Demo-Programmteam anmelden",
}
# Set by a one-click login; the next run writes the login cookie (see mintqo.ui.login).
PENDING_COOKIE = "_mintqo_demo_cookie"


def is_demo() -> bool:
    return demo_mode()


def render_banner() -> None:
    if is_demo():
        st.info(BANNER, icon=":material/science:")


def requested_demo_user() -> str | None:
    """The demo user named by ``?demo=initiative|koordination|admin`` (demo mode only)."""
    if not is_demo():
        return None
    return DEMO_USERS.get(st.query_params.get("demo", "").strip().lower())


def _log_in_as(username: str) -> None:
    st.session_state["authentication_status"] = True
    st.session_state["username"] = username
    st.session_state["name"] = username
    st.session_state["logout"] = None
    st.session_state[PENDING_COOKIE] = True


def log_in_as(username: str) -> None:
    """Start a session as a demo user (the caller checked demo mode and that the user exists)."""
    _log_in_as(username)


def render_one_click_logins() -> None:
    """Three buttons on the login screen; their callbacks log in before the next run starts."""
    if not is_demo():
        return
    st.caption("Oder ohne Passwort ausprobieren:")
    for key, username in DEMO_USERS.items():
        st.button(
            BUTTON_LABELS[key],
            key=f"demo-login-{key}",
            on_click=_log_in_as,
            args=(username,),
            width="stretch",
        )

"""Actions that report what happened, on a screen that already shows the result.

A button handled inline runs *after* the page above it was drawn in the same run: a table of
accounts would still say "aktiv" next to the message that the account was disabled. So write
actions run as widget callbacks, before the page is drawn; the callback resolves the logged-in
user when it runs (never an Actor captured when the button was drawn), and leaves one German
message for the run that follows, which shows it once and drops it. Any later click starts
without it, so a fixed mistake's error does not stay on screen.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.ui.guard import PLEASE_LOG_IN, current_actor

SUCCESS, ERROR = "success", "error"


def act(result_key: str, action: Callable[[Actor], str]) -> bool:
    """Callback body: run ``action`` for the user logged in now; keep its message (or the
    refusal's) under ``result_key``. True if it succeeded."""
    actor = current_actor()
    try:
        if actor is None:
            raise UserError(PLEASE_LOG_IN)
        message = action(actor)
    except UserError as exc:
        st.session_state[result_key] = (ERROR, str(exc))
        return False
    st.session_state[result_key] = (SUCCESS, message)
    return True


def show_result(result_key: str) -> None:
    """Show the message an action left under ``result_key`` once."""
    result = st.session_state.pop(result_key, None)
    if not result:
        return
    kind, text = result
    if kind == SUCCESS:
        st.success(text, icon=":material/check_circle:")
    else:
        st.error(text, icon=":material/error:")

"""One-time notices that outlive the run that caused them (shown on the next page drawn)."""

from __future__ import annotations

import streamlit as st

DELETED_KEY = "data-rights-deleted"


def remember_deletion() -> None:
    """After an initiative deleted itself: the next page says so, once."""
    st.session_state[DELETED_KEY] = True


def render_deleted_notice() -> bool:
    """Say (once) that the initiative and its data were deleted; True if it did."""
    if st.session_state.pop(DELETED_KEY, False):
        st.success(
            "Ihre Initiative und alle zugehörigen Daten wurden gelöscht. Vielen Dank, dass Sie "
            "die Selbstanalyse genutzt haben."
        )
        return True
    return False

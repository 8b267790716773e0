"""Placeholder until the accounts work fills it in."""

from __future__ import annotations

import streamlit as st

from mintqo.access import Actor


def render_account_settings(actor: Actor) -> None:
    st.caption("Dieser Bereich ist in Arbeit.")

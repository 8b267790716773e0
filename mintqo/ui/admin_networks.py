"""Placeholder until the dashboards work fills it in."""

from __future__ import annotations

import streamlit as st

from mintqo.access import Actor


def render_network_admin(actor: Actor) -> None:
    st.caption("Dieser Bereich ist in Arbeit.")

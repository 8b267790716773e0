"""Placeholder until the reliability work fills it in."""

from __future__ import annotations

import streamlit as st

from mintqo.access import Actor


def render_audit_log(actor: Actor) -> None:
    st.caption("Dieser Bereich ist in Arbeit.")

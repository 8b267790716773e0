"""The login page draws, unseen, one element of each kind that the first pages after a login
show and that Streamlit's frontend loads lazily, so that the first page after a login is
drawn in one go.

Streamlit wraps these element kinds (metric, HTML, page link, radio, select box) in React's
``lazy``. The first time a browser page draws one, React suspends it even when its code is
already loaded (:mod:`mintqo.ui.chunk_preload` loads the code): it first shows the rest of the
page and puts the element in later. After a demo login the coordinator's two metrics and the
login cookie's HTML element came 30–80 ms after everything else, the last thing drawn
(benchmarks/README.md). Once an element of a kind has been drawn in a browser page, React has
its code at hand for every later one; the login page is where every session starts.

The elements stand in a container that the warm-up's own HTML element hides (``display:
none``): nobody sees them, a screen reader skips them, keyboard focus never reaches them. The
widgets are keyed and hold nothing anybody entered. ``tests/test_element_warmup.py`` checks
that the list below names every lazily loaded element the first pages draw.
"""

from __future__ import annotations

import streamlit as st

from mintqo.ui.navigation import page_link

WARMUP_KEY = "mintqo-element-warmup"
"""The hidden container's key (Streamlit gives it the class ``st-key-<key>``)."""
_HIDE = f"<style>.st-key-{WARMUP_KEY}{{display:none}}</style><span hidden></span>"
_LABEL = "Vorab geladen"
KINDS = ("Html", "Metric", "PageLink", "Radio", "Selectbox")
"""Streamlit's names of the element kinds drawn here (the same as its frontend's file names)."""


def render_element_warmup() -> None:
    """One hidden element of each of :data:`KINDS`; the HTML element comes first and hides the
    container, so none of them shows even for a moment."""
    with st.container(key=WARMUP_KEY):
        st.html(_HIDE)
        st.metric(_LABEL, 0, label_visibility="collapsed")
        page_link("accessibility", label=_LABEL)
        st.radio(_LABEL, ["–"], key=f"{WARMUP_KEY}-radio", label_visibility="collapsed")
        st.selectbox(_LABEL, ["–"], key=f"{WARMUP_KEY}-select", label_visibility="collapsed")

"""'Workshop-Modus': a preparation page, and the projector – the network's anonymous picture as
full-screen slides.

While presenting (the address has ``?folie=N``) the page shows one slide filling the window:
no sidebar, no header, no demo banner (they come back with "Präsentation beenden"), text of at
least 24 px (more on larger screens), one chart that takes the room the text leaves, nothing to
scroll. Slides are stepped with "Zurück"/"Weiter" or the arrow keys (:mod:`projector_nav`); the
slide number stays in the address, so a reload keeps the place. "Aktualisieren" reads the
numbers again: the aggregates change only with the network's next release (the status line
says how many new submissions wait for it), the participation count at once.

Hiding the app's frame is CSS from this module (``app.py`` draws the sidebar and the banner):
sidebar, header and everything the app draws above the slide are ``display: none``, so they
take no room and no keyboard focus; an error message below the slide stays visible.
"""

from __future__ import annotations

import streamlit as st

from mintqo.access import Actor
from mintqo.services import dashboards, workshop
from mintqo.services.checks import parse_id
from mintqo.ui.cache import shared
from mintqo.ui.engine import get_engine
from mintqo.ui.invitation_link import app_base_url
from mintqo.ui.projector_nav import (
    BACK_KEY,
    NETWORK_PARAM,
    NEXT_KEY,
    SLIDE_PARAM,
    parse_slide,
    step,
)
from mintqo.ui.projector_prep import NETWORK_KEY, PAGE_PATH, render_preparation
from mintqo.ui.projector_slides import discussion_question, held_invitation, slides_for

SLIDE_TEXT = "max(24px, 3.4vh)"
"""Body text on a slide: 24 px on a 720 px high window, growing with larger screens."""

PRESENTING_CSS = f"""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"]
  > :has(~ * > .st-key-projector) {{ display: none !important; }}
[data-testid="stMainBlockContainer"] {{ padding: 0 !important; max-width: none !important; }}
.st-key-projector {{
  flex: 0 0 auto !important; height: 100vh !important; box-sizing: border-box;
  padding: 2.5vh 2.5vw 2vh !important; gap: 1.5vh !important; overflow: hidden;
}}
.st-key-projector > [data-testid="stLayoutWrapper"]:has(> .st-key-slide-body) {{
  flex: 1 1 0 !important; min-height: 0 !important;
}}
.st-key-slide-body {{ height: 100% !important; }}
.st-key-projector h1 {{
  font-size: max(44px, 6.2vh) !important; line-height: 1.15 !important; padding: 0 !important;
}}
.st-key-projector p, .st-key-projector li, .st-key-projector code,
.st-key-projector button, .st-key-projector button *,
.st-key-projector [data-testid="stAlert"] * {{
  font-size: {SLIDE_TEXT} !important; line-height: 1.3 !important;
}}
.st-key-slide-status p {{ color: #31333f !important; }}
.st-key-slide-lead p {{ font-size: max(56px, 8vh) !important; font-weight: 700; }}
.st-key-slide-question p {{ font-size: max(40px, 5.6vh) !important; }}
.st-key-slide-address code, .st-key-slide-code code {{
  font-size: max(36px, 5vh) !important; color: #31333f !important;
}}
.st-key-slide-qr img {{
  width: min(34vw, calc(100vh - 15rem)) !important; height: auto !important;
  max-width: none !important;
}}
</style>"""


def _go(delta: int, count: int) -> None:
    current = parse_slide(st.query_params.get(SLIDE_PARAM), count) or 1
    st.query_params[SLIDE_PARAM] = str(step(current, delta, count))


def _stop(network_id: int) -> None:
    """Back to the preparation page (sidebar and banner return), on the same network."""
    for name in (SLIDE_PARAM, NETWORK_PARAM):
        if name in st.query_params:
            del st.query_params[name]
    st.session_state[NETWORK_KEY] = network_id


def _presented_network(actor: Actor) -> int:
    """The coordinator's own network; for admins the one named in the address (checked
    against the networks they may open), else the first of those."""
    choices = [nid for nid, _ in dashboards.networks_for(get_engine(), actor, cache=shared)]
    if not choices:
        st.info("Es gibt noch keine Netzwerke, die Ihnen zur Verfügung stehen.")
        st.stop()
    if len(choices) == 1:
        return choices[0]
    wanted = parse_id(st.query_params.get(NETWORK_PARAM))
    if wanted in choices:
        return wanted
    st.query_params[NETWORK_PARAM] = str(choices[0])
    return choices[0]


def _present(actor: Actor) -> None:
    network_id = _presented_network(actor)
    deck = workshop.deck(get_engine(), actor, network_id, cache=shared)
    base, _problem = app_base_url(PAGE_PATH)  # the preparation page names a problem
    slides = slides_for(
        deck,
        base=base,
        held=held_invitation(network_id),
        question=discussion_question(network_id),
    )
    count = len(slides)
    current = parse_slide(st.query_params.get(SLIDE_PARAM), count)
    if current is None:
        current = 1
        st.query_params[SLIDE_PARAM] = "1"
    slide = slides[current - 1]
    st.html(PRESENTING_CSS)
    with st.container(key="projector"):
        with st.container(key="slide-head", gap="xsmall"):
            st.title(slide.title, anchor=False)
            with st.container(key="slide-status"):
                st.markdown(workshop.release_status(deck.view.release))
        with st.container(key="slide-body"):
            slide.draw()
        with st.container(key="slide-foot", horizontal=True, vertical_alignment="center"):
            st.button(
                "Zurück",
                key="slide-back",
                icon=":material/arrow_back:",
                shortcut=BACK_KEY,
                on_click=_go,
                args=(-1, count),
                disabled=current == 1,
            )
            st.markdown(f"Folie {current} von {count}")
            st.button(
                "Weiter",
                key="slide-next",
                icon=":material/arrow_forward:",
                icon_position="right",
                shortcut=NEXT_KEY,
                on_click=_go,
                args=(1, count),
                disabled=current == count,
                type="primary",
            )
            st.space("stretch")
            st.button("Aktualisieren", key="slide-refresh", icon=":material/refresh:")
            st.button(
                "Präsentation beenden",
                key="slide-stop",
                icon=":material/close:",
                on_click=_stop,
                args=(network_id,),
            )


def render_workshop(actor: Actor) -> None:
    if SLIDE_PARAM in st.query_params:
        _present(actor)
    else:
        render_preparation(actor)

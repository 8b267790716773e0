"""The workshop page before presenting: what the slides will show, the join slide's invitation,
the discussion question, the handout, and the button that starts the projector.

The preview below the controls is the slides' content at laptop size, with every chart's data
as a table ("Daten anzeigen"): the accessible version of what the room sees, and the same
numbers as the handout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from mintqo.access import Actor
from mintqo.charts.distribution import EXPLANATION as BOX_EXPLANATION
from mintqo.charts.distribution import distribution_sentence, distribution_spec
from mintqo.charts.radar import radar_sentence, radar_spec
from mintqo.charts.slide_topics import staircase_overview_table, topics_table
from mintqo.errors import UserError
from mintqo.io.aggregate_export import profile_table
from mintqo.io.answers_export import export_filename
from mintqo.io.handout_pdf import build_handout
from mintqo.services import dashboards, invitations, workshop
from mintqo.services.workshop import WorkshopDeck
from mintqo.text import escape_markdown
from mintqo.ui.cache import shared
from mintqo.ui.charts import chart_spec, display_table, show_cached_chart
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import PLEASE_LOG_IN, current_actor
from mintqo.ui.invitation_link import app_base_url, render_issued_invitation
from mintqo.ui.network_view import (
    BAND_LABEL,
    WEAKEST_SHOWN,
    choose_network,
    radar_frames,
    release_caption,
    suppressed,
)
from mintqo.ui.projector_nav import NETWORK_PARAM, SLIDE_PARAM
from mintqo.ui.projector_slides import (
    HELD_KEY,
    QUESTION_KEY,
    HeldInvitation,
    discussion_question,
    held_invitation,
    slides_for,
)
from mintqo.ui.sections import draw_open
from mintqo.ui.tables import show_table

PAGE_PATH = "workshop"  # the page's url path (for the app's address on the join slide)
NETWORK_KEY = "workshop-select"
NAME_KEY = "workshop-invitation-name"
QUESTION_INPUT = "workshop-question-input"
RESULT_KEY = "_workshop_result"

SECTIONS = ("Folien", "Vorschau")
SECTION_PARAM = "ansicht"
"""The preparation in sections bound to a query parameter, as on "Mein Netzwerk": the preview's
charts are built and sent only when it is open, which keeps the page's reruns cheap."""


def _start(network_id: int, several: bool) -> None:
    st.query_params[SLIDE_PARAM] = "1"
    if several:  # an admin's choice of network travels in the address, like the slide
        st.query_params[NETWORK_PARAM] = str(network_id)


def _create_invitation(network_id: int) -> None:
    """Callback: a workshop invitation for one new initiative (the invitation use case checks
    who may invite; the plain code is kept for this session's join slide only)."""
    actor = current_actor()
    name = str(st.session_state.get(NAME_KEY) or "")
    try:
        if actor is None:
            raise UserError(PLEASE_LOG_IN)
        issued = invitations.create_invitation(
            get_engine(), actor, role="initiative", network_id=network_id, new_initiative_name=name
        )
    except UserError as exc:
        st.session_state[RESULT_KEY] = str(exc)
        return
    st.session_state[HELD_KEY.format(network_id)] = HeldInvitation(issued, name.strip())
    st.session_state[NAME_KEY] = ""


def _drop_invitation(network_id: int) -> None:
    st.session_state.pop(HELD_KEY.format(network_id), None)


def _keep_question(network_id: int) -> None:
    st.session_state[QUESTION_KEY.format(network_id)] = str(
        st.session_state.get(QUESTION_INPUT, "")
    )


def _handout(deck: WorkshopDeck) -> Callable[[], bytes]:
    """The handout, built only when the button is clicked (in a thread of its own, without the
    session: so from the deck the use case returned for this page, not from a new read)."""
    return lambda: build_handout(deck, created=dt.date.today())


def _invitation(actor: Actor, network_id: int) -> None:
    st.subheader("Folie „Mitmachen“", anchor=False)
    _base, problem = app_base_url(PAGE_PATH)
    if problem:
        st.warning(problem)
    held = held_invitation(network_id)
    if held is not None:
        render_issued_invitation(
            held.issued,
            f"Workshop-Einladung für die neue Initiative „{escape_markdown(held.initiative)}“",
            page_path=PAGE_PATH,
            label=held.initiative,
        )
        st.caption(
            "Die Folie zeigt diesen Code mit QR-Code für die ganze Runde: Wer ihn zuerst "
            "einlöst, registriert die neue Initiative. Weitere Codes erstellen Sie hier neu."
        )
        st.button(
            "Einladung nicht mehr auf der Folie zeigen",
            key="workshop-invitation-drop",
            on_click=_drop_invitation,
            args=(network_id,),
        )
        return
    st.caption(
        "Die Folie zeigt die Adresse der App mit QR-Code zum Anmelden. Soll sich dort eine "
        "neue Initiative registrieren, erstellen Sie eine Workshop-Einladung: Die Folie zeigt "
        "dann deren Code und einen QR-Code, der die Registrierung mit dem Code öffnet."
    )
    if not invitations.may_invite_new_initiatives(actor, network_id):
        return
    error = st.session_state.pop(RESULT_KEY, None)
    if error:
        st.error(error, icon=":material/error:")
    st.text_input("Name der neuen Initiative", max_chars=200, key=NAME_KEY)
    st.button(
        "Workshop-Einladung erstellen",
        key="workshop-invitation-create",
        on_click=_create_invitation,
        args=(network_id,),
        icon=":material/qr_code_2:",
    )


def _preview(deck: WorkshopDeck) -> None:
    dash, key = deck.view.dashboard, deck.view.key
    st.subheader("Vorschau: die Zahlen der Folien", anchor=False)
    if not dash.has_profile:
        suppressed(dash.profile["note"].iloc[0] if len(dash.profile) else "")
    else:
        hidden = dash.profile[~dash.profile["shown"]]
        if len(hidden):
            suppressed(f"Nicht gezeigt: {', '.join(hidden['Kriterium'])}. {hidden['note'].iloc[0]}")
        left, right = st.columns(2)
        with left:
            st.markdown("#### Netzwerkprofil", anchors=False)

            def radar():
                profiles, band = radar_frames(dash, with_comparison=False)
                return (
                    radar_spec(profiles, band, band_label=BAND_LABEL, to_dict=chart_spec),
                    profile_table(dash),
                    radar_sentence(profiles, band, band_label=BAND_LABEL),
                )

            show_cached_chart(("workshop-radar", *key), radar, key="workshop-radar")
        with right:
            st.markdown("#### Verteilung je Kriterium", anchors=False)
            order = list(dash.profile["Kriterium"])
            show_cached_chart(
                ("workshop-distribution", *key),
                lambda: (
                    distribution_spec(dash.distribution, criteria_order=order, to_dict=chart_spec),
                    profile_table(dash),
                    distribution_sentence(dash.distribution, order),
                ),
                key="workshop-distribution",
                caption=BOX_EXPLANATION,
            )
        st.markdown("#### Themen für den Workshop", anchors=False)
        show_table(
            shared(
                ("workshop-topics", *key),
                lambda: display_table(topics_table(dash.weakest, WEAKEST_SHOWN)),
            ),
            neutralised=True,  # display_table made it spreadsheet-safe before it was kept
            hide_index=True,
            key="workshop-topics",
        )
    st.markdown("#### Wirkungstreppe im Netzwerk", anchors=False)
    if deck.staircase.shown:
        show_table(
            shared(
                # released with the network's results: the dashboard's key covers it
                ("workshop-staircase", *deck.view.key),
                lambda: display_table(staircase_overview_table(deck.staircase.steps)),
            ),
            neutralised=True,
            hide_index=True,
            key="workshop-staircase",
        )
    else:
        suppressed(deck.staircase.note)


def render_preparation(actor: Actor) -> None:
    network_id = choose_network(actor, key=NETWORK_KEY)
    engine = get_engine()
    deck = workshop.deck(engine, actor, network_id, cache=shared)
    dash = deck.view.dashboard
    st.title(f"Workshop: {escape_markdown(dash.network)}", anchor=False)
    st.caption(f"{release_caption(deck.view.release)} Ohne Namen, nur Gruppenergebnisse.")
    taken = deck.participation
    st.markdown(
        f"**{taken.submitted} von {taken.initiatives} Initiativen haben abgeschickt**, "
        f"{dash.submitted} davon sind in der Auswertung."
    )
    several = len(dashboards.networks_for(engine, actor, cache=shared)) > 1
    with st.container(horizontal=True):
        st.button(
            "Präsentation starten",
            key="workshop-start",
            type="primary",
            icon=":material/slideshow:",
            on_click=_start,
            args=(network_id, several),
        )
        st.download_button(
            "Workshop-Handout (PDF)",
            _handout(deck),
            file_name=export_filename("Workshop-Handout", dash.network, "pdf"),
            mime="application/pdf",
            key="workshop-handout",
            icon=":material/print:",
        )
        st.button("Aktualisieren", key="workshop-refresh", icon=":material/refresh:")
    st.caption(
        "Beim Präsentieren blättern Sie mit den Pfeiltasten ← → oder den Schaltflächen unten auf "
        "jeder Folie; F11 schaltet den Browser auf Vollbild. Die Adresse enthält die Folie "
        "(„?folie=3“): Neu laden behält die Stelle."
    )
    labels = list(SECTIONS)
    tabs = st.tabs(labels, key=SECTION_PARAM, bind="query-params", on_change="rerun")
    drawers = {
        SECTIONS[0]: lambda: _slides(actor, deck, network_id),
        SECTIONS[1]: lambda: _preview(deck),
    }
    draw_open(labels, tabs, drawers)


def _slides(actor: Actor, deck: WorkshopDeck, network_id: int) -> None:
    """The slides in order, the join slide's invitation and the discussion question."""
    titles = [s.title for s in slides_for(deck, base=None, held=None, question="")]
    st.markdown("\n".join(f"{n}. {escape_markdown(t)}" for n, t in enumerate(titles, 1)))
    _invitation(actor, network_id)
    st.subheader("Folie „Diskussion“", anchor=False)
    st.text_input(
        "Frage für die Diskussion (leer lassen für eine leere Folie)",
        value=discussion_question(network_id),
        max_chars=200,
        key=QUESTION_INPUT,
        on_change=_keep_question,
        args=(network_id,),
    )

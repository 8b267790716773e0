"""The projector's slides, one function each, all drawn from one :class:`WorkshopDeck`.

The order follows workshop 2: who took part, the network's radar with its band, one slide per
quality area (its criteria's distributions), the topics for the workshop (weakest criteria),
the impact staircase, how to join (QR code and short link), and an empty slide for the
discussion question. A slide whose aggregate the privacy rules hold back stays in the deck and
says why, in the words of the use case, so the room sees that something is withheld on purpose.

Charts are the slide builders of :mod:`mintqo.charts.slides` (24 px text, filling the slide),
cached per release under the use case's key (``view.key``). Their sentence is their accessible
name; the same numbers as tables are on the preparation view and in the handout.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from mintqo import privacy
from mintqo.charts.distribution import distribution_sentence
from mintqo.charts.radar import radar_sentence
from mintqo.charts.slide_topics import (
    staircase_overview_sentence,
    staircase_overview_slide,
    staircase_overview_table,
    topics_sentence,
    topics_slide,
    topics_table,
)
from mintqo.charts.slides import area_distribution_slide, radar_slide
from mintqo.invitation_links import registration_link
from mintqo.io.aggregate_export import profile_table
from mintqo.qr import qr_svg
from mintqo.questionnaire import load_questionnaire
from mintqo.services.account_codes import IssuedCode
from mintqo.services.workshop import WorkshopDeck
from mintqo.text import escape_markdown
from mintqo.ui.cache import shared
from mintqo.ui.charts import ChartBuild, spec_and_table
from mintqo.ui.network_view import BAND_LABEL, WEAKEST_SHOWN, radar_frames

QR_ALT = "QR-Code zum Anmelden bei mintqo"
HELD_KEY = "_workshop_invitation_{}"  # per network: the HeldInvitation shown on the join slide
QUESTION_KEY = "_workshop_question_{}"  # per network: the discussion question (text)
QR_ALT_CODE = "QR-Code der Registrierung mit eingetragenem Einladungscode"


@dataclass(frozen=True)
class HeldInvitation:
    """A workshop invitation the coordination created in this session (the plain code exists
    only here and on the slide; the store keeps its hash)."""

    issued: IssuedCode
    initiative: str  # the name of the new initiative the code registers


@dataclass(frozen=True)
class Slide:
    key: str
    title: str
    draw: Callable[[], None]


def held_invitation(network_id: int) -> HeldInvitation | None:
    """The workshop invitation this session holds for the network, if any."""
    held = st.session_state.get(HELD_KEY.format(network_id))
    return held if isinstance(held, HeldInvitation) else None


def discussion_question(network_id: int) -> str:
    question = st.session_state.get(QUESTION_KEY.format(network_id))
    return question if isinstance(question, str) else ""


def withheld(message: str) -> None:
    """A suppressed aggregate's German reason, where its chart would be."""
    st.info(message or privacy.SUPPRESSED_TEXT, icon=":material/visibility_off:")


def slide_chart(cache_key: tuple, build: ChartBuild, *, key: str) -> None:
    """A chart that fills the slide; its sentence is its accessible name. Cached as a
    finished spec under the use case's key, like every dashboard chart."""
    spec, _table, sentence = shared(("slide-chart", *cache_key), lambda: spec_and_table(build))
    st.vega_lite_chart(spec, width="stretch", height="stretch", key=f"slide-{key}", alt=sentence)


def short_link(url: str) -> str:
    """An address as people type it: without ``https://`` and without a trailing slash."""
    parts = urlsplit(url)
    rest = parts.netloc + parts.path.rstrip("/")
    return rest + (f"?{parts.query}" if parts.query else "")


def _hidden_note(profile: pd.DataFrame) -> None:
    hidden = profile[~profile["shown"]]
    if len(hidden):
        withheld(f"Nicht gezeigt: {', '.join(hidden['Kriterium'])}. {hidden['note'].iloc[0]}")


# --- the slides ------------------------------------------------------------------------------


def _participation(deck: WorkshopDeck) -> None:
    taken = deck.participation
    verb = "hat" if taken.submitted == 1 else "haben"
    noun = "Initiative" if taken.initiatives == 1 else "Initiativen"
    with st.container(key="slide-lead"):
        st.markdown(f"{taken.submitted} von {taken.initiatives} {noun} {verb} abgeschickt")
    released = deck.view.dashboard.submitted
    st.markdown(
        f"In der Auswertung: {released} {'Initiative' if released == 1 else 'Initiativen'} – "
        "ohne Namen, nur Gruppenergebnisse. Neue Abgaben kommen hinzu, sobald "
        f"{privacy.MIN_GROUP_SIZE} zusammen sind."
    )


def _radar(deck: WorkshopDeck) -> None:
    dash, key = deck.view.dashboard, deck.view.key
    if not dash.has_profile:
        withheld(dash.profile["note"].iloc[0] if len(dash.profile) else "")
        return
    _hidden_note(dash.profile)

    def build():
        profiles, band = radar_frames(dash, with_comparison=False)
        return (
            radar_slide(profiles, band, band_label=BAND_LABEL),
            profile_table(dash),
            radar_sentence(profiles, band, band_label=BAND_LABEL),
        )

    slide_chart(("radar", *key), build, key="radar")


def _area(deck: WorkshopDeck, area_id: str) -> None:
    dash, key = deck.view.dashboard, deck.view.key
    profile = dash.profile[dash.profile["area"] == area_id]
    shown = profile[profile["shown"]]
    if shown.empty:
        withheld(profile["note"].iloc[0] if len(profile) else "")
        return
    _hidden_note(profile)
    order = list(shown["Kriterium"])
    values = dash.distribution[dash.distribution["area"] == area_id]
    slide_chart(
        ("area", area_id, *key),
        lambda: (
            area_distribution_slide(values, order),
            values,
            distribution_sentence(values, order),
        ),
        key=f"area-{area_id}",
    )


def _topics(deck: WorkshopDeck) -> None:
    dash, key = deck.view.dashboard, deck.view.key
    if dash.weakest.empty:
        withheld(dash.profile["note"].iloc[0] if len(dash.profile) else "")
        return
    _hidden_note(dash.profile)
    slide_chart(
        ("topics", *key),
        lambda: (
            topics_slide(dash.weakest, WEAKEST_SHOWN),
            topics_table(dash.weakest, WEAKEST_SHOWN),
            topics_sentence(dash.weakest, WEAKEST_SHOWN),
        ),
        key="topics",
    )


def _staircase(deck: WorkshopDeck) -> None:
    overview = deck.staircase
    if not overview.shown:
        withheld(overview.note)
        return
    slide_chart(
        ("staircase", *deck.view.key, overview.initiatives),
        lambda: (
            staircase_overview_slide(overview.steps),
            staircase_overview_table(overview.steps),
            staircase_overview_sentence(overview.steps),
        ),
        key="staircase",
    )


def _join(base: str | None, held: HeldInvitation | None) -> None:
    text, picture = st.columns([3, 2], gap="large", vertical_alignment="center")
    link = None
    with text:
        if held is not None:
            st.markdown(
                f"**Neu dabei?** Registrieren Sie „{escape_markdown(held.initiative)}“ mit dem "
                "QR-Code oder unter:"
            )
            if base:
                link = registration_link(base, held.issued.code)
                with st.container(key="slide-address"):
                    st.markdown(f"`{short_link(base)}/register`")
            st.markdown("Einladungscode:")
            with st.container(key="slide-code"):
                st.markdown(f"`{held.issued.code}`")
            if base:
                st.markdown(f"Schon registriert? Anmelden unter `{short_link(base)}`")
        elif base:
            link = base
            st.markdown("Mit dem Handy scannen oder die Adresse eingeben:")
            with st.container(key="slide-address"):
                st.markdown(f"`{short_link(base)}`")
            st.markdown(
                "Nach dem Anmelden sehen Sie unter „Mein Profil“ Ihre eigenen Ergebnisse neben "
                "denen des Netzwerks."
            )
        else:
            st.markdown(
                "Die Adresse der App ist nicht bekannt. Bitte nennen Sie sie der Runde "
                "(Betrieb: MINTQO_PUBLIC_URL setzen)."
            )
    if link is not None:
        with picture, st.container(key="slide-qr"):
            alt = QR_ALT_CODE if held is not None else QR_ALT
            st.image(qr_svg(link, title=alt), width="stretch", alt=alt)


def _discussion(question: str) -> None:
    if question.strip():
        with st.container(key="slide-question"):
            st.markdown(escape_markdown(question.strip()))


def slides_for(
    deck: WorkshopDeck, *, base: str | None, held: HeldInvitation | None, question: str
) -> list[Slide]:
    """The deck's slides in presenting order (the same count for every network)."""
    areas = [
        Slide(
            f"area-{area.id}",
            f"{area.name}: Verteilung je Kriterium",
            lambda area_id=area.id: _area(deck, area_id),
        )
        for area in load_questionnaire().areas
    ]
    return [
        Slide("participation", "Beteiligung", lambda: _participation(deck)),
        Slide("radar", "Netzwerkprofil", lambda: _radar(deck)),
        *areas,
        Slide("topics", "Themen für den Workshop", lambda: _topics(deck)),
        Slide("staircase", "Wirkungstreppe im Netzwerk", lambda: _staircase(deck)),
        Slide("join", "Mitmachen", lambda: _join(base, held)),
        Slide("discussion", "Diskussion", lambda: _discussion(question)),
    ]

"""A team round on the "Selbstanalyse" page: own sheet, team comparison, agreed result.

Every member rates on a sheet of their own first ("Mein Bogen"); once they have finished it,
they see where the team agrees ("Team-Vergleich", with who has finished – never what anyone
answered – for everyone before that); the round's lead composes the agreed result, which is
submitted like a single round ("Gemeinsames Ergebnis"). One part at a time, as tabs bound to
the address (``?teil=…``): a reload keeps the place, and only the open part is built.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from mintqo.access import Actor
from mintqo.services import team
from mintqo.services.self_analysis import AssessmentInfo, DraftState, ProjectSummary
from mintqo.text import escape_markdown
from mintqo.ui.engine import get_engine
from mintqo.ui.projects_view import TEAM_PART, place_tabs
from mintqo.ui.questionnaire_submit import render_closed_round
from mintqo.ui.sections import draw_open
from mintqo.ui.team_agreement import render_agreement
from mintqo.ui.team_comparison import render_comparison
from mintqo.ui.team_sheet import render_my_sheet
from mintqo.ui.team_status import status_line

PART_PARAM = TEAM_PART
"""The open part of a team round is a URL parameter: it survives a reload, can be linked."""
MY_SHEET, COMPARISON, AGREEMENT = "Mein Bogen", "Team-Vergleich", "Gemeinsames Ergebnis"
SLUGS = {MY_SHEET: "bogen", COMPARISON: "vergleich", AGREEMENT: "ergebnis"}
TABS_KEY = "team-part"
EXPLANATION = (
    "**Teamrunde:** Jede Person bewertet zuerst für sich in ihrem eigenen Bogen – niemand sieht "
    "einen Bogen, solange er offen ist. Wer den eigenen Bogen abgeschlossen hat, sieht im "
    "„Team-Vergleich“, wo sich das Team einig ist und wo nicht. {lead} stellt daraus das "
    "gemeinsame Ergebnis zusammen und schließt die Runde ab; nur dieses Ergebnis zählt für "
    "Profil, Maßnahmen und jede Auswertung außerhalb Ihrer Initiative."
)


def _tabs(labels: list[str]):
    """The parts as tabs whose open one follows the URL (``?teil=…``), like the page's
    selectors (:func:`mintqo.ui.projects_view.place_tabs`)."""
    return place_tabs(labels, param=PART_PARAM, slugs=SLUGS, key=TABS_KEY)


def render_team_round(
    actor: Actor,
    project: ProjectSummary,
    info: AssessmentInfo,
    load_state: Callable[[], DraftState],
) -> None:
    """The team round ``info`` (draft or closed) of ``project`` for the member ``actor``;
    ``load_state`` reads its answers, which only the agreed result needs."""
    status = team.status(get_engine(), actor, info.id)
    st.caption(f"Teamrunde · {status_line(status)}")
    if not info.is_draft:
        parts = [AGREEMENT, COMPARISON]
        drawers = {
            AGREEMENT: lambda: render_closed_round(actor, project, load_state()),
            COMPARISON: lambda: render_comparison(actor, info, status),
        }
        draw_open(parts, _tabs(parts), drawers)
        return
    with st.expander("So funktioniert eine Teamrunde", expanded=not status.takes_part):
        st.markdown(EXPLANATION.format(lead=escape_markdown(status.lead_name)))
    labels = [MY_SHEET, COMPARISON, *([AGREEMENT] if status.is_lead else [])]
    drawers = {
        MY_SHEET: lambda: render_my_sheet(actor, project, info, status),
        COMPARISON: lambda: render_comparison(actor, info, status),
        AGREEMENT: lambda: render_agreement(actor, project, load_state(), status),
    }
    draw_open(labels, _tabs(labels), drawers)

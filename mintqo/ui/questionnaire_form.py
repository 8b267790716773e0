"""The "Selbstanalyse" page: which project and round, then the step editor or the closed round.

The place lives in the URL (``?projekt=…&runde=…&kriterium=…``): a reload, back/forward and a
bookmarked link return to it. The URL is read on every run and validated by the use cases
(:func:`mintqo.services.self_analysis.choose_project` and friends); selectors and buttons write
it in their callbacks, so URL and widgets never disagree. The editor itself is
:mod:`mintqo.ui.questionnaire_step` (save on change), submission and the closed round are
:mod:`mintqo.ui.questionnaire_submit`; a team round is :mod:`mintqo.ui.team_round`.
"""

from __future__ import annotations

import contextlib

import streamlit as st

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.formats import local_date
from mintqo.services import self_analysis
from mintqo.services.self_analysis import RoundSummary
from mintqo.ui.engine import get_engine
from mintqo.ui.navigation import page_link
from mintqo.ui.offline import render_offline_exchange
from mintqo.ui.projects_view import (
    CRITERION,
    PROJECT,
    ROUND,
    choose,
    project_selector,
    remember,
    set_place,
    url_param,
)
from mintqo.ui.questionnaire_step import render_working_area
from mintqo.ui.questionnaire_submit import render_closed_round
from mintqo.ui.questionnaire_target import Target, set_step
from mintqo.ui.team_round import render_team_round

CRITERION_LINK_REFUSED = (
    "Das Kriterium aus dem Link gibt es in diesem Fragebogen nicht. Angezeigt wird, wo Sie "
    "zuletzt waren."
)
ROUND_LINK_REFUSED = (
    "Die Runde aus dem Link gibt es in diesem Projekt nicht. Angezeigt wird die aktuelle Runde."
)


def _round_label(r: RoundSummary) -> str:
    name = f"Runde {r.round_no}" + (" (im Team)" if r.is_team else "")
    if r.is_draft:
        return f"{name} – in Bearbeitung"
    done = local_date(r.submitted_at) if r.submitted_at else "–"
    return f"{name} – abgeschlossen am {done}"


def _on_round_chosen(project_id: int) -> None:
    chosen = st.session_state.get("q-round")
    if isinstance(chosen, int):
        remember(project_id)
        set_place(**{PROJECT: project_id, ROUND: chosen, CRITERION: None})


def _round_selector(rounds: tuple[RoundSummary, ...], shown: RoundSummary, project_id: int):
    """Only drawn when the project has more than one round (the current one is the default)."""
    if len(rounds) < 2:
        return
    by_no = {r.round_no: r for r in rounds}
    st.session_state["q-round"] = shown.round_no
    st.selectbox(
        "Runde",
        list(by_no),
        format_func=lambda n: _round_label(by_no[n]),
        key="q-round",
        on_change=_on_round_chosen,
        args=(project_id,),
        placeholder="Bitte wählen",
    )


def render_questionnaire(actor: Actor) -> None:
    st.title("Selbstanalyse", anchor=False)
    choice = choose(actor)
    project = project_selector(choice, key="q-project")
    if project is None:
        set_place(**{PROJECT: None, ROUND: None, CRITERION: None})
        st.info("Legen Sie zuerst auf der Seite „Projekte“ ein Projekt an.")
        page_link("projects", label="Zu den Projekten")
        return
    rounds = self_analysis.choose_round(project, url_param(ROUND))
    if rounds.link_refused:
        st.warning(ROUND_LINK_REFUSED, icon=":material/link_off:")
    shown = rounds.round
    if shown is None:
        set_place(**{PROJECT: project.id, ROUND: None, CRITERION: None})
        st.info("Für dieses Projekt läuft noch keine Selbstanalyse.")
        page_link(
            "projects",
            label="Auf der Seite „Projekte“ die erste Runde beginnen",
            icon=":material/arrow_forward:",
        )
        return
    _round_selector(rounds.rounds, shown, project.id)
    if shown.is_team:  # own sheets, the comparison and the agreed result
        info = self_analysis.round_info(get_engine(), actor, shown.assessment_id)
        closed = {} if info.is_draft else {CRITERION: None}
        set_place(**{PROJECT: project.id, ROUND: shown.round_no, **closed})
        render_team_round(
            actor,
            project,
            info,
            lambda: self_analysis.round_state(get_engine(), actor, shown.assessment_id),
        )
        return
    state = self_analysis.round_state(get_engine(), actor, shown.assessment_id)
    if not state.info.is_draft:
        set_place(**{PROJECT: project.id, ROUND: shown.round_no, CRITERION: None})
        render_closed_round(actor, project, state)
        return
    criterion_id, refused = self_analysis.choose_criterion(state, url_param(CRITERION))
    set_place(**{PROJECT: project.id, ROUND: shown.round_no, CRITERION: criterion_id})
    if criterion_id != state.info.current_step:  # reached by back/forward or a link: the round
        with contextlib.suppress(UserError):  # resumes where the user last was, not where
            set_step(Target(state.info.id), actor, criterion_id)  # they last chose to go
    if refused:
        st.warning(CRITERION_LINK_REFUSED, icon=":material/link_off:")
    render_working_area(project.name, state, criterion_id)
    st.divider()
    render_offline_exchange(state.info.id, project.name)

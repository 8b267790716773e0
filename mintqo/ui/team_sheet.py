"""'Mein Bogen': the acting member's own sheet of a team round – join, rate, finish.

The sheet is edited with the questionnaire's own step editor (same scale, "nicht zutreffend",
notes per criterion, save on change, resume point, the place in the URL, conflicts between two
windows), writing to the sheet instead of the round (:class:`Target` ``sheet``). Finishing asks
first and says what it means: the sheet cannot be changed any more, and from then on the
member sees the team's ratings and the team sees theirs (not their notes). The offline Excel
template works for one's own sheet as for a round (:mod:`mintqo.ui.offline`).
"""

from __future__ import annotations

import streamlit as st

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.formats import local_time
from mintqo.questionnaire import Questionnaire, load_questionnaire
from mintqo.scoring import SubmissionCheck
from mintqo.services import self_analysis, team
from mintqo.services.self_analysis import AssessmentInfo, DraftState, ProjectSummary
from mintqo.services.team import TeamStatus
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import current_actor
from mintqo.ui.offline import render_offline_exchange
from mintqo.ui.projects_view import CRITERION, set_place, url_param
from mintqo.ui.questionnaire_saving import go_to
from mintqo.ui.questionnaire_step import render_working_area
from mintqo.ui.questionnaire_submit import answer_lines, render_missing
from mintqo.ui.questionnaire_target import Target

JOIN_TEXT = (
    "Sie haben in dieser Teamrunde noch keinen eigenen Bogen. Beginnen Sie ihn, um den "
    "Fragebogen für sich auszufüllen – die anderen sehen Ihre Bewertungen erst, wenn Sie Ihren "
    "Bogen abgeschlossen haben, und Sie die der anderen auch erst dann."
)
FINISH_CONFIRM = (
    "**Ihren Bogen jetzt abschließen?** Danach können Sie Ihre Bewertungen **nicht mehr "
    "ändern**. Sie sehen dann im „Team-Vergleich“, wie die anderen bewertet haben, und wer "
    "seinen Bogen abgeschlossen hat, sieht Ihre Bewertungen (mit Ihrem Namen). Ihre Notizen "
    "bleiben nur für Sie."
)
FINISHED = (
    "Ihr Bogen ist abgeschlossen. Im „Team-Vergleich“ sehen Sie jetzt, wo sich Ihr Team einig ist."
)


def _k(kind: str, aid: int) -> str:
    return f"sheet-{kind}-{aid}"


def _on_join(aid: int) -> None:
    actor = current_actor()
    try:
        if actor is None:
            raise UserError("Bitte melden Sie sich an.")
        team.my_sheet(get_engine(), actor, aid)
    except UserError as exc:
        st.session_state[_k("error", aid)] = str(exc)


def _on_ask(aid: int) -> None:
    st.session_state[_k("confirm", aid)] = True


def _on_cancel(aid: int) -> None:
    st.session_state.pop(_k("confirm", aid), None)


def _on_finish(aid: int) -> None:
    st.session_state.pop(_k("confirm", aid), None)
    actor = current_actor()
    try:
        if actor is None:
            raise UserError("Bitte melden Sie sich an.")
        team.finish_my_sheet(get_engine(), actor, aid)
    except UserError as exc:
        st.session_state[_k("error", aid)] = str(exc)
        return
    st.session_state[_k("done", aid)] = True


def _closing(aid: int):
    """What ends the sheet editor: what is still missing, then finishing with confirmation."""

    def render(q: Questionnaire, state: DraftState, check: SubmissionCheck) -> None:
        st.divider()
        st.subheader("Bogen abschließen", anchor=False)
        render_missing(q, state, check, go_to, Target(aid, "sheet"))
        error = st.session_state.pop(_k("error", aid), None)
        if error:
            st.error(error, icon=":material/block:")
        st.button(
            "Meinen Bogen abschließen …",
            type="primary" if check.ready else "secondary",
            disabled=not check.ready,
            on_click=_on_ask,
            args=(aid,),
            key=f"sheet-finish-{aid}",
        )
        if check.ready and st.session_state.get(_k("confirm", aid)):
            with st.container(border=True, key=f"sheet-confirm-box-{aid}"):
                st.markdown(FINISH_CONFIRM)
                with st.container(horizontal=True):
                    st.button(
                        "Ja, Bogen abschließen",
                        type="primary",
                        key=f"sheet-finish-yes-{aid}",
                        on_click=_on_finish,
                        args=(aid,),
                    )
                    st.button(
                        "Abbrechen", key=f"sheet-finish-no-{aid}", on_click=_on_cancel, args=(aid,)
                    )

    return render


def _render_finished(state: DraftState, finished_at) -> None:
    aid = state.info.id
    if st.session_state.pop(_k("done", aid), None):
        st.success(FINISHED, icon=":material/check_circle:")
    else:
        when = local_time(finished_at) if finished_at else "–"
        st.info(
            f"Ihr Bogen ist abgeschlossen ({when}) und kann nicht mehr geändert werden.",
            icon=":material/lock:",
        )
    q = load_questionnaire(state.info.questionnaire_version)
    with st.expander("Meine Bewertungen ansehen"):
        st.markdown(answer_lines(q, state))
        notes = [(c.name, state.notes[c.id]) for c in q.criteria if state.notes.get(c.id)]
        for name, text in notes:
            st.caption(f"Meine Notizen – {name}:")
            st.text(text)


def render_my_sheet(
    actor: Actor, project: ProjectSummary, info: AssessmentInfo, status: TeamStatus
) -> None:
    """The member's own sheet of the (open) team round ``info``."""
    aid = info.id
    sheet = team.sheet_if_any(get_engine(), actor, aid)
    if sheet is None:
        st.write(JOIN_TEXT)
        error = st.session_state.pop(_k("error", aid), None)
        if error:
            st.error(error, icon=":material/block:")
        st.button(
            "Meinen Bogen beginnen",
            type="primary",
            icon=":material/edit:",
            key=f"sheet-join-{aid}",
            on_click=_on_join,
            args=(aid,),
        )
        return
    draft = sheet.as_draft()
    if sheet.finished:
        _render_finished(
            draft,
            next((t.finished_at for t in status.teammates if t.user_id == actor.user_id), None),
        )
        return
    criterion_id, refused = self_analysis.choose_criterion(draft, url_param(CRITERION))
    set_place(**{CRITERION: criterion_id})
    if refused:
        st.warning(
            "Das Kriterium aus dem Link gibt es in diesem Fragebogen nicht. Angezeigt wird, wo "
            "Sie zuletzt waren.",
            icon=":material/link_off:",
        )
    render_working_area(
        project.name, draft, criterion_id, target=Target(aid, "sheet"), closing=_closing(aid)
    )
    st.divider()
    render_offline_exchange(aid, project.name, target=Target(aid, "sheet"))

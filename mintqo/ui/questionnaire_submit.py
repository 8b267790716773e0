"""Submitting a round (with a confirmation that says what happens) and the closed round.

The rule for criteria answered entirely (or mostly) "nicht zutreffend" is
:func:`mintqo.scoring.submission_check`: such a criterion is submitted as "nicht bewertet";
only criteria without a score *and* with open statements block, and each is named here with a
button that opens it. The store's :func:`~mintqo.store.assessments.submit` applies the same rule.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.formats import local_time, plural, score
from mintqo.questionnaire import Questionnaire, load_questionnaire
from mintqo.scoring import SubmissionCheck
from mintqo.services import self_analysis
from mintqo.services.self_analysis import DraftState, ProjectSummary
from mintqo.text import escape_markdown
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import current_actor
from mintqo.ui.navigation import page_link
from mintqo.ui.projects_view import PROFILE_ROUND, PROJECT
from mintqo.ui.questionnaire_target import Target

READ_ONLY_MESSAGE = "Diese Runde ist abgeschlossen und kann nicht mehr geändert werden."
NO_EDIT_ACCESS = "Sie dürfen diese Selbstanalyse nicht (mehr) bearbeiten."
MAX_LISTED = 3  # blocking criteria listed openly; more go into an expander
NOT_RATED_MEANING = (
    "Das ist in Ordnung: Ein Kriterium, dessen Aussagen überwiegend „nicht zutreffend“ sind, "
    "wird nicht bewertet. Im Profil steht es als „nicht bewertet“ und zählt bei den "
    "Bereichswerten nicht mit."
)


# After submitting, the page below the button is a different one (the closed round): bring
# its top, where the result is, into view and give it the keyboard focus (screen readers
# read it). Constant code, runs once: the element exists only in the run after submitting.
_SHOW_RESULT_JS = """<script>
requestAnimationFrame(() => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (main) main.scrollTo({top: 0});
  const done = document.querySelector('[data-testid="stAlertContentSuccess"]');
  if (done) {
    const box = done.closest('[data-testid="stAlert"]') || done;
    box.setAttribute("tabindex", "-1");
    box.focus({preventScroll: true});
  }
});
</script>"""


def _k(kind: str, aid: int) -> str:
    return f"q-{kind}-{aid}"


def missing_message(count: int) -> str:
    """'Es fehlt noch 1 Kriterium' / 'Es fehlen noch 3 Kriterien' (proper German plurals)."""
    if count == 1:
        return "Es fehlt noch 1 Kriterium"
    return f"Es fehlen noch {plural(count, 'Kriterium', 'Kriterien')}"


def what_happens(
    round_no: int, project_name: str, check: SubmissionCheck, total: int, *, team: bool = False
) -> str:
    """The confirmation text: what submitting does, and what the profile will contain."""
    rated = total - len(check.not_rated)
    parts = [
        f"**Runde {round_no} von „{escape_markdown(project_name)}“ jetzt abschließen?**",
        (
            "Das gemeinsame Ergebnis wird das Ergebnis dieser Runde und ist danach **nicht mehr "
            "änderbar**; Bögen, die noch offen sind, können nicht mehr abgeschlossen werden. "
            "Ihr Profil wird aus dem gemeinsamen Ergebnis berechnet und steht sofort unter "
            "„Mein Profil“ – mit der Spannweite des Teams je Kriterium. Außerhalb Ihrer "
            "Initiative zählt nur das gemeinsame Ergebnis, wie bei jeder Runde."
            if team
            else "Danach sind die Antworten dieser Runde **nicht mehr änderbar**. Ihr Profil "
            "wird berechnet und steht sofort unter „Mein Profil“. Eine neue Runde können Sie "
            "später auf der Seite „Projekte“ beginnen – auf Wunsch mit diesen Antworten als "
            "Ausgangspunkt."
        ),
        f"{'Bewertet wird' if rated == 1 else 'Bewertet werden'} "
        f"{plural(rated, 'Kriterium', 'Kriterien')}"
        + (
            f"; {plural(len(check.not_rated), 'Kriterium', 'Kriterien')} "
            f"{'bleibt' if len(check.not_rated) == 1 else 'bleiben'} „nicht bewertet“."
            if check.not_rated
            else "."
        ),
    ]
    return "\n\n".join(parts)


# --- callbacks ---------------------------------------------------------------------------------


def _on_ask(aid: int) -> None:
    st.session_state[_k("confirm", aid)] = True


def _on_cancel(aid: int) -> None:
    st.session_state.pop(_k("confirm", aid), None)


def _on_submit(aid: int) -> None:
    st.session_state.pop(_k("confirm", aid), None)
    actor = current_actor()
    if actor is None or not self_analysis.may_edit(get_engine(), actor, aid):
        st.session_state[_k("submit-error", aid)] = NO_EDIT_ACCESS
        return
    try:
        result = self_analysis.submit(get_engine(), actor, aid)
    except UserError as exc:
        st.session_state[_k("submit-error", aid)] = str(exc)
        return
    st.session_state[_k("result", aid)] = result.newly_submitted


# --- the draft: what is missing, and the confirmation -------------------------------------------


def render_missing(
    q: Questionnaire,
    state: DraftState,
    check: SubmissionCheck,
    go_to: Callable[[Target, str], None],
    target: Target,
) -> None:
    """What still keeps the work from being closed, each criterion with a button to it; what
    will be "nicht bewertet"; statements left open that need no answer."""
    names = {c.id: c.name for c in q.criteria}
    results = self_analysis.criterion_results(state)
    if check.blocking:
        st.warning(
            f"{missing_message(len(check.blocking))}: In "
            + ("diesem Kriterium" if len(check.blocking) == 1 else "diesen Kriterien")
            + " hat noch weniger als die Hälfte der Aussagen eine Bewertung, und es sind noch "
            "Aussagen offen. Bewerten Sie sie oder wählen Sie „nicht zutreffend“.",
            icon=":material/pending_actions:",
        )
        # Each one named, with a button that opens it; many at once go into an expander.
        many = len(check.blocking) > MAX_LISTED
        with (
            st.expander(f"Offene Kriterien anzeigen ({len(check.blocking)})")
            if many
            else st.container()
        ):
            for cid in check.blocking:
                open_count = results[cid].unanswered
                st.button(
                    f"{names[cid]}: {plural(open_count, 'Aussage', 'Aussagen')} offen",
                    key=f"q-open-{target.slot}-{cid}",
                    type="tertiary",
                    icon=":material/arrow_forward:",
                    on_click=go_to,
                    args=(target, cid),
                )
    elif check.nothing_scored:
        st.warning(
            "Mindestens ein Kriterium braucht eine Bewertung: Bisher ist jedes ganz oder "
            "überwiegend „nicht zutreffend“.",
            icon=":material/pending_actions:",
        )
    else:
        st.write(
            "Alle Kriterien sind bereit zum Abschließen."
            if not check.optional_open
            else "Alle Kriterien haben genug Antworten zum Abschließen."
        )
    if check.not_rated:
        listed = ", ".join(f"„{escape_markdown(names[c])}“" for c in check.not_rated)
        st.info(f"Nicht bewertet: {listed}. {NOT_RATED_MEANING}", icon=":material/info:")
    if check.optional_open and not check.blocking:
        listed = ", ".join(
            f"{escape_markdown(names[c])} ({results[c].unanswered} offen)"
            for c in check.optional_open
        )
        st.caption(f"Noch offene Aussagen, die Sie nicht beantworten müssen: {listed}.")


def render_submission(
    q: Questionnaire,
    state: DraftState,
    check: SubmissionCheck,
    project_name: str,
    go_to: Callable[[Target, str], None],
    *,
    team: bool = False,
) -> None:
    """What is missing, then the submission with its confirmation (``team``: the agreed
    result of a team round, submitted by its lead)."""
    aid = state.info.id
    st.divider()
    st.subheader("Abschließen", anchor=False)
    render_missing(q, state, check, go_to, Target(aid, "agreement" if team else "round"))
    error = st.session_state.pop(_k("submit-error", aid), None)
    if error:
        st.error(error, icon=":material/block:")
    st.button(
        "Selbstanalyse abschließen …",
        type="primary" if check.ready else "secondary",
        disabled=not check.ready,
        on_click=_on_ask,
        args=(aid,),
        key=f"submit-{aid}",
    )
    if check.ready and st.session_state.get(_k("confirm", aid)):
        with st.container(border=True, key=f"q-confirm-box-{aid}"):
            st.markdown(
                what_happens(state.info.round_no, project_name, check, len(q.criteria), team=team)
            )
            with st.container(horizontal=True):
                st.button(
                    "Ja, jetzt abschließen",
                    type="primary",
                    key=f"submit-yes-{aid}",
                    on_click=_on_submit,
                    args=(aid,),
                )
                st.button("Abbrechen", key=f"submit-no-{aid}", on_click=_on_cancel, args=(aid,))


# --- the closed round --------------------------------------------------------------------------


def answer_lines(q: Questionnaire, state: DraftState) -> str:
    """All statements with their answers, criterion by criterion, nothing truncated."""
    blocks = []
    for area in q.areas:
        blocks.append(f"### {escape_markdown(area.name)}")
        for criterion in area.criteria:
            lines = [f"**{escape_markdown(criterion.name)}**", ""]
            for item in criterion.items:
                if item.id in state.answers:
                    value = state.answers[item.id]
                    answer = (
                        q.not_applicable_label
                        if value is None
                        else f"{value} – {q.scale_label(value)}"
                    )
                else:
                    answer = "unbeantwortet"
                lines.append(f"- {escape_markdown(item.text)}  \n  Antwort: **{answer}**")
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _render_result(actor: Actor, project: ProjectSummary, state: DraftState, fresh: bool) -> None:
    q = load_questionnaire(state.info.questionnaire_version)
    result = self_analysis.round_result(get_engine(), actor, state.info.id)
    when = local_time(state.info.submitted_at) if state.info.submitted_at else "–"
    if fresh:
        st.success(
            f"Die Selbstanalyse ist abgeschlossen: Runde {state.info.round_no} von "
            f"„{escape_markdown(project.name)}“, {when}. Ihr Profil ist jetzt verfügbar.",
            icon=":material/check_circle:",
        )
        st.html(_SHOW_RESULT_JS, unsafe_allow_javascript=True)
    else:
        st.caption(f"Runde {state.info.round_no}, abgeschlossen am {when}")
    for column, area in zip(st.columns(len(q.areas)), q.areas, strict=True):
        value = result.area_scores.get(area.id)
        column.metric(area.name, "nicht bewertet" if value is None else score(value))
    if result.not_rated:
        names = ", ".join(f"„{q.criterion_by_id[c].name}“" for c in result.not_rated)
        st.caption(f"Nicht bewertet: {escape_markdown(names)}.")
    page_link(
        "profile",
        label="Zum Profil",
        icon=":material/insights:",
        query_params={PROJECT: str(project.id), PROFILE_ROUND: str(state.info.round_no)},
    )


def render_closed_round(actor: Actor, project: ProjectSummary, state: DraftState) -> None:
    aid = state.info.id
    fresh = st.session_state.pop(_k("result", aid), None) is not None
    _render_result(actor, project, state, fresh)
    st.info(READ_ONLY_MESSAGE, icon=":material/lock:")
    if project.draft is None:
        page_link(
            "projects",
            label="Neue Runde auf der Seite „Projekte“ beginnen",
            icon=":material/add:",
            query_params={PROJECT: str(project.id)},
        )
    q = load_questionnaire(state.info.questionnaire_version)
    st.markdown(answer_lines(q, state))
    notes = [(c.name, state.notes[c.id]) for c in q.criteria if state.notes.get(c.id)]
    if notes:
        if state.info.is_team:  # the agreed result's notes are the team's reasons
            st.markdown(f"### {plural(len(notes), 'Begründung', 'Begründungen')}")
        else:
            st.markdown(f"### {plural(len(notes), 'Notiz', 'Notizen')}")
        for name, text in notes:
            label = "Begründung" if state.info.is_team else "Notizen / Belege"
            st.caption(f"{label} – {name}:")
            st.text(text)

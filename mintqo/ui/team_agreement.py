"""'Gemeinsames Ergebnis': the lead composes the team round's agreed result and submits it.

The agreed result is the round's own answers, so it is edited with the questionnaire's step
editor and submitted with the ordinary submission and its confirmation; only the lead may
write it (:func:`mintqo.access.can_edit_round_answers`). Around the editor:

- a proposal: the median of the finished sheets (:func:`mintqo.team.proposal`), filled in on
  request where nothing is agreed yet – on request, because the lead decides when enough sheets
  are finished (it says whose are missing);
- what to talk about first: the statements the team disagrees on, worst first, each a button
  to its criterion;
- in each step the team's ratings below every statement, the disputed ones first and marked,
  and the criterion's note as the team's "Begründung".
"""

from __future__ import annotations

import streamlit as st

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.formats import plural
from mintqo.services import self_analysis, team, team_comparison
from mintqo.services.self_analysis import DraftState, ProjectSummary
from mintqo.services.team import TeamStatus
from mintqo.services.team_comparison import ComparisonView
from mintqo.team_frames import ratings_line
from mintqo.text import escape_markdown
from mintqo.ui.cache import shared
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import current_actor
from mintqo.ui.projects_view import CRITERION, set_place, url_param
from mintqo.ui.questionnaire_saving import forget, go_to
from mintqo.ui.questionnaire_step import render_working_area
from mintqo.ui.questionnaire_target import Target, TeamHints

DISCUSS_FIRST = 10
"""Disputed statements listed as buttons above the editor; the rest are marked in the steps."""
OWN_SHEET_FIRST = (
    "Schließen Sie zuerst Ihren eigenen Bogen ab: Das gemeinsame Ergebnis entsteht aus den "
    "abgeschlossenen Bögen, und so bewerten Sie selbst unbeeinflusst von den anderen."
)


def _k(kind: str, aid: int) -> str:
    return f"agree-{kind}-{aid}"


def _on_propose(aid: int) -> None:
    actor = current_actor()
    try:
        if actor is None:
            raise UserError("Bitte melden Sie sich an.")
        filled = team.propose_agreement(get_engine(), actor, aid)
    except UserError as exc:
        st.session_state[_k("flash", aid)] = ("error", str(exc))
        return
    forget(Target(aid, "agreement"))  # the step shows the new values without a notice
    st.session_state[_k("flash", aid)] = (
        "ok",
        f"{plural(filled, 'Aussage', 'Aussagen')} mit dem Median der Bögen vorbelegt."
        if filled
        else "Es gab keine offenen Aussagen, die der Vorschlag füllen könnte.",
    )


def hints_for(view: ComparisonView) -> TeamHints:
    """How the team rated each statement (names as Markdown-safe text)."""
    return TeamHints(
        ratings={
            s.item_id: escape_markdown(ratings_line(view.comparison, s))
            for s in view.comparison.statements
        },
        divergent=frozenset(s.item_id for s in view.divergent),
    )


def _proposal(state: DraftState, view: ComparisonView, status: TeamStatus) -> None:
    aid = state.info.id
    flash = st.session_state.pop(_k("flash", aid), None)
    if flash:
        kind, text = flash
        (st.success if kind == "ok" else st.error)(
            text, icon=":material/check_circle:" if kind == "ok" else ":material/block:"
        )
    open_items = [s for s in view.comparison.statements if s.item_id not in state.answers]
    if not open_items:
        return
    if status.open_names:
        st.warning(
            "Noch nicht abgeschlossen: "
            + ", ".join(escape_markdown(n) for n in status.open_names)
            + ". Deren Bewertungen fehlen im Vorschlag; warten Sie, wenn Sie sie dabeihaben "
            "möchten.",
            icon=":material/hourglass_top:",
        )
    empty = not state.answers
    st.button(
        (
            f"Mit dem Median der {view.members} Bögen vorbelegen"
            if view.members > 1
            else "Mit den Bewertungen des abgeschlossenen Bogens vorbelegen"
        )
        if empty
        else f"Offene Aussagen ({len(open_items)}) mit dem Median füllen",
        type="primary" if empty else "secondary",
        icon=":material/auto_fix_high:",
        key=f"agree-propose-{aid}",
        on_click=_on_propose,
        args=(aid,),
        help="Schon festgelegte Bewertungen bleiben, wie sie sind.",
    )


def _discuss_first(state: DraftState, view: ComparisonView) -> None:
    """The disputed statements, worst first, in full; below them one button per criterion
    they belong to (short labels: a button is no place for a statement)."""
    if not view.divergent:
        st.write("Das Team ist sich bei allen Aussagen einig (höchstens eine Stufe auseinander).")
        return
    q = view.questionnaire
    shown = view.divergent[:DISCUSS_FIRST]
    st.markdown(f"#### Zuerst besprechen: {plural(len(view.divergent), 'Aussage', 'Aussagen')}")
    st.caption(
        "Hier liegen die Bewertungen zwei oder mehr Stufen auseinander oder sind teils "
        "„nicht zutreffend“. Im Kriterium stehen diese Aussagen oben und sind markiert."
    )
    st.markdown(
        "\n".join(
            f"{n}. {escape_markdown(s.text)}  \n"
            f":gray[{escape_markdown(q.criterion_by_id[s.criterion_id].name)} · "
            f"{escape_markdown(ratings_line(view.comparison, s))}]"
            for n, s in enumerate(shown, start=1)
        )
    )
    if len(view.divergent) > len(shown):
        st.caption(f"… und {len(view.divergent) - len(shown)} weitere in ihren Kriterien.")
    disputed: dict[str, int] = {}
    for s in view.divergent:
        disputed[s.criterion_id] = disputed.get(s.criterion_id, 0) + 1
    target = Target(state.info.id, "agreement")
    with st.container(horizontal=True, key=f"agree-criteria-{state.info.id}"):
        for cid, count in disputed.items():
            st.button(
                f"{q.criterion_by_id[cid].name} ({count})",
                key=f"agree-go-{state.info.id}-{cid}",
                icon=":material/arrow_forward:",
                on_click=go_to,
                args=(target, cid),
                help=f"Das Kriterium öffnen: {plural(count, 'Aussage', 'Aussagen')} uneinig",
            )


def render_agreement(
    actor: Actor, project: ProjectSummary, state: DraftState, status: TeamStatus
) -> None:
    """The lead's agreement editor for the open team round ``state``."""
    if not status.my_sheet_finished:
        st.info(OWN_SHEET_FIRST, icon=":material/edit_note:")
        return
    try:
        view = team_comparison.comparison_view(get_engine(), actor, state.info.id, cache=shared)
    except UserError as exc:
        st.warning(str(exc))
        return
    st.write(
        "Legen Sie gemeinsam fest, welche Bewertung für Ihre Initiative gilt, und halten Sie je "
        "Kriterium fest, warum. Jede Eingabe wird sofort gespeichert; abgeschlossen wird die "
        "Runde erst mit „Selbstanalyse abschließen“."
    )
    _proposal(state, view, status)
    _discuss_first(state, view)
    st.divider()
    criterion_id, refused = self_analysis.choose_criterion(state, url_param(CRITERION))
    set_place(**{CRITERION: criterion_id})
    if refused:
        st.warning(
            "Das Kriterium aus dem Link gibt es in diesem Fragebogen nicht.",
            icon=":material/link_off:",
        )
    render_working_area(
        project.name,
        state,
        criterion_id,
        target=Target(state.info.id, "agreement"),
        hints=hints_for(view),
    )

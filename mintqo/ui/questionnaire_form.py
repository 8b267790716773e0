"""The questionnaire: one form per criterion, a stepper, versioned autosave, submission.

Session state per assessment ``a`` (plain values only):
- ``q-step-a``: the criterion shown (initialised from the stored ``current_step``: resume);
- ``q-ver-a``: the draft version the shown step was loaded with (optimistic check);
- ``q-conflict-a``: the user's refused values after a conflicting save, kept visible.
Widget keys contain the loaded version, so after a save or a refused save the form is rebuilt
from the database (or from the kept values), never from stale widget state.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st
from sqlalchemy.exc import OperationalError

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.faults import database_error_message
from mintqo.questionnaire import Criterion, Questionnaire, load_questionnaire
from mintqo.scoring import score_assessment
from mintqo.services import self_analysis
from mintqo.services.self_analysis import NOTE_MAX_CHARS, DraftState, ProjectSummary
from mintqo.text import escape_markdown
from mintqo.ui.engine import get_engine
from mintqo.ui.errors import friendly_errors
from mintqo.ui.guard import current_actor
from mintqo.ui.offline import render_offline_exchange
from mintqo.ui.projects_view import own_projects, select_project

NA = "nz"
OPTIONS: tuple[int | str, ...] = (1, 2, 3, 4, 5, NA)
CONFLICT_MESSAGE = (
    "Ihre Eingaben wurden nicht gespeichert: Jemand aus Ihrer Initiative hat diese "
    "Selbstanalyse inzwischen gespeichert. Unten sehen Sie den aktuellen Stand in der "
    "Datenbank; Ihre Eingaben stehen weiterhin im Formular. Prüfen Sie beides und speichern "
    "Sie erneut, wenn Ihre Fassung gelten soll."
)
READ_ONLY_MESSAGE = "Diese Runde ist abgeschlossen und kann nicht mehr geändert werden."
NO_EDIT_ACCESS = "Sie dürfen diese Selbstanalyse nicht (mehr) bearbeiten."


def _k(kind: str, aid: int) -> str:
    return f"q-{kind}-{aid}"


def _widget_key(aid: int, version: int, item_id: str) -> str:
    return f"qa-{aid}-{version}-{item_id}"


def _note_key(aid: int, version: int, criterion_id: str) -> str:
    return f"qn-{aid}-{version}-{criterion_id}"


def _to_option(value: int | None, answered: bool) -> int | str | None:
    if not answered:
        return None
    return NA if value is None else value


def _criterion_done(criterion: Criterion, answers: Mapping[str, int | None]) -> bool:
    return all(i.id in answers for i in criterion.items)


def _step_label(q: Questionnaire, answers: Mapping[str, int | None], cid: str) -> str:
    c = q.criterion_by_id[cid]
    answered = sum(1 for i in c.items if i.id in answers)
    mark = "✓" if answered == len(c.items) else f"{answered}/{len(c.items)}"
    return f"{q.area_by_id[c.area_id].name} · {c.name} ({mark})"


# --- callbacks (run before the script, may change widget state) ----------------------------------


def _may_edit(aid: int) -> bool:
    """Callbacks run before the script and without ``app.py``'s gate: ask for the user now."""
    return self_analysis.may_edit(get_engine(), current_actor(), aid)


def _on_jump(aid: int) -> None:
    actor = current_actor()
    if actor is None or not _may_edit(aid):
        return
    target = st.session_state[_k("jump", aid)]
    st.session_state[_k("step", aid)] = target
    st.session_state.pop(_k("conflict", aid), None)
    st.session_state.pop(_k("flash", aid), None)
    engine = get_engine()
    try:
        self_analysis.set_step(engine, actor, aid, target)
        state = self_analysis.round_state(engine, actor, aid)
    except UserError:
        return
    st.session_state[_k("ver", aid)] = state.version  # a fresh step loads the current state


def _typed_answers(criterion: Criterion, aid: int, version: int) -> dict[str, int | None]:
    answers: dict[str, int | None] = {}
    for item in criterion.items:
        value = st.session_state.get(_widget_key(aid, version, item.id))
        if value is not None:
            answers[item.id] = None if value == NA else int(value)
    return answers


def _on_save(aid: int, criterion_id: str, version: int, next_step: str | None) -> None:
    actor = current_actor()
    if actor is None or not _may_edit(aid):
        st.session_state[_k("save-error", aid)] = NO_EDIT_ACCESS
        return
    engine = get_engine()
    try:
        state = self_analysis.round_state(engine, actor, aid)
        criterion = load_questionnaire(state.info.questionnaire_version).criterion_by_id[
            criterion_id
        ]
        answers = _typed_answers(criterion, aid, version)
        note = st.session_state.get(_note_key(aid, version, criterion_id)) or ""
        result = self_analysis.save_step(
            engine,
            actor,
            aid,
            version,
            criterion_id,
            answers,
            note,
            current_step=next_step or criterion_id,
        )
    except (UserError, OperationalError) as exc:
        # Nothing was written; the widgets keep their values (their keys did not change).
        message = str(exc) if isinstance(exc, UserError) else database_error_message(exc)
        st.session_state[_k("save-error", aid)] = message
        st.session_state.pop(_k("flash", aid), None)
        return
    st.session_state[_k("ver", aid)] = result.version
    if result.saved:
        st.session_state.pop(_k("conflict", aid), None)
        st.session_state[_k("flash", aid)] = f"„{criterion.name}“ ist gespeichert."
        if next_step:
            st.session_state[_k("step", aid)] = next_step
            st.session_state[_k("jump", aid)] = next_step
    else:
        st.session_state[_k("conflict", aid)] = {
            "criterion_id": criterion_id,
            "answers": answers,
            "note": note,
        }
        st.session_state.pop(_k("flash", aid), None)


def _on_submit(aid: int) -> None:
    actor = current_actor()
    if actor is None or not _may_edit(aid):
        st.session_state[_k("submit-error", aid)] = NO_EDIT_ACCESS
        return
    try:
        result = self_analysis.submit(get_engine(), actor, aid)
    except UserError as exc:
        st.session_state[_k("submit-error", aid)] = str(exc)
        return
    st.session_state[_k("submitted", aid)] = result.newly_submitted


# --- rendering ---------------------------------------------------------------------------------


def _state_table(q: Questionnaire, criterion: Criterion, state: DraftState) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Aussage": item.text,
                "Antwort": q.scale_label(state.answers[item.id])
                if item.id in state.answers
                else "unbeantwortet",
            }
            for item in criterion.items
        ]
    )


def _render_step(q: Questionnaire, state: DraftState, criterion: Criterion) -> None:
    aid = state.info.id
    version = st.session_state[_k("ver", aid)]
    conflict = st.session_state.get(_k("conflict", aid))
    pending = conflict if conflict and conflict["criterion_id"] == criterion.id else None
    if pending:
        st.warning(CONFLICT_MESSAGE, icon=":material/warning:")
        st.markdown("**Aktueller Stand in der Datenbank**")
        st.dataframe(_state_table(q, criterion, state), hide_index=True, key=f"db-{aid}")
        st.caption("Notizen / Belege in der Datenbank:")
        st.text(state.notes.get(criterion.id, "") or "–")
    area = q.area_by_id[criterion.area_id]
    st.subheader(criterion.name, anchor=False)
    st.caption(area.name)
    st.write(criterion.explanation)
    with st.expander("Beispiel aus der Praxis"):
        st.write(criterion.example)
    legend = " · ".join(f"{o.value} = {o.label}" for o in q.scale)
    st.caption(f"{legend} · n. z. = {q.not_applicable_label}")
    values = pending["answers"] if pending else state.answers
    with st.form(f"step-{aid}-{criterion.id}", border=True):
        for item in criterion.items:
            current = _to_option(values.get(item.id), item.id in values)
            st.radio(
                item.text,
                OPTIONS,
                index=None if current is None else OPTIONS.index(current),
                format_func=lambda v: "n. z." if v == NA else str(v),
                horizontal=True,
                key=_widget_key(aid, version, item.id),
            )
        note = pending["note"] if pending else state.notes.get(criterion.id, "")
        st.text_area(
            "Notizen / Belege",
            value=note,
            max_chars=NOTE_MAX_CHARS,
            key=_note_key(aid, version, criterion.id),
            help="Nur für Ihre Initiative sichtbar; wird als reiner Text gespeichert.",
        )
        ids = [c.id for c in q.criteria]
        position = ids.index(criterion.id)
        next_step = ids[position + 1] if position + 1 < len(ids) else None
        left, right = st.columns(2)
        with left:
            st.form_submit_button(
                "Speichern",
                on_click=_on_save,
                args=(aid, criterion.id, version, None),
            )
        with right:
            st.form_submit_button(
                "Speichern und weiter",
                type="primary",
                on_click=_on_save,
                args=(aid, criterion.id, version, next_step),
                disabled=next_step is None,
            )
    saved_note = state.notes.get(criterion.id)
    if saved_note and not pending:
        st.caption("Gespeicherte Notiz:")
        st.text(saved_note)


def _render_submission(q: Questionnaire, state: DraftState) -> None:
    aid = state.info.id
    st.divider()
    st.subheader("Abschließen", anchor=False)
    results = score_assessment(q, state.answers)
    missing = [cid for cid, r in results.items() if not r.has_score]
    open_rows = [
        f"- **{escape_markdown(c.name)}**: "
        f"{sum(1 for i in c.items if i.id not in state.answers)} unbeantwortet"
        + ("" if results[c.id].has_score else " – noch zu wenige Antworten für eine Bewertung")
        for c in q.criteria
        if not _criterion_done(c, state.answers)
    ]
    if open_rows:
        # One Markdown list (wraps on a phone): a dataframe here cost every rerun ≈ 2 ms.
        st.markdown("Noch offene Aussagen:\n\n" + "\n".join(open_rows))
    else:
        st.write("Alle Aussagen sind beantwortet.")
    if missing:
        st.info(
            "Abschließen ist möglich, sobald in jedem Kriterium mindestens die Hälfte der "
            f"Aussagen bewertet ist. Es fehlen noch {len(missing)} Kriterien."
        )
    error = st.session_state.pop(_k("submit-error", aid), None)
    if error:
        st.warning(error)
    st.button(
        "Selbstanalyse abschließen",
        type="primary",
        disabled=bool(missing),
        on_click=_on_submit,
        args=(aid,),
        key=f"submit-{aid}",
        help="Danach ist die Runde schreibgeschützt; das Profil wird berechnet.",
    )


def _render_read_only(actor: Actor, q: Questionnaire, state: DraftState) -> None:
    aid = state.info.id
    if st.session_state.pop(_k("submitted", aid), None) is not None:
        st.success("Die Selbstanalyse ist abgeschlossen. Ihr Profil ist jetzt verfügbar.")
        st.page_link("pages/profile.py", label="Zum Profil", icon=":material/insights:")
    st.info(READ_ONLY_MESSAGE)
    frame = self_analysis.answers_table(get_engine(), actor, aid)
    st.dataframe(
        frame[["Bereich", "Kriterium", "Aussage", "Antwort"]], hide_index=True, key=f"ro-{aid}"
    )
    for criterion in q.criteria:
        if state.notes.get(criterion.id):
            st.caption(f"Notizen / Belege – {criterion.name}:")
            st.text(state.notes[criterion.id])


def _current_assessment(project: ProjectSummary) -> int | None:
    if project.draft is not None:
        return project.draft.assessment_id
    if project.latest_submitted is not None:
        return project.latest_submitted.assessment_id
    return None


def render_questionnaire(actor: Actor) -> None:
    st.title("Selbstanalyse")
    projects = own_projects(actor)
    project = select_project(projects, key="q-project", prefer=lambda p: p.draft is not None)
    if project is None:
        st.info("Legen Sie zuerst auf der Seite „Projekte“ ein Projekt an.")
        st.page_link("pages/projects.py", label="Zu den Projekten")
        return
    aid = _current_assessment(project)
    if aid is None:
        st.info("Für dieses Projekt läuft noch keine Selbstanalyse.")
        st.page_link("pages/projects.py", label="Auf der Seite „Projekte“ eine Runde beginnen")
        return
    state = self_analysis.round_state(get_engine(), actor, aid)
    q = load_questionnaire(state.info.questionnaire_version)
    st.caption(f"{escape_markdown(project.name)} · Runde {state.info.round_no}")
    if not state.info.is_draft:
        _render_read_only(actor, q, state)
        return
    _working_area(aid, [state])
    st.divider()
    render_offline_exchange(aid)


@st.fragment
def _working_area(aid: int, loaded: list[DraftState]) -> None:
    """Progress, step selector, the step's form and submission of a draft round.

    A fragment: saving a step or jumping to another one reruns only this part, not the whole
    app (gate, navigation, project choice, offline exchange), which is what keeps a save cheap
    for the server on a workshop day. ``loaded`` holds the state the page has just read in a full
    run; a fragment rerun finds it empty and checks the user and the round itself.
    """
    with friendly_errors():
        if loaded:
            state = loaded.pop()
        else:
            actor = current_actor()
            if actor is None or not _may_edit(aid):
                st.rerun(scope="app")  # the full run's gate and checks say what is wrong
            state = self_analysis.round_state(get_engine(), actor, aid)
            if not state.info.is_draft:
                st.rerun(scope="app")  # just submitted: the page shows the read-only round
        _render_draft(load_questionnaire(state.info.questionnaire_version), state)


def _render_draft(q: Questionnaire, state: DraftState) -> None:
    aid = state.info.id
    ids = [c.id for c in q.criteria]
    if _k("ver", aid) not in st.session_state:
        st.session_state[_k("ver", aid)] = state.version
    step = st.session_state.get(_k("step", aid))
    if step not in ids:
        step = state.info.current_step if state.info.current_step in ids else ids[0]
        st.session_state[_k("step", aid)] = step
    st.session_state[_k("jump", aid)] = step
    done = sum(1 for c in q.criteria if _criterion_done(c, state.answers))
    st.progress(done / len(ids), text=f"{done} von {len(ids)} Kriterien vollständig beantwortet")
    st.selectbox(
        "Kriterium",
        ids,
        format_func=lambda cid: _step_label(q, state.answers, cid),
        key=_k("jump", aid),
        on_change=_on_jump,
        args=(aid,),
    )
    flash = st.session_state.pop(_k("flash", aid), None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    save_error = st.session_state.pop(_k("save-error", aid), None)
    if save_error:
        st.error(f"Nicht gespeichert: {save_error}")
    _render_step(q, state, q.criterion_by_id[step])
    _render_submission(q, state)

"""The step editor of a draft round: one criterion at a time, every input saved when given.

Save on change (issue 14, item 2): each rating is stored by its widget's callback, the note
when its field loses focus, with Ctrl+Enter, or – so that it is stored within a second of being
typed – after a short pause in typing (:data:`_NOTE_AUTOSAVE_JS`). Leaving a criterion or the
page loses nothing.

Why not an ``st.fragment`` (the editor was one while it saved per step): the note field commits
when it loses focus, and the browser sends that commit *after* the click that took the focus
away. When that click is a page link, a fragment's commit arrives after the page switch; in
Chromium this either lost the note or left the new page blank (Streamlit runs the orphaned
fragment request against the new page). As a normal widget the commit reruns the questionnaire
page itself: the note is stored (measured 8 of 8), at the price that this one click on a page
link stays on the questionnaire. A full rerun of this page costs about what the fragment rerun
did (``benchmarks/bench_autosave.py``).

Concurrent editors: every save carries the draft version and the criterion as this editor
loaded it (``base``). Someone else's save to another criterion is no conflict; a save to the
same criterion is refused, the user's values stay in the form, the stored ones are shown next
to them, and the user decides (keep mine / take theirs).

Session state per assessment ``a`` (plain values only):
- ``q-ver-a``: draft version the editor's ``base`` belongs to;
- ``q-base-a``: ``{"criterion_id", "answers", "note"}`` as stored when loaded or last saved here;
- ``q-shown-a``: the criterion whose widgets are filled (entering another one refills them);
- ``q-conflict-a``: ``{"criterion_id", "mine", "theirs"}`` after a refused save;
- ``q-unsaved-a``: criterion id whose input could not be saved (kept, never overwritten);
- ``q-status-a``: ``(kind, text)`` of the last save, shown below the step.
Widget keys are stable per assessment and statement (``qa-a-<item>``, ``qn-a-<criterion>``),
so a save never rebuilds a widget and keyboard focus stays where it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping

import streamlit as st
from sqlalchemy.exc import OperationalError

from mintqo.errors import UserError
from mintqo.faults import database_error_message
from mintqo.formats import BERLIN
from mintqo.questionnaire import Criterion, Questionnaire, load_questionnaire
from mintqo.services import self_analysis
from mintqo.services.self_analysis import NOTE_MAX_CHARS, CriterionContent, DraftState
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import current_actor
from mintqo.ui.projects_view import CRITERION, set_place
from mintqo.ui.questionnaire_submit import render_submission

NA = "nz"
OPTIONS: tuple[int | str, ...] = (1, 2, 3, 4, 5, NA)
CONFLICT_MESSAGE = (
    "Ihre letzte Eingabe wurde nicht gespeichert: Jemand aus Ihrer Initiative hat dieses "
    "Kriterium inzwischen geändert. Ihre Eingaben stehen weiterhin im Formular, der "
    "gespeicherte Stand darunter. Entscheiden Sie, welche Fassung gelten soll."
)
CHANGED_ELSEWHERE = (
    "Dieses Kriterium wurde inzwischen von jemand anderem aus Ihrer Initiative geändert; "
    "angezeigt wird der gespeicherte Stand."
)
NO_EDIT_ACCESS = "Sie dürfen diese Selbstanalyse nicht (mehr) bearbeiten."
AUTOSAVE_HINT = "Jede Eingabe wird sofort gespeichert."
NOTE_HINT = (
    "Nur für Ihre Initiative sichtbar, als reiner Text. Gespeichert wird, sobald Sie kurz "
    "innehalten oder das Feld verlassen."
)
# Streamlit's input instructions are English ("Press Ctrl+Enter to apply"); the note says it
# in German instead. The character counter (second entry) stays, without its leading dot.
# The save status and the step buttons stay in view at the bottom of the screen (on a phone
# the statement just answered is far from both); focus never hides behind them. The ring
# colour is the theme's primary colour.
_STEP_CSS = (
    "<style>"
    '[class*="st-key-qn-"] [data-testid="InputInstructions"] > span:first-child'
    "{display:none}"
    '[class*="st-key-qn-"] [data-testid="InputInstructions"] > span:nth-child(2)::before'
    "{content:none}"
    '[data-testid="stLayoutWrapper"]:has(> [class*="st-key-q-bar-"])'
    "{position:sticky;bottom:0;z-index:3;background:#fff;padding:0.5rem 0;"
    "border-top:1px solid rgba(49,51,63,0.2)}"
    '[data-testid="stMain"]{scroll-padding-bottom:9rem}'
    # the rating with the keyboard focus gets a clear ring (Streamlit's own is a faint tint)
    '[class*="st-key-q-step-"] label:has(input[type="radio"]:focus-visible)'
    "{outline:2px solid #1f6f8b;outline-offset:2px;border-radius:4px}"
    "</style>"
)


# Commit the note after a pause in typing, as Ctrl+Enter would: Streamlit's text area sends its
# value only on blur or Ctrl+Enter. One listener for the document, installed once per tab;
# constant code, no data of the page in it.
_NOTE_AUTOSAVE_JS = """<script>
(() => {
  if (window.__mintqoNoteAutosave) return;
  window.__mintqoNoteAutosave = true;
  let timer = null;
  document.addEventListener("input", (event) => {
    const area = event.target;
    if (!(area instanceof HTMLTextAreaElement) || !area.closest('[class*="st-key-qn-"]')) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!area.isConnected) return;
      area.dispatchEvent(new KeyboardEvent("keydown", {
        key: "Enter", code: "Enter", keyCode: 13, ctrlKey: true, bubbles: true, cancelable: true,
      }));
    }, 700);
  }, true);
})();
</script>"""


def _k(kind: str, aid: int) -> str:
    return f"q-{kind}-{aid}"


def radio_key(aid: int, item_id: str) -> str:
    return f"qa-{aid}-{item_id}"


def note_key(aid: int, criterion_id: str) -> str:
    return f"qn-{aid}-{criterion_id}"


def option_label(q: Questionnaire, value: int | str) -> str:
    """Each option says what it means ("4 – trifft eher zu"), also to a screen reader."""
    if value == NA:
        return q.not_applicable_label
    return f"{value} – {q.scale_label(int(value))}"


def _plain(content: CriterionContent, criterion_id: str) -> dict:
    return {"criterion_id": criterion_id, "answers": dict(content.answers), "note": content.note}


def _content(plain: Mapping) -> CriterionContent:
    return CriterionContent(answers=dict(plain["answers"]), note=plain["note"])


def _now() -> str:
    return dt.datetime.now(BERLIN).strftime("%H:%M:%S Uhr")


# --- widget values -----------------------------------------------------------------------------


def _fill(aid: int, criterion: Criterion, content: CriterionContent) -> None:
    """Put stored (or kept) values into the step's widgets (before they are drawn)."""
    for item in criterion.items:
        if item.id in content.answers:
            value = content.answers[item.id]
            st.session_state[radio_key(aid, item.id)] = NA if value is None else value
        else:
            st.session_state[radio_key(aid, item.id)] = None
    st.session_state[note_key(aid, criterion.id)] = content.note


def _typed(aid: int, criterion: Criterion) -> CriterionContent:
    answers: dict[str, int | None] = {}
    for item in criterion.items:
        value = st.session_state.get(radio_key(aid, item.id))
        if value is not None:
            answers[item.id] = None if value == NA else int(value)
    return CriterionContent(answers, st.session_state.get(note_key(aid, criterion.id)) or "")


def _sync(q: Questionnaire, state: DraftState, criterion_id: str) -> str | None:
    """Make the widgets show the right values; a notice if someone else changed them."""
    aid = state.info.id
    criterion = q.criterion_by_id[criterion_id]
    stored = self_analysis.criterion_content(state, q, criterion_id)
    # Entering the step: another criterion than last run, or the page was left in between
    # (Streamlit drops the state of widgets that were not drawn: they must be filled anew, or
    # the next save would store empty fields).
    entering = (
        st.session_state.get(_k("shown", aid)) != criterion_id
        or note_key(aid, criterion_id) not in st.session_state
    )
    st.session_state[_k("shown", aid)] = criterion_id
    conflict = st.session_state.get(_k("conflict", aid))
    if conflict and conflict["criterion_id"] == criterion_id:
        if entering:
            _fill(aid, criterion, _content(conflict["mine"]))
        return None
    if st.session_state.get(_k("unsaved", aid)) == criterion_id and not entering:
        return None  # input that could not be saved yet stays as typed
    base = st.session_state.get(_k("base", aid))
    known = base is not None and base["criterion_id"] == criterion_id
    notice = None
    if entering or not known or _content(base) != stored:
        _fill(aid, criterion, stored)
        if known and not entering:
            notice = CHANGED_ELSEWHERE
        st.session_state.pop(_k("unsaved", aid), None)
    st.session_state[_k("base", aid)] = _plain(stored, criterion_id)
    st.session_state[_k("ver", aid)] = state.version
    return notice


# --- callbacks (run before the script, resolve the user themselves) ---------------------------


def _editor(aid: int):
    """The user logged in now (else None). Whether they may still change the round is checked
    by the write itself, inside its transaction (a refusal comes back as a German message):
    asking here as well cost every rating a query."""
    actor = current_actor()
    if actor is None:
        st.session_state[_k("status", aid)] = ("error", NO_EDIT_ACCESS)
    return actor


def _save(aid: int, criterion_id: str, questionnaire_version: int, *, overwrite: bool) -> None:
    actor = _editor(aid)
    if actor is None:
        return
    criterion = load_questionnaire(questionnaire_version).criterion_by_id[criterion_id]
    mine = _typed(aid, criterion)
    conflict = st.session_state.get(_k("conflict", aid))
    pending = conflict if conflict and conflict["criterion_id"] == criterion_id else None
    if pending and not overwrite:
        pending["mine"] = _plain(mine, criterion_id)  # still undecided: keep the latest input
        return
    base_plain = pending["theirs"] if pending else st.session_state.get(_k("base", aid))
    base = (
        _content(base_plain) if base_plain and base_plain["criterion_id"] == criterion_id else None
    )
    try:
        result = self_analysis.save_step(
            get_engine(),
            actor,
            aid,
            st.session_state.get(_k("ver", aid), 0),
            criterion_id,
            mine.answers,
            mine.note,
            base=base,
        )
    except (UserError, OperationalError) as exc:
        # Nothing was written; the widgets keep their values (their keys do not change).
        message = str(exc) if isinstance(exc, UserError) else database_error_message(exc)
        st.session_state[_k("status", aid)] = ("error", f"Nicht gespeichert: {message}")
        st.session_state[_k("unsaved", aid)] = criterion_id
        return
    if result.saved:
        st.session_state.pop(_k("conflict", aid), None)
        st.session_state.pop(_k("unsaved", aid), None)
        st.session_state[_k("ver", aid)] = result.version
        stored = self_analysis.criterion_content(
            result.state, load_questionnaire(questionnaire_version), criterion_id
        )
        st.session_state[_k("base", aid)] = _plain(stored, criterion_id)
        st.session_state[_k("status", aid)] = (
            "ok",
            f"Gespeichert: „{criterion.name}“ · {_now()}",
        )
    else:
        theirs = self_analysis.criterion_content(
            result.state, load_questionnaire(questionnaire_version), criterion_id
        )
        st.session_state[_k("conflict", aid)] = {
            "criterion_id": criterion_id,
            "mine": _plain(mine, criterion_id),
            "theirs": _plain(theirs, criterion_id),
        }
        st.session_state[_k("ver", aid)] = result.version
        st.session_state[_k("status", aid)] = ("conflict", CONFLICT_MESSAGE)


def _on_answer(aid: int, criterion_id: str, questionnaire_version: int) -> None:
    _save(aid, criterion_id, questionnaire_version, overwrite=False)


def _on_keep_mine(aid: int, criterion_id: str, questionnaire_version: int) -> None:
    _save(aid, criterion_id, questionnaire_version, overwrite=True)


def _on_take_theirs(aid: int, criterion_id: str) -> None:
    """Drop the kept input: the next run fills the widgets from the database."""
    st.session_state.pop(_k("conflict", aid), None)
    st.session_state.pop(_k("unsaved", aid), None)
    st.session_state.pop(_k("shown", aid), None)
    st.session_state[_k("status", aid)] = ("ok", "Der gespeicherte Stand wird angezeigt.")


def go_to(aid: int, target: str) -> None:
    """Show another criterion: into the URL (back/forward, reload) and as the resume point."""
    actor = _editor(aid)
    if actor is None:
        return
    set_place(**{CRITERION: target})
    st.session_state.pop(_k("status", aid), None)
    # The resume point is a convenience; the URL already says where the user is.
    with contextlib.suppress(UserError):
        self_analysis.set_step(get_engine(), actor, aid, target)


def _on_jump(aid: int) -> None:
    target = st.session_state.get(_k("jump", aid))
    if isinstance(target, str):
        go_to(aid, target)


# --- drawing -------------------------------------------------------------------------------------


def _step_label(q: Questionnaire, answers: Mapping[str, int | None], cid: str, shown: str) -> str:
    """An option of the criterion selector, with how many statements are answered.

    Not for the criterion shown: its label is the selector's text, and a text that changes
    with every rating made Chromium drop the keyboard focus from the rating just changed
    (Streamlit's combobox rewrites its input then; the keyboard journey failed 5 of 22 times
    with a changing label, 0 of 20 with a fixed one). Its progress is on the page right below.
    """
    c = q.criterion_by_id[cid]
    label = f"{q.area_by_id[c.area_id].name} · {c.name}"
    if cid == shown:
        return label
    answered = sum(1 for i in c.items if i.id in answers)
    mark = "✓" if answered == len(c.items) else f"{answered}/{len(c.items)}"
    return f"{label} ({mark})"


def _render_conflict(q: Questionnaire, aid: int, criterion: Criterion, conflict: dict) -> None:
    theirs = _content(conflict["theirs"])
    st.warning(CONFLICT_MESSAGE, icon=":material/warning:")
    lines = [
        f"- {item.text} → **"
        + (
            option_label(q, NA if theirs.answers[item.id] is None else theirs.answers[item.id])
            if item.id in theirs.answers
            else "unbeantwortet"
        )
        + "**"
        for item in criterion.items
    ]
    st.markdown("**Gespeicherter Stand**\n\n" + "\n".join(lines))
    st.caption("Gespeicherte Notiz / Belege:")
    st.text(theirs.note or "–")
    left, right = st.columns(2)
    left.button(
        "Meine Eingaben speichern",
        type="primary",
        key=f"q-keep-{aid}",
        on_click=_on_keep_mine,
        args=(aid, criterion.id, q.version),
    )
    right.button(
        "Gespeicherten Stand übernehmen",
        key=f"q-take-{aid}",
        on_click=_on_take_theirs,
        args=(aid, criterion.id),
    )


def _render_status(aid: int) -> None:
    status = st.session_state.get(_k("status", aid))
    if not status:
        st.caption(AUTOSAVE_HINT)
        return
    kind, text = status
    if kind == "ok":
        # trusted text only: a criterion name from the questionnaire and the time
        st.markdown(f":green[:material/cloud_done:] {text}")
    elif kind == "error":
        st.error(text, icon=":material/error:")
    else:  # the conflict itself is explained above the form, where the decision is made
        st.warning("Nicht gespeichert – siehe oben.", icon=":material/warning:")


def _render_step(q: Questionnaire, state: DraftState, criterion: Criterion) -> None:
    aid = state.info.id
    conflict = st.session_state.get(_k("conflict", aid))
    if conflict and conflict["criterion_id"] == criterion.id:
        _render_conflict(q, aid, criterion, conflict)
    area = q.area_by_id[criterion.area_id]
    st.subheader(criterion.name, anchor=False)
    st.caption(area.name)
    st.write(criterion.explanation)
    # Visible text, not an expander: nothing to open, no extra stop for the keyboard, read in
    # order by screen readers.
    st.markdown(f"**Beispiel aus der Praxis:** {criterion.example}")
    args = (aid, criterion.id, q.version)
    with st.container(border=True, key=f"q-step-{aid}"):
        for item in criterion.items:
            st.radio(
                item.text,
                OPTIONS,
                index=None,
                format_func=lambda v: option_label(q, v),
                horizontal=True,
                key=radio_key(aid, item.id),
                on_change=_on_answer,
                args=args,
            )
        st.text_area(
            "Notizen / Belege",
            max_chars=NOTE_MAX_CHARS,
            key=note_key(aid, criterion.id),
            on_change=_on_answer,
            args=args,
        )
        st.caption(NOTE_HINT)
        st.html(_STEP_CSS)
        st.html(_NOTE_AUTOSAVE_JS, unsafe_allow_javascript=True)
    ids = [c.id for c in q.criteria]
    position = ids.index(criterion.id)
    with st.container(key=f"q-bar-{aid}"):
        _render_status(aid)
        _render_nav(aid, ids, position, args)


def _render_nav(aid: int, ids: list[str], position: int, args: tuple) -> None:
    """One row, in reading order: back, save, next (wraps on a phone)."""
    with st.container(horizontal=True, key=f"q-nav-{aid}"):
        if position > 0:
            st.button(
                "Zurück",
                icon=":material/arrow_back:",
                key=f"q-back-{aid}",
                on_click=go_to,
                args=(aid, ids[position - 1]),
                help="Zum vorigen Kriterium",
            )
        # Everything is saved as it is given; the button is for a note still being typed (it
        # commits the field) and for trying again after a refused save.
        st.button(
            "Speichern", icon=":material/save:", key=f"q-save-{aid}", on_click=_on_answer, args=args
        )
        if position + 1 < len(ids):
            st.button(
                "Weiter",
                icon=":material/arrow_forward:",
                icon_position="right",
                type="primary",
                key=f"q-next-{aid}",
                on_click=go_to,
                args=(aid, ids[position + 1]),
                help="Zum nächsten Kriterium",
            )


def render_working_area(project_name: str, state: DraftState, criterion_id: str) -> None:
    """Progress, criterion choice, the step and submission of a draft round."""
    aid = state.info.id
    q = load_questionnaire(state.info.questionnaire_version)
    notice = _sync(q, state, criterion_id)
    check = self_analysis.readiness(state)
    total = len(q.criteria)
    st.progress(
        check.complete / total,
        text=f"{check.complete} von {total} Kriterien vollständig beantwortet",
    )
    st.session_state[_k("jump", aid)] = criterion_id
    st.selectbox(
        "Kriterium",
        [c.id for c in q.criteria],
        format_func=lambda cid: _step_label(q, state.answers, cid, criterion_id),
        key=_k("jump", aid),
        on_change=_on_jump,
        args=(aid,),
        placeholder="Bitte wählen",
    )
    if notice:
        st.info(notice, icon=":material/sync:")
    _render_step(q, state, q.criterion_by_id[criterion_id])
    render_submission(q, state, check, project_name, go_to)

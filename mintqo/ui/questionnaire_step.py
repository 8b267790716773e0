"""The step editor of a draft: one criterion at a time, every input saved when given.

Save on change (issue 14, item 2): each rating is stored by its widget's callback, the note
when its field loses focus, with Ctrl+Enter, or – so that it is stored within a second of being
typed – after a short pause in typing (:data:`_NOTE_AUTOSAVE_JS`). Leaving a criterion or the
page loses nothing. The state and callbacks behind it (conflicts, resume point) are
:mod:`mintqo.ui.questionnaire_saving`; what is written – a round's answers, a member's own
sheet of a team round or a team round's agreed result – is its
:class:`~mintqo.ui.questionnaire_target.Target`.

Why not an ``st.fragment`` (the editor was one while it saved per step): the note field commits
when it loses focus, and the browser sends that commit *after* the click that took the focus
away. When that click is a page link, a fragment's commit arrives after the page switch; in
Chromium this either lost the note or left the new page blank (Streamlit runs the orphaned
fragment request against the new page). As a normal widget the commit reruns the questionnaire
page itself: the note is stored (measured 8 of 8), at the price that this one click on a page
link stays on the questionnaire. A full rerun of this page costs about what the fragment rerun
did (``benchmarks/bench_autosave.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from mintqo.questionnaire import Criterion, Questionnaire, load_questionnaire
from mintqo.scoring import SubmissionCheck
from mintqo.services import self_analysis
from mintqo.services.self_analysis import NOTE_MAX_CHARS, DraftState
from mintqo.ui.questionnaire_saving import (
    CHANGED_ELSEWHERE,
    CONFLICT_MESSAGE,
    NA,
    conflict_message,
    content_of,
    editor_state,
    go_to,
    note_key,
    on_answer,
    on_jump,
    on_keep_mine,
    on_take_theirs,
    radio_key,
    state_key,
    sync,
)
from mintqo.ui.questionnaire_submit import render_submission
from mintqo.ui.questionnaire_target import Target, TeamHints

__all__ = ["CHANGED_ELSEWHERE", "CONFLICT_MESSAGE", "render_working_area"]

OPTIONS: tuple[int | str, ...] = (1, 2, 3, 4, 5, NA)
AUTOSAVE_HINT = "Jede Eingabe wird sofort gespeichert."
DIVERGENT_MARK = ":material/forum: **Im Team uneinig** – "
Closing = Callable[[Questionnaire, DraftState, SubmissionCheck], None]
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


def option_label(q: Questionnaire, value: int | str) -> str:
    """Each option says what it means ("4 – trifft eher zu"), also to a screen reader."""
    if value == NA:
        return q.not_applicable_label
    return f"{value} – {q.scale_label(int(value))}"


# --- drawing -------------------------------------------------------------------------------------


def _step_label(
    q: Questionnaire,
    answers: Mapping[str, int | None],
    cid: str,
    shown: str,
    hints: TeamHints | None = None,
) -> str:
    """An option of the criterion selector, with how many statements are answered (and, in
    the agreement, on how many the team disagrees: that never changes while rating).

    Not the progress of the criterion shown: its label is the selector's text, and a text that
    changes with every rating made Chromium drop the keyboard focus from the rating just changed
    (Streamlit's combobox rewrites its input then; the keyboard journey failed 5 of 22 times
    with a changing label, 0 of 20 with a fixed one). Its progress is on the page right below.
    """
    c = q.criterion_by_id[cid]
    label = f"{q.area_by_id[c.area_id].name} · {c.name}"
    disputed = hints.divergent_count([i.id for i in c.items]) if hints else 0
    if disputed:
        label += f" · {disputed} uneinig"
    if cid == shown:
        return label
    answered = sum(1 for i in c.items if i.id in answers)
    mark = "✓" if answered == len(c.items) else f"{answered}/{len(c.items)}"
    return f"{label} ({mark})"


def _render_conflict(
    q: Questionnaire, target: Target, criterion: Criterion, conflict: dict
) -> None:
    slot = target.slot
    theirs = content_of(conflict["theirs"])
    st.warning(conflict_message(target), icon=":material/warning:")
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
    st.caption(f"Gespeicherter Stand – {target.note_label}:")
    st.text(theirs.note or "–")
    left, right = st.columns(2)
    left.button(
        "Meine Eingaben speichern",
        type="primary",
        key=f"q-keep-{slot}",
        on_click=on_keep_mine,
        args=(target, criterion.id, q.version),
    )
    right.button(
        "Gespeicherten Stand übernehmen",
        key=f"q-take-{slot}",
        on_click=on_take_theirs,
        args=(target, criterion.id),
    )


def _render_status(slot: str) -> None:
    status = editor_state(slot).status
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


def _items_in_order(criterion: Criterion, hints: TeamHints | None):
    """The statements to rate; in the agreement the ones the team disagrees on come first."""
    if hints is None:
        return list(criterion.items)
    disputed = [i for i in criterion.items if i.id in hints.divergent]
    return disputed + [i for i in criterion.items if i.id not in hints.divergent]


def _render_step(
    q: Questionnaire, criterion: Criterion, target: Target, hints: TeamHints | None
) -> None:
    slot = target.slot
    conflict = editor_state(slot).conflict
    if conflict and conflict["criterion_id"] == criterion.id:
        _render_conflict(q, target, criterion, conflict)
    area = q.area_by_id[criterion.area_id]
    st.subheader(criterion.name, anchor=False)
    st.caption(area.name)
    st.write(criterion.explanation)
    # Visible text, not an expander: nothing to open, no extra stop for the keyboard, read in
    # order by screen readers.
    st.markdown(f"**Beispiel aus der Praxis:** {criterion.example}")
    args = (target, criterion.id, q.version)
    with st.container(border=True, key=f"q-step-{slot}"):
        for item in _items_in_order(criterion, hints):
            st.radio(
                item.text,
                OPTIONS,
                index=None,
                format_func=lambda v: option_label(q, v),
                horizontal=True,
                key=radio_key(slot, item.id),
                on_change=on_answer,
                args=args,
            )
            if hints is not None and item.id in hints.ratings:
                # below its statement, read right after it (names Markdown-escaped by the
                # agreement view that built the hints)
                mark = DIVERGENT_MARK if item.id in hints.divergent else ""
                st.caption(f"{mark}Bewertungen im Team: {hints.ratings[item.id]}")
        st.text_area(
            target.note_label,
            max_chars=NOTE_MAX_CHARS,
            key=note_key(slot, criterion.id),
            on_change=on_answer,
            args=args,
        )
        st.caption(target.note_hint)
        st.html(_STEP_CSS)
        st.html(_NOTE_AUTOSAVE_JS, unsafe_allow_javascript=True)
    ids = [c.id for c in q.criteria]
    position = ids.index(criterion.id)
    with st.container(key=f"q-bar-{slot}"):
        _render_status(slot)
        _render_nav(target, ids, position, args)


def _render_nav(target: Target, ids: list[str], position: int, args: tuple) -> None:
    """One row, in reading order: back, save, next (wraps on a phone)."""
    slot = target.slot
    with st.container(horizontal=True, key=f"q-nav-{slot}"):
        if position > 0:
            st.button(
                "Zurück",
                icon=":material/arrow_back:",
                key=f"q-back-{slot}",
                on_click=go_to,
                args=(target, ids[position - 1]),
                help="Zum vorigen Kriterium",
            )
        # Everything is saved as it is given; the button is for a note still being typed (it
        # commits the field) and for trying again after a refused save.
        st.button(
            "Speichern", icon=":material/save:", key=f"q-save-{slot}", on_click=on_answer, args=args
        )
        if position + 1 < len(ids):
            st.button(
                "Weiter",
                icon=":material/arrow_forward:",
                icon_position="right",
                type="primary",
                key=f"q-next-{slot}",
                on_click=go_to,
                args=(target, ids[position + 1]),
                help="Zum nächsten Kriterium",
            )


def render_working_area(
    project_name: str,
    state: DraftState,
    criterion_id: str,
    *,
    target: Target | None = None,
    hints: TeamHints | None = None,
    closing: Closing | None = None,
) -> None:
    """Progress, criterion choice, the step, and what closes the work: the submission of a
    round (default), or ``closing`` (a member finishing their own sheet)."""
    target = target or Target(state.info.id)
    slot = target.slot
    q = load_questionnaire(state.info.questionnaire_version)
    notice = sync(q, state, criterion_id, target)
    check = self_analysis.readiness(state)
    total = len(q.criteria)
    st.progress(
        check.complete / total,
        text=f"{check.complete} von {total} Kriterien vollständig beantwortet",
    )
    st.session_state[state_key("jump", slot)] = criterion_id
    st.selectbox(
        "Kriterium",
        [c.id for c in q.criteria],
        format_func=lambda cid: _step_label(q, state.answers, cid, criterion_id, hints),
        key=state_key("jump", slot),
        on_change=on_jump,
        args=(target,),
        placeholder="Bitte wählen",
    )
    if notice:
        st.info(notice, icon=":material/sync:")
    _render_step(q, q.criterion_by_id[criterion_id], target, hints)
    if closing is not None:
        closing(q, state, check)
    else:
        render_submission(q, state, check, project_name, go_to, team=target.kind == "agreement")

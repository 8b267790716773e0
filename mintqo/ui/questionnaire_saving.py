"""The step editor's state and callbacks: fill the widgets, save each input, resolve conflicts.

Save on change (issue 14, item 2): each rating is stored by its widget's callback, the note
when its field commits (see :mod:`mintqo.ui.questionnaire_step`). Every save carries the
version and the criterion as this editor loaded it (``base``). Someone else's save to another
criterion is no conflict; a save to the same criterion is refused, the user's values stay in
the form, the stored ones are shown next to them, and the user decides (keep mine / take
theirs). Where a save goes – a round's answers or a member's own sheet – is the
:class:`~mintqo.ui.questionnaire_target.Target` the callbacks receive.

What the editor knows of a target slot ``a`` between runs is one :class:`EditorState` in
session state (``q-editor-a``), changed in place only. Every access to ``st.session_state`` is a
point where Streamlit stops a callback when a newer click is waiting; a save callback that wrote
its bookkeeping into several keys *after* its database write was cut off there under load, and
the next rating was then checked against a version the editor no longer had ("jemand hat dieses
Kriterium geändert" although nobody had). So the callbacks read session state before they write
to the database and afterwards only change the object they already hold. With Streamlit's fast
reruns a newer click's callbacks start in a new thread while the older one may still be
writing; the object's lock makes the saves of one editor take turns.
Widget keys are stable per slot and statement (``qa-a-<item>``, ``qn-a-<criterion>``), so a save
never rebuilds a widget and keyboard focus stays where it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

import streamlit as st
from sqlalchemy.exc import OperationalError

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.faults import database_error_message
from mintqo.formats import BERLIN
from mintqo.questionnaire import Criterion, Questionnaire, load_questionnaire
from mintqo.services import self_analysis
from mintqo.services.self_analysis import CriterionContent, DraftState
from mintqo.ui.guard import current_actor
from mintqo.ui.projects_view import CRITERION, set_place
from mintqo.ui.questionnaire_target import Target, save, set_step

NA = "nz"
CONFLICT_ACTION = (
    "Ihre Eingaben stehen weiterhin im Formular, der gespeicherte Stand darunter. Entscheiden "
    "Sie, welche Fassung gelten soll."
)
CONFLICT_MESSAGE = (
    "Ihre letzte Eingabe wurde nicht gespeichert: Jemand aus Ihrer Initiative hat dieses "
    f"Kriterium inzwischen geändert. {CONFLICT_ACTION}"
)
CHANGED_ELSEWHERE = (
    "Dieses Kriterium wurde inzwischen von jemand anderem aus Ihrer Initiative geändert; "
    "angezeigt wird der gespeicherte Stand."
)
NO_EDIT_ACCESS = "Sie dürfen diese Selbstanalyse nicht (mehr) bearbeiten."


def conflict_message(target: Target) -> str:
    if target.kind == "round":
        return CONFLICT_MESSAGE
    return f"Ihre letzte Eingabe wurde nicht gespeichert: {target.changed_by} {CONFLICT_ACTION}"


def changed_elsewhere(target: Target) -> str:
    if target.kind == "round":
        return CHANGED_ELSEWHERE
    return f"{target.changed_by} Angezeigt wird der gespeicherte Stand."


@dataclass
class EditorState:
    """The step editor's knowledge of one target slot (plain values only)."""

    version: int = 0  # the version ``base`` belongs to
    base: dict | None = None  # {"criterion_id", "answers", "note"} as loaded or last saved here
    shown: str | None = None  # the criterion whose widgets are filled (another one refills them)
    conflict: dict | None = None  # {"criterion_id", "mine", "theirs"} after a refused save
    unsaved: str | None = None  # criterion whose input could not be saved (kept as typed)
    status: tuple[str, str] | None = None  # (kind, text) of the last save, below the step
    # Streamlit's fast reruns start a newer click's callbacks in a new thread while the older
    # one may still be writing: saves of one editor take turns.
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)


def editor_state(slot: str) -> EditorState:
    """The slot's :class:`EditorState`, created on first use."""
    key = state_key("editor", slot)
    state = st.session_state.get(key)
    if not isinstance(state, EditorState):
        state = EditorState()
        st.session_state[key] = state
    return state


def state_key(kind: str, slot: str) -> str:
    return f"q-{kind}-{slot}"


def radio_key(slot: str | int, item_id: str) -> str:
    return f"qa-{slot}-{item_id}"


def note_key(slot: str | int, criterion_id: str) -> str:
    return f"qn-{slot}-{criterion_id}"


def _plain(content: CriterionContent, criterion_id: str) -> dict:
    return {"criterion_id": criterion_id, "answers": dict(content.answers), "note": content.note}


def content_of(plain: Mapping) -> CriterionContent:
    return CriterionContent(answers=dict(plain["answers"]), note=plain["note"])


def _now() -> str:
    return dt.datetime.now(BERLIN).strftime("%H:%M:%S Uhr")


# --- widget values -----------------------------------------------------------------------------


def _fill(slot: str, criterion: Criterion, content: CriterionContent) -> None:
    """Put stored (or kept) values into the step's widgets (before they are drawn)."""
    for item in criterion.items:
        if item.id in content.answers:
            value = content.answers[item.id]
            st.session_state[radio_key(slot, item.id)] = NA if value is None else value
        else:
            st.session_state[radio_key(slot, item.id)] = None
    st.session_state[note_key(slot, criterion.id)] = content.note


def _typed(slot: str, criterion: Criterion) -> CriterionContent:
    answers: dict[str, int | None] = {}
    for item in criterion.items:
        value = st.session_state.get(radio_key(slot, item.id))
        if value is not None:
            answers[item.id] = None if value == NA else int(value)
    return CriterionContent(answers, st.session_state.get(note_key(slot, criterion.id)) or "")


def sync(q: Questionnaire, state: DraftState, criterion_id: str, target: Target) -> str | None:
    """Make the widgets show the right values; a notice if someone else changed them."""
    slot = target.slot
    editor = editor_state(slot)
    criterion = q.criterion_by_id[criterion_id]
    stored = self_analysis.criterion_content(state, q, criterion_id)
    # Entering the step: another criterion than last run, or the page was left in between
    # (Streamlit drops the state of widgets that were not drawn: they must be filled anew, or
    # the next save would store empty fields).
    entering = editor.shown != criterion_id or note_key(slot, criterion_id) not in st.session_state
    editor.shown = criterion_id
    conflict = editor.conflict
    if conflict and conflict["criterion_id"] == criterion_id:
        if entering:
            _fill(slot, criterion, content_of(conflict["mine"]))
        return None
    if editor.unsaved == criterion_id and not entering:
        return None  # input that could not be saved yet stays as typed
    base = editor.base
    known = base is not None and base["criterion_id"] == criterion_id
    notice = None
    if entering or not known or content_of(base) != stored:
        _fill(slot, criterion, stored)
        if known and not entering:
            notice = changed_elsewhere(target)
        editor.unsaved = None
    editor.base = _plain(stored, criterion_id)
    editor.version = state.version
    return notice


def forget(target: Target) -> None:
    """Drop what the editor knows of the target, so the next run fills the widgets from the
    store without a notice (after an import replaced the stored values)."""
    editor = editor_state(target.slot)
    editor.shown = editor.base = editor.unsaved = editor.conflict = None


# --- callbacks (run before the script, resolve the user themselves) ---------------------------


def _editor(target: Target):
    """The user logged in now (else None). Whether they may still change the target is checked
    by the write itself, inside its transaction (a refusal comes back as a German message):
    asking here as well cost every rating a query."""
    actor = current_actor(hand_on=True)  # these callbacks write answers, notes and steps only
    if actor is None:
        editor_state(target.slot).status = ("error", NO_EDIT_ACCESS)
    return actor


def _save(target: Target, criterion_id: str, questionnaire_version: int, *, overwrite: bool):
    # Everything from session state first: after the database write, only `editor` changes.
    actor = _editor(target)
    if actor is None:
        return
    editor = editor_state(target.slot)
    questionnaire = load_questionnaire(questionnaire_version)
    criterion = questionnaire.criterion_by_id[criterion_id]
    mine = _typed(target.slot, criterion)
    with editor.lock:  # no session-state access inside: nothing can stop it half-way
        _save_typed(target, editor, actor, questionnaire, criterion, mine, overwrite=overwrite)


def _save_typed(
    target: Target,
    editor: EditorState,
    actor: Actor,
    questionnaire: Questionnaire,
    criterion: Criterion,
    mine: CriterionContent,
    *,
    overwrite: bool,
) -> None:
    criterion_id = criterion.id
    conflict = editor.conflict
    pending = conflict if conflict and conflict["criterion_id"] == criterion_id else None
    if pending and not overwrite:
        pending["mine"] = _plain(mine, criterion_id)  # still undecided: keep the latest input
        return
    base_plain = pending["theirs"] if pending else editor.base
    base = (
        content_of(base_plain)
        if base_plain and base_plain["criterion_id"] == criterion_id
        else None
    )
    if base is not None and not overwrite:
        # A rating cannot be taken back in a radio group: an empty one is a browser that had
        # not yet drawn the stored values when it reported its widgets. It keeps the rating.
        # ("Meine Eingaben speichern" stores the form exactly as shown.)
        mine = CriterionContent({**base.answers, **mine.answers}, mine.note)
        if mine == base:
            return  # nothing new to store
    try:
        result = save(target, actor, editor.version, criterion_id, mine.answers, mine.note, base)
    except (UserError, OperationalError) as exc:
        # Nothing was written; the widgets keep their values (their keys do not change).
        message = str(exc) if isinstance(exc, UserError) else database_error_message(exc)
        editor.status = ("error", f"Nicht gespeichert: {message}")
        editor.unsaved = criterion_id
        return
    stored = result.stored
    editor.version = result.version
    if result.saved:
        editor.conflict = editor.unsaved = None
        editor.base = _plain(stored, criterion_id)
        editor.status = ("ok", f"Gespeichert: „{criterion.name}“ · {_now()}")
    else:
        editor.conflict = {
            "criterion_id": criterion_id,
            "mine": _plain(mine, criterion_id),
            "theirs": _plain(stored, criterion_id),
        }
        editor.status = ("conflict", conflict_message(target))


def on_answer(target: Target, criterion_id: str, questionnaire_version: int) -> None:
    _save(target, criterion_id, questionnaire_version, overwrite=False)


def on_keep_mine(target: Target, criterion_id: str, questionnaire_version: int) -> None:
    _save(target, criterion_id, questionnaire_version, overwrite=True)


def on_take_theirs(target: Target, criterion_id: str) -> None:
    """Drop the kept input: the next run fills the widgets from the database."""
    del criterion_id  # the same for every criterion
    editor = editor_state(target.slot)
    editor.conflict = editor.unsaved = editor.shown = None
    editor.status = ("ok", "Der gespeicherte Stand wird angezeigt.")


def go_to(target: Target, criterion_id: str) -> None:
    """Show another criterion: into the URL (back/forward, reload) and as the resume point."""
    actor = _editor(target)
    if actor is None:
        return
    set_place(**{CRITERION: criterion_id})
    editor_state(target.slot).status = None
    # The resume point is a convenience; the URL already says where the user is.
    with contextlib.suppress(UserError):
        set_step(target, actor, criterion_id)


def on_jump(target: Target) -> None:
    chosen = st.session_state.get(state_key("jump", target.slot))
    if isinstance(chosen, str):
        go_to(target, chosen)

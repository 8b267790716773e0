"""A rating's save callback cut off by Streamlit right after its database write.

Every access to ``st.session_state`` is a point where Streamlit stops a running callback when a
newer click is waiting (``SafeSessionState`` calls the script runner's yield check). Under load,
quick ratings hit that point between the write and the editor's bookkeeping: the next rating was
then checked against an outdated version and refused as if someone else had changed the
criterion. The editor keeps its bookkeeping in one object it holds before the write, so a cut
after the write loses nothing.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import Engine, select

from mintqo.access import Actor
from mintqo.questionnaire import load_questionnaire
from mintqo.store import assessments as store
from mintqo.store.engine import read_session
from mintqo.store.models import User
from mintqo.store.projects import list_projects
from mintqo.ui import questionnaire_saving as saving
from mintqo.ui import questionnaire_target
from mintqo.ui.questionnaire_target import Target

Q = load_questionnaire()


class CutOff(BaseException):
    """Stands for Streamlit's RerunException raised at a session-state access."""


class YieldingState(dict):
    """Session state whose every access can stop the callback, as Streamlit's does."""

    armed = False

    def _yield(self) -> None:
        if self.armed:
            self.armed = False
            raise CutOff

    def __getitem__(self, key):
        self._yield()
        return super().__getitem__(key)

    def __setitem__(self, key, value) -> None:
        self._yield()
        super().__setitem__(key, value)

    def __contains__(self, key) -> bool:
        self._yield()
        return super().__contains__(key)

    def get(self, key, default=None):
        self._yield()
        return super().get(key, default)

    def pop(self, key, *default):
        self._yield()
        return super().pop(key, *default)


def _actor(engine: Engine, username: str) -> Actor:
    with read_session(engine) as s:
        u = s.scalars(select(User).where(User.username == username)).one()
        return Actor(u.id, u.username, u.display_name, u.role, u.initiative_id, u.network_id)


@pytest.fixture
def editor(demo_db: Engine, monkeypatch: pytest.MonkeyPatch):
    """The save callbacks of the demo initiative's draft, with a session state that stops the
    callback at its first access after a successful database write."""
    draft = next(p.draft for p in list_projects(demo_db, 1) if p.draft is not None)
    aid = draft.assessment_id
    criterion = Q.criteria[0]
    state = store.load_state(demo_db, aid)
    store.save_step(demo_db, aid, state.version, criterion.id, {}, "")
    target = Target(aid)
    state = YieldingState()
    actor = _actor(demo_db, "demo-initiative")
    real_save = saving.save

    def save_then_cut(*args, **kwargs):
        result = real_save(*args, **kwargs)
        state.armed = result.saved  # a newer click is waiting when the write is done
        return result

    monkeypatch.setattr(saving, "st", SimpleNamespace(session_state=state))
    monkeypatch.setattr(saving, "current_actor", lambda **_: actor)
    monkeypatch.setattr(saving, "save", save_then_cut)
    monkeypatch.setattr(questionnaire_target, "get_engine", lambda: demo_db)
    # The step as drawn: the editor loaded the criterion (empty) at the current version.
    saving.sync(Q, store.load_state(demo_db, aid), criterion.id, target)
    return SimpleNamespace(engine=demo_db, aid=aid, target=target, state=state, c=criterion)


def _rate(editor, item_index: int, value: int) -> None:
    item = editor.c.items[item_index]
    editor.state[saving.radio_key(editor.target.slot, item.id)] = value
    try:
        saving.on_answer(editor.target, editor.c.id, Q.version)
    except CutOff:
        pass  # Streamlit drops the rest of the callback and starts the newer run
    finally:
        editor.state.armed = False  # the callback is over, cut or not


def test_quick_ratings_cut_off_after_their_write_are_all_saved(editor) -> None:
    _rate(editor, 0, 4)
    _rate(editor, 1, 2)
    _rate(editor, 2, 5)
    stored = store.load_state(editor.engine, editor.aid).answers
    items = editor.c.items
    assert {i.id: stored.get(i.id) for i in items[:3]} == {
        items[0].id: 4,
        items[1].id: 2,
        items[2].id: 5,
    }
    status = saving.editor_state(editor.target.slot).status
    assert saving.editor_state(editor.target.slot).conflict is None
    assert status is not None and status[0] == "ok"


def test_an_empty_rating_reported_by_the_browser_erases_nothing(editor) -> None:
    """Under load a browser can report the radio groups of a step as empty before it has drawn
    the stored ratings (the run that filled them had not reached it): every group's callback
    then fired with nothing selected and the criterion's ratings were deleted."""
    _rate(editor, 0, 4)
    _rate(editor, 1, saving.NA)
    before = store.load_state(editor.engine, editor.aid)
    slot = editor.target.slot
    for item in editor.c.items:  # the browser's report: every group of the step empty
        editor.state[saving.radio_key(slot, item.id)] = None
    for _ in editor.c.items:
        saving.on_answer(editor.target, editor.c.id, Q.version)
    after = store.load_state(editor.engine, editor.aid)
    first, second = editor.c.items[0].id, editor.c.items[1].id
    assert (after.answers[first], after.answers[second]) == (4, None)
    assert second in after.answers  # "nicht zutreffend" is kept, not turned into "open"
    assert after.version == before.version  # nothing new: not even a write

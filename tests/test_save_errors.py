"""A save that fails (database locked, refused text) shows a German message and keeps the input.

The questionnaire saves each input as it is given, so a failed save must leave the user's
values in the form, say so, and let the next input (or "Speichern") try again with all of them.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from mintqo.questionnaire import load_questionnaire
from mintqo.store import assessments as store
from mintqo.store.projects import list_projects
from tests.conftest import app_test

Q = load_questionnaire()


def _questionnaire_at(engine: Engine):
    draft = next(p.draft for p in list_projects(engine, 1) if p.draft is not None)
    store.set_current_step(engine, draft.assessment_id, "RQ1")
    at = app_test("demo-initiative").run()
    at.switch_page("pages/questionnaire.py").run()
    assert not at.exception
    return at, draft.assessment_id


def _radios(at) -> list:
    return [r for r in at.radio if r.key and r.key.startswith("qa-")]


def _fill(at, aid: int, value: int, note: str) -> None:
    for n in range(len(_radios(at))):
        _radios(at)[n].set_value(value).run()
    at.text_area(key=f"qn-{aid}-RQ1").input(note).run()


def test_locked_database_keeps_the_input_and_says_so(demo_db: Engine, monkeypatch) -> None:
    at, aid = _questionnaire_at(demo_db)
    before = store.load_state(demo_db, aid)
    real_save = store.save_step

    def locked(*args, **kwargs):
        raise OperationalError("UPDATE assessment", {}, Exception("database is locked"))

    monkeypatch.setattr(store, "save_step", locked)
    _fill(at, aid, 2, "Unsere Belege")
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any(
        e.startswith("Nicht gespeichert:") and "Ihre Eingaben bleiben erhalten" in e for e in errors
    )
    assert [r.value for r in _radios(at)] == [2] * len(_radios(at))
    assert at.text_area(key=f"qn-{aid}-RQ1").value == "Unsere Belege"
    after = store.load_state(demo_db, aid)
    assert (after.version, dict(after.answers)) == (before.version, dict(before.answers))

    # The database is free again: "Speichern" stores everything that was kept.
    monkeypatch.setattr(store, "save_step", real_save)
    next(b for b in at.button if b.label == "Speichern").click().run()
    assert not at.error
    state = store.load_state(demo_db, aid)
    assert [state.answers[i.id] for i in Q.criterion_by_id["RQ1"].items] == [2] * 5
    assert state.notes["RQ1"] == "Unsere Belege"


@pytest.mark.parametrize("note", ["vor\x00nach"])
def test_refused_note_is_explained_and_kept(demo_db: Engine, note: str) -> None:
    at, aid = _questionnaire_at(demo_db)
    _fill(at, aid, 4, note)
    assert not at.exception
    assert any("Steuerzeichen" in e.value for e in at.error)
    assert at.text_area(key=f"qn-{aid}-RQ1").value == note
    assert "RQ1" not in store.load_state(demo_db, aid).notes
    # the ratings before the refused note were stored one by one
    state = store.load_state(demo_db, aid)
    assert [state.answers[i.id] for i in Q.criterion_by_id["RQ1"].items] == [4] * 5

"""A save that fails (database locked, refused text) shows a German message and keeps the input."""

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


def _fill_and_save(at) -> list:
    radios = [r for r in at.radio if r.key and r.key.startswith("qa-")]
    for radio in radios:
        radio.set_value(2)
    at.text_area[0].input("Unsere Belege")
    next(b for b in at.button if b.label == "Speichern").click().run()
    return [r for r in at.radio if r.key and r.key.startswith("qa-")]


def test_locked_database_keeps_the_input_and_says_so(demo_db: Engine, monkeypatch) -> None:
    at, aid = _questionnaire_at(demo_db)
    before = store.load_state(demo_db, aid)

    def locked(*args, **kwargs):
        raise OperationalError("UPDATE assessment", {}, Exception("database is locked"))

    monkeypatch.setattr(store, "save_step", locked)
    radios = _fill_and_save(at)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any(
        e.startswith("Nicht gespeichert:") and "Ihre Eingaben bleiben erhalten" in e for e in errors
    )
    assert [r.value for r in radios] == [2] * len(radios)
    assert at.text_area[0].value == "Unsere Belege"
    after = store.load_state(demo_db, aid)
    assert (after.version, dict(after.answers)) == (before.version, dict(before.answers))


@pytest.mark.parametrize("note", ["vor\x00nach"])
def test_refused_note_is_explained_and_kept(demo_db: Engine, note: str) -> None:
    at, aid = _questionnaire_at(demo_db)
    radios = [r for r in at.radio if r.key and r.key.startswith("qa-")]
    for radio in radios:
        radio.set_value(4)
    at.text_area[0].input(note)
    next(b for b in at.button if b.label == "Speichern").click().run()
    assert not at.exception
    assert any("Steuerzeichen" in e.value for e in at.error)
    assert at.text_area[0].value == note
    assert "RQ1" not in store.load_state(demo_db, aid).notes

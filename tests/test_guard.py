"""Who is logged in is read from the database in every run, once per run, never from state."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from mintqo.services import acting, login
from mintqo.store.models import User
from mintqo.ui import guard
from tests.conftest import app_test


@pytest.fixture
def counted_lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every database lookup of a user by the page guard, by name: by user name alone, or
    together with the login session (which reads the account in the same query)."""
    calls: list[str] = []

    resolve, check = acting.resolve, login.check_session

    def counting(engine, username: str):
        calls.append(username)
        return resolve(engine, username)

    def counting_check(engine, session_id, username: str, now=None):
        calls.append(username)
        return check(engine, session_id, username, now)

    monkeypatch.setattr(acting, "resolve", counting)
    monkeypatch.setattr(login, "check_session", counting_check)
    return calls


@pytest.mark.parametrize(
    ("username", "page"),
    [
        ("demo-initiative", "pages/questionnaire.py"),
        ("demo-initiative", "pages/profile.py"),
        ("demo-koordination", "pages/network.py"),
    ],
)
def test_one_user_lookup_per_run(demo_db, counted_lookups, username: str, page: str) -> None:
    at = app_test(username)
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    counted_lookups.clear()
    at.run()
    # the page guard asks for the session and the user; one query answers both
    assert counted_lookups == [username]


def test_gate_and_page_share_one_session_check_per_run(demo_db, counted_lookups) -> None:
    """``app.py`` runs the gate and the page inside one block: the session row read by the gate
    also answers who the page's user is (AppTest reruns a page without ``app.py``)."""
    session_id = login.start_session(demo_db, "demo-koordination", "test", 1).session_id
    with guard.one_lookup_per_run():
        first = guard.checked_session(session_id, "demo-koordination")
        again = guard.checked_session(session_id, "demo-koordination")
        actor = guard.actor_named("demo-koordination")
    assert first.valid and again is first
    assert actor == first.actor and actor.role == "coordinator"
    assert counted_lookups == ["demo-koordination"]


def test_a_user_disabled_between_runs_is_refused_in_the_next_run(demo_db, counted_lookups):
    at = app_test("demo-initiative")
    at.run()
    at.switch_page("pages/questionnaire.py").run()
    assert any(t.value == "Selbstanalyse" for t in at.title)
    with demo_db.begin() as conn:
        conn.execute(update(User).where(User.username == "demo-initiative").values(active=False))
    at.run()
    assert not any(t.value == "Selbstanalyse" for t in at.title)
    assert not at.radio  # no questionnaire form
    assert not at.exception


def test_outside_a_run_scope_every_call_asks_the_database(demo_db, counted_lookups) -> None:
    assert guard.actor_named("demo-initiative") is not None
    assert guard.actor_named("demo-initiative") is not None
    assert counted_lookups == ["demo-initiative", "demo-initiative"]
    with guard.one_lookup_per_run():
        guard.actor_named("demo-initiative")
        guard.actor_named("demo-initiative")
        guard.actor_named("demo-admin")
    assert counted_lookups == ["demo-initiative"] * 3 + ["demo-admin"]
    guard.actor_named("demo-initiative")  # the memo ended with the block
    assert counted_lookups[-1] == "demo-initiative" and len(counted_lookups) == 5


def test_a_callback_after_the_session_ended_writes_nothing(demo_db) -> None:
    """A stale page's button (the session was ended elsewhere: logout, reset, disabling) must
    not write: callbacks run before the gate, so they check the session themselves."""
    from sqlalchemy import update

    from mintqo.store import assessments
    from mintqo.store.models import LoginSession
    from mintqo.store.projects import list_projects

    draft = next(p.draft for p in list_projects(demo_db, 1) if p.draft is not None)
    at = app_test("demo-initiative")
    at.run()
    at.switch_page("pages/questionnaire.py").run()
    radios = [r for r in at.radio if r.key and r.key.startswith("qa-")]
    for radio in radios:
        radio.set_value(5)
    before = assessments.load_state(demo_db, draft.assessment_id)
    with demo_db.begin() as conn:  # e.g. "Abmelden" in another tab of the same browser
        conn.execute(update(LoginSession).values(ended_at=LoginSession.created_at))
    next(b for b in at.button if b.label == "Speichern").click().run()
    after = assessments.load_state(demo_db, draft.assessment_id)
    assert (after.version, dict(after.answers)) == (before.version, dict(before.answers))

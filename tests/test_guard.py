"""Who is logged in is read from the database in every run, once per run, never from state."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Engine, event, update

from mintqo.services import acting, login
from mintqo.store.models import User
from mintqo.ui import guard
from tests.conftest import app_test

WRITE = re.compile(r"(INSERT INTO|UPDATE|DELETE FROM) \"?(\w+)")


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


def test_a_rating_run_checks_the_login_once(demo_db, counted_lookups) -> None:
    """The rating's callback checks the login and hands its check to the page run of the same
    script run: one session query for the save and the page together."""
    at = app_test("demo-initiative")
    at.run()
    at.switch_page("pages/questionnaire.py").run()
    radio = next(r for r in at.radio if r.key and r.key.startswith("qa-"))
    counted_lookups.clear()
    radio.set_value(4 if radio.value != 4 else 3).run()
    assert not at.exception
    assert any("Gespeichert" in m.value for m in at.markdown)
    assert counted_lookups == ["demo-initiative"]
    at.run()  # the next run checks again: a handed-on check is for its own script run only
    assert counted_lookups == ["demo-initiative"] * 2


def _run_tokens(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    tokens = [object()]
    monkeypatch.setattr(guard, "script_run_token", lambda: tokens[-1])
    return tokens


def test_a_handed_on_check_stands_only_for_its_own_script_run(
    demo_db, counted_lookups, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = login.start_session(demo_db, "demo-initiative", "test", 1).session_id
    tokens = _run_tokens(monkeypatch)
    guard.checked_session(session_id, "demo-initiative", hand_on=True)  # a callback
    with guard.one_lookup_per_run():  # the page run of the same script run
        assert guard.checked_session(session_id, "demo-initiative").valid
    assert counted_lookups == ["demo-initiative"]

    guard.checked_session(session_id, "demo-initiative", hand_on=True)
    tokens.append(object())  # the page run was cut off; the next script run begins
    with guard.one_lookup_per_run():
        assert guard.checked_session(session_id, "demo-initiative").valid
    assert counted_lookups == ["demo-initiative"] * 3


def test_a_callback_that_does_not_hand_on_leaves_the_page_its_own_check(
    demo_db, counted_lookups, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Logout, password or membership changes write what the check read: the page after them
    must read the login session again."""
    session_id = login.start_session(demo_db, "demo-initiative", "test", 1).session_id
    _run_tokens(monkeypatch)
    assert guard.checked_session(session_id, "demo-initiative", hand_on=True).valid  # a rating
    assert guard.checked_session(session_id, "demo-initiative").valid  # "Abmelden", same run
    assert counted_lookups == ["demo-initiative"]  # it took the rating's check ...
    login.end_session(demo_db, session_id)
    with guard.one_lookup_per_run():  # ... and nothing is left for the page run
        assert not guard.checked_session(session_id, "demo-initiative").valid
    assert counted_lookups == ["demo-initiative"] * 2


def test_page_objects_are_made_once_per_process_and_copied_per_session(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``st.Page`` resolves its file on the disk: each set of pages is made once per process;
    a session keeps its own copies until the pages it may open change (here: a login)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from mintqo.ui import navigation

    made: list[str] = []

    class Page:  # stands for st.Page: the test app has no pages/ folder beside it
        def __init__(self, path: str, *, title: str, icon: str, default: bool) -> None:
            self.path, self.title = path, title
            made.append(path)

    monkeypatch.setattr(st, "Page", Page)
    monkeypatch.setattr(navigation, "_MADE", {})

    def app() -> None:
        import streamlit as st

        from mintqo.access import Actor
        from mintqo.ui.navigation import navigation_for

        actor = None
        if st.session_state.get("logged_in"):
            actor = Actor(1, "ini", "Ini", "initiative", initiative_id=1, network_id=None)
        pages = navigation_for(actor)
        st.session_state.setdefault("seen", []).append(([id(p) for p in pages], pages))

    at = AppTest.from_function(app)
    at.run()
    at.run()
    anonymous_made = len(made)
    at.session_state["logged_in"] = True
    at.run()
    (first, kept), (again, _), (after_login, pages) = at.session_state["seen"]
    assert first == again  # the same objects
    assert not set(after_login) & set(first)
    assert "Selbstanalyse" in [p.title for p in pages] and kept[0].title == "Start"

    other = AppTest.from_function(app)  # a second browser session
    other.run()
    [(theirs, their_pages)] = other.session_state["seen"]
    assert len(made) == anonymous_made + len(pages)  # nothing made again
    assert not set(theirs) & set(first)  # copies of their own
    assert [p.title for p in their_pages] == [p.title for p in kept]


def test_a_login_run_needs_no_check_of_the_session_it_opened(
    demo_db, counted_lookups, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A demo link's run logs in and draws the first page: the login's transaction read the
    account, so neither the gate nor the page reads it again (200 people open the link at
    once in a workshop)."""
    monkeypatch.setenv("MINTQO_DEMO", "1")
    monkeypatch.setattr(login, "purge_if_due", lambda *args, **kwargs: 0)
    statements: list[str] = []
    record = _record_into(statements)
    event.listen(Engine, "before_cursor_execute", record)
    try:
        at = app_test()
        at.query_params["demo"] = "initiative"
        at.run()
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert not at.exception
    assert at.session_state["username"] == "demo-initiative"
    assert any(h.value == "Projekte" for h in at.title)
    assert counted_lookups == []
    writes = [m.group(1, 2) for s in statements if (m := WRITE.match(s))]
    assert writes == [
        ("UPDATE", "app_user"),
        ("INSERT INTO", "login_session"),
        ("INSERT INTO", "login_event"),
    ]
    at.run()  # the next run checks the session it is given, like any other
    assert counted_lookups == ["demo-initiative"]


def _record_into(statements: list[str]):
    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement.strip())

    return record

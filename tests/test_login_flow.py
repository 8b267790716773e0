"""AppTests of the login gate: the real login form, lockout, logout, disabled accounts, demo mode."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from mintqo.auth import clock
from mintqo.auth.lockout import LOCKED_MESSAGE
from mintqo.store.engine import write_session
from mintqo.store.login_events import recent_events
from mintqo.store.models import User
from mintqo.ui.demo_mode import BANNER
from mintqo.ui.login import ACCOUNT_DISABLED, LOGGED_OUT, LOGIN_FAILED
from tests.conftest import DEMO_PASSWORD, app_test

COOKIE_KEY = "test-cookie-key-0123456789-abcdefghijklmnop"


@pytest.fixture(autouse=True)
def _login_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINTQO_COOKIE_KEY", COOKIE_KEY)
    monkeypatch.setenv("MINTQO_LOGIN_SLEEP", "0")


def run_app(at):
    """Run app.py itself, as a browser rerun would.

    AppTest quirk (Streamlit 1.67): because a ``pages/`` folder exists, every AppTest run
    starts in MPA-v1 emulation and runs the page the previous run finished on *directly*,
    skipping app.py (and with it the login gate). Clearing the remembered page hash makes the
    run start at the main script again, which then resolves the page through st.navigation.
    """
    at._page_hash = ""
    at._finished_page_script_hash = ""
    return at.run()


def click(at, label: str):
    _button(at, label).click()
    return run_app(at)


def _field(at, label: str):
    return next(t for t in at.text_input if t.label == label)


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def login(at, username: str, password: str):
    _field(at, "Benutzername").input(username)
    _field(at, "Passwort").input(password)
    return click(at, "Anmelden")


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def test_anonymous_start_page_shows_german_login_form(demo_db) -> None:
    at = app_test().run()
    assert not at.exception
    labels = {t.label for t in at.text_input}
    assert {"Benutzername", "Passwort"} <= labels
    assert any(b.label == "Anmelden" for b in at.button)
    assert at.session_state["authentication_status"] is None
    assert not any(BANNER in i.value for i in at.info)  # not in demo mode


def test_login_success_shows_own_pages_in_same_run(demo_db) -> None:
    at = login(app_test().run(), "Demo-Initiative", DEMO_PASSWORD)
    assert not at.exception
    assert at.session_state["authentication_status"] is True
    assert at.session_state["username"] == "demo-initiative"
    assert not errors(at)
    # the initiative's pages are registered right away (no rerun in the login run)
    at.switch_page("pages/projects.py").run()
    assert not at.exception
    events = recent_events(demo_db, username="demo-initiative")
    assert [e.success for e in events] == [True]


def test_login_failure_is_german_and_recorded(demo_db) -> None:
    at = login(app_test().run(), "demo-initiative", "falsches-passwort-123")
    assert at.session_state["authentication_status"] is False
    assert errors(at) == [LOGIN_FAILED]
    with pytest.raises(ValueError):
        at.switch_page("pages/projects.py")
    assert [e.success for e in recent_events(demo_db, username="demo-initiative")] == [False]


def test_unknown_user_fails_like_a_wrong_password(demo_db) -> None:
    at = login(app_test().run(), "niemand", DEMO_PASSWORD)
    assert errors(at) == [LOGIN_FAILED]
    assert [e.success for e in recent_events(demo_db, username="niemand")] == [False]


def test_too_long_password_is_a_failure_not_an_exception(demo_db) -> None:
    at = login(app_test().run(), "demo-initiative", "ä" * 60)
    assert not at.exception
    assert errors(at) == [LOGIN_FAILED]


def test_lockout_after_five_failures_and_release_after_window(
    demo_db, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = dt.datetime(2026, 11, 2, 10, 0)
    current = {"now": start}
    monkeypatch.setattr(clock, "now", lambda: current["now"])
    at = app_test().run()
    for minute in range(5):
        current["now"] = start + dt.timedelta(minutes=minute)
        at = login(at, "demo-initiative", f"falsch-{minute}-passwort")
        assert errors(at) == [LOGIN_FAILED]
    # sixth attempt, with the RIGHT password, inside the lock: refused before the password check
    current["now"] = start + dt.timedelta(minutes=10)
    at = login(at, "demo-initiative", DEMO_PASSWORD)
    assert errors(at) == [LOCKED_MESSAGE]
    assert at.session_state["authentication_status"] is not True
    # refused attempts are not counted, so the lock ends 15 minutes after the 5th failure
    current["now"] = start + dt.timedelta(minutes=18, seconds=59)
    at = login(at, "demo-initiative", DEMO_PASSWORD)
    assert errors(at) == [LOCKED_MESSAGE]
    current["now"] = start + dt.timedelta(minutes=19, seconds=1)
    at = login(at, "demo-initiative", DEMO_PASSWORD)
    assert not errors(at)
    assert at.session_state["authentication_status"] is True
    # other users were never affected
    successes = [e.success for e in recent_events(demo_db, username="demo-initiative")]
    assert successes == [True, False, False, False, False, False]


def test_lock_is_per_username(demo_db, monkeypatch: pytest.MonkeyPatch) -> None:
    now = dt.datetime(2026, 11, 2, 10, 0)
    monkeypatch.setattr(clock, "now", lambda: now)
    at = app_test().run()
    for i in range(5):
        at = login(at, "demo-admin", f"falsch-{i}-passwort")
    at = login(at, "demo-admin", DEMO_PASSWORD)
    assert errors(at) == [LOCKED_MESSAGE]
    at = login(at, "demo-koordination", DEMO_PASSWORD)
    assert at.session_state["username"] == "demo-koordination"


def test_logout_confirms_in_german_and_ends_session(demo_db) -> None:
    at = login(app_test().run(), "demo-admin", DEMO_PASSWORD)
    assert at.session_state["authentication_status"] is True
    # one ordinary run first: under AppTest's v1 emulation, widgets drawn after the second
    # st.navigation call of the login run get other ids than in later runs
    at = run_app(at)
    at = click(at, "Abmelden")
    assert not at.exception
    assert [s.value for s in at.success] == [LOGGED_OUT]
    assert at.session_state["authentication_status"] is None
    assert at.session_state["logout"] is True
    # the next run is anonymous again: the login form, no admin pages
    at = run_app(at)
    assert any(t.label == "Benutzername" for t in at.text_input)
    with pytest.raises(ValueError):
        at.switch_page("pages/admin.py")


def test_disabled_user_is_refused_even_with_a_live_session(demo_db) -> None:
    at = app_test("demo-initiative").run()
    at.switch_page("pages/projects.py").run()
    assert not at.exception
    with write_session(demo_db) as s:
        s.execute(update(User).where(User.username == "demo-initiative").values(active=False))
    at = run_app(at)
    assert ACCOUNT_DISABLED in errors(at)
    assert at.session_state["authentication_status"] is None
    with pytest.raises(ValueError):
        at.switch_page("pages/projects.py")


def test_disabled_user_cannot_log_in_with_password(demo_db) -> None:
    with write_session(demo_db) as s:
        s.execute(update(User).where(User.username == "demo-admin").values(active=False))
    at = login(app_test().run(), "demo-admin", DEMO_PASSWORD)
    assert errors(at) == [LOGIN_FAILED]
    assert at.session_state["authentication_status"] is not True

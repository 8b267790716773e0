"""AppTests of the login gate: the real login form, throttle and captcha, timing, server-side
sessions (logout, ending elsewhere, disabled accounts), cookies, demo mode."""

from __future__ import annotations

import datetime as dt
import statistics
import time

import pytest
from sqlalchemy import update

from mintqo.auth import clock, throttle, tokens
from mintqo.auth.authenticator_adapter import SESSION_ID, captcha_text
from mintqo.services import accounts
from mintqo.services import login as login_service
from mintqo.store.engine import write_session
from mintqo.store.login_events import recent_events
from mintqo.store.models import User
from mintqo.ui import login as login_ui
from mintqo.ui.demo_mode import BANNER
from mintqo.ui.login import (
    ACCOUNT_DISABLED,
    CAPTCHA_NEEDED,
    CAPTCHA_WRONG,
    FIELDS,
    LOGGED_OUT,
    LOGIN_FAILED,
    SESSION_ENDED,
)
from tests.conftest import DEMO_PASSWORD, app_test

COOKIE_KEY = "test-cookie-key-0123456789-abcdefghijklmnop"
NEW_PASSWORD = "Gelbe Tomaten fliegen"


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


def _clock(monkeypatch: pytest.MonkeyPatch, start: dt.datetime) -> dict:
    current = {"now": start}
    monkeypatch.setattr(clock, "now", lambda: current["now"])
    return current


def _from(monkeypatch: pytest.MonkeyPatch, address: str) -> None:
    """Sessions started from now on see this client address."""
    monkeypatch.setattr(login_ui, "_client", lambda _settings: address)


def attempt(at, username: str, password: str):
    """One login attempt; solves the captcha if the form shows one."""
    if FIELDS["Captcha"] in _field_labels(at):
        return solve_captcha_and_login(at, username, password)
    return login(at, username, password)


def test_growing_delays_for_one_account_from_one_address(demo_db, monkeypatch) -> None:
    start = dt.datetime(2026, 11, 2, 10, 0)
    current = _clock(monkeypatch, start)
    at = app_test().run()
    for n in range(throttle.PAIR_FREE):  # 3 free failures; then a captcha is shown
        current["now"] = start + dt.timedelta(seconds=n)
        at = attempt(at, "demo-initiative", f"falsch-{n}-passwort")
        assert errors(at) == [LOGIN_FAILED]
    assert FIELDS["Captcha"] in _field_labels(at)
    delays = []
    moment = start + dt.timedelta(seconds=2)
    for n in range(4):  # failures 4..7 wait 2, 4, 8, 16 s after the last failure
        at = attempt(at, "demo-initiative", f"noch-falsch-{n}-passwort")
        assert errors(at) == [LOGIN_FAILED]
        delay = throttle.delay_after(
            throttle.PAIR_FREE + 1 + n, throttle.PAIR_FREE, throttle.PAIR_MAX_DELAY
        )
        delays.append(delay.total_seconds())
        # within the delay even the right password is not looked at, and nothing is recorded
        current["now"] = moment + delay - dt.timedelta(seconds=1)
        at = attempt(at, "demo-initiative", DEMO_PASSWORD)
        assert errors(at) == [throttle.wait_message(1)]
        moment = current["now"] = moment + delay
    assert delays == [2, 4, 8, 16]
    assert len(recent_events(demo_db, username="demo-initiative")) == 7
    at = attempt(at, "demo-initiative", DEMO_PASSWORD)
    assert at.session_state["authentication_status"] is True


def solve_captcha_and_login(at, username: str, password: str, answer: str | None = None):
    text = captcha_text(at.session_state, COOKIE_KEY)
    assert text is not None and len(text) == 4
    _field(at, FIELDS["Captcha"]).input(answer if answer is not None else text)
    return login(at, username, password)


def test_an_attacker_cannot_lock_the_owner_out(demo_db, monkeypatch) -> None:
    """Hardening 1: five wrong passwords every 15 minutes kept demo-admin out for an hour."""
    _from(monkeypatch, "203.0.113.9")
    attacker = app_test().run()
    for n in range(12):
        attacker = login(attacker, "demo-admin", f"geraten-{n}-passwort")
        if _field_labels(attacker) & {FIELDS["Captcha"]}:
            break
    assert any(e.client == "203.0.113.9" for e in recent_events(demo_db, username="demo-admin"))
    _from(monkeypatch, "198.51.100.7")
    owner = login(app_test().run(), "demo-admin", DEMO_PASSWORD)
    assert errors(owner) == [CAPTCHA_NEEDED]  # the account is under attack: a captcha, no lock
    wrong = solve_captcha_and_login(owner, "demo-admin", DEMO_PASSWORD, answer="0000x")
    assert (
        errors(wrong) == [CAPTCHA_WRONG]
        and wrong.session_state["authentication_status"] is not True
    )
    owner = solve_captcha_and_login(wrong, "demo-admin", DEMO_PASSWORD)
    assert owner.session_state["authentication_status"] is True
    assert owner.session_state["username"] == "demo-admin"


def _field_labels(at) -> set[str]:
    return {t.label for t in at.text_input}


def test_unknown_names_cost_as_much_time_as_wrong_passwords(demo_db, monkeypatch) -> None:
    """Hardening 2: an unknown name answered in 0.014 s, a wrong password in 0.25 s (AppTest)."""
    start = dt.datetime(2026, 11, 2, 10, 0)
    current = _clock(monkeypatch, start)
    at = app_test().run()
    at = login(at, "niemand-da", "aufwaermen-passwort")  # first run, dummy hash made
    known, unknown = [], []
    for n in range(5):
        for name, times in (("demo-initiative", known), (f"niemand-{n}", unknown)):
            current["now"] += dt.timedelta(hours=2)  # outside the throttle window each time
            _field(at, "Benutzername").input(name)
            _field(at, "Passwort").input(f"falsch-{n}-passwort")
            _button(at, "Anmelden").click()
            began = time.perf_counter()
            at = run_app(at)
            times.append(time.perf_counter() - began)
            assert errors(at) == [LOGIN_FAILED]
    ratio = statistics.median(unknown) / statistics.median(known)
    print(
        f"median known {statistics.median(known):.3f} s, unknown {statistics.median(unknown):.3f} s"
    )
    assert 0.67 < ratio < 1.5, (known, unknown)


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


# --- server-side sessions and cookies (the browser's cookie jar is patched in) ------------------


def _cookie_jar(monkeypatch: pytest.MonkeyPatch, jar: dict[str, str]) -> None:
    from mintqo.auth import authenticator_adapter

    monkeypatch.setattr(authenticator_adapter, "_context_cookies", lambda: jar)


def _cookie_for(engine, username: str) -> str:
    started = login_service.start_session(engine, username, "", 1)
    return tokens.encode(username, started.session_id, started.expires_at, COOKIE_KEY)


def test_a_cookie_logs_in_only_while_its_session_is_open(demo_db, monkeypatch) -> None:
    jar: dict[str, str] = {}
    _cookie_jar(monkeypatch, jar)
    jar["mintqo_auth"] = _cookie_for(demo_db, "demo-koordination")
    at = app_test().run()
    assert at.session_state["authentication_status"] is True
    assert at.session_state["username"] == "demo-koordination"
    # logout ends the server-side session: the same cookie, replayed, logs in nobody
    at = run_app(at)
    at = click(at, "Abmelden")
    assert [s.value for s in at.success] == [LOGGED_OUT]
    replay = app_test().run()
    assert replay.session_state["authentication_status"] is not True
    assert SESSION_ENDED in errors(replay)
    assert replay.session_state[login_ui.COOKIE_PENDING] == "delete"


def test_a_session_ended_elsewhere_logs_this_browser_out(demo_db, monkeypatch) -> None:
    at = login(app_test().run(), "demo-initiative", DEMO_PASSWORD)
    at = run_app(at)
    assert at.session_state["authentication_status"] is True
    code = reset_code(demo_db, "demo-initiative")
    accounts.reset_password(demo_db, "demo-initiative", code, NEW_PASSWORD, NEW_PASSWORD)
    at = run_app(at)
    assert at.session_state["authentication_status"] is not True
    assert SESSION_ENDED in errors(at)
    with pytest.raises(ValueError):
        at.switch_page("pages/projects.py")


def reset_code(engine, username: str) -> str:
    from mintqo.services.invitations import issue_reset_as_operator

    return issue_reset_as_operator(engine, username).code


@pytest.mark.parametrize(
    "cookie",
    [
        "garbage",
        "a.b.c",
        "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJkZW1vLWFkbWluIiwic2lkIjoieCIsImV4cCI6OTk5OTk5OTk5OX0.",
        "hs512",
        "wrong-key",
        "expired",
        "unknown-session",
    ],
)
def test_malformed_cookies_count_as_no_login_and_are_deleted(demo_db, monkeypatch, cookie) -> None:
    import jwt

    claims = {"sub": "demo-admin", "sid": "x", "exp": 9_999_999_999}
    values = {
        "hs512": jwt.encode(claims, COOKIE_KEY * 2, algorithm="HS512"),
        "wrong-key": jwt.encode(claims, "another key with more than 32 chars", algorithm="HS256"),
        "expired": tokens.encode("demo-admin", "x", dt.datetime(2020, 1, 1), COOKIE_KEY),
        "unknown-session": tokens.encode("demo-admin", "x", dt.datetime(2099, 1, 1), COOKIE_KEY),
    }
    _cookie_jar(monkeypatch, {"mintqo_auth": values.get(cookie, cookie)})
    at = app_test().run()
    assert not at.exception
    assert at.session_state["authentication_status"] is not True
    assert any(t.label == "Benutzername" for t in at.text_input)
    assert at.session_state[login_ui.COOKIE_PENDING] == "delete"


def test_a_cookie_of_a_deleted_account_does_not_open_its_successor(demo_db, monkeypatch) -> None:
    from mintqo.services import invitations, members
    from mintqo.store.users import actor_for

    jar: dict[str, str] = {}
    _cookie_jar(monkeypatch, jar)
    colleague = invitations.create_member_invitation(demo_db, actor_for(demo_db, "demo-initiative"))
    accounts.register(demo_db, colleague.code, "wechsel", "", NEW_PASSWORD, NEW_PASSWORD)
    jar["mintqo_auth"] = _cookie_for(demo_db, "wechsel")
    members.leave_initiative(demo_db, actor_for(demo_db, "wechsel"), "wechsel")
    again = invitations.create_member_invitation(demo_db, actor_for(demo_db, "demo-initiative"))
    accounts.register(demo_db, again.code, "wechsel", "Neue Person", NEW_PASSWORD, NEW_PASSWORD)
    at = app_test().run()
    assert at.session_state["authentication_status"] is not True


def test_password_login_opens_a_session_record(demo_db) -> None:
    at = login(app_test().run(), "demo-admin", DEMO_PASSWORD)
    session_id = at.session_state[SESSION_ID]
    assert login_service.check_session(demo_db, session_id, "demo-admin").valid

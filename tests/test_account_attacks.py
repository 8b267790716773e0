"""The account attacks of issues 12 and 13, replayed through the app as an attacker would.

Only what every version of the app offers is used here (AppTest through ``app.py``, the CLI and
the store's user table), so each test can be run against older code too: there, each one fails.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

import pytest
from sqlalchemy import delete, func, insert, select
from streamlit_authenticator.utilities import Encryptor

from mintqo.cli import main as cli_main
from mintqo.store.engine import read_session, write_session
from mintqo.store.models import LoginEvent, OneTimeCode
from mintqo.store.users import actor_for, credential_for
from tests.conftest import DEMO_PASSWORD, app_test
from tests.test_login_flow import _button, _field, errors, login, run_app

COOKIE_KEY = "test-cookie-key-0123456789-abcdefghijklmnop"
NEW_PASSWORD = "Gelbe Tomaten fliegen"
CAPTCHA_KEY = "login_captcha"


@pytest.fixture(autouse=True)
def _login_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINTQO_COOKIE_KEY", COOKIE_KEY)
    monkeypatch.setenv("MINTQO_LOGIN_SLEEP", "0")


def _from(monkeypatch: pytest.MonkeyPatch, address: str) -> None:
    import mintqo.ui.login as gate

    monkeypatch.setattr(gate, "_client", lambda _settings: address, raising=False)


def _text_field(at, starts: str):
    return next(t for t in at.text_input if t.label.startswith(starts))


def _log_in_solving_captcha(at, username: str, password: str):
    """A login attempt; if the form asks for a captcha, answer it (the owner can read it)."""
    if any(t.label.startswith("Sicherheitsabfrage") for t in at.text_input):
        text = Encryptor(COOKIE_KEY).decrypt(at.session_state[CAPTCHA_KEY])
        _text_field(at, "Sicherheitsabfrage").input(text)
    at = login(at, username, password)
    if any(t.label.startswith("Sicherheitsabfrage") for t in at.text_input) and (
        at.session_state["authentication_status"] is not True
    ):
        text = Encryptor(COOKIE_KEY).decrypt(at.session_state[CAPTCHA_KEY])
        _text_field(at, "Sicherheitsabfrage").input(text)
        at = login(at, username, password)
    return at


def _invitations_page(username: str):
    at = app_test(username).run()
    return at.switch_page("pages/invitations.py").run()


def _register(code: str, username: str):
    at = app_test().run().switch_page("pages/register.py").run()
    _field(at, "Einladungscode").input(code)
    for label, value in {
        "Benutzername": username,
        "Anzeigename": "Jemand",
        "Neues Passwort": NEW_PASSWORD,
        "Neues Passwort wiederholen": NEW_PASSWORD,
    }.items():
        _field(at, label).input(value)
    return _button(at, "Konto anlegen").click().run()


def test_leak1_a_coordinator_cannot_join_an_initiative_with_accounts(demo_db) -> None:
    target = actor_for(demo_db, "demo-initiative").initiative_id
    at = _invitations_page("demo-koordination")
    next(r for r in at.radio if r.label == "Initiative").set_value("bestehend")
    at = at.run()
    picker = next((s for s in at.selectbox if s.label == "Initiative"), None)
    with read_session(demo_db) as s:
        from mintqo.store.models import Initiative

        name = s.get(Initiative, target).name
    if picker is not None and name in picker.options:
        picker.select(name)
        at = _button(at.run(), "Einladungscode erstellen").click().run()
        for code in [c.value for c in at.code]:
            _register(code, "eindringling")
    joined = actor_for(demo_db, "eindringling")
    assert joined is None or joined.initiative_id != target


def test_leak2_a_coordinator_cannot_take_over_an_initiative_account(demo_db) -> None:
    at = _invitations_page("demo-koordination")
    picker = next((s for s in at.selectbox if s.label == "Benutzerkonto"), None)
    if picker is not None:
        picker.select(next(o for o in picker.options if o.startswith("demo-initiative")))
        at = _button(at.run(), "Rücksetzcode erstellen").click().run()
        for code in [c.value for c in at.code]:
            page = app_test().run().switch_page("pages/reset_password.py").run()
            _field(page, "Benutzername").input("demo-initiative")
            _text_field(page, "Rücksetz").input(code)
            _field(page, "Neues Passwort").input(NEW_PASSWORD)
            _field(page, "Neues Passwort wiederholen").input(NEW_PASSWORD)
            _button(page, "Neues Passwort setzen").click().run()
    at = login(app_test().run(), "demo-initiative", NEW_PASSWORD)
    assert at.session_state["authentication_status"] is not True


def test_hardening1_failures_from_elsewhere_do_not_lock_the_owner_out(demo_db, monkeypatch) -> None:
    _from(monkeypatch, "203.0.113.9")
    attacker = app_test().run()
    for n in range(6):
        attacker = login(attacker, "demo-admin", f"geraten-{n}-passwort")
    _from(monkeypatch, "198.51.100.7")
    owner = _log_in_solving_captcha(app_test().run(), "demo-admin", DEMO_PASSWORD)
    assert owner.session_state["authentication_status"] is True


def test_hardening1_a_password_reset_lifts_the_throttle(demo_db, monkeypatch, capsys) -> None:
    _from(monkeypatch, "203.0.113.9")
    at = app_test().run()
    for n in range(6):
        at = login(at, "demo-initiative", f"vergessen-{n}-passwort")
    assert cli_main(["reset-code", "demo-initiative"]) == 0
    code = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    page = app_test().run().switch_page("pages/reset_password.py").run()
    _field(page, "Benutzername").input("demo-initiative")
    _text_field(page, "Rücksetz").input(code)
    _field(page, "Neues Passwort").input(NEW_PASSWORD)
    _field(page, "Neues Passwort wiederholen").input(NEW_PASSWORD)
    page = _button(page, "Neues Passwort setzen").click().run()
    assert not errors(page)
    at = login(app_test().run(), "demo-initiative", NEW_PASSWORD)
    assert at.session_state["authentication_status"] is True


def test_hardening2_unknown_names_take_as_long_as_wrong_passwords(demo_db) -> None:
    at = app_test().run()
    at = login(at, "aufwaermen", "aufwaermen-passwort")
    known, unknown = [], []
    for n in range(5):
        for name, times in (
            (f"demo-{['initiative', 'koordination', 'admin'][n % 3]}", known),
            (f"niemand-{n}", unknown),
        ):
            with write_session(demo_db) as s:  # no throttle or lock from earlier rounds
                s.execute(delete(LoginEvent))
            _field(at, "Benutzername").input(name)
            _field(at, "Passwort").input(f"falsch-{n}-passwort")
            _button(at, "Anmelden").click()
            began = time.perf_counter()
            at = run_app(at)
            times.append(time.perf_counter() - began)
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.67 < ratio < 1.5, (known, unknown)


@pytest.mark.parametrize(
    "weak",
    [
        "aaaaaaaaaa",
        "0000000000",
        "abcdefghij",
        "qwertzuiop",
        "passwort123",
        "hallo12345",
        "mintqo-demo-2026",
    ],
)
def test_hardening5_guessable_passwords_are_refused(demo_db, monkeypatch, weak) -> None:
    monkeypatch.setenv("WEAK_PW", weak)
    code = cli_main(["create-user", "schwach", "--role", "admin", "--password-env", "WEAK_PW"])
    assert code == 2 and credential_for(demo_db, "schwach") is None


def test_hardening6_password_change_guesses_are_limited(demo_db) -> None:
    at = app_test("demo-koordination").run().switch_page("pages/settings.py").run()
    for n in range(8):
        _field(at, "Aktuelles Passwort").input(f"geraten-{n}-passwort")
        _field(at, "Neues Passwort").input(NEW_PASSWORD)
        _field(at, "Neues Passwort wiederholen").input(NEW_PASSWORD)
        at = _button(at, "Passwort ändern").click().run()
    _field(at, "Aktuelles Passwort").input(DEMO_PASSWORD)
    at = _button(at, "Passwort ändern").click().run()
    from mintqo.passwords import verify_password

    assert not verify_password(
        NEW_PASSWORD, credential_for(demo_db, "demo-koordination").password_hash
    )
    with read_session(demo_db) as s:
        logged = s.scalar(
            select(func.count())
            .select_from(LoginEvent)
            .where(LoginEvent.username == "demo-koordination")
        )
    assert logged >= 4  # every checked guess is logged; refused ones are not checked


def test_hardening12_old_login_events_are_purged(demo_db) -> None:
    old = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=400)
    with write_session(demo_db) as s:
        s.execute(insert(LoginEvent).values(username="vertippt", at=old, success=False))
    login(app_test().run(), "demo-admin", DEMO_PASSWORD)
    with read_session(demo_db) as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(LoginEvent)
                .where(LoginEvent.at < old + dt.timedelta(days=1))
            )
            == 0
        )


def test_leak10_invitation_names_with_control_characters_are_refused(demo_db) -> None:
    at = _invitations_page("demo-koordination")
    _field(at, "Name der neuen Initiative").input("Init\x00NUL\x1b[31m\u202eevil")
    at = _button(at, "Einladungscode erstellen").click().run()
    assert not at.code
    with read_session(demo_db) as s:
        assert s.scalar(select(func.count()).select_from(OneTimeCode)) == 0

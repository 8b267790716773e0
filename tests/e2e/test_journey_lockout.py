"""Journey 4: five wrong passwords lock the user name; even the right password is then refused
with the German lockout message."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from mintqo.auth.lockout import LOCKED_MESSAGE, MAX_FAILURES
from mintqo.store.engine import read_session
from mintqo.store.models import LoginEvent
from mintqo.store.users import create_user
from mintqo.ui.login import LOGIN_FAILED
from tests.e2e.conftest import screenshot, script_run, wait_for_idle

USERNAME = "sperr-journey"
PASSWORD = "Richtiges Passwort für die Sperre"


def failures(engine) -> int:
    with read_session(engine) as s:
        return s.scalar(
            select(func.count())
            .select_from(LoginEvent)
            .where(LoginEvent.username == USERNAME, LoginEvent.success.is_(False))
        )


def attempt(page: Page, password: str) -> None:
    page.get_by_role("textbox", name="Benutzername").fill(USERNAME)
    page.get_by_role("textbox", name="Passwort").fill(password)
    with script_run(page):
        page.get_by_role("button", name="Anmelden").click()


def test_five_wrong_passwords_lock_the_account(app_server: str, app_store, page: Page) -> None:
    create_user(app_store, USERNAME, PASSWORD, "initiative", "Sperr-Test", initiative_id=2)
    page.goto(app_server)
    expect(page.get_by_role("textbox", name="Benutzername")).to_be_visible()
    wait_for_idle(page)

    for n in range(1, MAX_FAILURES + 1):
        attempt(page, f"falsches Passwort Nr. {n}")
        expect(page.get_by_text(LOGIN_FAILED)).to_be_visible()
        expect(page.get_by_text("Zu viele fehlgeschlagene Anmeldeversuche")).to_have_count(0)
        assert failures(app_store) == n
    screenshot(page, "lockout-1-fifth-failure")

    # locked: the right password does not help, and the German message says why
    attempt(page, PASSWORD)
    expect(page.get_by_text(LOCKED_MESSAGE)).to_be_visible()
    assert LOCKED_MESSAGE.startswith("Zu viele fehlgeschlagene Anmeldeversuche")
    expect(page.get_by_text("Angemeldet als")).to_have_count(0)
    expect(page.get_by_role("link", name="Projekte")).to_have_count(0)
    assert failures(app_store) == MAX_FAILURES  # refused attempts do not extend the lock
    screenshot(page, "lockout-2-locked")

"""Journey 4: wrong passwords slow an attacker down but never lock the owner out.

Three wrong passwords bring a captcha (not a lock: the right password still works once the
captcha is solved, and a fresh browser is asked for the captcha too); after the programme team
unlocks the account, its owner logs in without a captcha. Today's lockout – five failures and
even the right password refused for 15 minutes – must not come back.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from mintqo.store.engine import read_session
from mintqo.store.models import LoginEvent
from mintqo.store.users import actor_for, create_user
from mintqo.ui.login import CAPTCHA_NEEDED, FIELDS, LOGIN_FAILED
from tests.e2e.conftest import EXPECT_TIMEOUT_MS, screenshot, wait_for_idle
from tests.e2e.runs import ServerRuns

USERNAME = "sperr-journey"
PASSWORD = "Richtiges Passwort für die Sperre"


def failures(engine) -> int:
    with read_session(engine) as s:
        return s.scalar(
            select(func.count())
            .select_from(LoginEvent)
            .where(LoginEvent.username == USERNAME, LoginEvent.success.is_(False))
        )


def attempt(page: Page, runs: ServerRuns, password: str) -> None:
    """One login attempt, until the server says its run is over (by the websocket: a quick run
    can pass the page's run-state attribute unseen while the browser is busy, see runs.py)."""
    page.get_by_role("textbox", name="Benutzername").fill(USERNAME)
    page.get_by_role("textbox", name="Passwort").fill(password)
    with runs.finished_after():
        page.get_by_role("button", name="Anmelden").click()


def fresh_page(browser) -> tuple[Page, ServerRuns]:
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    page = context.new_page()
    return page, ServerRuns(page)


def test_failures_bring_a_captcha_never_a_lock(
    app_server: str, app_store, browser, page: Page
) -> None:
    create_user(app_store, USERNAME, PASSWORD, "initiative", "Sperr-Test", initiative_id=2)
    runs = ServerRuns(page)
    page.goto(app_server)
    expect(page.get_by_role("textbox", name="Benutzername")).to_be_visible()
    wait_for_idle(page)
    captcha = page.get_by_role("textbox", name=FIELDS["Captcha"])
    for n in range(1, 4):
        attempt(page, runs, f"falsches Passwort Nr. {n}")
        # one message once the run is drawn (the previous attempt's may linger while it draws)
        expect(page.get_by_text(LOGIN_FAILED)).to_have_count(1)
        expect(page.get_by_text(LOGIN_FAILED)).to_be_visible()
        assert failures(app_store) == n
    expect(captcha).to_be_visible()  # after three failures: a captcha, no lock
    expect(page.get_by_text("gesperrt")).to_have_count(0)
    screenshot(page, "lockout-1-captcha")

    # another browser with the right password is asked for the captcha, not refused
    owner, owner_runs = fresh_page(browser)
    try:
        owner.goto(app_server)
        expect(owner.get_by_role("textbox", name="Benutzername")).to_be_visible()
        wait_for_idle(owner)
        attempt(owner, owner_runs, PASSWORD)
        expect(owner.get_by_text(CAPTCHA_NEEDED)).to_be_visible()
        expect(owner.get_by_role("textbox", name=FIELDS["Captcha"])).to_be_visible()
        expect(owner.get_by_text("Angemeldet als")).to_have_count(0)
        screenshot(owner, "lockout-2-owner-captcha")
    finally:
        owner.context.close()

    # the programme team unlocks the account: its owner logs in without a captcha
    from mintqo.services.user_admin import unlock

    unlock(app_store, actor_for(app_store, "demo-admin"), actor_for(app_store, USERNAME).user_id)
    owner, owner_runs = fresh_page(browser)
    try:
        owner.goto(app_server)
        expect(owner.get_by_role("textbox", name="Benutzername")).to_be_visible()
        wait_for_idle(owner)
        expect(owner.get_by_role("textbox", name=FIELDS["Captcha"])).to_have_count(0)
        attempt(owner, owner_runs, PASSWORD)
        expect(owner.get_by_text("Angemeldet als")).to_be_visible()
        screenshot(owner, "lockout-3-unlocked")
    finally:
        owner.context.close()

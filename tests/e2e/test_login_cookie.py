"""The login cookie in a real browser: login survives a reload, logout survives a reload."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import update

from mintqo.store.engine import make_engine, write_session
from mintqo.store.models import User
from tests.e2e.conftest import (
    DEMO_PASSWORD,
    copy_store,
    screenshot,
    start_app_server,
    wait_for_idle,
)

COOKIE = "mintqo_auth"


def _has_cookie(page: Page) -> bool:
    return any(c["name"] == COOKIE for c in page.context.cookies())


def test_login_survives_reload_and_logout_survives_reload(app_server: str, page: Page) -> None:
    page.goto(app_server)
    username = page.get_by_role("textbox", name="Benutzername")
    expect(username).to_be_visible()
    wait_for_idle(page)
    username.fill("demo-initiative")
    page.get_by_role("textbox", name="Passwort").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()

    account = page.get_by_text("Angemeldet als")
    expect(account).to_be_visible()
    expect(page.get_by_role("link", name="Projekte")).to_be_visible()
    # the cookie component writes the cookie from JavaScript once the run reached the browser
    page.wait_for_function(f"document.cookie.includes('{COOKIE}=')")
    assert _has_cookie(page)
    screenshot(page, "login-done")

    page.reload()
    expect(account).to_be_visible()
    expect(page.get_by_role("link", name="Projekte")).to_be_visible()
    expect(page.get_by_role("textbox", name="Benutzername")).to_have_count(0)
    wait_for_idle(page)

    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_text("Sie wurden abgemeldet.")).to_be_visible()
    page.wait_for_function(f"!document.cookie.includes('{COOKIE}=')")
    assert not _has_cookie(page)

    page.reload()
    expect(page.get_by_role("textbox", name="Benutzername")).to_be_visible()
    expect(page.get_by_text("Angemeldet als")).to_have_count(0)
    expect(page.get_by_role("link", name="Projekte")).to_have_count(0)


def test_server_without_cookie_key_refuses_to_start(
    e2e_db_template: Path, tmp_path: Path, page: Page
) -> None:
    db = copy_store(e2e_db_template, tmp_path, "nokey")
    with start_app_server(db, {}) as url:
        page.goto(url)
        expect(page.get_by_text("Die Anmeldung ist nicht eingerichtet")).to_be_visible()
        expect(page.get_by_role("textbox", name="Benutzername")).to_have_count(0)


def _log_in(page: Page, url: str, username: str) -> None:
    page.goto(url)
    expect(page.get_by_role("textbox", name="Benutzername")).to_be_visible()
    wait_for_idle(page)
    page.get_by_role("textbox", name="Benutzername").fill(username)
    page.get_by_role("textbox", name="Passwort").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_text("Angemeldet als")).to_be_visible()
    page.wait_for_function(f"document.cookie.includes('{COOKIE}=')")


def test_disabled_account_is_refused_despite_valid_cookie(
    app_server: str, app_server_db: Path, page: Page
) -> None:
    _log_in(page, app_server, "demo-koordination")
    engine = make_engine(f"sqlite:///{app_server_db}")
    try:
        with write_session(engine) as s:
            s.execute(update(User).where(User.username == "demo-koordination").values(active=False))
        page.reload()
        expect(page.get_by_text("Dieses Benutzerkonto ist deaktiviert.")).to_be_visible()
        expect(page.get_by_text("Angemeldet als")).to_have_count(0)
        expect(page.get_by_role("link", name="Mein Netzwerk")).to_have_count(0)
        page.wait_for_function(f"!document.cookie.includes('{COOKIE}=')")
    finally:
        with write_session(engine) as s:
            s.execute(update(User).where(User.username == "demo-koordination").values(active=True))
        engine.dispose()


def test_demo_link_logs_in_and_sets_the_cookie(demo_app_server: str, page: Page) -> None:
    page.goto(f"{demo_app_server}/?demo=koordination")
    expect(page.get_by_text("Demo-Modus: Es werden synthetische Daten angezeigt.")).to_be_visible()
    expect(page.get_by_text("Angemeldet als")).to_be_visible()
    expect(page.get_by_role("link", name="Mein Netzwerk")).to_be_visible()
    page.wait_for_function(f"document.cookie.includes('{COOKIE}=')")
    page.goto(demo_app_server)  # without ?demo=: the cookie alone logs in
    expect(page.get_by_text("Angemeldet als")).to_be_visible()
    expect(page.get_by_role("link", name="Mein Netzwerk")).to_be_visible()

"""The login cookie in a real browser: login and logout survive a reload, a copied cookie is
worthless once its session ended, unreadable cookies are no login."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import update

from mintqo.store.engine import make_engine, write_session
from mintqo.store.models import User
from tests.e2e.conftest import (
    COOKIE_KEY,
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
    # the cookie's script runs once the login's run reached the browser
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


# --- a copied cookie is worth nothing once its session ended; unreadable cookies are no login ---


def _fresh(browser) -> Page:
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    return context.new_page()


def _copy_cookie(page: Page) -> dict:
    cookie = next(c for c in page.context.cookies() if c["name"] == COOKIE)
    return {key: cookie[key] for key in ("name", "value", "domain", "path")}


def _replay(browser, url: str, cookie: dict) -> Page:
    thief = _fresh(browser)
    thief.context.add_cookies([cookie])
    thief.goto(url)
    return thief


def test_cookie_replayed_after_logout_logs_in_nobody(app_server: str, browser, page: Page) -> None:
    """Hardening 3: a cookie captured before logout still logged in afterwards."""
    _log_in(page, app_server, "demo-koordination")
    cookie = _copy_cookie(page)
    page.reload()
    expect(page.get_by_text("Angemeldet als")).to_be_visible()
    wait_for_idle(page)
    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_text("Sie wurden abgemeldet.")).to_be_visible()
    thief = _replay(browser, app_server, cookie)
    try:
        expect(thief.get_by_role("textbox", name="Benutzername")).to_be_visible()
        expect(thief.get_by_text("Angemeldet als")).to_have_count(0)
        thief.wait_for_function(f"!document.cookie.includes('{COOKIE}=')")  # deleted
        screenshot(thief, "cookie-replay-after-logout")
    finally:
        thief.context.close()


def test_cookie_replayed_after_a_password_reset_logs_in_nobody(
    app_server: str, app_store, browser, page: Page
) -> None:
    from mintqo.services.accounts import reset_password
    from mintqo.services.invitations import issue_reset_as_operator
    from mintqo.store.users import create_user

    create_user(app_store, "cookie-reset", "Ein Satz aus vielen Wörtern 2026", "admin")
    page.goto(app_server)
    expect(page.get_by_role("textbox", name="Benutzername")).to_be_visible()
    wait_for_idle(page)
    page.get_by_role("textbox", name="Benutzername").fill("cookie-reset")
    page.get_by_role("textbox", name="Passwort").fill("Ein Satz aus vielen Wörtern 2026")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_text("Angemeldet als")).to_be_visible()
    page.wait_for_function(f"document.cookie.includes('{COOKIE}=')")
    # the login's run is over before the reset (a run after it would log this page out at once)
    wait_for_idle(page)
    cookie = _copy_cookie(page)
    code = issue_reset_as_operator(app_store, "cookie-reset").code
    reset_password(
        app_store, "cookie-reset", code, "Gelbe Tomaten fliegen", "Gelbe Tomaten fliegen"
    )
    thief = _replay(browser, app_server, cookie)
    try:
        expect(thief.get_by_role("textbox", name="Benutzername")).to_be_visible()
        expect(thief.get_by_text("Angemeldet als")).to_have_count(0)
    finally:
        thief.context.close()
    page.reload()  # the browser that was logged in is logged out too
    expect(page.get_by_text("Ihre Anmeldung ist abgelaufen oder wurde beendet")).to_be_visible()
    expect(page.get_by_text("Angemeldet als")).to_have_count(0)


def _malformed_tokens() -> dict[str, str]:
    import base64
    import json

    import jwt

    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    claims = {"sub": "demo-admin", "sid": "x", "exp": 9_999_999_999}
    return {
        "alg-none": f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}.",
        "hs512": jwt.encode(claims, COOKIE_KEY * 2, algorithm="HS512"),
        "wrong-key": jwt.encode(claims, "another key with more than 32 chars", algorithm="HS256"),
        "expired": jwt.encode({**claims, "exp": 1_600_000_000}, COOKIE_KEY, algorithm="HS256"),
        "old-format": jwt.encode({"username": "demo-admin", "exp_date": 9e9}, COOKIE_KEY),
        "garbage": "not-a-token",
    }


def test_malformed_cookies_are_no_login_and_get_deleted(app_server: str, browser) -> None:
    """Hardening 4: a token signed with alg none or HS512 broke the app for that browser."""
    from urllib.parse import urlparse

    host = urlparse(app_server).hostname
    for name, token in _malformed_tokens().items():
        page = _fresh(browser)
        try:
            page.context.add_cookies(
                [{"name": COOKIE, "value": token, "domain": host, "path": "/"}]
            )
            page.goto(app_server)
            expect(page.get_by_role("textbox", name="Benutzername")).to_be_visible()
            wait_for_idle(page)
            expect(page.get_by_text("Angemeldet als")).to_have_count(0)
            expect(page.get_by_test_id("stException")).to_have_count(0)
            expect(page.get_by_text("Error")).to_have_count(0)
            page.wait_for_function(f"!document.cookie.includes('{COOKIE}=')")
            screenshot(page, f"cookie-malformed-{name}")
        finally:
            page.context.close()

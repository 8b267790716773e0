"""Browser tests: the real Streamlit server + headless Chromium (Playwright, sync API).

Reusable pieces for journeys:

- ``e2e_db_template``: a seeded demo SQLite file (once per session).
- ``start_app_server(db_path, env)``: context manager that starts ``python -m mintqo serve`` on a
  free port with that store and environment, waits for ``/_stcore/health`` and yields the base
  URL; the server log goes to ``test-output/e2e/``.
- ``demo_app_server``: the same in demo mode (``MINTQO_DEMO=1``), on its own store copy.
- ``app_server``: one such server for the session, login mode (``MINTQO_COOKIE_KEY`` set, NOT
  demo mode) on a private copy of the demo store. Journeys share it: don't rely on a pristine
  database, and create what you change. ``app_server_db`` is its SQLite file.
- ``browser`` (session) and ``page`` (a fresh browser context per test, so no cookies leak
  between tests; a screenshot of the final state is saved as ``test-output/e2e/<test>.png``).
- ``screenshot(page, name)``: save an extra screenshot; ``wait_for_idle(page)``: wait until no
  script run is in progress (use it after ``goto``/``reload`` before typing).
- ``log_in(page, url, username, password)``: the login form on the start page, up to the cookie;
  ``open_page(page, title, heading)`` / ``follow(page, link, heading)``: open a sidebar entry /
  a page link by loading its address, then wait until the page is drawn and idle.
- ``script_run(page)``: context manager; the action inside it must start a script run, and the
  block ends when that run is over (e.g. repeated clicks that each show the same message).
- ``app_store`` (session): an engine on ``app_server_db`` for set-up and checks in the test;
  ``store_actor(engine, username)``: a user's ``Actor`` (e.g. the admin issuing an invitation).
- Journey order: the coordinator journey looks for the initiative that the initiative journey
  registered, so in a full run that module is collected first (it seeds one itself otherwise).

Wait with Playwright's auto-waiting ``expect(...)``/``wait_for_*``; never sleep.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output" / "e2e"
DEMO_PASSWORD = "demo-passwort-2026"
COOKIE_KEY = "e2e-cookie-key-" + "0123456789abcdef" * 2
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_TIMEOUT_S = 60
EXPECT_TIMEOUT_MS = 20_000


# Modules that must run before others when both are collected (pytest sorts by file name).
RUN_FIRST = ("test_journey_initiative.py",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)
    first = [i for i in items if Path(str(i.fspath)).name in RUN_FIRST]
    if not first:
        return
    # Move those items in front of the first e2e item; everything else keeps its order.
    rest = [i for i in items if Path(str(i.fspath)).name not in RUN_FIRST]
    e2e_at = next(
        (n for n, i in enumerate(rest) if Path(str(i.fspath)).is_relative_to(here)), len(rest)
    )
    items[:] = rest[:e2e_at] + first + rest[e2e_at:]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def start_app_server(db_path: Path, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """Run the app on a free port against ``db_path``; yields ``http://127.0.0.1:<port>``."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    server_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("MINTQO_") and key != "DATABASE_URL"
    }
    server_env.update(
        {
            "DATABASE_URL": f"sqlite:///{db_path}",
            "MINTQO_LOGIN_SLEEP": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    server_env.update(env or {})
    log_path = OUTPUT / f"server-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mintqo",
                "serve",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=ROOT,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT_S
            while not _healthy(url):  # polling a start-up, not synchronising a test step
                if process.poll() is not None:
                    raise RuntimeError(f"server exited early, see {log_path}")
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"server not healthy after {STARTUP_TIMEOUT_S} s, see {log_path}"
                    )
                time.sleep(0.1)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def e2e_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mintqo import demo
    from tests.conftest import sqlite_engine

    os.environ.setdefault("MINTQO_DEMO_PASSWORD", DEMO_PASSWORD)
    path = tmp_path_factory.mktemp("e2e") / "template.sqlite3"
    with sqlite_engine(path) as engine:
        demo.seed(engine)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def copy_store(template: Path, directory: Path, name: str) -> Path:
    target = directory / f"{name}.sqlite3"
    shutil.copyfile(template, target)
    return target


@pytest.fixture(scope="session")
def app_server_db(e2e_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SQLite file behind ``app_server`` (to prepare or check data around a journey)."""
    return copy_store(e2e_db_template, tmp_path_factory.mktemp("e2e-login"), "login")


@pytest.fixture(scope="session")
def app_server(app_server_db: Path) -> Iterator[str]:
    with start_app_server(app_server_db, {"MINTQO_COOKIE_KEY": COOKIE_KEY}) as url:
        yield url


@pytest.fixture(scope="session")
def demo_app_server(
    e2e_db_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A server in demo mode (MINTQO_DEMO=1, no cookie key: the public demo key is used)."""
    db = copy_store(e2e_db_template, tmp_path_factory.mktemp("e2e-demo"), "demo")
    with start_app_server(db, {"MINTQO_DEMO": "1"}) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    # The first run of a fresh server imports pandas, altair, … : allow for it in every expect.
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)

    with sync_playwright() as playwright:
        options: dict = {"headless": True, "args": CHROMIUM_ARGS}
        if SYSTEM_CHROMIUM.exists():
            options["executable_path"] = str(SYSTEM_CHROMIUM)
        browser = playwright.chromium.launch(**options)
        yield browser
        browser.close()


def wait_for_idle(page) -> None:
    """Wait until the app's script is not running (after a page load or an interaction).

    Right after a page load the cookie-reader component reports the browser's cookies, which
    triggers one more run; interacting during those first runs can race with them, so
    journeys call this before typing into a freshly loaded page.
    """
    from playwright.sync_api import expect

    app = page.locator('[data-testid="stApp"]')
    expect(app).to_have_attribute("data-test-script-state", "notRunning")
    # the cookie reader has rendered (and with that reported the cookies, starting a run) ...
    reader = page.frame_locator('iframe[title*="cookie_manager"]').first
    expect(reader.locator("#root > div")).to_be_attached()
    # ... and that run is over
    expect(app).to_have_attribute("data-test-script-state", "notRunning")


def screenshot(page, name: str) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    page = context.new_page()
    yield page
    try:
        screenshot(page, request.node.name)
    finally:
        context.close()


def log_in(page, url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the form on the start page and wait until the login cookie is written."""
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.get_by_role("textbox", name="Benutzername")).to_be_visible()
    wait_for_idle(page)
    page.get_by_role("textbox", name="Benutzername").fill(username)
    page.get_by_role("textbox", name="Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_text("Angemeldet als")).to_be_visible()
    page.wait_for_function("document.cookie.includes('mintqo_auth=')")
    wait_for_idle(page)


def follow(page, link, heading: str | None = None) -> None:
    """Open the page a navigation link (sidebar or ``st.page_link``) points to, as a fresh page
    load (the login cookie logs the user in again), and wait until it is drawn and idle.

    Why not ``link.click()``: a client-side page switch is now and then undone by the rerun that
    the remounted cookie component triggers right after it (the app stays on, or returns to,
    the old page; seen in about 1 of 8 journeys). Loading the link's address keeps the journeys
    deterministic; the link itself must still be there and point to the right page.
    """
    from urllib.parse import urljoin

    from playwright.sync_api import expect

    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href, "navigation link without an address"
    page.goto(urljoin(page.url, href))
    if heading is not None:
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    wait_for_idle(page)


def open_page(page, title: str, heading: str | None = None) -> None:
    """Open the page behind the sidebar entry ``title`` (see :func:`follow`) and wait until
    its title ``heading`` (default ``title``) is drawn and the app is idle."""
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
    follow(page, link, heading or title)


_WATCH_RUN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    window.__mintqoRun = "waiting";
    const observer = new MutationObserver(() => {
        const state = app.getAttribute("data-test-script-state");
        if (state !== "notRunning") {
            window.__mintqoRun = "started";
        } else if (window.__mintqoRun === "started") {
            window.__mintqoRun = "done";
            observer.disconnect();
        }
    });
    observer.observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
}"""


@contextmanager
def script_run(page) -> Iterator[None]:
    """Wait for the script run started by the action in the ``with`` block to finish.

    Watches the app's run-state attribute from before the action, so a quick run cannot slip
    through unseen (unlike waiting for "notRunning" after the click).
    """
    page.evaluate(_WATCH_RUN)
    yield
    page.wait_for_function("window.__mintqoRun === 'done'")


def open_section(page, label: str) -> None:
    """Click the section tab ``label`` of a page with sections ("Mein Netzwerk", "Nationale
    Übersicht") and wait for the run that draws it."""
    from playwright.sync_api import expect

    tab = page.get_by_role("tab", name=label, exact=True)
    if tab.get_attribute("aria-selected") != "true":
        # A click during a run restarts that run: the run state never leaves "running", and
        # script_run would miss the run the click started. Click when the app is idle.
        expect(page.get_by_test_id("stApp")).to_have_attribute(
            "data-test-script-state", "notRunning"
        )
        with script_run(page):
            tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")


@pytest.fixture(scope="session")
def app_store(app_server_db: Path):
    """An engine on ``app_server``'s store (the server has migrated it already)."""
    from mintqo.store.engine import make_engine

    engine = make_engine(f"sqlite:///{app_server_db}")
    yield engine
    engine.dispose()


def store_actor(engine, username: str):
    from mintqo.store.users import actor_for

    actor = actor_for(engine, username)
    assert actor is not None, f"no user {username!r} in the e2e store"
    return actor

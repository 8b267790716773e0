"""Browser tests: the real Streamlit server + headless Chromium (Playwright, sync API).

Reusable pieces for journeys (the plain helpers are in ``harness.py``, shared with
``scripts/screenshots.py`` and ``benchmarks/bench_browser.py``, and importable from here):

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
- ``ServerRuns`` (``runs.py``): wait for the script run an action starts, by the server's own
  message (e.g. repeated clicks that each show the same message).
- ``app_store`` (session): an engine on ``app_server_db`` for set-up and checks in the test;
  ``store_actor(engine, username)``: a user's ``Actor`` (e.g. the admin issuing an invitation).
- Journey order: the coordinator journey looks for the initiative that the initiative journey
  registered, so in a full run that module is collected first (it seeds one itself otherwise).

Wait with Playwright's auto-waiting ``expect(...)``/``wait_for_*``; never sleep.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# The helpers live in harness.py (no pytest there), so scripts and benchmarks share them; the
# tests import them from here as before.
from tests.e2e.harness import (  # noqa: F401 (re-exported for the tests)
    COOKIE_KEY,
    DEMO_PASSWORD,
    EXPECT_TIMEOUT_MS,
    OUTPUT,
    follow,
    launch_chromium,
    log_in,
    open_page,
    open_section,
    start_app_server,
    wait_for_idle,
)

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
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


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

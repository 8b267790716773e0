"""The app in a real browser, without pytest: a server on a free port, Chromium, waiting.

Shared by the browser tests (``conftest.py`` wraps these in fixtures), the screenshot script
(``scripts/screenshots.py``) and the browser benchmark (``benchmarks/bench_browser.py``), so the
three start, log in and wait exactly the same way. Nothing here imports pytest.

- ``start_app_server(db_path, env, root=...)``: ``python -m mintqo serve`` of the checkout at
  ``root`` (default: this one) on a free port (never 8501) with that store; yields the base URL
  (``app_server_process``: the same, with the server process).
- ``seed_demo_store(path, root=...)``: a fresh demo store, seeded by that checkout's own CLI
  (an older checkout has an older schema).
- ``launch_chromium(playwright)``: Debian's ``/usr/bin/chromium`` headless if installed, else
  Playwright's own.
- ``wait_for_idle``, ``log_in``, ``follow``, ``open_page``, ``open_section``:
  see each docstring.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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
STREAMLIT_DEFAULT_PORT = 8501  # somebody's `scripts/run.sh` may be using it


def free_port() -> int:
    """A free port on 127.0.0.1, never Streamlit's default (a developer's app may want it)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port != STREAMLIT_DEFAULT_PORT:
            return port


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def _clean_env(extra: Mapping[str, str]) -> dict[str, str]:
    """The caller's environment without any mintqo setting of its own, plus ``extra``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("MINTQO_") and key != "DATABASE_URL"
    }
    env.update(extra)
    return env


def seed_demo_store(path: Path, root: Path = ROOT, password: str = DEMO_PASSWORD) -> Path:
    """A new SQLite store at ``path`` with the demo data, seeded by ``root``'s own CLI."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    env = _clean_env({"DATABASE_URL": f"sqlite:///{path}", "MINTQO_DEMO_PASSWORD": password})
    done = subprocess.run(
        [sys.executable, "-m", "mintqo", "seed-demo"],
        cwd=root,
        env=env,
        capture_output=True,  # progress bars; shown only if seeding fails
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"seed-demo failed in {root}:\n{done.stderr[-2000:]}")
    return path


@dataclass(frozen=True)
class AppServer:
    url: str  # http://127.0.0.1:<port>
    process: subprocess.Popen  # for a profiler (py-spy --pid)
    log_path: Path


@contextmanager
def app_server_process(
    db_path: Path,
    env: Mapping[str, str] | None = None,
    root: Path = ROOT,
    log_dir: Path = OUTPUT,
) -> Iterator[AppServer]:
    """Run the app of the checkout ``root`` on a free port against ``db_path`` until the block
    ends. The login form does not wait (``MINTQO_LOGIN_SLEEP=0``) unless ``env`` says
    otherwise; the server log goes to ``log_dir/server-<port>.log``."""
    log_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server_env = _clean_env(
        {
            "DATABASE_URL": f"sqlite:///{db_path}",
            "MINTQO_LOGIN_SLEEP": "0",
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
    )
    log_path = log_dir / f"server-{port}.log"
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
            cwd=root,
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
            yield AppServer(url, process, log_path)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def start_app_server(
    db_path: Path,
    env: Mapping[str, str] | None = None,
    root: Path = ROOT,
    log_dir: Path = OUTPUT,
) -> Iterator[str]:
    """:func:`app_server_process`, yielding only the base URL ``http://127.0.0.1:<port>``."""
    with app_server_process(db_path, env, root, log_dir) as server:
        yield server.url


def launch_chromium(playwright):
    """Headless Chromium: Debian's package if installed (what CI uses), else Playwright's."""
    options: dict = {"headless": True, "args": CHROMIUM_ARGS}
    if SYSTEM_CHROMIUM.exists():
        options["executable_path"] = str(SYSTEM_CHROMIUM)
    return playwright.chromium.launch(**options)


def wait_for_idle(page) -> None:
    """Wait until the app's script is not running (after a page load or an interaction).

    Call it once the page shows something the run draws: the run that drew it is then over
    when the state says "notRunning" (a page load brings one run; the login cookie is read
    from the page load and written by a script, no component reports back with a rerun).
    """
    from playwright.sync_api import expect

    app = page.locator('[data-testid="stApp"]')
    expect(app).to_have_attribute("data-test-script-state", "notRunning")


def log_in(page, url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the form on the start page and wait until the login cookie is written."""
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.get_by_role("textbox", name="Benutzername")).to_be_visible()
    wait_for_idle(page)
    page.get_by_role("textbox", name="Benutzername").fill(username)
    page.get_by_role("textbox", name="Passwort").fill(password)
    page.get_by_role("button", name="Anmelden", exact=True).click()  # not the demo buttons
    expect(page.get_by_text("Angemeldet als")).to_be_visible()
    page.wait_for_function("document.cookie.includes('mintqo_auth=')")
    wait_for_idle(page)


def follow(page, link, heading: str | None = None) -> None:
    """Open the page a navigation link (sidebar or ``st.page_link``) points to, as a fresh page
    load (the login cookie logs the user in again), and wait until it is drawn and idle.

    Why not ``link.click()``: a client-side page switch was now and then undone by a rerun that
    a component triggered right after it (seen in about 1 of 8 journeys, with the cookie
    component the login no longer draws). Loading the link's address keeps the journeys
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
    let started = false;
    const observer = new MutationObserver((records) => {
        // A busy browser can deliver "running" and "notRunning" in one batch: the records'
        // old values still show that a run happened in between.
        const state = app.getAttribute("data-test-script-state");
        started = started || state !== "notRunning"
            || records.some((r) => r.oldValue !== null && r.oldValue !== "notRunning");
        if (started && state === "notRunning") {
            window.__mintqoRun = "done";
            observer.disconnect();
        } else if (started) {
            window.__mintqoRun = "started";
        }
    });
    observer.observe(app, {
        attributes: true, attributeOldValue: true, attributeFilter: ["data-test-script-state"],
    });
}"""


def open_section(page, label: str) -> None:
    """Click the section tab ``label`` of a page with sections ("Mein Netzwerk", "Nationale
    Übersicht") and wait for the run that draws it."""
    from playwright.sync_api import expect

    tab = page.get_by_role("tab", name=label, exact=True)
    if tab.get_attribute("aria-selected") != "true":
        # A click during a run restarts that run: the run state never leaves "running", and
        # a watch of the run state would miss the run the click started. Click when idle.
        expect(page.get_by_test_id("stApp")).to_have_attribute(
            "data-test-script-state", "notRunning"
        )
        page.evaluate(_WATCH_RUN)
        tab.click()
        try:
            page.wait_for_function("window.__mintqoRun === 'done'", timeout=EXPECT_TIMEOUT_MS / 2)
        except Exception:  # a run the browser reported too fast to see: the callers check the
            # section's content themselves; a run still going is waited for here
            expect(page.get_by_test_id("stApp")).to_have_attribute(
                "data-test-script-state", "notRunning"
            )
    expect(tab).to_have_attribute("aria-selected", "true")

"""What a user feels: clicks in Chromium until the page has settled (issue 14, item 20).

    .venv/bin/python benchmarks/bench_browser.py [--repeat 12] [--only login tabs …]
    .venv/bin/python benchmarks/bench_browser.py --root /tmp/mintqo-before --label before

Seeds a fresh demo store with the checkout's own CLI (``--root``: another checkout, e.g. a
``git worktree`` of an older commit, run with this interpreter), starts that checkout's app in
demo mode on a free port (never 8501) with the login form's production brake
(``MINTQO_LOGIN_SLEEP=0.7``), and clicks through it in headless Chromium (Debian's
``/usr/bin/chromium``) as the demo users. Each click is timed in the browser until the app has
settled: its runs finished (the server's ``script_finished``) and the page drawn, see
``browser_clicks.py``. Every scenario first clicks once untimed (the process's first view of a
page builds its caches once for everybody), then ``--repeat`` times timed; a click the app
does not offer (an older checkout) is reported as n/a. ``--profile SCENARIO`` samples the
server with py-spy (``profiling.py``) during that scenario.

Results: ``/tmp/mintqo-bench/results/browser-<label>.json`` with the machine's load and the CPU
calibration (``common.save_result``); the table in benchmarks/README.md comes from them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from browser_clicks import pause, prepare, settle, timed
from common import ROOT, busy_warning, code_state, load_average, save_result, summary
from profiling import profile_summary, start_profiler, stop_profiler

from tests.e2e.harness import (
    DEMO_PASSWORD,
    app_server_process,
    launch_chromium,
    seed_demo_store,
)

TARGET_MS = 300
Scenario = Callable[["Run"], None]
SCENARIOS: dict[str, tuple[str, Scenario]] = {}


def scenario(name: str, label: str) -> Callable[[Scenario], Scenario]:
    def register(fn: Scenario) -> Scenario:
        SCENARIOS[name] = (label, fn)
        return fn

    return register


class NotOffered(Exception):
    """The app under test has no such control (an older checkout): the row is n/a."""


class Run:
    """One benchmark run: the server, the browser, the samples per measured click."""

    def __init__(self, url: str, browser, repeat: int) -> None:
        self.url, self.browser, self.repeat = url, browser, repeat
        self.samples: dict[str, list] = {}
        self.missing: set[str] = set()
        self.errors: dict[str, int] = {}
        self.second_clicks: dict[str, int] = {}  # a list that needed a second click to open

    def page(self, viewport: tuple[int, int] = (1280, 720)):
        context = self.browser.new_context(
            locale="de-DE",
            timezone_id="Europe/Berlin",
            viewport={"width": viewport[0], "height": viewport[1]},
        )
        context.set_default_timeout(15_000)
        prepare(context)
        return context.new_page()

    def open(self, page, path: str = "") -> None:
        page.goto(f"{self.url}/{path}")
        settle(page)

    def login(self, page, username: str) -> None:
        """Password login (untimed), ending on the user's first page."""
        self.open(page)
        page.get_by_role("textbox", name="Benutzername").fill(username)
        page.get_by_role("textbox", name="Passwort").fill(DEMO_PASSWORD)
        timed(page, lambda: page.get_by_role("button", name="Anmelden", exact=True).click())

    def time(self, key: str, page, action: Callable[[], None], check=None) -> None:
        """Time one click; ``check`` (optional) says whether it did what it should."""
        click = timed(page, action)
        if check is not None and not check():
            self.errors[key] = self.errors.get(key, 0) + 1
            return
        self.samples.setdefault(key, []).append(click)
        pause()


def control(locator, timeout: int = 3000):
    """``locator`` if the app offers it, else :class:`NotOffered`."""
    try:
        locator.first.wait_for(state="visible", timeout=timeout)
    except Exception as exc:  # Playwright's TimeoutError
        raise NotOffered(str(locator)) from exc
    return locator.first


def sidebar(page, title: str):
    return control(page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True))


def on_page(page, link_href: str) -> Callable[[], bool]:
    return lambda: page.url.split("?")[0].rstrip("/") == link_href.split("?")[0].rstrip("/")


# --- scenarios ---------------------------------------------------------------------------------


@scenario("login", "Passwort-Anmeldung bis zur ersten Seite (Initiative: Projekte)")
def _login(run: Run) -> None:
    _password_login(run, "login", "demo-initiative")


@scenario("login-coordinator", "Passwort-Anmeldung bis „Mein Netzwerk“ steht (Koordination)")
def _login_coordinator(run: Run) -> None:
    _password_login(run, "login-coordinator", "demo-koordination")


def _password_login(run: Run, key: str, username: str) -> None:
    for n in range(run.repeat + 1):
        page = run.page()
        run.open(page)
        page.get_by_role("textbox", name="Benutzername").fill(username)
        page.get_by_role("textbox", name="Passwort").fill(DEMO_PASSWORD)
        button = page.get_by_role("button", name="Anmelden", exact=True)
        if n == 0:
            timed(page, button.click)
        else:
            run.time(
                key, page, button.click, lambda p=page: p.get_by_text("Angemeldet als").count() > 0
            )
        page.context.close()


@scenario("demo-login", "Demo-Anmeldung (ein Klick) bis „Mein Netzwerk“ steht")
def _demo_login(run: Run) -> None:
    for n in range(run.repeat + 1):
        page = run.page()
        run.open(page)
        button = control(page.get_by_role("button", name="Als Demo-Netzwerkkoordination anmelden"))
        if n == 0:
            timed(page, button.click)
        else:
            run.time(
                "demo-login",
                page,
                button.click,
                lambda p=page: p.get_by_text("Angemeldet als").count() > 0,
            )
        page.context.close()


def _pages_cycle(run: Run, user: str, titles: list[str], prefix: str) -> None:
    """Click through sidebar pages in turn: every click a page switch (first round untimed)."""
    page = run.page()
    run.login(page, user)
    for n in range(run.repeat + 1):
        for title in titles:
            try:
                link = sidebar(page, title)
            except NotOffered:
                run.missing.add(f"{prefix}:{title}")
                continue
            href = link.get_attribute("href") or ""
            if n == 0:
                timed(page, link.click)
            else:
                run.time(f"{prefix}:{title}", page, link.click, on_page(page, href))
    page.context.close()


@scenario("pages-initiative", "Seite öffnen (Seitenleiste), Initiative")
def _pages_initiative(run: Run) -> None:
    titles = ["Projekte", "Selbstanalyse", "Mein Profil", "Maßnahmenplan", "Einstellungen"]
    _pages_cycle(run, "demo-initiative", titles, "page")


@scenario("pages-coordinator", "Seite öffnen (Seitenleiste), Koordination")
def _pages_coordinator(run: Run) -> None:
    titles = ["Mein Netzwerk", "Workshop-Modus", "Einladungen", "Einstellungen"]
    _pages_cycle(run, "demo-koordination", titles, "page-coordinator")


@scenario("pages-admin", "Seite öffnen (Seitenleiste), Programmteam")
def _pages_admin(run: Run) -> None:
    titles = ["Nationale Übersicht", "Mein Netzwerk", "Verwaltung"]
    _pages_cycle(run, "demo-admin", titles, "page-admin")


@scenario("network-switch", "Netzwerk wechseln (Programmteam, „Mein Netzwerk“)")
def _network_switch(run: Run) -> None:
    page = run.page()
    run.login(page, "demo-admin")
    link = sidebar(page, "Mein Netzwerk")
    timed(page, link.click)
    box = control(page.get_by_role("combobox", name="Netzwerk"))
    box.click()
    names = [o.inner_text().strip() for o in page.get_by_role("option").all()]
    page.keyboard.press("Escape")
    settle(page)
    # every network once (its first view in this process), then the same ones again
    chosen = names[1 : run.repeat + 1]
    for again in (False, True):
        for name in chosen:
            key = "network-switch-again" if again else "network-switch-first"
            box.click()
            option = page.get_by_role("option", name=name, exact=True)
            run.time(
                key,
                page,
                option.click,
                lambda n=name: page.get_by_role("heading", level=1).filter(has_text=n).count() > 0,
            )
    page.context.close()


def _tabs_cycle(run: Run, page, key: str) -> None:
    tabs = page.get_by_role("tab")
    if not tabs.count():
        run.missing.add(key)
        return
    labels = [t.inner_text().strip() for t in tabs.all()]
    for n in range(run.repeat + 1):
        for label in [*labels[1:], labels[0]]:
            tab = page.get_by_role("tab", name=label, exact=True)
            selected = lambda t=tab: t.get_attribute("aria-selected") == "true"  # noqa: E731
            if n == 0:
                timed(page, tab.click)
            else:
                run.time(f"{key}:{label}", page, tab.click, selected)


@scenario("tabs-network", "Abschnitt wechseln („Mein Netzwerk“, Koordination)")
def _tabs_network(run: Run) -> None:
    page = run.page()
    run.login(page, "demo-koordination")
    _tabs_cycle(run, page, "tab-network")
    page.context.close()


@scenario("tabs-national", "Abschnitt wechseln („Nationale Übersicht“)")
def _tabs_national(run: Run) -> None:
    page = run.page()
    run.login(page, "demo-admin")
    timed(page, sidebar(page, "Nationale Übersicht").click)
    _tabs_cycle(run, page, "tab-national")
    page.context.close()


@scenario("questionnaire", "Fragebogen: Bewertung, Weiter, Kriterium wählen, Profil-Optionen")
def _questionnaire(run: Run) -> None:
    page = run.page()
    run.login(page, "demo-initiative")
    timed(page, sidebar(page, "Selbstanalyse").click)
    _ratings(run, page)
    _next_and_back(run, page)
    timed(page, sidebar(page, "Mein Profil").click)
    try:
        box = control(page.get_by_role("checkbox", name="Netzwerk-Mittel einblenden"))
    except NotOffered:
        run.missing.add("profile-option")
    else:

        def toggle() -> None:  # Streamlit draws the label over the box: a person clicks it
            box.click(force=True)

        for n in range(run.repeat + 1):
            if n == 0:
                timed(page, toggle)
            else:
                run.time("profile-option", page, toggle)
    page.context.close()


def _ratings(run: Run, page) -> None:
    """A rating click until its save has run (saved on change). In a form (older code) a click
    starts no run: n/a."""
    group = page.get_by_role("radiogroup").first
    if page.locator('[data-testid="stForm"]').count():
        run.missing.add("rating")
        return
    for n in range(run.repeat + 1):
        for value in ("3 – teils, teils", "4 – trifft eher zu"):
            option = group.get_by_text(value, exact=True)
            if n == 0:
                timed(page, option.click)
            else:
                run.time("rating", page, option.click)


def _next_and_back(run: Run, page) -> None:
    """ "Weiter" (older code: "Speichern und weiter") to the next criterion, then back to the
    first one with the "Kriterium" selector."""
    for n in range(run.repeat + 1):
        try:
            forward = control(
                page.get_by_role("button", name="Weiter", exact=True).or_(
                    page.get_by_role("button", name="Speichern und weiter", exact=True)
                )
            )
        except NotOffered:
            run.missing.add("next")
            return
        if n == 0:
            timed(page, forward.click)
        else:
            run.time("next", page, forward.click)
        box = control(page.get_by_role("combobox", name="Kriterium"))
        box.click()
        first = page.get_by_role("option").first
        try:
            first.wait_for(timeout=2000)
        except Exception:  # Playwright's TimeoutError: Streamlit's list stays shut on the first
            # click once it has been used and the app then set its value; a second click opens it
            run.second_clicks["criterion"] = run.second_clicks.get("criterion", 0) + 1
            box.click()
        if n == 0:
            timed(page, first.click)
        else:
            run.time("criterion", page, first.click)


# --- report ------------------------------------------------------------------------------------


def rows(run: Run) -> dict[str, dict]:
    """Per measured click: settled median/p95 (and first run, runs per click) in ms."""
    out: dict[str, dict] = {}
    for key, clicks in sorted(run.samples.items()):
        settled = summary([c.settled_ms for c in clicks])
        first = summary([c.first_ms for c in clicks])
        out[key] = {
            **settled,
            "first_run_median_ms": first.get("median_ms"),
            "runs_per_click": round(sum(c.runs for c in clicks) / len(clicks), 2),
            "errors": run.errors.get(key, 0),
            "target_met": settled["p95_ms"] <= TARGET_MS,
        }
    for key in sorted(run.missing):
        out.setdefault(key, {"n": 0, "note": "n/a: not offered by this version"})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=12)
    parser.add_argument("--only", nargs="*", choices=list(SCENARIOS), default=list(SCENARIOS))
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure")
    parser.add_argument("--label", default="after")
    parser.add_argument("--profile", choices=list(SCENARIOS), help="py-spy on the server")
    args = parser.parse_args(argv)
    if args.repeat < 10:
        parser.error("--repeat: at least 10")
    from playwright.sync_api import sync_playwright

    warning = busy_warning()
    if warning:
        print(f"[warning] not a quiet machine: {warning}", file=sys.stderr)
    result: dict = {
        "root": str(args.root),
        "root_code": code_state(Path(args.root)),  # "code" is this script's own checkout
        "repeat": args.repeat,
        "load_before": load_average(),
    }
    with tempfile.TemporaryDirectory(prefix="mintqo-bench-browser-") as tmp:
        store = seed_demo_store(Path(tmp) / "demo.sqlite3", root=args.root)
        env = {"MINTQO_DEMO": "1", "MINTQO_LOGIN_SLEEP": "0.7"}
        with (
            app_server_process(store, env, root=args.root, log_dir=Path(tmp)) as server,
            sync_playwright() as playwright,
        ):
            browser = launch_chromium(playwright)
            run = Run(server.url, browser, args.repeat)
            for name in args.only:
                label, fn = SCENARIOS[name]
                print(f"[{name}] {label} …", file=sys.stderr, flush=True)
                profiler = None
                if args.profile == name:
                    profiler, raw = start_profiler(server, f"browser-{args.label}-{name}")
                try:
                    fn(run)
                except NotOffered as missing:
                    run.missing.add(name)
                    print(f"[{name}] n/a: {missing}", file=sys.stderr)
                except Exception as failure:  # one broken scenario must not lose the others
                    result.setdefault("failed", {})[name] = f"{type(failure).__name__}: {failure}"
                    print(f"[{name}] failed: {failure}", file=sys.stderr)
                finally:
                    if profiler is not None:
                        stop_profiler(profiler)
                        result[f"profile:{name}"] = profile_summary(raw)
            browser.close()
    result["load_after"] = load_average()
    result["clicks"] = rows(run)
    result["second_clicks"] = run.second_clicks
    result["labels"] = {name: label for name, (label, _) in SCENARIOS.items()}
    save_result(f"browser-{args.label}", result)
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())

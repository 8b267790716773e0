"""Screenshots of every page of every role, on a laptop and a phone (issue 14, "Done when").

    .venv/bin/python scripts/screenshots.py [--roles demo-admin ...] [--viewports phone ...]

Seeds a fresh demo store in a temporary folder, starts the app on it in demo mode (a free port,
never 8501), and visits in headless Chromium, as each role (anonymous, then every demo login of
``mintqo.demo.settings.DEMO_USERS``, logged in through the password form), every page of that
role's sidebar; on "Mein Netzwerk", "Nationale Übersicht" and "Verwaltung" every section tab
(and every tab of other pages). Each view is saved as a full-page PNG once the app is idle
and its charts are drawn:
``test-output/screenshots/<viewport>/<role>-<page>[-<tab>].png`` (1280×720 "desktop",
390×844 "phone"). The list of files is printed at the end.

Why a script and not a test: the pictures are for people to look at (does a German user
stumble anywhere?); what can be asserted is asserted by the browser tests in ``tests/e2e``.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mintqo.demo.settings import DEMO_USERS  # noqa: E402
from mintqo.ui.navigation import PAGES  # noqa: E402
from tests.e2e.harness import (  # noqa: E402
    DEMO_PASSWORD,
    EXPECT_TIMEOUT_MS,
    launch_chromium,
    log_in,
    seed_demo_store,
    start_app_server,
    wait_for_idle,
)
from tests.e2e.runs import ServerRuns  # noqa: E402

OUTPUT = ROOT / "test-output" / "screenshots"
ANONYMOUS = "anonymous"
VIEWPORTS = {"desktop": (1280, 720), "phone": (390, 844)}
SECTION_PAGES = {"network", "national", "admin"}
"""Pages drawn in sections (tabs bound to ``?ansicht=`` / ``?bereich=`` / ``?register=``): one
picture each."""

# Every chart has drawn its marks, every image has loaded, the fonts are there.
_DRAWN = """() => {
    const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
    const images = [...document.querySelectorAll('[data-testid="stMain"] img')];
    return document.fonts.status === "loaded"
        && charts.every((c) => c.querySelector("svg.marks, canvas"))
        && images.every((i) => i.complete);
}"""
# The main area scrolls inside the window, so Playwright's full page is the window only:
# the height the whole page needs (main area or sidebar, whichever is taller).
_CONTENT_HEIGHT = """() => {
    const heights = ['[data-testid="stMain"]', '[data-testid="stSidebarContent"]']
        .map((s) => document.querySelector(s))
        .filter((el) => el && el.getBoundingClientRect().width > 0)
        .map((el) => el.scrollHeight + el.getBoundingClientRect().top);
    return Math.ceil(Math.max(document.documentElement.scrollHeight, ...heights));
}"""


@dataclass(frozen=True)
class SidebarPage:
    title: str  # "Mein Netzwerk"
    href: str  # its address
    slug: str  # the page's file name under pages/ ("network"), also for the default page


def slug(text: str) -> str:
    """A file-name part from a German label: "Auffälligkeiten" → "auffaelligkeiten"."""
    text = text.lower()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def sidebar_pages(page) -> list[SidebarPage]:
    """The entries of the sidebar menu, in their order (read even while the sidebar is closed,
    as on a phone)."""
    links = page.get_by_test_id("stSidebarNav").get_by_role("link")
    found = []
    for n in range(links.count()):
        link = links.nth(n)
        href = link.get_attribute("href") or ""
        title = link.get_attribute("aria-label") or link.inner_text()
        title = title.strip().splitlines()[-1].strip()  # the icon's name comes first
        path = urlsplit(href).path.strip("/")  # the default page's is empty
        name = path or next(spec.name for spec in PAGES if spec.title == title)
        found.append(SidebarPage(title, href, name))
    return found


def settle(page) -> None:
    """Wait until no script run is in progress and everything on the page is drawn."""
    wait_for_idle(page)
    page.wait_for_function(_DRAWN)
    # a stale element (greyed while a run replaces it) would show the run in progress
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')")


def save(page, path: Path) -> Path:
    """A picture of the whole page (the window grown to the content's height, then back)."""
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    needed = page.evaluate(_CONTENT_HEIGHT)
    if needed > height:
        page.set_viewport_size({"width": width, "height": needed})
        page.wait_for_function(_DRAWN)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    page.set_viewport_size({"width": width, "height": height})
    return path


def open_tab(page, runs: ServerRuns, label: str, section: bool) -> None:
    """Click a tab; a section tab (``section``) starts a run: wait for the server's message
    that it is over (see tests/e2e/runs.py: the run-state attribute can miss a quick run).
    Other tabs only show what was sent already."""
    from playwright.sync_api import expect

    tab = page.get_by_role("tab", name=label, exact=True)
    if tab.get_attribute("aria-selected") != "true":
        if section:
            with runs.finished_after():
                tab.click()
        else:
            tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    settle(page)


def shoot_role(browser, url: str, role: str, viewport: str, out: Path) -> list[Path]:
    """Every page (and section) of one role at one viewport size."""
    width, height = VIEWPORTS[viewport]
    phone = viewport == "phone"
    context = browser.new_context(
        locale="de-DE",
        timezone_id="Europe/Berlin",
        viewport={"width": width, "height": height},
        is_mobile=phone,
        has_touch=phone,
    )
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    page = context.new_page()
    runs = ServerRuns(page)
    saved: list[Path] = []
    try:
        if role == ANONYMOUS:
            page.goto(url)
            wait_for_idle(page)
        else:
            log_in(page, url, role, DEMO_PASSWORD)
        for entry in sidebar_pages(page):
            page.goto(entry.href)
            settle(page)
            name = f"{role}-{entry.slug}"
            tabs = page.get_by_role("tab")
            if tabs.count():  # one picture per tab
                labels = [tabs.nth(n).inner_text().strip() for n in range(tabs.count())]
                for label in labels:
                    open_tab(page, runs, label, section=entry.slug in SECTION_PAGES)
                    saved.append(save(page, out / viewport / f"{name}-{slug(label)}.png"))
            else:
                saved.append(save(page, out / viewport / f"{name}.png"))
    finally:
        context.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    roles_known = [ANONYMOUS, *DEMO_USERS.values()]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--roles", nargs="*", choices=roles_known, default=roles_known)
    parser.add_argument("--viewports", nargs="*", choices=list(VIEWPORTS), default=list(VIEWPORTS))
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)

    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="mintqo-screens-") as tmp:
        store = seed_demo_store(Path(tmp) / "demo.sqlite3")
        env = {"MINTQO_DEMO": "1", "MINTQO_DEMO_PASSWORD": DEMO_PASSWORD}
        with (
            start_app_server(store, env, log_dir=Path(tmp)) as url,
            sync_playwright() as playwright,
        ):
            browser = launch_chromium(playwright)
            try:
                for viewport in args.viewports:
                    for role in args.roles:
                        shots = shoot_role(browser, url, role, viewport, args.out)
                        print(f"{viewport} {role}: {len(shots)}", file=sys.stderr, flush=True)
                        saved += shots
            finally:
                browser.close()
    for path in saved:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

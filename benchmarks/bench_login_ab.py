"""Before/after of the one-click demo login with the two checkouts' clicks interleaved.

    git worktree add /tmp/mintqo-before <commit>
    .venv/bin/python benchmarks/bench_login_ab.py --before /tmp/mintqo-before [--repeat 20]

This machine's speed drifts by 25–100 % within minutes (``common.cpu_calibration_s``): two
benchmark runs one after the other compare the machine's phases as much as the code. Here both
checkouts run side by side, each its own demo store and app server (``bench_browser.py``'s
set-up), and the clicks alternate between them (before, after, after, before, …), so a slow
phase hits both alike. Each click is a fresh browser page: the login page, then a click on
"Als Demo-Netzwerkkoordination anmelden", timed until the page has settled
(``browser_clicks.py``). One untimed round first.

Results: ``/tmp/mintqo-bench/results/login-ab-<label>.json`` (``common.save_result``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from pathlib import Path

from browser_clicks import Click, prepare, settle, timed
from common import ROOT, code_state, save_result, summary

from tests.e2e.harness import app_server_process, launch_chromium, seed_demo_store

BUTTON = "Als Demo-Netzwerkkoordination anmelden"
ENV = {"MINTQO_DEMO": "1", "MINTQO_LOGIN_SLEEP": "0.7"}


def _click(browser, url: str) -> Click:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    prepare(context)
    page = context.new_page()
    page.goto(url)
    settle(page)
    try:
        return timed(page, page.get_by_role("button", name=BUTTON).click)
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="the older checkout")
    parser.add_argument("--after", type=Path, default=ROOT, help="the newer checkout")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--label", default="latest")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    roots = {"before": args.before, "after": args.after}
    clicks: dict[str, list[Click]] = {name: [] for name in roots}
    with (
        tempfile.TemporaryDirectory(prefix="mintqo-bench-ab-") as tmp,
        contextlib.ExitStack() as stack,
    ):
        urls = {}
        for name, root in roots.items():
            store = seed_demo_store(Path(tmp) / f"{name}.sqlite3", root=root)
            server = app_server_process(store, ENV, root=root, log_dir=Path(tmp) / name)
            urls[name] = stack.enter_context(server).url
        browser = launch_chromium(stack.enter_context(sync_playwright()))
        for n in range(args.repeat + 1):
            for name in ("before", "after") if n % 2 else ("after", "before"):
                click = _click(browser, urls[name])
                if n:
                    clicks[name].append(click)
        browser.close()
    result = {
        "roots": {
            name: {"path": str(root), "code": code_state(root)} for name, root in roots.items()
        },
        "repeat": args.repeat,
        "clicks": {
            name: {
                **summary([c.settled_ms for c in done]),
                "first_run_median_ms": summary([c.first_ms for c in done]).get("median_ms"),
            }
            for name, done in clicks.items()
        },
    }
    save_result(f"login-ab-{args.label}", result)
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())

"""Target 2: script rerun time of the busiest pages with national data (AppTest, reused instance).

For each page one ``AppTest`` of ``app.py`` is logged in as the matching demo user (session
seeded, as in the tests), switched to the page and run once (discarded: imports, engine,
caches); then ``--repeat`` reruns of the same instance are timed. The questionnaire is measured
twice: a plain rerun of the step, and a step save (all radios of the form changed, "Speichern"
clicked — one write transaction plus the rerun). Target: each ≤ 60 ms.

    .venv/bin/python benchmarks/bench_reruns.py [--repeat 30]

Runs on a private copy of the national store (saves write to it). AppTest runs the script in
this process, so Streamlit's post-script gc.collect() is not part of these numbers (the load
test covers the server).
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import time

from common import NATIONAL_DB, ROOT, ensure_national_db, private_copy, save_result, summary

PAGES = (
    ("questionnaire step (rerun)", "demo-initiative", "pages/questionnaire.py"),
    ("questionnaire step (save)", "demo-initiative", "pages/questionnaire.py"),
    ("Mein Profil", "demo-initiative", "pages/profile.py"),
    ("coordinator dashboard (Mein Netzwerk)", "demo-koordination", "pages/network.py"),
    ("national overview", "demo-admin", "pages/national.py"),
)


def app_test(username: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = username
    at.session_state["name"] = username
    return at


def check(at, label: str) -> None:
    if at.exception:
        raise SystemExit(f"{label}: exception {at.exception[0].value}")


def save_step(at, rng: random.Random) -> bool:
    """Change every radio of the questionnaire form and click 'Speichern'. False if no form."""
    radios = [r for r in at.radio if r.form_id]
    buttons = [b for b in at.button if b.label == "Speichern"]
    if not radios or not buttons:
        return False
    for radio in radios:
        radio.set_value(rng.choice(list(radio.options)))
    buttons[0].click()
    return True


def cold_profiles(count: int) -> dict:
    """First view of Mein Profil by ``count`` different initiatives (nothing of theirs cached
    yet: radar, progress and staircase specs are built), and the rerun right after (warm)."""
    from loadtest import add_initiative_accounts

    db = private_copy(NATIONAL_DB, "cold-profiles.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    names = add_initiative_accounts(db, count + 1)
    warm_up = app_test(names[0])  # imports, engine and shared caches: not part of the numbers
    warm_up.run()
    warm_up.switch_page("pages/profile.py").run()
    cold, warm = [], []
    for name in names[1:]:
        at = app_test(name)
        at.run()
        t0 = time.perf_counter()
        at.switch_page("pages/profile.py").run()
        t1 = time.perf_counter()
        at.run()
        t2 = time.perf_counter()
        check(at, name)
        cold.append((t1 - t0) * 1000)
        warm.append((t2 - t1) * 1000)
    return {"first view": summary(cold), "rerun after it": summary(warm), "initiatives": count}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--cold-profiles",
        type=int,
        default=0,
        help="instead: first Mein Profil view of N different initiatives",
    )
    args = parser.parse_args()
    ensure_national_db()
    db = private_copy(NATIONAL_DB, "reruns.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["MINTQO_DEMO"] = "1"
    os.environ.setdefault("MINTQO_DEMO_PASSWORD", "demo-passwort-2026")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    if args.cold_profiles:
        result = cold_profiles(args.cold_profiles)
        save_result(
            "bench_cold_profiles", {"target": "report (≤ 60 ms applies to reruns)", **result}
        )
        return
    rng = random.Random(1)
    results: dict[str, dict] = {}
    for label, user, page in PAGES:
        at = app_test(user)
        at.run()
        check(at, label)
        at.switch_page(page).run()
        check(at, label)
        saving = "(save)" in label
        times = []
        misses = 0
        for _ in range(args.repeat):
            if saving and not save_step(at, rng):
                misses += 1
            t0 = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - t0) * 1000)
            check(at, label)
        results[label] = {**summary(times), "page": page, "user": user}
        if saving:
            results[label]["saves_without_form"] = misses
        print(label, results[label], flush=True)
    save_result(
        "bench_reruns",
        {"target": "≤ 60 ms per rerun", "db": "private copy of the national store", **results},
    )


if __name__ == "__main__":
    main()

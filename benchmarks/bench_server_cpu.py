"""Target 1 of issue 18: server CPU per rerun, per page, with the national store.

Starts the real server (demo mode, ``tuned`` variant, a private copy of the national store)
and, for each case below, keeps ``--sessions`` simulated tabs rerunning the page back to back
for ``--reruns`` reruns in all. The figure is the server process's CPU seconds (user + system,
from ``/proc``) during those reruns divided by their number: what one rerun costs the server,
independent of how long the client waits. Wall latencies are recorded alongside.

    .venv/bin/python benchmarks/bench_server_cpu.py [--reruns 200] [--sessions 2]
    .venv/bin/python benchmarks/bench_server_cpu.py --only "Mein Netzwerk" --profile

``--queries`` logs every SQL statement of the server and reports statements per rerun (the
CPU figures of such a run include the logging). ``--profile`` samples the server with py-spy
(``requirements-dev.txt``) during each case and prints where the CPU went: the functions with
the most samples of their own, and the mintqo and Streamlit functions with the most samples
below them. The raw stacks stay in ``/tmp/mintqo-bench/profile-<case>.txt`` (py-spy's
collapsed format, for flame graphs).

Cases (demo logins as in a workshop): "Mein Netzwerk" and "Workshop-Modus" (coordinator),
"Nationale Übersicht" (programme team), "Mein Profil" and a questionnaire step (initiative),
and a save (one rating changed on the questionnaire step: it saves on change; one tab, the
demo initiative has one draft); the team comparison of a ten-member round (issue 16: within
the budget of "Mein Profil"), set up in the store before the server starts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, replace

from common import save_result, summary
from load_servers import fresh_db, launch
from load_users import SAVED_TEXTS
from profiling import profile_summary, start_profiler, stop_profiler
from st_client import Server, StreamlitSession, change_rating
from streamlit.proto.WidgetStates_pb2 import WidgetState
from team_setup import add_team_round

TEAM_CASE = "Team-Vergleich (10 Bögen)"
"""The comparison of a ten-member team round (benchmarks/team_setup.py), for the budget of
"Mein Profil" (issue 16): run both in one go, e.g. ``--only "Mein Profil" "Team-Vergleich
(10 Bögen)"``."""


@dataclass(frozen=True)
class Case:
    name: str
    login: str  # ?demo= role
    page: str
    action: str = "rerun"  # or "save"
    sessions: int | None = None  # None: --sessions
    query: str = ""  # the place on the page (set by the case's store setup)


CASES = (
    Case("Barrierefreiheit (Textseite)", "koordination", "Barrierefreiheit"),
    Case("Mein Netzwerk", "koordination", "Mein Netzwerk"),
    Case("Workshop-Modus", "koordination", "Workshop-Modus"),
    Case("Nationale Übersicht", "admin", "Nationale Übersicht"),
    Case("Mein Profil", "initiative", "Mein Profil"),
    Case("Fragebogen-Schritt", "initiative", "Selbstanalyse"),
    Case("Speichern", "initiative", "Selbstanalyse", action="save", sessions=1),
    Case(TEAM_CASE, "initiative", "Selbstanalyse"),
)


async def _open(server: Server, case: Case) -> StreamlitSession:
    session = StreamlitSession(server.url, f"demo={case.login}")
    await session.connect()
    await session.rerun()
    if case.query:  # the app has replaced ?demo=… by now: go where the case looks
        session.query_string = case.query
    await session.rerun(page=case.page)
    for _ in range(3):  # first views fill the caches: not what a rerun costs
        await session.rerun()
    return session


def _form_submit(session: StreamlitSession, widget_id: str) -> list[WidgetState]:
    """The submit button of the rating's form, if it is in one: before saving on change, a
    questionnaire step was saved by a form ("before" runs against the old code)."""
    form = session.widgets[widget_id].form_id
    if not form:
        return []
    button = next(w for w in session.widgets.values() if w.is_submit and w.form_id == form)
    return [WidgetState(id=button.id, trigger_value=True)]


async def _one_step(session: StreamlitSession, case: Case, rng: random.Random, out: dict) -> None:
    if case.action == "save":
        states = change_rating(session, rng)
        if states is None:
            raise RuntimeError(f"{case.name}: no rating on the page")
        states += _form_submit(session, states[0].id)
        result = await session.rerun(widget_states=states)
        saved = any(m in t for m in SAVED_TEXTS for t in result.alerts + result.texts)
        out["saved" if saved else "not saved"] = out.get("saved" if saved else "not saved", 0) + 1
    else:
        result = await session.rerun()
    out["times"].append(result.elapsed_ms)
    out["messages"] = result.messages
    if not result.ok:
        out["errors"].append(f"{result.status} {result.exceptions[:1]}")


async def measure(
    server: Server,
    case: Case,
    reruns: int,
    sessions: int,
    profile: bool = False,
    queries: bool = False,
) -> dict:
    tabs = [await _open(server, case) for _ in range(case.sessions or sessions)]
    profiler = start_profiler(server, case.name) if profile else None
    out: dict = {"times": [], "errors": []}
    per_tab = max(1, reruns // len(tabs))

    async def drive(tab: StreamlitSession, seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(per_tab):
            await _one_step(tab, case, rng, out)

    log_start = server.log_path.stat().st_size
    cpu0, t0 = server.cpu_seconds(), time.perf_counter()
    await asyncio.gather(*(drive(tab, k) for k, tab in enumerate(tabs)))
    cpu, wall = server.cpu_seconds() - cpu0, time.perf_counter() - t0
    extra = {}
    if queries:
        with server.log_path.open(encoding="utf-8", errors="replace") as log:
            log.seek(log_start)
            statements = Counter(
                line[6:].strip() for line in log.read().splitlines() if line.startswith("[sql] ")
            )
        extra["statements_per_rerun"] = round(sum(statements.values()) / len(out["times"]), 1)
        extra["statements"] = {k: round(v / len(out["times"]), 2) for k, v in statements.items()}
    if profiler is not None:
        stop_profiler(profiler[0])
        extra["profile"] = profile_summary(profiler[1])
    for tab in tabs:
        await tab.close()
    n = len(out["times"])
    return {
        "case": case.name,
        "sessions": len(tabs),
        "reruns": n,
        "server_cpu_ms_per_rerun": round(cpu / n * 1000, 1),
        "reruns_per_s": round(n / wall, 1),
        "messages_per_rerun": out.get("messages"),
        "latency": summary(out["times"]),
        "errors": out["errors"][:5],
        "error_total": len(out["errors"]),
        **{k: v for k, v in out.items() if k in ("saved", "not saved")},
        **extra,
    }


async def run(
    reruns: int,
    sessions: int,
    only: list[str] | None,
    profile: bool = False,
    queries: bool = False,
) -> list[dict]:
    store = fresh_db("cpu")
    cases = [c for c in CASES if not only or c.name in only]
    if any(c.name == TEAM_CASE for c in cases):
        try:
            query = add_team_round(store)
        except (AssertionError, ImportError, StopIteration) as exc:  # old code: no team rounds
            query = ""
            print(f"[setup] no team round: {exc!r}", flush=True)
        cases = [replace(c, query=query) if c.name == TEAM_CASE else c for c in cases]
    server = launch("tuned-sql" if queries else "tuned", store)
    try:
        results = []
        for case in cases:
            if case.name == TEAM_CASE and not case.query:
                results.append({"case": case.name, "failed": "no team round"})
                continue
            try:
                result = await measure(server, case, reruns, sessions, profile, queries)
            except (RuntimeError, KeyError) as exc:  # no such page or nothing to save (old code)
                result = {"case": case.name, "failed": str(exc)}
            print(json.dumps(result, indent=1, ensure_ascii=False), flush=True)
            results.append(result)
        return results
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=200)
    parser.add_argument("--sessions", type=int, default=2)
    parser.add_argument("--only", nargs="+", help="case names to run (default: all)")
    parser.add_argument("--profile", action="store_true", help="sample the server with py-spy")
    parser.add_argument(
        "--queries", action="store_true", help="count SQL statements per rerun (slower server)"
    )
    parser.add_argument("--tag", default="", help="suffix for the result file name")
    args = parser.parse_args()
    results = asyncio.run(run(args.reruns, args.sessions, args.only, args.profile, args.queries))
    save_result("bench_server_cpu" + (f"_{args.tag}" if args.tag else ""), {"cases": results})


if __name__ == "__main__":
    main()

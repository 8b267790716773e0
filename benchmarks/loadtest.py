"""Target 3: the real Streamlit server with national data under workshop-day load.

Starts ``streamlit run app.py`` (demo mode, a private copy of the national store, 127.0.0.1, a
free port, never 8501), drives it with :mod:`st_client` (Streamlit's own websocket protocol)
and stops it at the end. Modes:

    latency  one session per role, back-to-back reruns of each busy page (shows Nagle stalls)
    burst    N sessions opened at once with ?demo= (the QR-code case): first-load p50/p95
    load     U users, 30 s ramp-up, one interaction per user every 10 s (questionnaire saves,
             page switches, dashboards): p50/p95 per kind, errors, server RSS and CPU;
             ``--processes N`` runs N app processes behind nginx with deploy/nginx.conf;
             ``--own-initiatives``: each initiative user logs in through the login form as an
             account of its own initiative (own draft, real writes) instead of ``?demo=``
    soak     ``load`` for 10 minutes (``--duration 3600`` for the hour of issue 18), RSS
             sampled every 10 s; the RSS slope of the last 20 minutes per process

Mixes (``--mix``): ``workshop`` (75 % initiatives filling in and viewing their profile, 20 %
coordinations on "Mein Netzwerk" and "Workshop-Modus", 5 % programme team), ``questionnaire``
(initiatives only saving steps), ``network`` (coordinations rerunning "Mein Netzwerk" only:
the heaviest page's load of issue 18, e.g. ``--users 200 --ramp 30 --duration 60``).

Server variants (``--variant``, several allowed):

    stock    Streamlit defaults: --runner.postScriptGC true --server.fileWatcherType auto
    config   our .streamlit/config.toml (postScriptGC false, fileWatcherType none)
    nodelay  config + TCP_NODELAY on every session socket (mintqo.ui.server_tuning)
    tuned    config + TCP_NODELAY + gc.freeze() after start-up (server_tuning.apply())

Examples:

    .venv/bin/python benchmarks/loadtest.py latency --variant config nodelay
    .venv/bin/python benchmarks/loadtest.py burst --sessions 20 200 --variant stock tuned
    .venv/bin/python benchmarks/loadtest.py load --users 200 --duration 120 --variant tuned
    .venv/bin/python benchmarks/loadtest.py soak --variant tuned
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections import Counter
from pathlib import Path

from common import (
    BENCH_STORE,
    Store,
    save_result,
    store_url,
    summary,
)
from load_servers import (
    TRIVIAL_APP,
    VARIANTS,
    first_process,
    fresh_db,
    gc_pauses,
    launch,
    launch_many,
)
from load_users import (
    LOGIN_OF,
    MIXES,
    ROLE_SCRIPTS,
    Recorder,
    add_initiative_accounts,
    one_user,
    roles_for,
)
from profiling import profile_summary, start_profiler, stop_profiler
from st_client import (
    Server,
    StreamlitSession,
)

# The busy pages of each role for the latency mode.
LATENCY_PAGES = {
    "initiative": ["Selbstanalyse", "Mein Profil"],
    "koordination": ["Mein Netzwerk"],
    "admin": ["Nationale Übersicht"],
}


async def run_trivial_latency(variant: str, repeat: int, gap: float) -> dict:
    """Back-to-back reruns of a three-element page: the pure protocol round trip."""
    app_dir = Path("/tmp/mintqo-bench/trivial")
    app_dir.mkdir(parents=True, exist_ok=True)
    (app_dir / "app.py").write_text(TRIVIAL_APP)
    server = launch(variant, None, app_dir)
    try:
        s = StreamlitSession(server.url)
        await s.connect()
        await s.rerun()
        times = []
        for _ in range(repeat):
            await asyncio.sleep(gap)
            r = await s.rerun()
            times.append(r.elapsed_ms)
        await s.close()
        return {**summary(times), "messages_per_run": r.messages}
    finally:
        server.stop()


async def sample_server(server: Server, end_at: float, every: float, out: list) -> None:
    t0 = time.monotonic()
    cpu0 = server.cpu_seconds()
    while time.monotonic() < end_at:
        out.append(
            {
                "t_s": round(time.monotonic() - t0, 1),
                "rss_mb": round(server.rss_mb(), 1),
                "cpu_s": round(server.cpu_seconds() - cpu0, 1),
            }
        )
        await asyncio.sleep(every)


def growth_per_minute(samples: list[dict], last_s: float, processes: int) -> float | None:
    """Least-squares slope of the server RSS over the last ``last_s`` seconds, in MB per minute
    and process (None for runs shorter than twice that: the ramp-up would dominate)."""
    if not samples or samples[-1]["t_s"] < 2 * last_s:
        return None
    tail = [s for s in samples if s["t_s"] >= samples[-1]["t_s"] - last_s]
    n = len(tail)
    mean_t = sum(s["t_s"] for s in tail) / n
    mean_r = sum(s["rss_mb"] for s in tail) / n
    num = sum((s["t_s"] - mean_t) * (s["rss_mb"] - mean_r) for s in tail)
    den = sum((s["t_s"] - mean_t) ** 2 for s in tail)
    return round(num / den * 60 / processes, 3) if den else None


NOT_INTERACTIONS = ("first_load", "login")  # reported per kind, not as interactions


def _interaction_summary(rec: Recorder, late_from_s: float | None = None) -> dict:
    kinds = {k: summary(v) for k, v in sorted(rec.samples.items())}
    interactions = [x for k, v in rec.samples.items() if k not in NOT_INTERACTIONS for x in v]
    late = {}
    if late_from_s is not None:
        # the second half of the steady phase: after logins and first (cold) views settled
        late_ms = [
            ms for t, k, ms in rec.timeline if t >= late_from_s and k not in NOT_INTERACTIONS
        ]
        late = {"late_interactions": {**summary(late_ms), "from_s": round(late_from_s, 1)}}
    return {
        "interactions": summary(interactions),
        **late,
        "per_kind": kinds,
        "errors": dict(rec.errors),
        "error_total": sum(rec.errors.values()),
        "error_examples": rec.error_examples,
        "outcomes": dict(rec.outcomes),
    }


async def run_load(
    variant: str,
    users: int,
    duration: float,
    ramp: float,
    think: float,
    sample_every: float,
    mix: str = "workshop",
    processes: int = 1,
    own_initiatives: bool = False,
    profile: bool = False,
) -> dict:
    db = fresh_db(variant)
    roles = roles_for(users, mix)
    initiative_roles = ("initiative", "questionnaire")
    accounts: list[str | None] = [None] * users
    if own_initiatives:
        names = iter(add_initiative_accounts(db, sum(r in initiative_roles for r in roles)))
        accounts = [next(names) if r in initiative_roles else None for r in roles]
    server = launch_many(variant, db, processes)
    try:
        rss_idle = server.rss_mb()
        rec = Recorder()
        start = time.monotonic() + 1.0
        end = start + ramp + duration
        samples: list[dict] = []
        sampler = asyncio.create_task(sample_server(server, end, sample_every, samples))
        tasks = [
            one_user(
                server,
                role,
                start + ramp * i / users,
                end,
                think,
                rec,
                seed=i,
                account=accounts[i],
            )
            for i, role in enumerate(roles)
        ]
        profiler = start_profiler(first_process(server), f"load-{mix}") if profile else None
        await asyncio.gather(*tasks)
        await sampler
        if profiler is not None:
            stop_profiler(profiler[0])
        steady = [s["rss_mb"] for s in samples if s["t_s"] >= ramp + 1]
        result = {
            "variant": variant,
            "store": "postgresql" if BENCH_STORE else "sqlite",
            "rss_growth_last_20_min_mb_per_min_per_process": growth_per_minute(
                samples, last_s=1200.0, processes=processes
            ),
            "mix": mix,
            "users": users,
            "processes": processes,
            "own_initiatives": own_initiatives,
            "roles": dict(Counter(roles)),
            "ramp_s": ramp,
            "steady_s": duration,
            "think_s": think,
            "rss_idle_mb": round(rss_idle, 1),
            "rss_end_mb": samples[-1]["rss_mb"] if samples else None,
            "rss_max_mb": max((s["rss_mb"] for s in samples), default=None),
            "rss_steady_first_last_mb": [steady[0], steady[-1]] if steady else None,
            "server_cpu_s": samples[-1]["cpu_s"] if samples else None,
            "wall_s": round(ramp + duration, 1),
            **_interaction_summary(rec, late_from_s=1.0 + ramp + duration / 2),
            "rss_samples": samples,
        }
        if profiler is not None:
            result["profile"] = profile_summary(profiler[1])
        pauses = gc_pauses(server)
        if pauses:
            result["gc_pauses_over_5ms"] = pauses
        return result
    finally:
        server.stop()


def _burst_session(url: str, role: str, code: str | None) -> StreamlitSession:
    """How a burst session arrives: ``register`` as a phone that scanned the workshop's QR
    code (the registration page with an invitation code), ``anonymous`` on the start page
    without a login cookie (the login form), any other role through its demo link."""
    if role == "register":
        session = StreamlitSession(url, f"code={code}")
        session.page_name = "register"
        return session
    return StreamlitSession(url, "" if role == "anonymous" else f"demo={LOGIN_OF.get(role, role)}")


def _invitation_code(db: Store) -> str:
    """A fresh invitation into the demo network, as the workshop's join slide shows it."""
    from mintqo.services import acting, invitations
    from mintqo.store.engine import make_engine

    engine = make_engine(store_url(db))
    try:
        admin = acting.resolve(engine, "demo-admin")
        return invitations.create_invitation(
            engine, admin, role="initiative", network_id=1, new_initiative_name="Lasttest"
        ).code
    finally:
        engine.dispose()


async def run_burst(
    variant: str, sessions: int, role: str, processes: int = 1, profile: bool = False
) -> dict:
    db = fresh_db(variant)
    code = _invitation_code(db) if role == "register" else None
    server = launch_many(variant, db, processes)
    try:
        # Someone opened the app before the workshop (imports, engine, caches are warm).
        warm = _burst_session(server.url, role, code)
        await warm.connect()
        warm_first = await warm.rerun()
        await warm.close()
        await asyncio.sleep(1.0)
        rec = Recorder()

        async def open_one(i: int) -> None:
            s = _burst_session(server.url, role, code)
            t0 = time.perf_counter()
            try:
                await s.connect()
                r = await s.rerun()
                r.elapsed_ms = (time.perf_counter() - t0) * 1000  # connect + first run
                rec.record("first_load", r)
                if role == "register" and not any("Registrieren" in t for t in r.texts):
                    rec.fail("first_load", "not the registration page")
            except Exception as exc:
                rec.fail("first_load", f"{type(exc).__name__}: {exc}")
            finally:
                await s.close()

        profiler = start_profiler(first_process(server), f"burst-{sessions}") if profile else None
        user0, system0 = server.cpu_split()
        client0, wall0 = time.process_time(), time.perf_counter()
        await asyncio.gather(*(open_one(i) for i in range(sessions)))
        user1, system1 = server.cpu_split()
        extra = {
            "server_cpu_ms_per_session": round(
                (user1 + system1 - user0 - system0) / sessions * 1000, 1
            ),
            "of_it_system_ms": round((system1 - system0) / sessions * 1000, 1),
            # the load generator is one Python process too: near the wall time, it is the limit
            "client_cpu_s": round(time.process_time() - client0, 2),
            "wall_s": round(time.perf_counter() - wall0, 2),
        }
        if profiler is not None:
            stop_profiler(profiler[0])
            extra["profile"] = profile_summary(profiler[1])
        return {
            **extra,
            "variant": variant,
            "store": "postgresql" if BENCH_STORE else "sqlite",
            "processes": processes,
            "sessions": sessions,
            "role": role,
            "very_first_session_ms": round(warm_first.elapsed_ms, 1),
            "first_load": summary(rec.samples["first_load"]),
            "errors": dict(rec.errors),
            "error_examples": rec.error_examples,
            "rss_after_mb": round(server.rss_mb(), 1),
        }
    finally:
        server.stop()


async def run_latency(variant: str, repeat: int, gap: float) -> dict:
    server = launch(variant, fresh_db(variant))
    out: dict[str, dict] = {}
    try:
        for role, pages in LATENCY_PAGES.items():
            s = StreamlitSession(server.url, f"demo={role}")
            await s.connect()
            await s.rerun()
            for page in pages:
                if s.page_hash(page) is None:
                    out[page] = {"missing": True}
                    continue
                await s.rerun(page=page)
                await s.rerun()  # first run of a page discarded
                times, msgs = [], 0
                for _ in range(repeat):
                    await asyncio.sleep(gap)
                    r = await s.rerun()
                    times.append(r.elapsed_ms)
                    msgs = r.messages
                out[page] = {**summary(times), "messages_per_run": msgs}
            await s.close()
    finally:
        server.stop()
    return {"variant": variant, "gap_s": gap, "repeat": repeat, "pages": out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["latency", "burst", "load", "soak"])
    parser.add_argument("--variant", nargs="+", default=["tuned"], choices=sorted(VARIANTS))
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=float, default=None, help="steady phase (s)")
    parser.add_argument("--ramp", type=float, default=30.0)
    parser.add_argument("--think", type=float, default=10.0)
    parser.add_argument("--sessions", type=int, nargs="+", default=[20, 200])
    parser.add_argument(
        "--role",
        default="initiative",
        choices=sorted([*ROLE_SCRIPTS, "anonymous", "register"]),
    )
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--gap", type=float, default=0.0, help="pause between latency reruns (s)")
    parser.add_argument("--mix", default="workshop", choices=sorted(MIXES))
    parser.add_argument("--tag", default="", help="suffix for the result file name")
    parser.add_argument(
        "--profile", action="store_true", help="sample the (first) app process with py-spy"
    )
    parser.add_argument(
        "--own-initiatives",
        action="store_true",
        help="initiative users log in as accounts of distinct initiatives (own drafts)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="app processes behind nginx with deploy/nginx.conf (1: the server alone)",
    )
    args = parser.parse_args()

    results = []
    for variant in args.variant:
        if args.mode == "latency":
            result = asyncio.run(run_latency(variant, args.repeat, args.gap))
            result["trivial_page"] = asyncio.run(
                run_trivial_latency(variant, args.repeat, args.gap)
            )
            results.append(result)
        elif args.mode == "burst":
            for n in args.sessions:
                results.append(
                    asyncio.run(run_burst(variant, n, args.role, args.processes, args.profile))
                )
        else:
            duration = args.duration or (600.0 if args.mode == "soak" else 120.0)
            every = 10.0 if args.mode == "soak" else 5.0
            results.append(
                asyncio.run(
                    run_load(
                        variant,
                        args.users,
                        duration,
                        args.ramp,
                        args.think,
                        every,
                        args.mix,
                        args.processes,
                        args.own_initiatives,
                        args.profile,
                    )
                )
            )
        time.sleep(2)
    name = f"loadtest_{args.mode}" + (f"_{args.mix}" if args.mode in ("load", "soak") else "")
    name += f"_{args.processes}proc" if args.processes > 1 else ""
    name += "_own" if args.own_initiatives else ""
    name += f"_{args.tag}" if args.tag else ""
    save_result(name, {"pid": os.getpid(), "results": results})
    for r in results:
        line = {k: v for k, v in r.items() if k not in ("rss_samples", "per_kind", "pages")}
        print(r.get("variant"), line)


if __name__ == "__main__":
    main()

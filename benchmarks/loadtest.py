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
    soak     ``load`` for 10 minutes (``--duration``), RSS sampled every 10 s (memory growth)

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
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from common import (
    BENCH_STORE,
    NATIONAL_DB,
    PYTHON,
    ROOT,
    Store,
    ensure_national_db,
    ensure_national_store,
    free_port,
    private_copy,
    save_result,
    seed_env,
    store_url,
    summary,
)
from profiling import profile_summary, start_profiler, stop_profiler
from st_client import Server, StreamlitSession, choose_option, start_server, submit_form
from streamlit.proto.WidgetStates_pb2 import WidgetState

VARIANTS: dict[str, tuple[list[str], list[str]]] = {
    # name: (extra streamlit args, serve.py flags)
    "stock": (["--runner.postScriptGC", "true", "--server.fileWatcherType", "auto"], []),
    "config": ([], []),
    "nodelay": ([], ["--nodelay"]),
    "tuned": ([], ["--nodelay", "--freeze"]),
    # tuned with every GC pause > 5 ms logged, with our thresholds / with CPython's defaults
    "tuned-gclog": ([], ["--nodelay", "--freeze", "--gc-log"]),
    "gc-default-gclog": ([], ["--nodelay", "--freeze", "--gc-log", "--gc-threshold=700,10,10"]),
    # tuned with tracemalloc: SIGUSR2 to the server logs allocation growth (memory hunting)
    "tuned-tracemalloc": ([], ["--nodelay", "--freeze", "--tracemalloc"]),
    # tuned with glibc limited to 2 malloc arenas (see VARIANT_ENV)
    "tuned-arena2": ([], ["--nodelay", "--freeze"]),
    # tuned with every SQL statement written to the log (queries per run)
    "tuned-sql": ([], ["--nodelay", "--freeze", "--log-queries"]),
}

# Environment variables a variant sets for the server process.
VARIANT_ENV: dict[str, dict[str, str]] = {"tuned-arena2": {"MALLOC_ARENA_MAX": "2"}}

# What each kind of user does, in a cycle, one step per interaction.
ROLE_SCRIPTS: dict[str, list[tuple[str, str | None]]] = {
    "initiative": [
        ("page", "Selbstanalyse"),
        ("save", None),
        ("save", None),
        ("page", "Mein Profil"),
    ],
    "koordination": [("page", "Mein Netzwerk"), ("page", "Workshop-Modus")],
    "admin": [("page", "Nationale Übersicht"), ("page", "Mein Netzwerk")],
    # --mix questionnaire: initiative users who only fill in the questionnaire
    "questionnaire": [("page", "Selbstanalyse"), ("save", None), ("save", None), ("save", None)],
    # --mix network: coordinations who rerun "Mein Netzwerk" (their first page), as a reload
    # with the query string the app last set
    "netzwerk": [("rerun", None)],
}
MIXES = {
    "workshop": {"initiative": 0.75, "koordination": 0.2, "admin": 0.05},
    "questionnaire": {"questionnaire": 1.0},
    "network": {"netzwerk": 1.0},
}
LOGIN_OF = {"questionnaire": "initiative", "netzwerk": "koordination"}
# The busy pages of each role for the latency mode.
LATENCY_PAGES = {
    "initiative": ["Selbstanalyse", "Mein Profil"],
    "koordination": ["Mein Netzwerk"],
    "admin": ["Nationale Übersicht"],
}
SAVED_TEXT = "ist gespeichert"
DRAFT_LABEL = "in Bearbeitung"  # ProjectSummary.status_label of a project with a draft


TRIVIAL_APP = (
    'import streamlit as st\n\nst.title("Hallo")\nst.write("Ein Absatz.")\nst.button("Klick")\n'
)


def launch(variant: str, db: Store | None, app_dir: Path = ROOT) -> Server:
    extra, flags = VARIANTS[variant]
    env = seed_env(db) if db else dict(os.environ)
    env["MINTQO_DEMO"] = "1"
    env.update(VARIANT_ENV.get(variant, {}))
    if app_dir != ROOT:
        # Another app directory has no .streamlit/config.toml: pass our two settings.
        extra = [
            "--runner.postScriptGC",
            "false",
            "--server.fileWatcherType",
            "none",
            *extra,
        ]
    launcher = [PYTHON, str(ROOT / "benchmarks" / "serve.py"), *flags, "--"]
    return start_server(app_dir, PYTHON, free_port(), env, extra_args=extra, launcher=launcher)


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


def launch_many(variant: str, db: Store, processes: int):
    """One server, or ``processes`` servers on the same store behind nginx (deploy/nginx.conf)."""
    if processes <= 1:
        return launch(variant, db)
    from proxy import start_proxy

    servers = []
    try:
        for _ in range(processes):
            servers.append(launch(variant, db))
        return start_proxy(servers, free_port())
    except BaseException:
        for s in servers:
            s.stop()
        raise


def _first(server) -> Server:
    """The (first) app process behind ``server`` (itself, or the first behind the proxy)."""
    return getattr(server, "servers", [server])[0]


def gc_pauses(server) -> dict | None:
    """Collections longer than 5 ms that ``serve.py --gc-log`` wrote to the server log(s)."""
    pauses: dict[str, list[float]] = defaultdict(list)
    for one in getattr(server, "servers", [server]):
        for line in one.log_path.read_text(errors="replace").splitlines():
            if line.startswith("[serve.py] gc gen "):
                gen, rest = line.removeprefix("[serve.py] gc gen ").split(":", 1)
                pauses[f"gen{gen}"].append(float(rest.split("ms")[0]))
    if not pauses:
        return None
    return {
        gen: {"count": len(ms), "total_ms": round(sum(ms), 1), "max_ms": max(ms)}
        for gen, ms in sorted(pauses.items())
    }


OWN_PASSWORD = "Lasttest-Passwort-2026"  # of the initiative accounts made for --own-initiatives


def add_initiative_accounts(db: Store, count: int) -> list[str]:
    """Accounts ``last-1`` … for ``count`` initiatives that have a draft and a submitted round.

    With ``--own-initiatives`` every simulated initiative user logs in through the login form as
    one of these and saves into its own draft, as in a real workshop. (Through ``?demo=`` they
    all share the demo initiative's one draft: every save then ends in the conflict path and
    writes nothing.)
    """
    from sqlalchemy import select

    from mintqo.passwords import hash_password
    from mintqo.store.engine import make_engine
    from mintqo.store.models import Assessment, Project, User
    from mintqo.store.users import create_user

    engine = make_engine(store_url(db))
    try:
        with engine.connect() as conn:
            submitted = (
                select(Project.initiative_id)
                .join(Assessment)
                .where(Assessment.status == "submitted")
            )
            initiatives = conn.scalars(
                select(Project.initiative_id)
                .join(Assessment)
                .where(Assessment.status == "draft", Project.initiative_id.in_(submitted))
                .distinct()
                .order_by(Project.initiative_id)
                .limit(count)
            ).all()
        if len(initiatives) < count:
            raise SystemExit(f"only {len(initiatives)} initiatives with a draft and a result")
        password_hash = hash_password(OWN_PASSWORD)  # bcrypt once, shared by all accounts
        with engine.connect() as conn:  # a shared (PostgreSQL) store keeps them between runs
            existing = set(conn.scalars(select(User.username).where(User.username.like("last-%"))))
        names = []
        for k, initiative_id in enumerate(initiatives, start=1):
            name = f"last-{k}"
            names.append(name)
            if name in existing:
                continue
            create_user(
                engine,
                name,
                "",
                "initiative",
                initiative_id=initiative_id,
                password_hash=password_hash,
            )
        return names
    finally:
        engine.dispose()


def login_states(session: StreamlitSession, username: str, password: str):
    """Widget states that fill in the login form and press "Anmelden" (None: no form)."""
    fields = {w.label: w for w in session.widgets.values() if w.kind == "text_input"}
    submit = next(
        (w for w in session.widgets.values() if w.is_submit and w.label == "Anmelden"), None
    )
    if "Benutzername" not in fields or "Passwort" not in fields or submit is None:
        return None
    return [
        WidgetState(id=fields["Benutzername"].id, string_value=username),
        WidgetState(id=fields["Passwort"].id, string_value=password),
        WidgetState(id=submit.id, trigger_value=True),
    ]


def fresh_db(variant: str) -> Store:
    """The store a benchmark server runs on: a private copy of the national SQLite file, or
    the PostgreSQL store named by ``MINTQO_BENCH_STORE`` (seeded once, shared)."""
    if BENCH_STORE:
        return ensure_national_store(BENCH_STORE)
    ensure_national_db()
    return private_copy(NATIONAL_DB, f"load-{variant}.sqlite3")


def roles_for(users: int, mix: str = "workshop") -> list[str]:
    roles: list[str] = []
    shares = MIXES[mix]
    for role, share in shares.items():
        roles += [role] * round(users * share)
    roles = (roles + [next(iter(shares))] * users)[:users]
    random.Random(7).shuffle(roles)
    return roles


@dataclass
class Recorder:
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    error_examples: list[str] = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)
    # (seconds since the recorder was made, kind, ms) of every run: for per-phase summaries
    timeline: list[tuple[float, str, float]] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def record(self, kind: str, result, note: str = "") -> None:
        self.samples[kind].append(result.elapsed_ms)
        self.timeline.append((time.monotonic() - self.started, kind, result.elapsed_ms))
        if not result.ok:
            reason = result.status if result.status != "ok" else "exception"
            self.errors[f"{kind}:{reason}"] += 1
            if len(self.error_examples) < 10:
                self.error_examples.append(f"{kind} {reason} {result.exceptions[:1]} {note}")

    def fail(self, kind: str, message: str) -> None:
        self.errors[f"{kind}:{message.split(':')[0]}"] += 1
        if len(self.error_examples) < 10:
            self.error_examples.append(f"{kind}: {message}")


async def one_user(
    server: Server,
    role: str,
    start_at: float,
    end_at: float,
    think: float,
    rec: Recorder,
    seed: int,
    account: str | None = None,
) -> None:
    rng = random.Random(seed)
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    query = "" if account else f"demo={LOGIN_OF.get(role, role)}"
    session = StreamlitSession(server.url, query)
    try:
        await session.connect()
        first = await session.rerun()
        rec.record("first_load", first)
        if account:
            states = login_states(session, account, OWN_PASSWORD)
            if states is None:
                raise RuntimeError("no login form on the first page")
            login = await session.rerun(widget_states=states)
            rec.record("login", login)
            if not session.page_hash("Selbstanalyse"):
                raise RuntimeError(f"login as {account} failed: {login.alerts[:1]}")
        script = ROLE_SCRIPTS[role]
        step = 0
        next_at = time.monotonic() + think * rng.uniform(0.8, 1.2)
        while True:
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            if time.monotonic() >= end_at:
                break
            action, target = script[step % len(script)]
            step += 1
            # The next interaction is due one think time later, whatever happens now (a slow
            # server makes users wait, it does not make them click faster).
            next_at += think * rng.uniform(0.9, 1.1)
            if action == "rerun":
                result = await session.rerun()
                rec.record(f"rerun:{session.page_name or 'start'}", result)
                continue
            if action == "page":
                if session.page_hash(target) is None:
                    # e.g. the first run timed out and no page list arrived yet: reload
                    result = await session.rerun()
                    rec.record("reload", result)
                    if session.page_hash(target) is None:
                        rec.fail(f"page:{target}", f"missing: not offered to {role}")
                    continue
                result = await session.rerun(page=target)
                rec.record(f"page:{target}", result)
                if target == "Selbstanalyse" and not session.form_widgets():
                    # "Mein Profil" selected a finished project (the choice is shared by
                    # the pages): pick the one in progress, as a user would.
                    states = choose_option(session, "Projekt", DRAFT_LABEL)
                    if states is not None:
                        result = await session.rerun(widget_states=states)
                        rec.record("choose project", result)
            else:
                states = submit_form(session, rng)
                if states is None:
                    rec.outcomes["save: no form on page"] += 1
                    result = await session.rerun()
                    rec.record("rerun", result)
                else:
                    result = await session.rerun(widget_states=states)
                    rec.record("save", result)
                    saved = any(SAVED_TEXT in t for t in result.alerts + result.texts)
                    rec.outcomes["save: stored" if saved else "save: conflict/other"] += 1
    except Exception as exc:  # connection refused, protocol trouble: an error, not a crash
        rec.fail("session", f"{type(exc).__name__}: {exc}")
    finally:
        await session.close()


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
        profiler = start_profiler(_first(server), f"load-{mix}") if profile else None
        await asyncio.gather(*tasks)
        await sampler
        if profiler is not None:
            stop_profiler(profiler[0])
        steady = [s["rss_mb"] for s in samples if s["t_s"] >= ramp + 1]
        result = {
            "variant": variant,
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

        profiler = start_profiler(_first(server), f"burst-{sessions}") if profile else None
        cpu0 = server.cpu_seconds()
        await asyncio.gather(*(open_one(i) for i in range(sessions)))
        extra = {
            "server_cpu_ms_per_session": round((server.cpu_seconds() - cpu0) / sessions * 1000, 1)
        }
        if profiler is not None:
            stop_profiler(profiler[0])
            extra["profile"] = profile_summary(profiler[1])
        return {
            **extra,
            "variant": variant,
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

"""The app servers a load test drives: variants of the server settings, one process or several
behind nginx, and the store each run uses (see ``loadtest.py``)."""

from __future__ import annotations

import os
from collections import defaultdict
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
    seed_env,
)
from st_client import Server, start_server

VARIANTS: dict[str, tuple[list[str], list[str]]] = {
    # name: (extra streamlit args, serve.py flags)
    "stock": (["--runner.postScriptGC", "true", "--server.fileWatcherType", "auto"], []),
    "config": ([], []),
    "nodelay": ([], ["--nodelay"]),
    "tuned": ([], ["--nodelay", "--freeze"]),
    # tuned, run as this harness ran before 2 Dec 2026 (Streamlit's pages/ emulation on)
    "tuned-pages-dir": ([], ["--nodelay", "--freeze", "--pages-dir"]),
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


def first_process(server) -> Server:
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


def fresh_db(variant: str) -> Store:
    """The store a benchmark server runs on: a private copy of the national SQLite file, or
    the PostgreSQL store named by ``MINTQO_BENCH_STORE`` (seeded once, shared)."""
    if BENCH_STORE:
        return ensure_national_store(BENCH_STORE)
    ensure_national_db()
    return private_copy(NATIONAL_DB, f"load-{variant}.sqlite3")

"""Start ``streamlit`` with or without mintqo's server tuning applied before the server starts.

    python benchmarks/serve.py [--nodelay] [--freeze] [--gc-log] [--gc-threshold=A,B,C] \
        -- run app.py --server.port N …

``--nodelay`` / ``--freeze`` do what ``mintqo.ui.server_tuning.apply()`` does from ``app.py``
(Nagle off on uvicorn's listening socket / gc.freeze() after the heavy imports and rarer full
collections) from a thread as soon as the server listens; ``app.py``'s own call is switched off,
so the benchmark compares the variants without editing app.py. ``--gc-log`` prints every garbage
collection longer than 5 ms to the server log (and a census of tracked object types on
SIGUSR1); ``--gc-threshold`` overrides the collector thresholds after the freeze;
``--log-queries`` prints every SQL statement to the log (``[sql] …``);
``--pages-dir`` leaves Streamlit's pages/ detection on, as this script did before 2 Dec 2026
(every run then also pays for Streamlit's multipage emulation, which ``mintqo serve`` switches
off); ``--tracemalloc`` traces Python allocations and, on each SIGUSR2 after the first, logs the
largest growths since the first (memory investigations; it slows the server down).
Everything after ``--`` is passed to Streamlit's own command line.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _apply_when_listening(
    server_tuning, nodelay: bool, freeze: bool, thresholds: tuple[int, ...] | None
) -> None:
    deadline = time.monotonic() + 120
    servers: list = []
    while time.monotonic() < deadline:
        servers = [s for s in server_tuning._uvicorn_servers() if getattr(s, "servers", None)]
        if servers:
            break
        time.sleep(0.5)
    if nodelay:
        fixed = server_tuning.set_nodelay_on_servers(servers)
        print(f"[serve.py] TCP_NODELAY set on {fixed} socket(s)", file=sys.stderr, flush=True)
    if freeze:
        # What app.py has imported by the end of its first run, then freeze.
        import mintqo.store.assessments
        import mintqo.ui.guard  # noqa: F401

        server_tuning.freeze_gc()
        print("[serve.py] gc.freeze() done", file=sys.stderr, flush=True)
    if thresholds:  # an experiment: other collector thresholds than freeze_gc() sets
        import gc

        gc.set_threshold(*thresholds)
        print(f"[serve.py] gc thresholds {gc.get_threshold()}", file=sys.stderr, flush=True)


def _log_gc_pauses(threshold_ms: float = 5.0) -> None:
    """Print every garbage collection that holds the GIL longer than ``threshold_ms``."""
    import gc

    started: dict[str, float] = {}

    def callback(phase: str, info: dict) -> None:
        if phase == "start":
            started["t"] = time.perf_counter()
        elif "t" in started:
            ms = (time.perf_counter() - started.pop("t")) * 1000
            if ms >= threshold_ms:
                print(
                    f"[serve.py] gc gen {info['generation']}: {ms:.1f} ms, "
                    f"{info['collected']} collected",
                    file=sys.stderr,
                    flush=True,
                )

    gc.callbacks.append(callback)


def _census_on_signal() -> None:
    """On SIGUSR1, print the 25 commonest types among the objects the collector tracks."""
    import collections
    import gc
    import signal

    def census(signum, frame) -> None:
        del signum, frame
        counts = collections.Counter(type(o).__qualname__ for o in gc.get_objects())
        total = sum(counts.values())
        print(f"[serve.py] census: {total} tracked", file=sys.stderr, flush=True)
        for name, n in counts.most_common(25):
            print(f"[serve.py] census {n:8d} {name}", file=sys.stderr, flush=True)

    signal.signal(signal.SIGUSR1, census)


def _tracemalloc_on_signal(frames: int = 8) -> None:
    """Trace Python allocations; on SIGUSR2 take a snapshot: the first is the baseline, each
    later one prints the 20 largest growths since the baseline (by allocation site)."""
    import signal
    import tracemalloc

    tracemalloc.start(frames)
    state: dict[str, object] = {}

    def snapshot(signum, frame) -> None:
        del signum, frame
        snap = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(False, tracemalloc.__file__)]
        )
        if "baseline" not in state:
            state["baseline"] = snap
            print("[serve.py] tracemalloc baseline taken", file=sys.stderr, flush=True)
            return
        stats = snap.compare_to(state["baseline"], "traceback")
        total = sum(s.size_diff for s in stats)
        print(f"[serve.py] tracemalloc growth {total / 1e6:.1f} MB", file=sys.stderr, flush=True)
        for stat in stats[:20]:
            where = " <- ".join(
                f"{f.filename.split('site-packages/')[-1]}:{f.lineno}"
                for f in list(stat.traceback)[::-1][:4]
            )
            print(
                f"[serve.py] tracemalloc {stat.size_diff / 1e3:+10.1f} kB "
                f"{stat.count_diff:+7d} blocks {where}",
                file=sys.stderr,
                flush=True,
            )

    signal.signal(signal.SIGUSR2, snapshot)


def _log_queries() -> None:
    """Print the first line of every SQL statement the app sends (counting queries per run)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "before_cursor_execute")
    def _statement(conn, cursor, statement, parameters, context, executemany) -> None:
        del conn, cursor, parameters, context, executemany
        first = statement.strip().split("\n", 1)[0][:100]
        print(f"[sql] {first}", file=sys.stderr, flush=True)


def main() -> None:
    args = sys.argv[1:]
    split = args.index("--") if "--" in args else len(args)
    ours, theirs = args[:split], args[split + 1 :]
    sys.path.insert(0, str(ROOT))
    from mintqo.ui import server_tuning

    # app.py calls server_tuning.apply() on its first run; here the flags decide instead, so
    # "stock" and "config" really run without it (apply() sees itself as done).
    server_tuning._state["done"] = True

    thresholds = next(
        (tuple(int(x) for x in f.split("=", 1)[1].split(",")) for f in ours if "=" in f), None
    )  # --gc-threshold=700,10,10
    if "--nodelay" in ours or "--freeze" in ours or thresholds:
        # What app.py's first run would do: wait until uvicorn listens, then apply.
        threading.Thread(
            target=_apply_when_listening,
            args=(server_tuning, "--nodelay" in ours, "--freeze" in ours, thresholds),
            daemon=True,
        ).start()
    if "--gc-log" in ours:
        _log_gc_pauses()
        _census_on_signal()
    if "--tracemalloc" in ours:
        _tracemalloc_on_signal()
    if "--log-queries" in ours:
        _log_queries()
    # As ``python -m mintqo serve`` does: routing by st.navigation only. Without this Streamlit
    # sees pages/ beside app.py and wraps every run in its old multipage emulation (15 more
    # page objects and a second navigation message per run), which production never does.
    from streamlit.runtime.pages_manager import PagesManager

    if "--pages-dir" not in ours:  # the earlier harness, for comparisons with older results
        PagesManager.uses_pages_directory = False
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *theirs]
    streamlit_main()


if __name__ == "__main__":
    main()

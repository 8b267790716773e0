"""Target 4: concurrent questionnaire step saves — 0 errors, 0 lost writes, throughput.

8 writer threads × 500 ``mintqo.store.assessments.save_step`` calls (each its own draft,
criteria in turn, random ratings and a note), while 2 reader threads keep loading drafts
(``load_state``) — the pattern of a workshop where everyone saves at once. Afterwards every
draft is checked against what its thread wrote last for every criterion: version counter
(start + successful saves), every answer and every note. Any exception, conflict or mismatch
is counted.

Backends:
  sqlite      a private copy of the national store (WAL, busy_timeout, BEGIN IMMEDIATE)
  postgresql  a fresh schema in MINTQO_TEST_DATABASE_URL (default
              postgresql+psycopg://postgres@127.0.0.1:5432/test) with demo-scale data,
              dropped afterwards

    .venv/bin/python benchmarks/bench_concurrent_saves.py [--backend sqlite postgresql]
"""

from __future__ import annotations

import argparse
import os
import random
import threading
import time
import uuid
from contextlib import contextmanager

from common import NATIONAL_DB, ensure_national_db, private_copy, save_result, sqlite_url, summary

PG_URL = os.environ.get(
    "MINTQO_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@contextmanager
def sqlite_engine():
    from mintqo.store.engine import make_engine

    ensure_national_db()
    path = private_copy(NATIONAL_DB, "saves.sqlite3")
    engine = make_engine(sqlite_url(path))
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def postgres_engine():
    from sqlalchemy import create_engine, text

    from mintqo import demo
    from mintqo.store.engine import make_engine
    from mintqo.store.migrate import upgrade_to_head

    schema = f"mintqo_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(
        PG_URL, connect_args={"options": f"-csearch_path={schema}"}, pool_size=12, max_overflow=4
    )
    try:
        upgrade_to_head(engine)
        demo.seed(engine, scale="demo", with_users=False)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def draft_ids(engine, n: int) -> list[int]:
    from sqlalchemy import select

    from mintqo.store.engine import read_session
    from mintqo.store.models import Assessment

    with read_session(engine) as s:
        ids = s.scalars(
            select(Assessment.id).where(Assessment.status == "draft").order_by(Assessment.id)
        ).all()
    if len(ids) < n:
        raise SystemExit(f"need {n} drafts, store has {len(ids)}")
    return list(ids[:n])


def run(engine, threads: int, saves: int, readers: int) -> dict:
    from mintqo.questionnaire import load_questionnaire
    from mintqo.store import assessments

    q = load_questionnaire()
    drafts = draft_ids(engine, threads)
    start_versions = {a: assessments.get_assessment(engine, a).version for a in drafts}
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors: list[str] = []
    conflicts = [0] * threads
    expected: list[dict] = [{} for _ in range(threads)]  # criterion → (answers, note)
    saved = [0] * threads
    stop = threading.Event()
    reads = [0]
    barrier = threading.Barrier(threads + readers)

    def writer(t: int) -> None:
        rng = random.Random(t)
        aid = drafts[t]
        version = start_versions[aid]
        barrier.wait()
        for i in range(saves):
            criterion = q.criteria[i % len(q.criteria)]
            answers = {
                item.id: (None if rng.random() < 0.05 else rng.randint(1, 5))
                for item in criterion.items
            }
            note = f"Beleg {t}-{i}"
            t0 = time.perf_counter()
            try:
                result = assessments.save_step(engine, aid, version, criterion.id, answers, note)
            except Exception as exc:
                errors.append(f"thread {t} save {i}: {type(exc).__name__}: {exc}")
                continue
            latencies[t].append((time.perf_counter() - t0) * 1000)
            if result.saved:
                saved[t] += 1
                expected[t][criterion.id] = (answers, note)
            else:
                conflicts[t] += 1
            version = result.version

    def reader(r: int) -> None:
        rng = random.Random(100 + r)
        barrier.wait()
        while not stop.is_set():
            try:
                assessments.load_state(engine, rng.choice(drafts))
                reads[0] += 1
            except Exception as exc:
                errors.append(f"reader {r}: {type(exc).__name__}: {exc}")

    workers = [threading.Thread(target=writer, args=(t,)) for t in range(threads)]
    watchers = [threading.Thread(target=reader, args=(r,)) for r in range(readers)]
    t0 = time.perf_counter()
    for th in workers + watchers:
        th.start()
    for th in workers:
        th.join()
    wall = time.perf_counter() - t0
    stop.set()
    for th in watchers:
        th.join()

    lost = []
    for t, aid in enumerate(drafts):
        state = assessments.load_state(engine, aid)
        if state.version != start_versions[aid] + saved[t]:
            lost.append(f"draft {aid}: version {state.version} ≠ {start_versions[aid] + saved[t]}")
        for cid, (answers, note) in expected[t].items():
            for item_id, value in answers.items():
                if state.answers.get(item_id, "missing") != value:
                    lost.append(f"draft {aid} {item_id}: {state.answers.get(item_id)} ≠ {value}")
            if state.notes.get(cid, "") != note:
                lost.append(f"draft {aid} note {cid}")
    all_lat = [x for lat in latencies for x in lat]
    return {
        "backend": engine.dialect.name,
        "threads": threads,
        "saves_per_thread": saves,
        "reader_threads": readers,
        "saves_ok": sum(saved),
        "conflicts": sum(conflicts),
        "errors": len(errors),
        "error_examples": errors[:5],
        "lost_writes": len(lost),
        "lost_examples": lost[:5],
        "wall_s": round(wall, 2),
        "throughput_saves_per_s": round(sum(saved) / wall, 1),
        "reads_during_run": reads[0],
        "save_latency": summary(all_lat),
    }


def install_writer_lock() -> None:
    """Experiment: serialise SQLite write transactions in-process with a lock.

    SQLite's busy handler polls with growing sleeps (up to 100 ms), so waiting writers wake
    late; a process-wide lock hands the write slot over at once. Proposed for
    ``mintqo.store.engine.write_session`` if the numbers show it pays.
    """
    from contextlib import contextmanager as _cm

    from mintqo.store import assessments
    from mintqo.store import engine as engine_mod

    original = engine_mod.write_session
    lock = threading.Lock()

    @_cm
    def locked_write_session(engine):
        if engine.dialect.name != "sqlite":
            with original(engine) as s:
                yield s
            return
        with lock, original(engine) as s:
            yield s

    engine_mod.write_session = locked_write_session
    assessments.write_session = locked_write_session


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument(
        "--writer-lock", action="store_true", help="experiment: in-process lock for SQLite writes"
    )
    args = parser.parse_args()
    if args.writer_lock:
        install_writer_lock()
    results = []
    for backend in args.backend:
        factory = sqlite_engine if backend == "sqlite" else postgres_engine
        try:
            with factory() as engine:
                results.append(run(engine, args.threads, args.saves, args.readers))
        except Exception as exc:  # e.g. PostgreSQL not reachable
            results.append({"backend": backend, "failed": f"{type(exc).__name__}: {exc}"})
        print(results[-1], flush=True)
    save_result(
        "bench_concurrent_saves" + ("_writer_lock" if args.writer_lock else ""),
        {
            "target": "0 errors, 0 lost writes; throughput reported",
            "writer_lock_experiment": args.writer_lock,
            "results": results,
        },
    )


if __name__ == "__main__":
    main()

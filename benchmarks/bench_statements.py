"""What one per-run read costs, by how its statement is built and run (issue 18, target 1).

The login-session read that every page run makes, in-process against the national store,
three ways: the statement built anew and run through an ORM session (the code before the fourth
campaign), built once with a bind parameter and run through an ORM session, and built once and
run on a plain connection (``mintqo.store.engine.read_connection``, what the store does now).

    .venv/bin/python benchmarks/bench_statements.py [--calls 2000]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from common import ensure_national_db, save_result
from sqlalchemy import bindparam, select

from mintqo.store.engine import make_engine, read_connection, read_session
from mintqo.store.models import LoginSession, User

# The columns as the store named them before: the "built each time" way rebuilds that statement.
COLUMNS = (
    LoginSession.user_id,
    LoginSession.ended_at,
    LoginSession.expires_at,
    User.username,
    User.display_name,
    User.active,
    User.role,
    User.initiative_id,
    User.network_id,
)
PREPARED = (
    select(*COLUMNS)
    .join(User, User.id == LoginSession.user_id)
    .where(LoginSession.token_hash == bindparam("token_hash"))
)


def _built_each_time(engine, token: str) -> Callable[[], object]:
    def read() -> object:
        with read_session(engine) as s:
            return s.execute(
                select(*COLUMNS)
                .join(User, User.id == LoginSession.user_id)
                .where(LoginSession.token_hash == token)
            ).first()

    return read


def _prepared_orm(engine, token: str) -> Callable[[], object]:
    def read() -> object:
        with read_session(engine) as s:
            return s.execute(PREPARED, {"token_hash": token}).first()

    return read


def _prepared_connection(engine, token: str) -> Callable[[], object]:
    def read() -> object:
        with read_connection(engine) as conn:
            return conn.execute(PREPARED, {"token_hash": token}).first()

    return read


def measure(read: Callable[[], object], calls: int) -> dict:
    for _ in range(200):  # warm the statement cache and the connection pool
        read()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        read()
        times.append((time.perf_counter() - start) * 1e6)
    times.sort()
    return {
        "median_us": round(statistics.median(times)),
        "p95_us": round(times[int(len(times) * 0.95)]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
    engine = make_engine(f"sqlite:///{ensure_national_db()}")
    token = "no-such-session"  # a lookup that finds no row: the same statement and plan
    ways = {
        "built each time, ORM session": _built_each_time,
        "built once, ORM session": _prepared_orm,
        "built once, plain connection": _prepared_connection,
    }
    results = {name: measure(make(engine, token), args.calls) for name, make in ways.items()}
    for name, result in results.items():
        print(f"{name:32s} median {result['median_us']:5d} µs   p95 {result['p95_us']:5d} µs")
    save_result("bench_statements", {"calls": args.calls, "ways": results})


if __name__ == "__main__":
    main()

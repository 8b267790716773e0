"""Engine creation and units of work.

SQLite is the embedded default, PostgreSQL the production store; ``DATABASE_URL`` chooses.
SQLite needs care to behave under concurrent writers: WAL, a busy timeout, foreign keys on,
and ``BEGIN IMMEDIATE`` for write transactions (a deferred transaction that reads and then
writes cannot wait for the lock and fails at once under contention).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "mintqo.sqlite3"
SQLITE_BUSY_TIMEOUT_MS = 10_000
_WRITE_OPTION = "mintqo_write"

T = TypeVar("T")

Check = Callable[[Session], None]
"""Runs first inside a write transaction: the use-case layer's authorisation, against rows read
in the same transaction as the write (raise to refuse; nothing is then written)."""


def database_url() -> str:
    """The configured store: ``DATABASE_URL`` or the SQLite file under data/."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{DEFAULT_SQLITE_PATH}"
    if url.startswith("postgres://"):  # the form many hosting platforms hand out
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself, so that we can choose IMMEDIATE for writers.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """Create an engine for ``url`` (default: :func:`database_url`) with our connection settings."""
    url = url or database_url()
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and ":memory:" not in url:
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


# Rows read in the current page run, by key (see :func:`memo_per_run`); None outside a run.
_RUN_MEMO: ContextVar[dict[tuple, Any] | None] = ContextVar("mintqo_run_memo", default=None)


@contextmanager
def memo_per_run() -> Iterator[None]:
    """Within this block, reads that use :func:`remembered` hit the database once per key.

    A page asks several use cases about the same rows (whose project this is, the initiative's
    projects); each use case checks access itself, and each would read them again. The memo
    lives for one page run in one thread and is emptied by every write transaction of that
    thread, before and after it, so what follows a write reads what was written.
    """
    token = _RUN_MEMO.set({})
    try:
        yield
    finally:
        _RUN_MEMO.reset(token)


def remembered(key: tuple, read: Callable[[], T]) -> T:
    """``read()`` once per run for ``key`` inside :func:`memo_per_run`; else every time."""
    memo = _RUN_MEMO.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def known(key: tuple) -> Any:
    """What this run has already read under ``key`` (None if nothing, or outside a run): for
    reads that can be answered from it but must not trigger it."""
    memo = _RUN_MEMO.get()
    return None if memo is None else memo.get(key)


def remember(key: tuple, value: Any) -> None:
    """Record a row read as part of a larger read (the initiative's projects also say whose
    each round is), so a later :func:`remembered` of ``key`` in this run needs no query."""
    memo = _RUN_MEMO.get()
    if memo is not None:
        memo.setdefault(key, value)


def _forget_run_reads() -> None:
    memo = _RUN_MEMO.get()
    if memo:
        memo.clear()


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A short read-only unit of work; nothing is committed."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A short read-only unit of work on a plain connection, nothing committed.

    For the reads every page run makes (login session, project list, data versions): with a
    statement built once at import (values as bind parameters) a read costs ≈ 0.1 ms, where
    building the statement anew and running it through an ORM session costs ≈ 0.3 ms
    (``benchmarks/README.md``, target 1)."""
    with engine.connect() as conn:
        yield conn


@contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """A short write transaction on a plain connection, for statements built once at import
    (a login); committed on success, rolled back on any exception."""
    _forget_run_reads()
    try:
        with engine.execution_options(**{_WRITE_OPTION: True}).begin() as conn:
            yield conn
    finally:
        _forget_run_reads()


@contextmanager
def write_session(engine: Engine, check: Check | None = None) -> Iterator[Session]:
    """A short write transaction, committed on success and rolled back on any exception.

    ``check`` (if given) runs first, inside the transaction.
    """
    _forget_run_reads()
    write_engine = engine.execution_options(**{_WRITE_OPTION: True})
    try:
        with Session(write_engine, expire_on_commit=False) as session, session.begin():
            if check is not None:
                check(session)
            yield session
    finally:
        _forget_run_reads()

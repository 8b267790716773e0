"""SQLite connection settings that make concurrent use safe."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, func, select, text

from mintqo.store.engine import database_url, read_session, write_session
from mintqo.store.models import Cohort


def test_pragmas_are_set_on_every_connection(sqlite_store: Engine) -> None:
    with sqlite_store.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL


def test_concurrent_read_then_write_transactions_do_not_fail(sqlite_store: Engine) -> None:
    """Writers that read first must not die with 'database is locked' (BEGIN IMMEDIATE)."""
    errors: list[Exception] = []

    def worker(n: int) -> None:
        try:
            for i in range(40):
                with write_session(sqlite_store) as s:
                    count = s.scalar(select(func.count()).select_from(Cohort))
                    s.add(Cohort(name=f"k{n}-{i}-{count}"))
        except Exception as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with read_session(sqlite_store) as s:
        assert s.scalar(select(func.count()).select_from(Cohort)) == 160


def test_database_url_normalises_postgres_urls(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db:5432/mintqo")
    assert database_url() == "postgresql+psycopg://u:p@db:5432/mintqo"
    monkeypatch.delenv("DATABASE_URL")
    assert database_url().startswith("sqlite:///") and database_url().endswith(
        "data/mintqo.sqlite3"
    )

"""Opening the store for a process, and the cache protocol the use cases accept."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol, TypeVar

from sqlalchemy import Engine

from mintqo.store import versions
from mintqo.store.engine import database_url, make_engine, memo_per_run
from mintqo.store.migrate import upgrade_to_head

T = TypeVar("T")


class Cache(Protocol):
    """Where a use case may keep an expensive, read-only result under a key it computed.

    The key always holds the store generation and the data versions the result depends on,
    and is made only after the access checks: a cache can never hand a viewer something the
    use case would not have built for them. The UI passes a process-wide cache; the CLI and
    tests pass :func:`no_cache`.
    """

    def __call__(self, key: tuple, build: Callable[[], T]) -> T: ...


def no_cache(key: tuple, build: Callable[[], T]) -> T:
    del key
    return build()


@contextmanager
def reads_per_run() -> Iterator[None]:
    """For the block (a page run): the data-version counters are read once
    (:func:`mintqo.store.versions.snapshot_per_run`), and so are the rows the use cases share
    (ownership of projects and rounds, an initiative's projects:
    :func:`mintqo.store.engine.memo_per_run`)."""
    with versions.snapshot_per_run(), memo_per_run():
        yield


def configured_url() -> str:
    """The store this process is configured for (``DATABASE_URL`` or the SQLite default)."""
    return database_url()


def open_store(url: str | None = None) -> Engine:
    """An engine on the configured store, migrated to the newest schema, with a generation."""
    engine = make_engine(url)
    upgrade_to_head(engine)
    versions.ensure_generation(engine)
    return engine

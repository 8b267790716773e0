"""Opening the store for a process, and the cache protocol the use cases accept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from sqlalchemy import Engine

from mintqo.store import versions
from mintqo.store.engine import database_url, make_engine
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


def versions_per_run():
    """Read the data-version counters once for the block (a page run): see
    :func:`mintqo.store.versions.snapshot_per_run`."""
    return versions.snapshot_per_run()


def configured_url() -> str:
    """The store this process is configured for (``DATABASE_URL`` or the SQLite default)."""
    return database_url()


def open_store(url: str | None = None) -> Engine:
    """An engine on the configured store, migrated to the newest schema, with a generation."""
    engine = make_engine(url)
    upgrade_to_head(engine)
    versions.ensure_generation(engine)
    return engine

"""Data versions and the store generation: what dashboard caches are keyed by.

Counters per scope ('global', 'network:7') are bumped inside the transaction of every write that
changes what a dashboard shows (a release, a consent, an erasure, network administration), so a
cached view is never served after its data changed. The *generation* is a random number that
changes whenever the whole store is replaced (``demo-reset``, ``restore``): counters restart and
SQLite may hand out old ids again after a reset, so every cache key includes the generation too.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import Engine, bindparam, select, update
from sqlalchemy.orm import Session

from mintqo.store.engine import read_connection, read_session, write_session
from mintqo.store.models import DataVersion, utcnow

GLOBAL = "global"
GENERATION = "generation"
ACTIVITY = "activity"  # participation counts: bumped when rounds start or are submitted
BUDDIES = "buddies"  # buddy pairs: bumped on every request, answer and end


def network_scope(network_id: int) -> str:
    return f"network:{network_id}"


def participation_scope(network_id: int) -> str:
    """Who takes part in a network, live (drafts too): bumped by every round start, save and
    submission and by project and initiative changes of the network; cheaper than
    ``network_scope``, which only releases bump and which keys the released results."""
    return f"participation:{network_id}"


class _Snapshot:
    """Every counter as read once; ``None`` until first asked, and again after a bump."""

    values: dict[str, int] | None = None


# The counters of the current unit of display (a page run), see :func:`snapshot_per_run`.
_RUN_SNAPSHOT: ContextVar[_Snapshot | None] = ContextVar("mintqo_versions", default=None)


@contextmanager
def snapshot_per_run() -> Iterator[None]:
    """Within this block every counter is read from the database once, by the first caller.

    A page asks for counters several times (dashboard, release state, buddy views); one query
    reads all of them (one row per network and a few global ones). A bump in this thread
    (a write in the same run) drops the copy, so what follows reads the new values. Writes of
    other processes show at the next block, as they would after the first read anyway: a
    counter is always read before the data it keys, never after.
    """
    token = _RUN_SNAPSHOT.set(_Snapshot())
    try:
        yield
    finally:
        _RUN_SNAPSHOT.reset(token)


def _drop_snapshot() -> None:
    snapshot = _RUN_SNAPSHOT.get()
    if snapshot is not None:
        snapshot.values = None


_COUNTERS = DataVersion.__table__
_BUMP = (
    update(_COUNTERS)
    .where(_COUNTERS.c.scope == bindparam("bumped_scope"))
    .values(version=_COUNTERS.c.version + 1, changed_at=bindparam("at"))
)


def bump(session: Session, scopes: Iterable[str]) -> None:
    """Increase the counters of ``scopes`` (creating them) inside the caller's transaction."""
    _drop_snapshot()
    for scope in dict.fromkeys(scopes):
        changed = session.execute(_BUMP, {"bumped_scope": scope, "at": utcnow()}).rowcount
        if not changed:
            session.add(DataVersion(scope=scope, version=1, changed_at=utcnow()))
            session.flush()


def current(engine: Engine, scope: str = GLOBAL) -> int:
    return current_many(engine, [scope])[scope]


_ALL_COUNTERS = select(DataVersion.scope, DataVersion.version)


def current_many(engine: Engine, scopes: Iterable[str]) -> Mapping[str, int]:
    """Several counters (and the generation) in one query; missing ones are 0."""
    wanted = list(dict.fromkeys(scopes))
    snapshot = _RUN_SNAPSHOT.get()
    if snapshot is not None:
        if snapshot.values is None:
            with read_connection(engine) as conn:
                rows = conn.execute(_ALL_COUNTERS).all()
            snapshot.values = {scope: int(version) for scope, version in rows}
        return {scope: snapshot.values.get(scope, 0) for scope in wanted}
    with read_session(engine) as s:
        rows = dict(
            s.execute(
                select(DataVersion.scope, DataVersion.version).where(DataVersion.scope.in_(wanted))
            ).all()
        )
    return {scope: int(rows.get(scope, 0)) for scope in wanted}


def renew_generation(session: Session) -> int:
    """A new random store generation, inside the transaction that replaces the store's data."""
    _drop_snapshot()
    value = secrets.randbelow(2**31 - 1) + 1
    changed = session.execute(
        update(DataVersion)
        .where(DataVersion.scope == GENERATION)
        .values(version=value, changed_at=utcnow())
    ).rowcount
    if not changed:
        session.add(DataVersion(scope=GENERATION, version=value, changed_at=utcnow()))
        session.flush()
    return value


def ensure_generation(engine: Engine) -> int:
    """The store's generation, created if the store has none yet (a fresh or migrated store)."""
    value = current(engine, GENERATION)
    if value:
        return value
    with write_session(engine) as s:
        existing = s.scalar(select(DataVersion.version).where(DataVersion.scope == GENERATION))
        return existing or renew_generation(s)

"""Data versions: counters that dashboard caches are keyed by, bumped in the writing transaction."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from mintqo.store.engine import read_session
from mintqo.store.models import DataVersion, utcnow

GLOBAL = "global"


def network_scope(network_id: int) -> str:
    return f"network:{network_id}"


def bump(session: Session, scopes: Iterable[str]) -> None:
    """Increase the counters of ``scopes`` (creating them) inside the caller's transaction."""
    for scope in dict.fromkeys(scopes):
        changed = session.execute(
            update(DataVersion)
            .where(DataVersion.scope == scope)
            .values(version=DataVersion.version + 1, changed_at=utcnow())
        ).rowcount
        if not changed:
            session.add(DataVersion(scope=scope, version=1, changed_at=utcnow()))
            session.flush()


def current(engine: Engine, scope: str = GLOBAL) -> int:
    with read_session(engine) as s:
        return s.scalar(select(DataVersion.version).where(DataVersion.scope == scope)) or 0

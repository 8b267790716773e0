"""The audit log: admin and coordinator actions that touch other people's data."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mintqo.access import Actor
from mintqo.store.models import AuditEvent, utcnow


def record(
    session: Session, actor: Actor | str, action: str, target: str = "", detail: str = ""
) -> None:
    """Add an audit event inside the caller's write transaction (so it exists iff the action did)."""
    username = actor if isinstance(actor, str) else actor.username
    session.add(
        AuditEvent(at=utcnow(), actor=username, action=action, target=target[:200], detail=detail)
    )

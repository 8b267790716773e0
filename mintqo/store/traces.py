"""What the store keeps about an initiative outside its own tables, in one place.

The audit log and the invitation that created the initiative refer to it by name and its users
by user name, not by foreign key, so the cascade does not reach them. Erasure
(:mod:`mintqo.store.erasure`) pseudonymises or deletes exactly these rows, and the data export
(:mod:`mintqo.io.data_export`) hands out exactly these rows: both use the conditions below.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, or_, select
from sqlalchemy.orm import Session

from mintqo.store.models import AuditEvent, Initiative, OneTimeCode, User

MIN_MENTION = 3  # shorter names would match too many unrelated details


@dataclass(frozen=True)
class Traces:
    """Who and what the audit log may mention of one initiative."""

    initiative_id: int
    network_id: int
    name: str
    usernames: tuple[str, ...]
    display_names: tuple[str, ...]

    @classmethod
    def of(
        cls,
        initiative_id: int,
        network_id: int,
        name: str,
        usernames: Iterable[str],
        display_names: Iterable[str],
    ) -> Traces:
        return cls(initiative_id, network_id, name, tuple(usernames), tuple(display_names))

    @property
    def targets(self) -> list[str]:
        """Audit targets that are the initiative or one of its accounts."""
        return [f"initiative:{self.initiative_id}", *(f"user:{u}" for u in self.usernames)]

    @property
    def words(self) -> list[str]:
        """Names an audit detail may mention: the initiative's, its users' and display names."""
        names = (self.name, *self.usernames, *self.display_names)
        return [w for w in names if w and len(w) >= MIN_MENTION]

    def by_its_users(self) -> ColumnElement[bool]:
        """Audit events one of the initiative's users did."""
        return AuditEvent.actor.in_(self.usernames) if self.usernames else false()

    def about_it(self) -> ColumnElement[bool]:
        """Audit events whose target is the initiative or one of its accounts."""
        return AuditEvent.target.in_(self.targets)

    def mentioning_it(self) -> ColumnElement[bool]:
        """Audit events whose detail mentions the initiative or a user by name (substring)."""
        words = self.words
        if not words:
            return false()
        return or_(*(AuditEvent.detail.contains(w, autoescape=True) for w in words))

    def audit_events(self) -> ColumnElement[bool]:
        """Every audit event that concerns the initiative or its users."""
        return or_(self.by_its_users(), self.about_it(), self.mentioning_it())

    def creating_invitation(self) -> ColumnElement[bool]:
        """The invitation that created the initiative (labelled with its name, same network)."""
        return (
            (OneTimeCode.network_id == self.network_id)
            & (OneTimeCode.kind == "invitation")
            & (OneTimeCode.label == self.name)
        )


def traces_of(session: Session, initiative_id: int) -> Traces | None:
    """The initiative's traces as stored now, or None if there is no such initiative."""
    initiative = session.get(Initiative, initiative_id)
    if initiative is None:
        return None
    users = session.execute(
        select(User.username, User.display_name)
        .where(User.initiative_id == initiative_id)
        .order_by(User.id)
    ).all()
    return Traces.of(
        initiative_id,
        initiative.network_id,
        initiative.name,
        (u.username for u in users),
        (u.display_name for u in users),
    )

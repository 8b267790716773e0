"""Who has access to an initiative: its member accounts and the counts the invitation rules need."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from mintqo.store import participation
from mintqo.store.engine import read_session
from mintqo.store.models import Initiative, Network, User


@dataclass(frozen=True)
class MemberRow:
    user_id: int
    username: str
    display_name: str
    active: bool
    created_at: dt.datetime
    last_login_at: dt.datetime | None


@dataclass(frozen=True)
class InitiativeRow:
    initiative_id: int
    name: str
    network_id: int
    network_name: str
    active_members: int


def members_of(engine: Engine, initiative_id: int) -> list[MemberRow]:
    """Every account of an initiative (active or not), oldest first."""
    with read_session(engine) as s:
        rows = s.execute(
            select(
                User.id,
                User.username,
                User.display_name,
                User.active,
                User.created_at,
                User.last_login_at,
            )
            .where(User.initiative_id == initiative_id, User.role == "initiative")
            .order_by(User.created_at, User.id)
        ).all()
    return [
        MemberRow(r.id, r.username, r.display_name, bool(r.active), r.created_at, r.last_login_at)
        for r in rows
    ]


def active_member_count_in(s: Session, initiative_id: int) -> int:
    return s.scalar(
        select(func.count())
        .select_from(User)
        .where(User.initiative_id == initiative_id, User.active.is_(True))
    )


def initiative_in(s: Session, initiative_id: int) -> InitiativeRow | None:
    """An initiative with its network and number of active accounts."""
    row = s.execute(
        select(Initiative.id, Initiative.name, Initiative.network_id, Network.name.label("net"))
        .join(Network, Network.id == Initiative.network_id)
        .where(Initiative.id == initiative_id)
    ).first()
    if row is None:
        return None
    return InitiativeRow(
        row.id, row.name, row.network_id, row.net, active_member_count_in(s, row.id)
    )


def initiatives_of_network(engine: Engine, network_id: int) -> list[InitiativeRow]:
    """The network's initiatives by name, each with its number of active accounts."""
    active = (
        select(User.initiative_id, func.count().label("n"))
        .where(User.active.is_(True), User.initiative_id.is_not(None))
        .group_by(User.initiative_id)
        .subquery()
    )
    with read_session(engine) as s:
        rows = s.execute(
            select(
                Initiative.id,
                Initiative.name,
                Initiative.network_id,
                Network.name.label("net"),
                func.coalesce(active.c.n, 0).label("n"),
            )
            .join(Network, Network.id == Initiative.network_id)
            .outerjoin(active, active.c.initiative_id == Initiative.id)
            .where(Initiative.network_id == network_id)
            .order_by(Initiative.name)
        ).all()
    return [InitiativeRow(r.id, r.name, r.network_id, r.net, int(r.n)) for r in rows]


def add_initiative_in(s: Session, name: str, network_id: int | None) -> int:
    """A new initiative (registration with an invitation for a new one)."""
    initiative = Initiative(name=name, network_id=network_id)
    s.add(initiative)
    s.flush()
    participation.mark_changed(s, initiative_id=initiative.id)
    return initiative.id


def network_name_in(s: Session, network_id: int) -> str | None:
    return s.scalar(select(Network.name).where(Network.id == network_id))


def all_networks(engine: Engine) -> list[tuple[int, str]]:
    """Networks that are not archived, by name (for invitation forms)."""
    with read_session(engine) as s:
        rows = s.execute(
            select(Network.id, Network.name)
            .where(Network.archived.is_(False))
            .order_by(Network.name)
        ).all()
    return [(r.id, r.name) for r in rows]

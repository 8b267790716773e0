"""Buddy pairs of networks: requests, answers, ends, and who is paired with whom."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session, aliased

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.store import audit, versions
from mintqo.store.engine import Check, read_session, write_session
from mintqo.store.models import BuddyPair, Network, utcnow

OPEN = ("requested", "active")


class BuddyError(UserError):
    """A refused buddy request or answer (German message)."""


@dataclass(frozen=True)
class Pair:
    pair_id: int
    requester_id: int
    requester: str
    partner_id: int
    partner: str
    status: str
    requested_at: dt.datetime
    answered_at: dt.datetime | None

    def other(self, network_id: int) -> tuple[int, str]:
        """The other network of the pair, seen from ``network_id``."""
        if network_id == self.requester_id:
            return self.partner_id, self.partner
        return self.requester_id, self.requester


def _query():
    requester, partner = aliased(Network), aliased(Network)
    return (
        select(
            BuddyPair.id,
            BuddyPair.requester_network_id,
            requester.name,
            BuddyPair.partner_network_id,
            partner.name,
            BuddyPair.status,
            BuddyPair.requested_at,
            BuddyPair.answered_at,
        )
        .join(requester, requester.id == BuddyPair.requester_network_id)
        .join(partner, partner.id == BuddyPair.partner_network_id)
        .order_by(BuddyPair.requested_at, BuddyPair.id)
    )


def pairs_of(engine: Engine, network_id: int, statuses: tuple[str, ...] = OPEN) -> list[Pair]:
    """Requested and active pairs a network is part of (either side)."""
    query = _query().where(
        or_(
            BuddyPair.requester_network_id == network_id,
            BuddyPair.partner_network_id == network_id,
        ),
        BuddyPair.status.in_(statuses),
    )
    with read_session(engine) as s:
        return [Pair(*row) for row in s.execute(query)]


def all_pairs(engine: Engine, statuses: tuple[str, ...] = OPEN) -> list[Pair]:
    with read_session(engine) as s:
        return [Pair(*row) for row in s.execute(_query().where(BuddyPair.status.in_(statuses)))]


def _open_between(s: Session, a: int, b: int) -> BuddyPair | None:
    return s.scalar(
        select(BuddyPair).where(
            BuddyPair.status.in_(OPEN),
            or_(
                (BuddyPair.requester_network_id == a) & (BuddyPair.partner_network_id == b),
                (BuddyPair.requester_network_id == b) & (BuddyPair.partner_network_id == a),
            ),
        )
    )


def request(engine: Engine, actor: Actor, own: int, other: int, check: Check | None = None) -> int:
    with write_session(engine, check) as s:
        target = s.get(Network, other)
        if target is None or target.archived:
            raise BuddyError("Dieses Netzwerk gibt es nicht (mehr).")
        existing = _open_between(s, own, other)
        if existing is not None:
            raise BuddyError(
                "Mit diesem Netzwerk besteht schon eine Anfrage oder ein Vergleich."
                if existing.status == "requested"
                else "Mit diesem Netzwerk vergleichen Sie sich bereits."
            )
        pair = BuddyPair(requester_network_id=own, partner_network_id=other, status="requested")
        s.add(pair)
        s.flush()
        versions.bump(s, [versions.BUDDIES])
        audit.record(s, actor, "buddy.request", f"network:{own}", f"an Netzwerk {other}")
        return pair.id


def load_in(session: Session, pair_id: int) -> Pair | None:
    row = session.execute(_query().where(BuddyPair.id == pair_id)).first()
    return Pair(*row) if row else None


def answer(
    engine: Engine, actor: Actor, pair_id: int, accept: bool, check: Check | None = None
) -> None:
    with write_session(engine, check) as s:
        pair = s.get(BuddyPair, pair_id)
        if pair is None or pair.status != "requested":
            raise BuddyError("Diese Anfrage ist nicht mehr offen.")
        pair.status = "active" if accept else "declined"
        pair.answered_at = utcnow()
        versions.bump(s, [versions.BUDDIES])
        action = "buddy.accept" if accept else "buddy.decline"
        audit.record(s, actor, action, f"network:{pair.partner_network_id}")


def end(engine: Engine, actor: Actor, pair_id: int, check: Check | None = None) -> None:
    with write_session(engine, check) as s:
        pair = s.get(BuddyPair, pair_id)
        if pair is None or pair.status not in OPEN:
            raise BuddyError("Dieser Vergleich ist bereits beendet.")
        pair.status = "ended"
        pair.ended_at = utcnow()
        versions.bump(s, [versions.BUDDIES])
        audit.record(s, actor, "buddy.end", f"pair:{pair_id}")

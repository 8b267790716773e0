"""The buddy programme: two networks compare their anonymous pictures by mutual consent.

One coordination asks, the other accepts; either can end it at any time. While a pair is
active, each side sees the other network's aggregates exactly as an outsider may see them —
built with no names and no viewer knowledge, each network under the privacy rules on its own —
and nothing else of it (no participation list, no names). The programme team sees which pairs
exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from mintqo import access
from mintqo.access import Actor
from mintqo.services import checks
from mintqo.services.acting import fresh_actor
from mintqo.services.dashboards import NetworkView, network_view_as_outsider
from mintqo.services.errors import NotAllowed
from mintqo.services.runtime import Cache, no_cache
from mintqo.store import buddies, dashboard_queries, versions
from mintqo.store.buddies import Pair

__all__ = ["BuddyOverview", "Pair"]


@dataclass(frozen=True)
class BuddyOverview:
    network_id: int
    incoming: tuple[Pair, ...]  # requests to this network, waiting for its answer
    outgoing: tuple[Pair, ...]  # its own requests, waiting for the other side
    active: tuple[Pair, ...]


def takes_part(actor: Actor) -> bool:
    """Is there a buddy section for this user (the coordination of a network)?"""
    return access.takes_part_in_buddies(actor)


def _own_network(actor: Actor) -> int:
    if not access.takes_part_in_buddies(actor) or actor.network_id is None:
        raise NotAllowed()
    return actor.network_id


def _pairs(engine: Engine, own: int, cache: Cache) -> tuple[Pair, ...]:
    """The network's open pairs, kept per version (pair changes bump ``BUDDIES``, network
    renames and archiving ``GLOBAL``)."""
    counters = versions.current_many(
        engine, [versions.GENERATION, versions.GLOBAL, versions.BUDDIES]
    )
    key = ("buddy-pairs", own, *(counters[s] for s in counters))
    return cache(key, lambda: tuple(buddies.pairs_of(engine, own)))


def overview(engine: Engine, actor: Actor, cache: Cache = no_cache) -> BuddyOverview:
    own = _own_network(actor)
    pairs = _pairs(engine, own, cache)
    return BuddyOverview(
        own,
        tuple(p for p in pairs if p.status == "requested" and p.partner_id == own),
        tuple(p for p in pairs if p.status == "requested" and p.requester_id == own),
        tuple(p for p in pairs if p.status == "active"),
    )


def candidates(engine: Engine, actor: Actor) -> list[tuple[int, str]]:
    """Networks this coordination may ask (active ones without an open pair), by name."""
    own = _own_network(actor)
    taken = {p.other(own)[0] for p in buddies.pairs_of(engine, own)}
    return [
        (nid, name)
        for nid, name in dashboard_queries.active_networks(engine)
        if nid != own and nid not in taken
    ]


def request(engine: Engine, actor: Actor, other_network_id: int) -> int:
    own = _own_network(actor)
    check = checks.acts_as(actor, lambda a: access.can_ask_buddy(a, own, other_network_id))
    return buddies.request(engine, actor, own, other_network_id, check=check)


def _pair_check(actor: Actor, pair_id: int, side: str):
    """Inside the write: the acting coordinator is (still) on ``side`` of the pair."""

    def check(session: Session) -> None:
        fresh = fresh_actor(session, actor)
        pair = buddies.load_in(session, pair_id)
        if pair is None:
            raise NotAllowed()
        sides = {"partner": [pair.partner_id], "either": [pair.partner_id, pair.requester_id]}
        if not any(access.can_ask_buddy(fresh, nid, pair.other(nid)[0]) for nid in sides[side]):
            raise NotAllowed()

    return check


def answer(engine: Engine, actor: Actor, pair_id: int, accept: bool) -> None:
    """The asked network's coordination accepts or declines."""
    buddies.answer(engine, actor, pair_id, accept, check=_pair_check(actor, pair_id, "partner"))


def end(engine: Engine, actor: Actor, pair_id: int) -> None:
    """Either side ends the comparison (or withdraws its request)."""
    buddies.end(engine, actor, pair_id, check=_pair_check(actor, pair_id, "either"))


def buddy_view(
    engine: Engine, actor: Actor, other_network_id: int, cache: Cache = no_cache
) -> NetworkView:
    """The other network's anonymous picture, while the pair is active."""
    own = _own_network(actor)
    partners = frozenset(
        p.other(own)[0] for p in _pairs(engine, own, cache) if p.status == "active"
    )
    if not access.can_see_buddy_network(actor, other_network_id, partners):
        raise NotAllowed("Mit diesem Netzwerk besteht kein aktiver Vergleich.")
    return network_view_as_outsider(engine, other_network_id, cache)


def all_pairs(engine: Engine, actor: Actor) -> list[Pair]:
    """Which networks compare with which (the programme team)."""
    checks.require(access.can_view_national(actor))
    return buddies.all_pairs(engine)

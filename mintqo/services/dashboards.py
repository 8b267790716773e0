"""Aggregate reads: a network's dashboard, participation, the national picture.

Every function checks the viewer with :mod:`mintqo.access` first and returns only what the
privacy rules let this viewer see (:mod:`mintqo.dashboards`, :mod:`mintqo.privacy`). Results
come from the released tables, so they change only with a network's release; the cache key of
each result is computed here, after the checks, from the store generation, the data versions
and the viewer's access scope (role, initiative, network), which is all the rules depend on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine

from mintqo import access
from mintqo.access import Actor, Ownership
from mintqo.dashboards.national import NationalOverview, build_national_overview
from mintqo.dashboards.network import (
    LatestRow,
    MemberRow,
    NetworkDashboard,
    RoundRow,
    build_network_dashboard,
)
from mintqo.dashboards.staircase import StaircaseOverview, StepRow, build_staircase_overview
from mintqo.services.errors import NotAllowed
from mintqo.services.runtime import Cache, no_cache
from mintqo.store import dashboard_queries, participation, plausibility, releases, versions
from mintqo.store.participation import MonthCount, ParticipationRow
from mintqo.store.plausibility import NetworkFlags
from mintqo.store.releases import ReleaseState

NO_NETWORK = "Dieses Netzwerk steht Ihnen nicht zur Verfügung."

__all__ = [
    "MonthCount",
    "NationalView",
    "NetworkFlags",
    "NetworkView",
    "ParticipationRow",
    "ParticipationView",
    "ReleaseState",
    "StaircaseOverview",
]


@dataclass(frozen=True)
class NetworkView:
    dashboard: NetworkDashboard
    key: tuple  # identifies the dashboard's content: charts built from it may be cached under it
    release: ReleaseState


@dataclass(frozen=True)
class NationalView:
    overview: NationalOverview
    months: tuple[MonthCount, ...]
    key: tuple
    released_at: dt.datetime | None


def scope_of(actor: Actor) -> tuple:
    """What the access rules depend on: two viewers with the same scope see the same."""
    return (actor.role, actor.initiative_id, actor.network_id)


def networks_for(engine: Engine, actor: Actor, cache: Cache = no_cache) -> list[tuple[int, str]]:
    """The networks whose dashboard this viewer may open, by name.

    The list of all networks changes only with network administration (``GLOBAL``); it is
    kept per version and filtered for the viewer on every call.
    """
    counters = versions.current_many(engine, [versions.GENERATION, versions.GLOBAL])
    everyone = cache(
        ("active-networks", counters[versions.GENERATION], counters[versions.GLOBAL]),
        lambda: tuple(dashboard_queries.active_networks(engine)),
    )
    return [(nid, name) for nid, name in everyone if access.can_view_network(actor, nid)]


def _release_state(
    engine: Engine, network_id: int, counters: Mapping[str, int], cache: Cache
) -> ReleaseState:
    """What the network's views show and what waits; changes with a submission (``ACTIVITY``),
    a release (the network's counter) or administration (``GLOBAL``)."""
    scope = versions.network_scope(network_id)
    key = ("release-state", network_id, *(counters[s] for s in (*_RELEASE_SCOPES, scope)))
    return cache(key, lambda: releases.release_state(engine, network_id))


_RELEASE_SCOPES = (versions.GENERATION, versions.GLOBAL, versions.ACTIVITY)


def _require_network(actor: Actor, network_id: int) -> None:
    if not access.can_view_network(actor, network_id):
        raise NotAllowed(NO_NETWORK)


def _stats(engine: Engine, cache: Cache, generation: int, global_version: int):
    return cache(
        ("network-stats", generation, global_version),
        lambda: dashboard_queries.network_criterion_stats(engine),
    )


def _named(actor: Actor, network_id: int, members) -> frozenset[int]:
    """The initiatives this viewer may see by name (the rule with each stored consent)."""
    return frozenset(
        m.initiative_id
        for m in members
        if access.can_see_named_results(
            actor, Ownership(m.initiative_id, network_id), m.share_named_results
        )
    )


def _build_network(engine: Engine, actor: Actor | None, network_id: int, stats) -> NetworkDashboard:
    """The dashboard as ``actor`` may see it; ``None``: as an outsider (no names, no knowledge)."""
    rows = dashboard_queries.network_rows(engine, network_id)
    if rows is None:
        raise NotAllowed(NO_NETWORK)
    named = _named(actor, network_id, rows.members) if actor is not None else frozenset()
    return build_network_dashboard(
        network_id=network_id,
        name=rows.info.name,
        cohort=rows.info.cohort,
        cohort_id=rows.info.cohort_id,
        members=[MemberRow(*m) for m in rows.members],
        latest=[LatestRow(*r) for r in rows.latest],
        rounds=[RoundRow(*r) for r in rows.rounds],
        stats=stats,
        named=named,
        known=access.known_initiatives(actor, named) if actor is not None else frozenset(),
    )


def network_view(
    engine: Engine, actor: Actor, network_id: int, cache: Cache = no_cache
) -> NetworkView:
    """The network's dashboard as this viewer may see it, and its release state."""
    _require_network(actor, network_id)
    scope = versions.network_scope(network_id)
    counters = versions.current_many(engine, [*_RELEASE_SCOPES, scope])
    generation, global_version = counters[versions.GENERATION], counters[versions.GLOBAL]
    key = ("network", generation, network_id, counters[scope], global_version, scope_of(actor))

    def build() -> NetworkDashboard:
        stats = _stats(engine, cache, generation, global_version)
        return _build_network(engine, actor, network_id, stats)

    release = _release_state(engine, network_id, counters, cache)
    return NetworkView(cache(key, build), key, release)


def network_view_as_outsider(
    engine: Engine, network_id: int, cache: Cache = no_cache
) -> NetworkView:
    """A network's aggregates for someone outside it (a buddy network's coordination): no
    names, no viewer knowledge, its own privacy plan. The caller has checked the right."""
    scope = versions.network_scope(network_id)
    counters = versions.current_many(engine, [*_RELEASE_SCOPES, scope])
    generation, global_version = counters[versions.GENERATION], counters[versions.GLOBAL]
    key = ("network", generation, network_id, counters[scope], global_version, ("outsider",))

    def build() -> NetworkDashboard:
        return _build_network(
            engine, None, network_id, _stats(engine, cache, generation, global_version)
        )

    release = _release_state(engine, network_id, counters, cache)
    return NetworkView(cache(key, build), key, release)


@dataclass(frozen=True)
class ParticipationView:
    rows: tuple[ParticipationRow, ...]
    key: tuple  # identifies the rows: tables built from them may be cached under it


def participation_rows(
    engine: Engine, actor: Actor, network_id: int, cache: Cache = no_cache
) -> ParticipationView:
    """Who takes part, with status and progress (names, no results), for the coordination.

    Live, drafts included; kept per version of the network's participation counter (every
    round start, save and submission bumps it) and of the network itself (administration).
    """
    _require_network(actor, network_id)
    scopes = [
        versions.GENERATION,
        versions.network_scope(network_id),
        versions.participation_scope(network_id),
    ]
    counters = versions.current_many(engine, scopes)
    key = ("participation", network_id, *(counters[s] for s in scopes))
    rows = cache(key, lambda: tuple(participation.participation(engine, network_id)))
    return ParticipationView(rows, key)


def national_view(engine: Engine, actor: Actor, cache: Cache = no_cache) -> NationalView:
    if not access.can_view_national(actor):
        raise NotAllowed()
    counters = versions.current_many(
        engine, [versions.GENERATION, versions.GLOBAL, versions.ACTIVITY]
    )
    generation, global_version = counters[versions.GENERATION], counters[versions.GLOBAL]
    key = ("national", generation, global_version)

    def build() -> NationalOverview:
        stats = _stats(engine, cache, generation, global_version)
        networks = dashboard_queries.released_initiatives_per_network(engine)
        return build_national_overview(stats, networks)

    months = cache(
        ("national-months", generation, counters[versions.ACTIVITY]),
        lambda: tuple(participation.by_month(engine)),
    )
    released_at = cache(
        ("latest-release", generation, global_version), lambda: releases.latest_release_at(engine)
    )
    return NationalView(cache(key, build), months, key, released_at)


def plausibility_flags(
    engine: Engine, actor: Actor, cache: Cache = no_cache
) -> tuple[NetworkFlags, ...]:
    """Networks whose numbers may be propped up by made-up initiatives (counts only, never
    names; flags change no number): for the programme team to follow up.

    The flags read every latest round of every network (a full scan of the answers), so they
    are kept per data version: submissions and round starts bump ``ACTIVITY``, erasures and
    network administration ``GLOBAL``.
    """
    if not access.can_view_national(actor):
        raise NotAllowed()
    counters = versions.current_many(
        engine, [versions.GENERATION, versions.GLOBAL, versions.ACTIVITY]
    )
    key = ("plausibility", *(counters[s] for s in counters))
    return cache(key, lambda: tuple(plausibility.network_flags(engine)))


def staircase_overview(
    engine: Engine, actor: Actor, network_id: int, cache: Cache = no_cache
) -> StaircaseOverview:
    """How many initiatives report each step of the impact staircase (released, planned)."""
    _require_network(actor, network_id)
    scope = versions.network_scope(network_id)
    counters = versions.current_many(engine, [versions.GENERATION, scope])
    key = ("staircase", counters[versions.GENERATION], network_id, counters[scope])

    def build() -> StaircaseOverview:
        rows = dashboard_queries.released_staircase(engine, network_id)
        network = dashboard_queries.network_rows(engine, network_id)
        named = _named(actor, network_id, network.members if network else ())
        return build_staircase_overview(
            [StepRow(*r) for r in rows], access.known_initiatives(actor, named)
        )

    return cache((*key, scope_of(actor)), build)

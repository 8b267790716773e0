"""Releases: the numbers any aggregate view shows change only in batches of five initiatives.

Without releases, a view read before and after one new submission (a workshop screen refreshed,
a network profile, the overlay on "Mein Profil") gives away the newcomer's exact scores:
``(n + 1) · m₂ − n · m₁``. So every submission only marks its initiative as changed
(``initiative.scores_version``); the dashboards read the released tables, which are rewritten
for a network only when at least :data:`RELEASE_BATCH` of its initiatives changed since its last
release. The difference between two releases is then a sum over at least five initiatives, for
every aggregate that contains the network (its profile, the cohort, the national picture).

Deleting an initiative (DSGVO) removes its released rows at once: erasure wins over batching.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from mintqo.privacy import MIN_GROUP_SIZE
from mintqo.store import versions
from mintqo.store.derived_scores import rewrite_initiative_scores
from mintqo.store.engine import read_session
from mintqo.store.models import (
    Initiative,
    InitiativeCriterionScore,
    Network,
    NetworkRelease,
    utcnow,
)

RELEASE_BATCH = MIN_GROUP_SIZE
"""Changed initiatives a network needs before its next release."""


@dataclass(frozen=True)
class ReleaseState:
    """What a network's views show, and what waits for the next release."""

    network_id: int
    release_no: int  # 0: nothing released yet
    released_at: dt.datetime | None
    pending: int  # initiatives whose results changed since the release


def mark_changed(session: Session, initiative_id: int) -> None:
    """Inside a submission's transaction: the initiative's results differ from the release.

    Bumps ``ACTIVITY``: the release state ("… neue Abgaben warten") is cached per version.
    """
    session.execute(
        update(Initiative)
        .where(Initiative.id == initiative_id)
        .values(scores_version=Initiative.scores_version + 1)
    )
    versions.bump(session, [versions.ACTIVITY])


def _changed(session: Session, network_ids: Collection[int] | None) -> dict[int, list[int]]:
    query = select(Initiative.network_id, Initiative.id).where(
        Initiative.scores_version != Initiative.released_version
    )
    if network_ids is not None:
        query = query.where(Initiative.network_id.in_(list(network_ids)))
    changed: dict[int, list[int]] = {}
    for network_id, initiative_id in session.execute(query):
        changed.setdefault(network_id, []).append(initiative_id)
    return changed


def _release(session: Session, changed: dict[int, list[int]], now: dt.datetime) -> list[int]:
    due = {nid: ids for nid, ids in changed.items() if len(ids) >= RELEASE_BATCH}
    if not due:
        return []
    ids = [i for members in due.values() for i in members]
    rewrite_initiative_scores(session, ids)
    session.execute(
        update(Initiative)
        .where(Initiative.id.in_(ids))
        .values(released_version=Initiative.scores_version)
        .execution_options(synchronize_session=False)
    )
    for network_id in sorted(due):
        row = session.get(NetworkRelease, network_id)
        if row is None:
            session.add(NetworkRelease(network_id=network_id, release_no=1, released_at=now))
        else:
            row.release_no += 1
            row.released_at = now
    versions.bump(session, [versions.GLOBAL, *(versions.network_scope(n) for n in sorted(due))])
    return sorted(due)


def release_if_due(session: Session, network_id: int, now: dt.datetime | None = None) -> bool:
    """Inside a write transaction: release the network if enough initiatives changed.

    The network row is locked first (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite writers are
    serialised anyway), so two concurrent submissions cannot both count four and release none,
    or both count five and release twice.
    """
    session.execute(select(Network.id).where(Network.id == network_id).with_for_update())
    return bool(_release(session, _changed(session, [network_id]), now or utcnow()))


def release_all_due(session: Session, now: dt.datetime | None = None) -> list[int]:
    """Release every network that is due (after seeding or a bulk import); returns their ids."""
    return _release(session, _changed(session, None), now or utcnow())


def record_existing_as_released(session: Session, now: dt.datetime | None = None) -> None:
    """Networks that have released rows but no release record get release 1 (a restore of a
    backup from before releases existed)."""
    recorded = select(NetworkRelease.network_id)
    for (network_id,) in session.execute(
        select(InitiativeCriterionScore.network_id)
        .distinct()
        .where(InitiativeCriterionScore.network_id.not_in(recorded))
    ):
        session.add(
            NetworkRelease(network_id=network_id, release_no=1, released_at=now or utcnow())
        )


def release_state(engine: Engine, network_id: int) -> ReleaseState:
    with read_session(engine) as s:
        pending = s.scalar(
            select(func.count())
            .select_from(Initiative)
            .where(
                Initiative.network_id == network_id,
                Initiative.scores_version != Initiative.released_version,
            )
        )
        row = s.get(NetworkRelease, network_id)
    if row is None:
        return ReleaseState(network_id, 0, None, int(pending or 0))
    return ReleaseState(network_id, row.release_no, row.released_at, int(pending or 0))


def latest_release_at(engine: Engine) -> dt.datetime | None:
    """When any network was last released (the national view's "Stand")."""
    with read_session(engine) as s:
        return s.scalar(select(func.max(NetworkRelease.released_at)))

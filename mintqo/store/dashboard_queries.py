"""Dashboard reads: SQL over the released per-initiative scores. Plain rows out, no privacy.

What may be shown of these rows is decided in the use-case layer with :mod:`mintqo.privacy`
(``mintqo.services.dashboards``); nothing here is meant to reach a screen directly. Reads go
through Core statements built once with bound parameters (SQLAlchemy then reuses each
statement's compiled form) and run on the covering indexes of the released tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import pandas as pd
from sqlalchemy import Engine, bindparam, case, exists, func, select

from mintqo.store.engine import read_session
from mintqo.store.models import (
    Cohort,
    Initiative,
    InitiativeCriterionScore,
    InitiativeRoundScore,
    Network,
    ReleasedImpactStep,
)


@dataclass(frozen=True)
class NetworkInfo:
    network_id: int
    name: str
    cohort_id: int | None
    cohort: str | None
    archived: bool


class Member(NamedTuple):
    initiative_id: int
    name: str
    share_named_results: bool


class LatestValue(NamedTuple):
    """An initiative's released score on a criterion (mean over its projects' latest rounds)."""

    criterion_id: str
    initiative_id: int
    score: float
    round_no: int | None  # None if the initiative's projects are on different rounds


class RoundValue(NamedTuple):
    """An initiative's released score on a criterion in one round."""

    criterion_id: str
    round_no: int
    initiative_id: int
    score: float


@dataclass(frozen=True)
class NetworkRows:
    """Everything one network's dashboard is computed from."""

    info: NetworkInfo
    members: tuple[Member, ...]
    latest: tuple[LatestValue, ...]
    rounds: tuple[RoundValue, ...]


_NETWORK_INFO = (
    select(Network.id, Network.name, Network.cohort_id, Cohort.name, Network.archived)
    .outerjoin(Cohort, Cohort.id == Network.cohort_id)
    .where(Network.id == bindparam("network_id"))
)
_MEMBERS = (
    select(Initiative.id, Initiative.name, Initiative.share_named_results)
    .where(Initiative.network_id == bindparam("network_id"))
    .order_by(Initiative.name, Initiative.id)
)
_LATEST = (
    select(
        InitiativeCriterionScore.criterion_id,
        InitiativeCriterionScore.initiative_id,
        InitiativeCriterionScore.score,
        InitiativeCriterionScore.round_no,
    )
    .where(InitiativeCriterionScore.network_id == bindparam("network_id"))
    .order_by(InitiativeCriterionScore.criterion_id, InitiativeCriterionScore.initiative_id)
)
_ROUNDS = (
    select(
        InitiativeRoundScore.criterion_id,
        InitiativeRoundScore.round_no,
        InitiativeRoundScore.initiative_id,
        InitiativeRoundScore.score,
    )
    .where(InitiativeRoundScore.network_id == bindparam("network_id"))
    .order_by(
        InitiativeRoundScore.criterion_id,
        InitiativeRoundScore.round_no,
        InitiativeRoundScore.initiative_id,
    )
)


def network_rows(engine: Engine, network_id: int) -> NetworkRows | None:
    """Name, members (with consent) and released values of one network, in one read session."""
    params = {"network_id": network_id}
    with read_session(engine) as s:
        conn = s.connection()  # Core execution: the ORM layer adds ≈ 40 % per query here
        info = conn.execute(_NETWORK_INFO, params).first()
        if info is None:
            return None
        members = tuple(Member(r[0], r[1], bool(r[2])) for r in conn.execute(_MEMBERS, params))
        latest = tuple(LatestValue(*r) for r in conn.execute(_LATEST, params))
        rounds = tuple(RoundValue(*r) for r in conn.execute(_ROUNDS, params))
    return NetworkRows(NetworkInfo(*info), members, latest, rounds)


def released_latest(engine: Engine, network_id: int) -> tuple[LatestValue, ...]:
    """The network's released latest values only (the overlay on "Mein Profil")."""
    with read_session(engine) as s:
        rows = s.connection().execute(_LATEST, {"network_id": network_id}).all()
    return tuple(LatestValue(*r) for r in rows)


class ReleasedStep(NamedTuple):
    initiative_id: int
    step: int
    evidence_rank: int


def released_staircase(engine: Engine, network_id: int) -> tuple[ReleasedStep, ...]:
    """The network's released strongest evidence per initiative and staircase step."""
    query = (
        select(
            ReleasedImpactStep.initiative_id,
            ReleasedImpactStep.step,
            ReleasedImpactStep.evidence_rank,
        )
        .where(ReleasedImpactStep.network_id == network_id)
        .order_by(ReleasedImpactStep.step, ReleasedImpactStep.initiative_id)
    )
    with read_session(engine) as s:
        return tuple(ReleasedStep(*r) for r in s.connection().execute(query))


def _rows_frame(rows: Sequence[Sequence[Any]], columns: list[str]) -> pd.DataFrame:
    values = list(zip(*rows, strict=True)) or [()] * len(columns)
    return pd.DataFrame(dict(zip(columns, values, strict=True)), columns=columns)


def network_criterion_stats(engine: Engine) -> pd.DataFrame:
    """Every active network × criterion: released initiatives with a score (n) and their sum.

    One GROUP BY over the covering index (no join); sums, not means, so that cohorts and the
    national total can be combined exactly.
    """
    ics = InitiativeCriterionScore
    per_network = (
        select(
            ics.network_id,
            ics.criterion_id,
            func.count().label("n"),
            func.sum(ics.score).label("total"),
        )
        .group_by(ics.network_id, ics.criterion_id)
        .subquery()
    )
    query = (
        select(
            per_network.c.network_id,
            Network.cohort_id,
            per_network.c.criterion_id,
            per_network.c.n,
            per_network.c.total,
        )
        .join(Network, Network.id == per_network.c.network_id)
        .where(Network.archived.is_(False))
        .order_by(per_network.c.network_id, per_network.c.criterion_id)
    )
    columns = ["network_id", "cohort_id", "criterion_id", "n", "total"]
    with read_session(engine) as s:
        rows = s.connection().execute(query).all()
    frame = _rows_frame(rows, columns)
    frame["n"] = frame["n"].astype(int)
    frame["total"] = frame["total"].astype(float)
    return frame


def released_initiatives_per_network(engine: Engine) -> pd.DataFrame:
    """Active networks with name, cohort, initiatives and initiatives with released results."""
    has_scores = exists().where(InitiativeCriterionScore.initiative_id == Initiative.id)
    members = (
        select(
            Initiative.network_id.label("network_id"),
            func.count().label("initiatives"),
            func.sum(case((has_scores, 1), else_=0)).label("submitted"),
        )
        .group_by(Initiative.network_id)
        .subquery()
    )
    query = (
        select(
            Network.id,
            Network.name,
            Network.cohort_id,
            Cohort.name,
            func.coalesce(members.c.initiatives, 0),
            func.coalesce(members.c.submitted, 0),
        )
        .outerjoin(Cohort, Cohort.id == Network.cohort_id)
        .outerjoin(members, members.c.network_id == Network.id)
        .where(Network.archived.is_(False))
        .order_by(Network.name)
    )
    with read_session(engine) as s:
        rows = s.execute(query).all()
    frame = pd.DataFrame(
        rows,
        columns=["network_id", "network", "cohort_id", "cohort", "initiatives", "submitted"],
    )
    frame["initiatives"] = frame["initiatives"].astype(int)
    frame["submitted"] = frame["submitted"].astype(int)
    return frame


def active_networks(engine: Engine) -> list[tuple[int, str]]:
    """(id, name) of every active network, by name."""
    with read_session(engine) as s:
        rows = s.execute(
            select(Network.id, Network.name)
            .where(Network.archived.is_(False))
            .order_by(Network.name)
        ).all()
    return [(r[0], r[1]) for r in rows]

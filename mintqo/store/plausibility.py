"""Signs that a network's numbers may be propped up with made-up initiatives (README, "Threat
model"). Read-only counts per network; nothing here changes any aggregate.

- *Quick invited submissions*: initiatives whose first account registered through an
  invitation and submitted a round within ``QUICK`` of registering, grouped by who issued the
  invitations; a group counts when at least two of its registrations lie within ``QUICK`` of
  each other.
- *Constant answers*: initiatives whose latest submitted round rates every rated statement
  with the same value (at least ``CONSTANT_MIN_RATED`` ratings).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from mintqo.store.engine import read_session
from mintqo.store.models import Answer, Assessment, Initiative, Network, Project, User

QUICK = dt.timedelta(hours=24)
CONSTANT_MIN_RATED = 10


@dataclass(frozen=True)
class NetworkFlags:
    network_id: int
    network: str
    quick_invited: int  # initiatives in suspicious invitation groups
    constant_answers: int  # initiatives whose latest round has constant answers


def record_invitation(session: Session, user_id: int, issuer_id: int | None) -> None:
    """Inside the registering transaction: who issued the invitation the account used."""
    session.execute(update(User).where(User.id == user_id).values(invited_by=issuer_id))


def _quick_invited(s: Session) -> dict[int, set[int]]:
    """network → initiatives in groups of quick registrations-and-submissions by one issuer."""
    first_submit = (
        select(Project.initiative_id, func.min(Assessment.submitted_at).label("first"))
        .join(Assessment, Assessment.project_id == Project.id)
        .where(Assessment.status == "submitted")
        .group_by(Project.initiative_id)
        .subquery()
    )
    rows = s.execute(
        select(
            Initiative.network_id,
            Initiative.id,
            User.invited_by,
            User.created_at,
            first_submit.c.first,
        )
        .join(User, User.initiative_id == Initiative.id)
        .join(first_submit, first_submit.c.initiative_id == Initiative.id)
        .where(User.invited_by.is_not(None))
    ).all()
    quick: dict[tuple[int, int], list[tuple[dt.datetime, int]]] = defaultdict(list)
    for network_id, initiative_id, issuer, registered, first in rows:
        if first is not None and dt.timedelta(0) <= first - registered <= QUICK:
            quick[(network_id, issuer)].append((registered, initiative_id))
    flagged: dict[int, set[int]] = defaultdict(set)
    for (network_id, _issuer), entries in quick.items():
        entries.sort()
        for (at_a, ini_a), (at_b, ini_b) in itertools.pairwise(entries):
            if at_b - at_a <= QUICK and ini_a != ini_b:
                flagged[network_id] |= {ini_a, ini_b}
    return flagged


def _constant_answers(s: Session) -> dict[int, set[int]]:
    per_round = (
        select(
            Assessment.id.label("aid"),
            func.count(Answer.value).label("rated"),
            func.min(Answer.value).label("low"),
            func.max(Answer.value).label("high"),
        )
        .join(Answer, Answer.assessment_id == Assessment.id)
        .where(Assessment.is_latest.is_(True))
        .group_by(Assessment.id)
        .subquery()
    )
    rows = s.execute(
        select(Initiative.network_id, Initiative.id)
        .join(Project, Project.initiative_id == Initiative.id)
        .join(Assessment, Assessment.project_id == Project.id)
        .join(per_round, per_round.c.aid == Assessment.id)
        .where(per_round.c.rated >= CONSTANT_MIN_RATED, per_round.c.low == per_round.c.high)
    ).all()
    flagged: dict[int, set[int]] = defaultdict(set)
    for network_id, initiative_id in rows:
        flagged[network_id].add(initiative_id)
    return flagged


def network_flags(engine: Engine) -> list[NetworkFlags]:
    """Networks with at least one sign, by name."""
    with read_session(engine) as s:
        quick = _quick_invited(s)
        constant = _constant_answers(s)
        names = dict(s.execute(select(Network.id, Network.name)).all())
    flagged = sorted(set(quick) | set(constant), key=lambda n: names.get(n, ""))
    return [
        NetworkFlags(n, names.get(n, ""), len(quick.get(n, ())), len(constant.get(n, ())))
        for n in flagged
    ]

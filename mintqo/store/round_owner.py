"""Whose a round is and how it is answered, read once per transaction.

A write to a round asks three times about the same row inside one transaction: the access
check (whose project is it, is it a team round), and the participation counter (which network
to bump). One query answers all three; the answer is kept in the session for that transaction
only (each unit of work opens its own session), and nothing in a transaction moves a round to
another project or changes its mode once it exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from mintqo.access import Ownership
from mintqo.store.models import Assessment, Initiative, Project


@dataclass(frozen=True)
class RoundOwner:
    ownership: Ownership
    mode: str  # "single" or "team"


_OWNER = (
    select(Assessment.project_id, Project.initiative_id, Initiative.network_id, Assessment.mode)
    .join(Project, Project.id == Assessment.project_id)
    .join(Initiative, Initiative.id == Project.initiative_id)
    .where(Assessment.id == bindparam("assessment_id"))
)


def round_owner_in(session: Session, assessment_id: int) -> RoundOwner | None:
    """The round's project, initiative, network and mode (None: no such round)."""
    key = ("round-owner", assessment_id)
    if key not in session.info:
        row = session.execute(_OWNER, {"assessment_id": assessment_id}).first()
        session.info[key] = (
            RoundOwner(Ownership(row.initiative_id, row.network_id, row.project_id), row.mode)
            if row
            else None
        )
    return session.info[key]

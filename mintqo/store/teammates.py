"""Who takes part in a team round: the members with a sheet, its lead, who has finished.

The status line, the comparison and the agreement all ask on every run of a team round's
page; read once per run, with a statement built once (:func:`mintqo.store.engine.read_connection`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, bindparam, select

from mintqo.store.engine import read_connection, remembered
from mintqo.store.models import TeamSheet, User


@dataclass(frozen=True)
class Teammate:
    user_id: int
    username: str
    display_name: str
    is_lead: bool
    finished: bool
    finished_at: dt.datetime | None
    joined: tuple[dt.datetime, int]  # when the sheet was started, and its id (ties)


def lead_of(mates: Sequence[Teammate]) -> int | None:
    """The round's lead among ``mates``: the member marked as lead; without one (the lead left
    the initiative) the member who joined first. The same rule as :func:`round_lead_in`."""
    first = min(mates, key=lambda t: (not t.is_lead, t.joined), default=None)
    return first.user_id if first is not None else None


def teammates(engine: Engine, assessment_id: int) -> list[Teammate]:
    """Who takes part and who has finished (never what they answered); read once per page run
    (the status line, the comparison and the agreed result all ask)."""
    return remembered(("teammates", assessment_id), lambda: _teammates(engine, assessment_id))


_TEAMMATES = (
    select(
        TeamSheet.user_id,
        User.username,
        User.display_name,
        TeamSheet.is_lead,
        TeamSheet.status,
        TeamSheet.finished_at,
        TeamSheet.started_at,
        TeamSheet.id,
    )
    .join(User, User.id == TeamSheet.user_id)
    .where(TeamSheet.assessment_id == bindparam("assessment_id"))
    .order_by(TeamSheet.is_lead.desc(), User.display_name)
)


def _teammates(engine: Engine, assessment_id: int) -> list[Teammate]:
    with read_connection(engine) as conn:
        rows = conn.execute(_TEAMMATES, {"assessment_id": assessment_id}).all()
    return [
        Teammate(r[0], r[1], r[2], bool(r[3]), r[4] == "finished", r[5], (r[6], r[7])) for r in rows
    ]

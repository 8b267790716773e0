"""Who takes part: status of each project's newest round, and rounds per month. No ratings.

The participation table names initiatives (a coordinator needs to know whom to remind) but
holds no result: status, round number, progress in percent, last activity. It is read live,
not from a release. Monthly counts are totals over many initiatives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, String, cast, func, select
from sqlalchemy.orm import Session

from mintqo.questionnaire import Questionnaire, load_questionnaire
from mintqo.store import versions
from mintqo.store.engine import read_session
from mintqo.store.models import Answer, Assessment, Initiative, Network, Project
from mintqo.store.round_owner import round_owner_in

STATUS_NONE = "none"
STATUS_DRAFT = "draft"
STATUS_SUBMITTED = "submitted"


@dataclass(frozen=True)
class ParticipationRow:
    initiative_id: int
    initiative: str
    project: str | None
    status: str  # STATUS_NONE, STATUS_DRAFT or STATUS_SUBMITTED
    round_no: int | None
    progress: int | None  # percent of statements answered (drafts), 100 when submitted
    submitted_rounds: int
    last_activity: dt.datetime | None


def mark_changed(
    session: Session,
    *,
    assessment_id: int | None = None,
    project_id: int | None = None,
    initiative_id: int | None = None,
) -> None:
    """Inside a write transaction: the participation table of the network of this round,
    project or initiative changed (bumps its ``participation`` counter)."""
    if assessment_id is not None:
        owner = round_owner_in(session, assessment_id)  # the write's access check read it
        network_id = owner.ownership.network_id if owner else None
    elif project_id is not None:
        network_id = session.scalar(
            select(Initiative.network_id)
            .join(Project, Project.initiative_id == Initiative.id)
            .where(Project.id == project_id)
        )
    else:
        network_id = session.scalar(
            select(Initiative.network_id).where(Initiative.id == initiative_id)
        )
    if network_id is not None:
        versions.bump(session, [versions.participation_scope(network_id)])


def _questionnaire(version: int) -> Questionnaire:
    try:
        return load_questionnaire(version)
    except Exception:  # an old version file missing must not break a dashboard
        return load_questionnaire()


def participation(engine: Engine, network_id: int) -> list[ParticipationRow]:
    """One row per project of the network's initiatives (initiatives without project included),
    ordered by initiative and project name."""
    with read_session(engine) as s:
        projects = s.execute(
            select(Initiative.id, Initiative.name, Project.id, Project.name)
            .outerjoin(Project, Project.initiative_id == Initiative.id)
            .where(Initiative.network_id == network_id)
        ).all()
        rounds = s.execute(
            select(
                Assessment.id,
                Assessment.project_id,
                Assessment.round_no,
                Assessment.status,
                Assessment.questionnaire_version,
                Assessment.updated_at,
                Assessment.submitted_at,
            )
            .join(Project, Project.id == Assessment.project_id)
            .join(Initiative, Initiative.id == Project.initiative_id)
            .where(Initiative.network_id == network_id)
        ).all()
        draft_ids = [r[0] for r in rounds if r[3] == "draft"]
        answered: dict[int, int] = {}
        if draft_ids:
            answered = dict(
                s.execute(
                    select(Answer.assessment_id, func.count())
                    .where(Answer.assessment_id.in_(draft_ids))
                    .group_by(Answer.assessment_id)
                ).all()
            )
    newest: dict[int, tuple] = {}
    submitted_rounds: dict[int, int] = {}
    for row in rounds:
        if row[3] == "submitted":
            submitted_rounds[row[1]] = submitted_rounds.get(row[1], 0) + 1
        if row[1] not in newest or row[2] > newest[row[1]][2]:
            newest[row[1]] = row
    result = []
    for ini_id, ini_name, project_id, project_name in projects:
        latest = newest.get(project_id) if project_id is not None else None
        if latest is None:
            status, round_no, progress, activity = STATUS_NONE, None, None, None
        else:
            aid, _, round_no, state, version, updated, submitted = latest
            activity = submitted or updated
            if state == "draft":
                total = len(_questionnaire(version).items)
                status = STATUS_DRAFT
                progress = round(100 * answered.get(aid, 0) / total) if total else 0
            else:
                status, progress = STATUS_SUBMITTED, 100
        result.append(
            ParticipationRow(
                ini_id,
                ini_name,
                project_name,
                status,
                round_no,
                progress,
                submitted_rounds.get(project_id, 0) if project_id is not None else 0,
                activity,
            )
        )
    return sorted(result, key=lambda r: (r.initiative.casefold(), (r.project or "").casefold()))


def _month(column):
    """'YYYY-MM' of a datetime column, the same in SQLite and PostgreSQL (both cast to ISO text).

    Slicing the text is ≈ 3× cheaper on SQLite than ``extract`` (two strftime calls per row).
    """
    return func.substr(cast(column, String), 1, 7)


def _projects_where(*conditions):
    return (
        select(Project.id)
        .join(Initiative, Initiative.id == Project.initiative_id)
        .join(Network, Network.id == Initiative.network_id)
        .where(*conditions)
    )


@dataclass(frozen=True)
class MonthCount:
    month: dt.date
    started: int
    submitted: int


def by_month(engine: Engine, network_id: int | None = None) -> list[MonthCount]:
    """Rounds started and submitted per calendar month, nationally or for one network.

    Nationally, one scan of all rounds minus those of archived networks (a short list); for a
    network, an index lookup of its projects' rounds.
    """
    if network_id is None:
        in_scope = Assessment.project_id.not_in(_projects_where(Network.archived.is_(True)))
    else:
        in_scope = Assessment.project_id.in_(
            _projects_where(Initiative.network_id == network_id, Network.archived.is_(False))
        )

    def monthly(s: Session, column) -> dict[tuple[int, int], int]:
        month = _month(column)
        query = select(month, func.count()).where(column.is_not(None), in_scope).group_by(month)
        return {(int(m[:4]), int(m[5:7])): int(c) for m, c in s.execute(query).all()}

    with read_session(engine) as s:
        started = monthly(s, Assessment.started_at)
        submitted = monthly(s, Assessment.submitted_at)
    return [
        MonthCount(dt.date(y, m, 1), started.get((y, m), 0), submitted.get((y, m), 0))
        for y, m in sorted(set(started) | set(submitted))
    ]

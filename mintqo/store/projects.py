"""Projects of an initiative with their self-analysis rounds: list, create, rename."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, bindparam, func, select, update

from mintqo.access import Ownership
from mintqo.errors import UserError
from mintqo.store import participation
from mintqo.store.assessment_records import AssessmentInfo, remember_rounds
from mintqo.store.engine import Check, read_connection, read_session, remember, write_session
from mintqo.store.models import Assessment, Initiative, Project
from mintqo.store.organisations import assessment_owner_key, project_owner_key
from mintqo.validation import InvalidInput, clean_name

NAME_MAX_CHARS = 200


class ProjectError(UserError):
    """A refused project change; the message is German and may be shown to the user."""


@dataclass(frozen=True)
class RoundSummary:
    assessment_id: int
    round_no: int
    status: str
    started_at: dt.datetime
    submitted_at: dt.datetime | None
    is_latest: bool
    updated_at: dt.datetime  # the last save, start or submission
    mode: str = "single"  # "team": every member rates on a sheet of their own

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def is_team(self) -> bool:
        return self.mode == "team"


@dataclass(frozen=True)
class ProjectSummary:
    id: int
    initiative_id: int
    name: str
    created_at: dt.datetime
    rounds: tuple[RoundSummary, ...]  # oldest first

    @property
    def draft(self) -> RoundSummary | None:
        return next((r for r in self.rounds if r.status == "draft"), None)

    @property
    def latest_submitted(self) -> RoundSummary | None:
        submitted = [r for r in self.rounds if r.status == "submitted"]
        return submitted[-1] if submitted else None

    @property
    def last_activity(self) -> dt.datetime | None:
        """When anyone last saved, started or submitted one of its rounds (None: no round)."""
        return max((r.updated_at for r in self.rounds), default=None)

    @property
    def status_label(self) -> str:
        if self.draft is not None:
            return f"Runde {self.draft.round_no} in Bearbeitung"
        if self.latest_submitted is not None:
            return f"Runde {self.latest_submitted.round_no} abgeschlossen"
        return "noch keine Selbstanalyse"


def _clean_name(name: str) -> str:
    try:
        return clean_name(name, "Der Projektname", max_chars=NAME_MAX_CHARS)
    except InvalidInput as exc:
        raise ProjectError(str(exc)) from exc


def _name_taken(s, initiative_id: int, name: str, except_id: int | None = None) -> bool:
    query = select(Project.id).where(
        Project.initiative_id == initiative_id, func.lower(Project.name) == name.lower()
    )
    if except_id is not None:
        query = query.where(Project.id != except_id)
    return s.scalar(query) is not None


def _summary(info: AssessmentInfo) -> RoundSummary:
    return RoundSummary(
        info.id,
        info.round_no,
        info.status,
        info.started_at,
        info.submitted_at,
        info.is_latest,
        info.updated_at,
        info.mode,
    )


_PROJECTS_OF = (
    select(Project.id, Project.name, Project.created_at, Initiative.network_id)
    .join(Initiative, Initiative.id == Project.initiative_id)
    .where(Project.initiative_id == bindparam("initiative_id"))
    .order_by(Project.name, Project.id)
)
_ROUNDS_OF = (
    select(*AssessmentInfo.columns())
    .join(Project, Project.id == Assessment.project_id)
    .where(Project.initiative_id == bindparam("initiative_id"))
    .order_by(Assessment.project_id, Assessment.round_no)
)


def list_projects(engine: Engine, initiative_id: int) -> list[ProjectSummary]:
    """The initiative's projects (by name) with all their rounds. Read on every run of an
    initiative's pages: statements built once, on a plain connection."""
    with read_connection(engine) as conn:
        projects = conn.execute(_PROJECTS_OF, {"initiative_id": initiative_id}).all()
        infos: dict[int, list[AssessmentInfo]] = {p.id: [] for p in projects}
        if projects:
            for r in conn.execute(_ROUNDS_OF, {"initiative_id": initiative_id}):
                infos[r.project_id].append(AssessmentInfo(**r._mapping))
    rounds = {pid: [_summary(info) for info in found] for pid, found in infos.items()}
    for p in projects:  # whose each project and round is: the page's access checks ask next
        remember_rounds(p.id, tuple(infos[p.id]))  # and the page opens one of the rounds
        owner = Ownership(initiative_id, p.network_id, p.id)
        remember(project_owner_key(p.id), owner)
        for r in rounds[p.id]:
            remember(assessment_owner_key(r.assessment_id), owner)
    return [
        ProjectSummary(p.id, initiative_id, p.name, p.created_at, tuple(rounds[p.id]))
        for p in projects
    ]


def create_project(
    engine: Engine, initiative_id: int, name: str, check: Check | None = None
) -> int:
    cleaned = _clean_name(name)
    with write_session(engine, check) as s:
        if _name_taken(s, initiative_id, cleaned):
            raise ProjectError(f"Ein Projekt „{cleaned}“ gibt es in Ihrer Initiative schon.")
        project = Project(initiative_id=initiative_id, name=cleaned)
        s.add(project)
        s.flush()
        participation.mark_changed(s, initiative_id=initiative_id)
        return project.id


def rename_project(engine: Engine, project_id: int, name: str, check: Check | None = None) -> None:
    cleaned = _clean_name(name)
    with write_session(engine, check) as s:
        initiative_id = s.scalar(select(Project.initiative_id).where(Project.id == project_id))
        if initiative_id is None:
            raise ProjectError("Dieses Projekt gibt es nicht.")
        if _name_taken(s, initiative_id, cleaned, except_id=project_id):
            raise ProjectError(f"Ein Projekt „{cleaned}“ gibt es in Ihrer Initiative schon.")
        s.execute(update(Project).where(Project.id == project_id).values(name=cleaned))
        participation.mark_changed(s, initiative_id=initiative_id)


def initiative_name(engine: Engine, initiative_id: int) -> str:
    with read_session(engine) as s:
        return s.scalar(select(Initiative.name).where(Initiative.id == initiative_id)) or ""

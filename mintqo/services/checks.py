"""Authorisation of use cases: reads check the viewer, writes check inside their transaction.

Unknown and foreign objects get the same refusal (:class:`NotAllowed`), so ids cannot be
probed. Write checks re-read the acting user in the write's own transaction
(:func:`mintqo.services.acting.fresh_actor`) and apply the rule to the account as it is then.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from mintqo import access
from mintqo.access import Actor, Ownership
from mintqo.services.acting import fresh_actor
from mintqo.services.errors import NotAllowed
from mintqo.store import organisations, projects, team_rounds
from mintqo.store.engine import Check, remembered
from mintqo.store.projects import ProjectSummary

OwnerRule = Callable[[Actor, Ownership], bool]
ActorRule = Callable[[Actor], bool]

NO_PROJECT = "Kein Zugriff auf dieses Projekt."
ONLY_LEAD = (
    "In einer Teamrunde stellt die Person, die die Runde begonnen hat, das gemeinsame Ergebnis "
    "zusammen und schließt die Runde ab. Ihre eigenen Antworten tragen Sie in Ihren Bogen ein."
)


def parse_id(value: object) -> int | None:
    """An id from a URL or session state: a positive integer, or None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 12:
        number = int(value.strip())
        return number if number > 0 else None
    return None


def projects_of(engine: Engine, initiative_id: int) -> list[ProjectSummary]:
    """An initiative's projects with their rounds, read once per page run (the caller checked
    that the viewer may see them)."""
    kept = remembered(
        ("projects", initiative_id), lambda: tuple(projects.list_projects(engine, initiative_id))
    )
    return list(kept)


def readable_project(engine: Engine, actor: Actor, project_id: object) -> Ownership:
    """The project's ownership if ``actor`` may read it, else :class:`NotAllowed`."""
    pid = parse_id(project_id)
    owner = organisations.project_ownership(engine, pid) if pid is not None else None
    if owner is None or not access.can_read_project(actor, owner):
        raise NotAllowed(NO_PROJECT)
    return owner


def readable_assessment(engine: Engine, actor: Actor, assessment_id: object) -> Ownership:
    aid = parse_id(assessment_id)
    owner = organisations.assessment_ownership(engine, aid) if aid is not None else None
    if owner is None or not access.can_read_project(actor, owner):
        raise NotAllowed(NO_PROJECT)
    return owner


def _owner_check(
    actor: Actor, load: Callable[[Session], Ownership | None], rule: OwnerRule, message: str
) -> Check:
    def check(session: Session) -> None:
        fresh = fresh_actor(session, actor)
        owner = load(session)
        if owner is None or not rule(fresh, owner):
            raise NotAllowed(message)

    return check


def edits_project(actor: Actor, project_id: int) -> Check:
    return _owner_check(
        actor,
        lambda s: organisations.project_ownership_in(s, project_id),
        access.can_edit_project,
        NO_PROJECT,
    )


def edits_assessment(actor: Actor, assessment_id: int) -> Check:
    """The round's own answers (in a team round: the agreed result, the lead's)."""

    def check(session: Session) -> None:
        fresh = fresh_actor(session, actor)
        owner = organisations.assessment_ownership_in(session, assessment_id)
        if owner is None or not access.can_edit_project(fresh, owner):
            raise NotAllowed(NO_PROJECT)
        team, lead = team_rounds.round_lead_in(session, assessment_id)
        if not access.can_edit_round_answers(fresh, owner, team, lead == fresh.user_id):
            raise NotAllowed(ONLY_LEAD)

    return check


def acts_on_initiative(
    actor: Actor, initiative_id: int, rule: Callable[[Actor, int], bool]
) -> Check:
    """For rules about an initiative as a whole (consent, erasure)."""

    def check(session: Session) -> None:
        fresh = fresh_actor(session, actor)
        if organisations.initiative_ownership_in(session, initiative_id) is None or not rule(
            fresh, initiative_id
        ):
            raise NotAllowed()

    return check


def acts_as(actor: Actor, rule: ActorRule) -> Check:
    """For rules about the actor alone (e.g. the programme team's administration)."""

    def check(session: Session) -> None:
        if not rule(fresh_actor(session, actor)):
            raise NotAllowed()

    return check


def require(allowed: bool, message: str = "") -> None:
    """Raise :class:`NotAllowed` unless ``allowed`` (for reads)."""
    if not allowed:
        raise NotAllowed(message) if message else NotAllowed()

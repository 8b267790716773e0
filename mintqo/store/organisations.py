"""Cohorts, networks, initiatives: creation (CLI, tests, imports) and the ownership chain that
the access rules need."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from mintqo.access import Ownership
from mintqo.errors import UserError
from mintqo.store import participation
from mintqo.store.engine import read_session, remembered, write_session
from mintqo.store.models import Cohort, Initiative, Network, Project
from mintqo.store.round_owner import round_owner_in
from mintqo.validation import InvalidInput
from mintqo.validation import clean_name as _validated_name

__all__ = ["OrganisationError", "Ownership"]

NAME_MAX_CHARS = 200


class OrganisationError(UserError):
    """A name that cannot be stored; the message is German and meant for the user."""


def clean_name(name: str, what: str = "Der Name") -> str:
    """The one name validator (:func:`mintqo.validation.clean_name`) with this module's error."""
    try:
        return _validated_name(name, what, max_chars=NAME_MAX_CHARS)
    except InvalidInput as exc:
        raise OrganisationError(str(exc)) from exc


def create_cohort(engine: Engine, name: str, year: int | None = None) -> int:
    with write_session(engine) as s:
        cohort = Cohort(name=clean_name(name, "Der Name der Kohorte"), year=year)
        s.add(cohort)
        s.flush()
        return cohort.id


def create_network(engine: Engine, name: str, cohort_id: int | None = None) -> int:
    with write_session(engine) as s:
        network = Network(name=clean_name(name, "Der Name des Netzwerks"), cohort_id=cohort_id)
        s.add(network)
        s.flush()
        return network.id


def create_initiative(engine: Engine, name: str, network_id: int) -> int:
    with write_session(engine) as s:
        initiative = Initiative(
            name=clean_name(name, "Der Name der Initiative"), network_id=network_id
        )
        s.add(initiative)
        s.flush()
        participation.mark_changed(s, initiative_id=initiative.id)
        return initiative.id


def project_ownership_in(session: Session, project_id: int) -> Ownership | None:
    """The initiative and network of a project (inside the caller's transaction)."""
    row = session.execute(
        select(Project.initiative_id, Initiative.network_id)
        .join(Initiative, Initiative.id == Project.initiative_id)
        .where(Project.id == project_id)
    ).first()
    return Ownership(row.initiative_id, row.network_id, project_id) if row else None


def assessment_ownership_in(session: Session, assessment_id: int) -> Ownership | None:
    """The project, initiative and network of an assessment (inside the caller's transaction)."""
    owner = round_owner_in(session, assessment_id)
    return owner.ownership if owner else None


def initiative_ownership_in(session: Session, initiative_id: int) -> Ownership | None:
    network_id = session.scalar(select(Initiative.network_id).where(Initiative.id == initiative_id))
    return Ownership(initiative_id, network_id) if network_id is not None else None


def project_owner_key(project_id: int) -> tuple:
    return ("project-owner", project_id)


def assessment_owner_key(assessment_id: int) -> tuple:
    return ("assessment-owner", assessment_id)


def project_ownership(engine: Engine, project_id: int) -> Ownership | None:
    """Read once per page run (:func:`mintqo.store.engine.memo_per_run`)."""

    def read() -> Ownership | None:
        with read_session(engine) as s:
            return project_ownership_in(s, project_id)

    return remembered(project_owner_key(project_id), read)


def assessment_ownership(engine: Engine, assessment_id: int) -> Ownership | None:
    """Read once per page run (:func:`mintqo.store.engine.memo_per_run`)."""

    def read() -> Ownership | None:
        with read_session(engine) as s:
            return assessment_ownership_in(s, assessment_id)

    return remembered(assessment_owner_key(assessment_id), read)

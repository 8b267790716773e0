"""Cohorts, networks, initiatives and projects: creation and the ownership chain access rules need."""

from __future__ import annotations

from sqlalchemy import Engine, select

from mintqo.access import Ownership
from mintqo.store.engine import read_session, write_session
from mintqo.store.models import Assessment, Cohort, Initiative, Network, Project
from mintqo.text import control_chars_message, has_control_chars

__all__ = ["OrganisationError", "Ownership"]

NAME_MAX_CHARS = 200


class OrganisationError(ValueError):
    """A name that cannot be stored; the message is German and meant for the user."""


def clean_name(name: str, what: str = "Der Name") -> str:
    """Whitespace-normalised name; refuses empty, overlong and control-character names."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise OrganisationError(f"{what} darf nicht leer sein.")
    if len(cleaned) > NAME_MAX_CHARS:
        raise OrganisationError(f"{what} darf höchstens {NAME_MAX_CHARS} Zeichen haben.")
    if has_control_chars(cleaned):
        raise OrganisationError(control_chars_message(what))
    return cleaned


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
        return initiative.id


def project_ownership(engine: Engine, project_id: int) -> Ownership | None:
    """The initiative and network of a project, or None if it does not exist."""
    with read_session(engine) as s:
        row = s.execute(
            select(Project.initiative_id, Initiative.network_id)
            .join(Initiative, Initiative.id == Project.initiative_id)
            .where(Project.id == project_id)
        ).first()
    return Ownership(row.initiative_id, row.network_id, project_id) if row else None


def assessment_ownership(engine: Engine, assessment_id: int) -> Ownership | None:
    """The project, initiative and network of an assessment, or None if it does not exist."""
    with read_session(engine) as s:
        row = s.execute(
            select(Assessment.project_id, Project.initiative_id, Initiative.network_id)
            .join(Project, Project.id == Assessment.project_id)
            .join(Initiative, Initiative.id == Project.initiative_id)
            .where(Assessment.id == assessment_id)
        ).first()
    return Ownership(row.initiative_id, row.network_id, row.project_id) if row else None


def initiative_network(engine: Engine, initiative_id: int) -> int | None:
    with read_session(engine) as s:
        return s.scalar(select(Initiative.network_id).where(Initiative.id == initiative_id))

"""Access rules: the only place that decides who may see or change what. Pure functions.

Every page asks these functions with the ids it is about to show, after loading the ownership
of the object from the store; ids from URLs or session state are never trusted on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["initiative", "coordinator", "admin"]


@dataclass(frozen=True)
class Actor:
    """The logged-in user, as loaded from the database on this run."""

    user_id: int
    username: str
    display_name: str
    role: Role
    initiative_id: int | None = None
    network_id: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class Ownership:
    """Who an object belongs to (re-exported from the store so access stays import-free)."""

    initiative_id: int
    network_id: int
    project_id: int | None = None


def _owns(actor: Actor, initiative_id: int) -> bool:
    return actor.role == "initiative" and actor.initiative_id == initiative_id


def _coordinates(actor: Actor, network_id: int) -> bool:
    return actor.role == "coordinator" and actor.network_id == network_id


def can_view_network(actor: Actor, network_id: int) -> bool:
    """Network dashboards (aggregates, participation status): its coordinator and admins."""
    return actor.is_admin or _coordinates(actor, network_id)


def can_read_project(actor: Actor, owner: Ownership) -> bool:
    """Projects, assessments, answers and notes of an initiative: the initiative and admins.

    Coordinators see their initiatives only through participation status and aggregates
    (named results only with consent, see :func:`can_see_named_results`).
    """
    return actor.is_admin or _owns(actor, owner.initiative_id)


def can_edit_project(actor: Actor, owner: Ownership) -> bool:
    """Answering, submitting, action plans: only the initiative itself (and admins)."""
    return actor.is_admin or _owns(actor, owner.initiative_id)


def can_see_named_results(actor: Actor, owner: Ownership, consented: bool) -> bool:
    """Named scores of an initiative: itself, admins, and its coordinator if it consented."""
    if actor.is_admin or _owns(actor, owner.initiative_id):
        return True
    return consented and _coordinates(actor, owner.network_id)

"""The programme team's administration: cohorts, networks, the initiatives of each network (name,
projects, accounts – never results or consent), the organisation import, the audit log and the
deletion of any initiative (DSGVO). Every call is checked against the acting user; writes check
again inside their transaction."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from mintqo import access
from mintqo.access import Actor
from mintqo.io import org_import
from mintqo.io.org_import import ImportResult
from mintqo.services import checks
from mintqo.store import erasure, network_admin
from mintqo.store.erasure import AuditEntry, ErasureReport
from mintqo.store.network_admin import InitiativeOverview

__all__ = ["InitiativeOverview"]


def _admin(actor: Actor) -> None:
    checks.require(access.can_manage_organisations(actor))


def _write_check(actor: Actor):
    return checks.acts_as(actor, access.can_manage_organisations)


def cohorts(engine: Engine, actor: Actor) -> pd.DataFrame:
    _admin(actor)
    return network_admin.list_cohorts(engine)


def networks(engine: Engine, actor: Actor, include_archived: bool = True) -> pd.DataFrame:
    _admin(actor)
    return network_admin.list_networks(engine, include_archived=include_archived)


def initiatives_of_network(
    engine: Engine, actor: Actor, network_id: object
) -> list[InitiativeOverview]:
    """A network's initiatives by name with their number of projects and their accounts.

    What the programme team needs to administer them (whom to give a role, what a deletion
    removes); no results, no participation, no consent.
    """
    _admin(actor)
    nid = checks.parse_id(network_id)
    return [] if nid is None else network_admin.initiatives_of_network(engine, nid)


def initiative_overview(
    engine: Engine, actor: Actor, initiative_id: object
) -> InitiativeOverview | None:
    """One initiative as :func:`initiatives_of_network` lists it (for the deletion preview)."""
    _admin(actor)
    iid = checks.parse_id(initiative_id)
    return None if iid is None else network_admin.initiative_overview(engine, iid)


def create_cohort(engine: Engine, actor: Actor, name: str, year: int | None) -> int:
    return network_admin.create_cohort(engine, actor, name, year, check=_write_check(actor))


def rename_cohort(engine: Engine, actor: Actor, cohort_id: int, name: str) -> None:
    network_admin.rename_cohort(engine, actor, cohort_id, name, check=_write_check(actor))


def create_network(engine: Engine, actor: Actor, name: str, cohort_id: int | None) -> int:
    return network_admin.create_network(engine, actor, name, cohort_id, check=_write_check(actor))


def rename_network(engine: Engine, actor: Actor, network_id: int, name: str) -> None:
    network_admin.rename_network(engine, actor, network_id, name, check=_write_check(actor))


def assign_cohort(engine: Engine, actor: Actor, network_id: int, cohort_id: int | None) -> None:
    network_admin.assign_cohort(engine, actor, network_id, cohort_id, check=_write_check(actor))


def set_archived(engine: Engine, actor: Actor, network_id: int, archived: bool) -> None:
    network_admin.set_archived(engine, actor, network_id, archived, check=_write_check(actor))


def preview_import(engine: Engine, actor: Actor, data: bytes) -> ImportResult:
    """What importing a CSV of networks and initiatives would create (nothing is written)."""
    _admin(actor)
    return org_import.preview(engine, data)


def run_import(engine: Engine, actor: Actor, data: bytes) -> ImportResult:
    return org_import.import_org_csv(engine, actor, data, check=_write_check(actor))


def audit_log(engine: Engine, actor: Actor, search: str = "") -> list[AuditEntry]:
    checks.require(access.can_view_audit_log(actor))
    return erasure.audit_events(engine, search=search)


def delete_initiative(
    engine: Engine, actor: Actor, initiative_id: int, confirm_name: str
) -> ErasureReport:
    """The programme team deletes an initiative (typed name must match); audited."""
    check = checks.acts_on_initiative(actor, initiative_id, access.can_erase_initiative)
    return erasure.delete_initiative(
        engine, initiative_id, confirm_name, check=check, audited_by=actor
    )

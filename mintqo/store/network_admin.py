"""Cohorts, networks, the initiatives of a network, and the initiative's name-sharing consent.

Who may call the writes is decided by the use-case layer (``mintqo.services.organisations``,
``mintqo.services.consent``), which passes its check to run inside the transaction. Every write
records an audit event and bumps the data versions in the same transaction, so dashboard caches
never serve a view from before the change.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, func, select

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.store import audit, versions
from mintqo.store.engine import Check, read_session, write_session
from mintqo.store.models import Cohort, Initiative, Network, Project, User
from mintqo.validation import InvalidInput, clean_name

MAX_NAME = 200


class NetworkAdminError(UserError):
    """A user mistake; the message is German and can be shown as is."""


@dataclass(frozen=True)
class InitiativeConsent:
    initiative_id: int
    network_id: int
    name: str
    share_named_results: bool


@dataclass(frozen=True)
class InitiativeOverview:
    """An initiative as the programme team's administration lists it: name, size, accounts.

    Deliberately no results, no participation and no consent: the programme team administers
    initiatives, it does not see them by name in any evaluation.
    """

    initiative_id: int
    name: str
    network_id: int
    network_name: str
    projects: int
    active_accounts: tuple[str, ...]  # user names, alphabetical
    inactive_accounts: tuple[str, ...]


def _clean_name(name: str, what: str) -> str:
    try:
        return clean_name(name, what, max_chars=MAX_NAME)
    except InvalidInput as exc:
        raise NetworkAdminError(str(exc)) from exc


def list_cohorts(engine: Engine) -> pd.DataFrame:
    with read_session(engine) as s:
        rows = s.execute(
            select(Cohort.id, Cohort.name, Cohort.year, func.count(Network.id))
            .outerjoin(Network, Network.cohort_id == Cohort.id)
            .group_by(Cohort.id, Cohort.name, Cohort.year)
            .order_by(Cohort.name)
        ).all()
    return pd.DataFrame(rows, columns=["cohort_id", "Kohorte", "Jahr", "Netzwerke"])


def list_networks(engine: Engine, include_archived: bool = True) -> pd.DataFrame:
    members = (
        select(Initiative.network_id.label("nid"), func.count().label("n"))
        .group_by(Initiative.network_id)
        .subquery()
    )
    query = (
        select(
            Network.id,
            Network.name,
            Network.cohort_id,
            Cohort.name,
            Network.archived,
            func.coalesce(members.c.n, 0),
        )
        .outerjoin(Cohort, Cohort.id == Network.cohort_id)
        .outerjoin(members, members.c.nid == Network.id)
        .order_by(Network.name)
    )
    if not include_archived:
        query = query.where(Network.archived.is_(False))
    with read_session(engine) as s:
        rows = s.execute(query).all()
    frame = pd.DataFrame(
        rows,
        columns=["network_id", "Netzwerk", "cohort_id", "Kohorte", "Archiviert", "Initiativen"],
    )
    frame["Archiviert"] = frame["Archiviert"].astype(bool)
    return frame


def _overviews(s, where) -> list[InitiativeOverview]:
    projects = (
        select(Project.initiative_id.label("iid"), func.count().label("n"))
        .group_by(Project.initiative_id)
        .subquery()
    )
    rows = s.execute(
        select(
            Initiative.id,
            Initiative.name,
            Initiative.network_id,
            Network.name.label("network_name"),
            func.coalesce(projects.c.n, 0).label("projects"),
        )
        .join(Network, Network.id == Initiative.network_id)
        .outerjoin(projects, projects.c.iid == Initiative.id)
        .where(where)
        .order_by(Initiative.name, Initiative.id)
    ).all()
    ids = [r.id for r in rows]
    accounts: dict[int, tuple[list[str], list[str]]] = {i: ([], []) for i in ids}
    if ids:
        for user in s.execute(
            select(User.initiative_id, User.username, User.active)
            .where(User.initiative_id.in_(ids))
            .order_by(User.username)
        ):
            accounts[user.initiative_id][0 if user.active else 1].append(user.username)
    return [
        InitiativeOverview(
            r.id,
            r.name,
            r.network_id,
            r.network_name,
            int(r.projects),
            tuple(accounts[r.id][0]),
            tuple(accounts[r.id][1]),
        )
        for r in rows
    ]


def initiatives_of_network(engine: Engine, network_id: int) -> list[InitiativeOverview]:
    """The network's initiatives by name, with their number of projects and their accounts."""
    with read_session(engine) as s:
        return _overviews(s, Initiative.network_id == network_id)


def initiative_overview(engine: Engine, initiative_id: int) -> InitiativeOverview | None:
    """One initiative as :func:`initiatives_of_network` lists it (None if there is none)."""
    with read_session(engine) as s:
        found = _overviews(s, Initiative.id == initiative_id)
    return found[0] if found else None


def create_cohort(
    engine: Engine, actor: Actor, name: str, year: int | None = None, check: Check | None = None
) -> int:
    name = _clean_name(name, "Der Name der Kohorte")
    with write_session(engine, check) as s:
        if s.scalar(select(Cohort.id).where(Cohort.name == name)) is not None:
            raise NetworkAdminError(f"Eine Kohorte „{name}“ gibt es bereits.")
        cohort = Cohort(name=name, year=year)
        s.add(cohort)
        s.flush()
        audit.record(s, actor, "cohort.create", f"cohort:{cohort.id}", name)
        versions.bump(s, [versions.GLOBAL])
        return cohort.id


def rename_cohort(
    engine: Engine, actor: Actor, cohort_id: int, name: str, check: Check | None = None
) -> None:
    name = _clean_name(name, "Der Name der Kohorte")
    with write_session(engine, check) as s:
        cohort = s.get(Cohort, cohort_id)
        if cohort is None:
            raise NetworkAdminError("Diese Kohorte gibt es nicht (mehr).")
        clash = s.scalar(select(Cohort.id).where(Cohort.name == name, Cohort.id != cohort_id))
        if clash is not None:
            raise NetworkAdminError(f"Eine Kohorte „{name}“ gibt es bereits.")
        old, cohort.name = cohort.name, name
        audit.record(s, actor, "cohort.rename", f"cohort:{cohort_id}", f"{old} → {name}")
        versions.bump(s, [versions.GLOBAL])


def create_network(
    engine: Engine,
    actor: Actor,
    name: str,
    cohort_id: int | None = None,
    check: Check | None = None,
) -> int:
    name = _clean_name(name, "Der Name des Netzwerks")
    with write_session(engine, check) as s:
        if s.scalar(select(Network.id).where(Network.name == name)) is not None:
            raise NetworkAdminError(f"Ein Netzwerk „{name}“ gibt es bereits.")
        if cohort_id is not None and s.get(Cohort, cohort_id) is None:
            raise NetworkAdminError("Diese Kohorte gibt es nicht (mehr).")
        network = Network(name=name, cohort_id=cohort_id)
        s.add(network)
        s.flush()
        audit.record(s, actor, "network.create", f"network:{network.id}", name)
        versions.bump(s, [versions.GLOBAL, versions.network_scope(network.id)])
        return network.id


def _network(s, network_id: int) -> Network:
    network = s.get(Network, network_id)
    if network is None:
        raise NetworkAdminError("Dieses Netzwerk gibt es nicht (mehr).")
    return network


def rename_network(
    engine: Engine, actor: Actor, network_id: int, name: str, check: Check | None = None
) -> None:
    name = _clean_name(name, "Der Name des Netzwerks")
    with write_session(engine, check) as s:
        network = _network(s, network_id)
        clash = s.scalar(select(Network.id).where(Network.name == name, Network.id != network_id))
        if clash is not None:
            raise NetworkAdminError(f"Ein Netzwerk „{name}“ gibt es bereits.")
        old, network.name = network.name, name
        audit.record(s, actor, "network.rename", f"network:{network_id}", f"{old} → {name}")
        versions.bump(s, [versions.GLOBAL, versions.network_scope(network_id)])


def assign_cohort(
    engine: Engine, actor: Actor, network_id: int, cohort_id: int | None, check: Check | None = None
) -> None:
    with write_session(engine, check) as s:
        network = _network(s, network_id)
        if cohort_id is not None and s.get(Cohort, cohort_id) is None:
            raise NetworkAdminError("Diese Kohorte gibt es nicht (mehr).")
        old, network.cohort_id = network.cohort_id, cohort_id
        audit.record(
            s, actor, "network.assign_cohort", f"network:{network_id}", f"{old} → {cohort_id}"
        )
        versions.bump(s, [versions.GLOBAL, versions.network_scope(network_id)])


def set_archived(
    engine: Engine, actor: Actor, network_id: int, archived: bool, check: Check | None = None
) -> None:
    """Archived networks leave national overviews and comparisons; nothing is deleted."""
    with write_session(engine, check) as s:
        network = _network(s, network_id)
        network.archived = archived
        action = "network.archive" if archived else "network.unarchive"
        audit.record(s, actor, action, f"network:{network_id}", network.name)
        versions.bump(s, [versions.GLOBAL, versions.network_scope(network_id)])


def initiative_consent(engine: Engine, initiative_id: int) -> InitiativeConsent | None:
    with read_session(engine) as s:
        row = s.execute(
            select(
                Initiative.id,
                Initiative.network_id,
                Initiative.name,
                Initiative.share_named_results,
            ).where(Initiative.id == initiative_id)
        ).first()
    return InitiativeConsent(row[0], row[1], row[2], bool(row[3])) if row else None


def set_share_named_results(
    engine: Engine, actor: Actor, initiative_id: int, share: bool, check: Check | None = None
) -> None:
    """The initiative's consent to show its results by name to its network coordination."""
    with write_session(engine, check) as s:
        initiative = s.get(Initiative, initiative_id)
        if initiative is None:
            raise NetworkAdminError("Diese Initiative gibt es nicht (mehr).")
        if bool(initiative.share_named_results) == share:
            return
        initiative.share_named_results = share
        audit.record(
            s,
            actor,
            "initiative.share_named_results",
            f"initiative:{initiative_id}",
            "an" if share else "aus",
        )
        versions.bump(s, [versions.GLOBAL, versions.network_scope(initiative.network_id)])

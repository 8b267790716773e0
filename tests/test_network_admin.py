"""Cohort/network management and the consent setting: audit events, data versions, rights
(through the use-case layer, with real accounts)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from mintqo.services import initiative as initiative_service
from mintqo.services import organisations as na
from mintqo.services.errors import NotAllowed
from mintqo.store import network_admin
from mintqo.store.engine import read_session
from mintqo.store.models import AuditEvent
from mintqo.store.network_admin import NetworkAdminError
from mintqo.store.organisations import create_initiative
from mintqo.store.versions import GLOBAL, current, network_scope
from tests.builders import Builder


@pytest.fixture
def admin(engine: Engine):
    return Builder(engine).admin()


def _actions(engine: Engine) -> list[str]:
    with read_session(engine) as s:
        return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_create_rename_assign_archive(engine: Engine, admin) -> None:
    c1 = na.create_cohort(engine, admin, "  Durchgang   1 ", 2026)
    c2 = na.create_cohort(engine, admin, "Durchgang 2", None)
    net = na.create_network(engine, admin, "MINT-Region Nord", c1)
    na.rename_network(engine, admin, net, "MINT-Region Nordost")
    na.assign_cohort(engine, admin, net, c2)
    na.rename_cohort(engine, admin, c2, "Durchgang Zwei")
    v = current(engine, network_scope(net))
    na.set_archived(engine, admin, net, True)
    assert current(engine, network_scope(net)) == v + 1
    networks = na.networks(engine, admin).set_index("network_id")
    assert networks.loc[net, "Netzwerk"] == "MINT-Region Nordost"
    assert networks.loc[net, "Kohorte"] == "Durchgang Zwei"
    assert bool(networks.loc[net, "Archiviert"]) is True
    assert na.networks(engine, admin, include_archived=False).empty
    assert set(na.cohorts(engine, admin)["Kohorte"]) == {"Durchgang 1", "Durchgang Zwei"}
    assert _actions(engine) == [
        "cohort.create",
        "cohort.create",
        "network.create",
        "network.rename",
        "network.assign_cohort",
        "cohort.rename",
        "network.archive",
    ]


def test_mistakes_are_german_errors_and_write_nothing(engine: Engine, admin) -> None:
    net = na.create_network(engine, admin, "A", None)
    before = current(engine, GLOBAL)
    with pytest.raises(NetworkAdminError, match="gibt es bereits"):
        na.create_network(engine, admin, "A", None)
    with pytest.raises(NetworkAdminError, match="darf nicht leer sein"):
        na.create_cohort(engine, admin, "   ", None)
    with pytest.raises(NetworkAdminError, match="gibt es nicht"):
        na.rename_network(engine, admin, 999, "B")
    assert current(engine, GLOBAL) == before
    assert _actions(engine) == ["network.create"]
    coordinator = Builder(engine).coordinator(net)
    for attempt in (
        lambda: na.create_network(engine, coordinator, "C", None),
        lambda: na.cohorts(engine, coordinator),
        lambda: na.audit_log(engine, coordinator),
        lambda: na.run_import(engine, coordinator, b"Netzwerk\nX\n"),
    ):
        with pytest.raises(NotAllowed):
            attempt()
    assert _actions(engine) == ["network.create"]


def test_consent_setter_only_by_the_initiative(engine: Engine, admin) -> None:
    net = na.create_network(engine, admin, "N", None)
    ini = create_initiative(engine, "Ini", net)
    build = Builder(engine)
    assert network_admin.initiative_consent(engine, ini).share_named_results is False
    own = build.user("ini", "initiative", initiative_id=ini)
    initiative_service.set_consent(engine, own, True)
    assert initiative_service.consent(engine, own).share_named_results is True
    initiative_service.set_consent(engine, own, False)
    assert network_admin.initiative_consent(engine, ini).share_named_results is False
    coordinator = build.coordinator(net)
    for actor in (coordinator, admin):
        with pytest.raises(NotAllowed):
            initiative_service.set_consent(engine, actor, True)
    assert network_admin.initiative_consent(engine, ini).share_named_results is False
    assert _actions(engine)[-2:] == ["initiative.share_named_results"] * 2


def test_initiatives_of_a_network_name_projects_and_accounts_only(engine: Engine, admin) -> None:
    """Item 15: what the programme team sees of a network's initiatives – never results,
    participation or consent."""
    net = na.create_network(engine, admin, "Netz mit Initiativen", None)
    other = na.create_network(engine, admin, "Anderes Netz", None)
    build = Builder(engine)
    busy = build.initiative(net, "Zweite Initiative")  # one project
    quiet = create_initiative(engine, "Erste Initiative", net)
    create_initiative(engine, "Woanders", other)
    build.user("zora", "initiative", initiative_id=busy)
    build.user("anton", "initiative", initiative_id=busy)
    gone = build.user("berta", "initiative", initiative_id=busy)
    from mintqo.services import user_admin

    user_admin.set_active(engine, admin, gone.user_id, False)
    listed = na.initiatives_of_network(engine, admin, net)
    assert [i.name for i in listed] == ["Erste Initiative", "Zweite Initiative"]
    first, second = listed
    assert (first.initiative_id, first.projects, first.active_accounts) == (quiet, 0, ())
    assert second.projects == 1
    assert second.active_accounts == ("anton", "zora")
    assert second.inactive_accounts == ("berta",)
    assert second.network_name == "Netz mit Initiativen"
    assert not {"share_named_results", "consent", "submitted"} & set(vars(second))
    assert na.initiative_overview(engine, admin, busy) == second
    assert na.initiative_overview(engine, admin, 10_000) is None
    assert na.initiatives_of_network(engine, admin, "abc") == []
    coordinator = build.coordinator(net)
    with pytest.raises(NotAllowed):
        na.initiatives_of_network(engine, coordinator, net)
    with pytest.raises(NotAllowed):
        na.initiative_overview(engine, coordinator, busy)

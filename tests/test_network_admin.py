"""Cohort/network management and the consent setting: audit events, data versions, rights."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from mintqo.access import Actor
from mintqo.store import network_admin as na
from mintqo.store.engine import read_session
from mintqo.store.models import AuditEvent
from mintqo.store.organisations import create_initiative
from mintqo.store.versions import GLOBAL, current, network_scope

ADMIN = Actor(1, "admin", "Admin", "admin")


def _actions(engine: Engine) -> list[str]:
    with read_session(engine) as s:
        return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_create_rename_assign_archive(engine: Engine) -> None:
    c1 = na.create_cohort(engine, ADMIN, "  Durchgang   1 ", 2026)
    c2 = na.create_cohort(engine, ADMIN, "Durchgang 2")
    net = na.create_network(engine, ADMIN, "MINT-Region Nord", c1)
    na.rename_network(engine, ADMIN, net, "MINT-Region Nordost")
    na.assign_cohort(engine, ADMIN, net, c2)
    na.rename_cohort(engine, ADMIN, c2, "Durchgang Zwei")
    v = current(engine, network_scope(net))
    na.set_archived(engine, ADMIN, net, True)
    assert current(engine, network_scope(net)) == v + 1
    networks = na.list_networks(engine).set_index("network_id")
    assert networks.loc[net, "Netzwerk"] == "MINT-Region Nordost"
    assert networks.loc[net, "Kohorte"] == "Durchgang Zwei"
    assert bool(networks.loc[net, "Archiviert"]) is True
    assert na.list_networks(engine, include_archived=False).empty
    assert set(na.list_cohorts(engine)["Kohorte"]) == {"Durchgang 1", "Durchgang Zwei"}
    assert _actions(engine) == [
        "cohort.create",
        "cohort.create",
        "network.create",
        "network.rename",
        "network.assign_cohort",
        "cohort.rename",
        "network.archive",
    ]


def test_mistakes_are_german_errors_and_write_nothing(engine: Engine) -> None:
    na.create_network(engine, ADMIN, "A")
    before = current(engine, GLOBAL)
    with pytest.raises(na.NetworkAdminError, match="gibt es bereits"):
        na.create_network(engine, ADMIN, "A")
    with pytest.raises(na.NetworkAdminError, match="Namen"):
        na.create_cohort(engine, ADMIN, "   ")
    with pytest.raises(na.NetworkAdminError, match="gibt es nicht"):
        na.rename_network(engine, ADMIN, 999, "B")
    assert current(engine, GLOBAL) == before
    assert _actions(engine) == ["network.create"]
    with pytest.raises(PermissionError):
        na.create_network(engine, Actor(2, "k", "K", "coordinator", network_id=1), "C")


def test_consent_setter_only_by_the_initiative(engine: Engine) -> None:
    net = na.create_network(engine, ADMIN, "N")
    ini = create_initiative(engine, "Ini", net)
    assert na.initiative_consent(engine, ini).share_named_results is False  # default off
    own = Actor(3, "ini", "Ini", "initiative", initiative_id=ini)
    na.set_share_named_results(engine, own, ini, True)
    assert na.initiative_consent(engine, ini).share_named_results is True
    na.set_share_named_results(engine, own, ini, False)
    assert na.initiative_consent(engine, ini).share_named_results is False
    other = Actor(4, "x", "X", "initiative", initiative_id=ini + 1)
    coordinator = Actor(5, "k", "K", "coordinator", network_id=net)
    for actor in (other, coordinator):
        with pytest.raises(PermissionError):
            na.set_share_named_results(engine, actor, ini, True)
    assert _actions(engine)[-2:] == ["initiative.share_named_results"] * 2

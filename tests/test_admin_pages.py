"""AppTests of "Verwaltung" (issue 14, items 9, 10, 15, 16): roles chosen by name, the
initiatives of each network, deactivation and deletion with confirmation and a report, tables
that show an action's result at once, German values, and no stale validation errors."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Engine, func, select, update

from mintqo.services import organisations
from mintqo.services.errors import NotAllowed
from mintqo.store.engine import read_session, write_session
from mintqo.store.models import AuditEvent, Initiative, Network, Project, User
from mintqo.store.users import actor_for
from tests.conftest import app_test, open_section

GERMAN_TIME = re.compile(r"^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr$")


def _admin_page(section: str = "Kohorten & Netzwerke"):
    """ "Verwaltung" with ``section`` open (only the open section is drawn)."""
    at = app_test("demo-admin").run()
    at = at.switch_page("pages/admin.py").run()
    if section != "Kohorten & Netzwerke":
        at = open_section(at, section)
    assert not at.exception, at.exception
    return at


def _table(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _demo_initiative(engine: Engine) -> tuple[int, str, int, str]:
    """(id, name, network id, network name) of the demo initiative."""
    ini = actor_for(engine, "demo-initiative").initiative_id
    with read_session(engine) as s:
        row = s.execute(
            select(Initiative.id, Initiative.name, Network.id, Network.name)
            .join(Network, Network.id == Initiative.network_id)
            .where(Initiative.id == ini)
        ).one()
    return tuple(row)  # type: ignore[return-value]


def _successes(at) -> list[str]:
    return [s.value for s in at.success]


# --- the user table --------------------------------------------------------------------------


def test_user_table_speaks_german(demo_db: Engine) -> None:
    at = _admin_page("Benutzer")
    table = _table(at, "Status")
    assert list(table.columns) == [
        "Benutzername",
        "Name",
        "Rolle",
        "Status",
        "Letzte Anmeldung",
        "Initiative",
        "Netzwerk",
        "Angelegt",
    ]
    assert set(table["Status"]) == {"aktiv"}
    assert set(table["Rolle"]) == {"Programmteam", "Netzwerkkoordination", "Initiative"}
    assert all(GERMAN_TIME.match(v) for v in table["Angelegt"])
    values = table.astype(str).to_numpy().ravel().tolist()
    assert not {"True", "False", "None", "nan", "initiative", "coordinator", "admin"} & set(values)
    # the demo's logins: one per role, and two more members of the demo initiative
    assert any("5 Benutzerkonten, davon 5 aktiv." in c.value for c in at.caption)
    events = _table(at, "Ergebnis")
    assert set(events["Ergebnis"]) <= {"erfolgreich", "fehlgeschlagen"}


# --- item 16: deactivation asks first ------------------------------------------------------------


def test_deactivation_can_be_cancelled(demo_db: Engine) -> None:
    target = actor_for(demo_db, "demo-koordination")
    at = _admin_page("Benutzer")
    at.selectbox(key="admin-users-pick").set_value(target.user_id).run()
    at = at.button(key="admin-users-disable").click().run()
    asked = [w.value for w in at.warning if "wird deaktiviert" in w.value]
    assert len(asked) == 1 and "kein aktives Konto" not in asked[0]  # no initiative concerned
    at = at.button(key="admin-users-disable-cancel").click().run()
    assert not [w for w in at.warning if "wird deaktiviert" in w.value]
    assert actor_for(demo_db, "demo-koordination") is not None
    assert not _successes(at)


def test_a_disabled_admin_deactivates_nobody_from_a_page_drawn_before(demo_db: Engine) -> None:
    target = actor_for(demo_db, "demo-koordination")
    at = _admin_page("Benutzer")
    at.selectbox(key="admin-users-pick").set_value(target.user_id).run()
    at = at.button(key="admin-users-disable").click().run()
    with write_session(demo_db) as s:  # disabled in another session, meanwhile
        s.execute(update(User).where(User.username == "demo-admin").values(active=False))
    at.button(key="admin-users-disable-confirm").click().run()
    assert not at.exception
    assert actor_for(demo_db, "demo-koordination") is not None


def test_reactivating_reports_and_updates_the_table(demo_db: Engine) -> None:
    target = actor_for(demo_db, "demo-koordination")
    with write_session(demo_db) as s:
        s.execute(update(User).where(User.id == target.user_id).values(active=False))
    at = _admin_page("Benutzer")
    assert _table(at, "Status").set_index("Benutzername").loc["demo-koordination", "Status"] == (
        "deaktiviert"
    )
    at.selectbox(key="admin-users-pick").set_value(target.user_id).run()
    at = at.button(key="admin-users-enable").click().run()
    assert [s for s in _successes(at) if "wieder aktiv" in s]
    assert _table(at, "Status").set_index("Benutzername").loc["demo-koordination", "Status"] == (
        "aktiv"
    )


# --- item 15: roles by name ----------------------------------------------------------------------


def test_role_change_chooses_network_and_initiative_by_name(demo_db: Engine) -> None:
    koord = actor_for(demo_db, "demo-koordination")
    ini_id, ini_name, net_id, net_name = _demo_initiative(demo_db)
    at = _admin_page("Benutzer")
    at.selectbox(key="admin-users-pick").set_value(koord.user_id).run()
    assert not at.number_input  # no database ids to type
    role = at.selectbox(key=f"admin-role-{koord.user_id}")
    assert role.value == "coordinator"
    network = at.selectbox(key=f"admin-role-network-{koord.user_id}")
    assert network.value == net_id and net_name in network.options
    at = role.set_value("initiative").run()
    initiative = at.selectbox(key=f"admin-role-initiative-{koord.user_id}")
    assert ini_name in initiative.options
    assert initiative.value is None  # no initiative is preselected for a coordinator
    assert at.button(key=f"admin-role-apply-{koord.user_id}").disabled
    at = initiative.select(ini_name).run()
    effect = [c.value for c in at.caption if "gehört danach zur Initiative" in c.value]
    assert len(effect) == 1 and "Antworten, Notizen" in effect[0]
    at = at.button(key=f"admin-role-apply-{koord.user_id}").click().run()
    assert not at.exception
    moved = actor_for(demo_db, "demo-koordination")
    assert (moved.role, moved.initiative_id, moved.network_id) == ("initiative", ini_id, None)
    done = [s for s in _successes(at) if "Rolle von" in s]
    assert len(done) == 1
    assert "Netzwerkkoordination" in done[0] and "Initiative" in done[0]
    table = _table(at, "Status").set_index("Benutzername")
    assert table.loc["demo-koordination", "Rolle"] == "Initiative"
    assert table.loc["demo-koordination", "Initiative"] == ini_name
    with read_session(demo_db) as s:
        detail = s.scalar(
            select(AuditEvent.detail).where(AuditEvent.action == "user.role").limit(1)
        )
    assert detail == f"Netzwerkkoordination „{net_name}“ → Initiative „{ini_name}“"


def test_the_same_role_again_is_refused_in_german(demo_db: Engine) -> None:
    koord = actor_for(demo_db, "demo-koordination")
    at = _admin_page("Benutzer")
    at.selectbox(key="admin-users-pick").set_value(koord.user_id).run()
    at = at.button(key=f"admin-role-apply-{koord.user_id}").click().run()
    assert any("hat diese Rolle bereits" in e.value for e in at.error)
    # the next action starts without the old error
    at = at.button(key="admin-users-unlock").click().run()
    assert not at.error


# --- item 15: initiatives per network ------------------------------------------------------------


def test_initiatives_of_a_network_by_name_with_projects_and_accounts(demo_db: Engine) -> None:
    _ini_id, ini_name, net_id, net_name = _demo_initiative(demo_db)
    at = _admin_page("Initiativen")
    picker = at.selectbox(key="admin-initiatives-network")
    assert any(o.startswith(net_name + " (") and o.endswith("Initiativen)") for o in picker.options)
    at = picker.set_value(net_id).run()
    table = _table(at, "Benutzerkonten")
    assert list(table.columns) == ["Initiative", "Projekte", "Aktive Konten", "Benutzerkonten"]
    row = table.set_index("Initiative").loc[ini_name]
    with read_session(demo_db) as s:
        projects = s.scalar(
            select(func.count()).select_from(Project).where(Project.initiative_id == _ini_id)
        )
    assert row["Projekte"] == projects and row["Aktive Konten"] == 3  # a team of three
    assert row["Benutzerkonten"] == "demo-initiative, demo-mitglied, demo-team"
    with read_session(demo_db) as s:
        names = set(s.scalars(select(Initiative.name).where(Initiative.network_id == net_id)))
    assert set(table["Initiative"]) == names


def test_only_the_programme_team_lists_initiatives(demo_db: Engine) -> None:
    _ini_id, _name, net_id, _net = _demo_initiative(demo_db)
    for username in ("demo-koordination", "demo-initiative"):
        with pytest.raises(NotAllowed):
            organisations.initiatives_of_network(demo_db, actor_for(demo_db, username), net_id)
    admin = actor_for(demo_db, "demo-admin")
    assert organisations.initiatives_of_network(demo_db, admin, "1; drop table") == []
    assert organisations.initiative_overview(demo_db, admin, -3) is None


# --- item 16: deleting an initiative says what goes and what went ------------------------------


def test_deleting_an_initiative_says_what_goes_and_reports_what_went(demo_db: Engine) -> None:
    ini_id, ini_name, net_id, _net_name = _demo_initiative(demo_db)
    at = _admin_page("Initiativen")
    at.selectbox(key="admin-initiatives-network").set_value(net_id).run()
    at = at.selectbox(key="admin-initiative-erase-pick").set_value(ini_id).run()
    warning = next(w.value for w in at.warning if "endgültig gelöscht" in w.value)
    with read_session(demo_db) as s:
        projects = s.scalar(
            select(func.count()).select_from(Project).where(Project.initiative_id == ini_id)
        )
    assert f"{projects} Projekte mit allen Selbstanalyse-Runden" in warning
    assert "3 Benutzerkonten (demo\\-initiative, demo\\-mitglied, demo\\-team)" in warning
    assert "nicht rückgängig" in warning
    # a wrong name deletes nothing and says so
    at.text_input(key="admin-initiative-erase-confirm").input("falscher Name").run()
    at = at.button(key="admin-initiative-erase").click().run()
    assert any("Es wurde nichts gelöscht" in e.value for e in at.error)
    with read_session(demo_db) as s:
        assert s.get(Initiative, ini_id) is not None
    # the right name deletes it; the table below the message no longer lists it
    at.text_input(key="admin-initiative-erase-confirm").input(ini_name).run()
    at = at.button(key="admin-initiative-erase").click().run()
    assert not at.error
    done = [s for s in _successes(at) if "ist gelöscht" in s]
    assert len(done) == 1
    assert f"Entfernt: {projects} Projekte, " in done[0] and " und 3 Benutzerkonten." in done[0]
    assert ini_name not in set(_table(at, "Benutzerkonten")["Initiative"])
    assert at.selectbox(key="admin-initiative-erase-pick").value is None
    with read_session(demo_db) as s:
        assert s.get(Initiative, ini_id) is None
    assert actor_for(demo_db, "demo-initiative") is None


# --- no stale validation errors ----------------------------------------------------------------


def test_a_fixed_mistake_leaves_no_error_behind(demo_db: Engine) -> None:
    at = _admin_page()
    at = at.button(key="FormSubmitter:network-create-Netzwerk anlegen").click().run()
    assert any("darf nicht leer sein" in e.value for e in at.error)
    at.text_input(key="network-name").input("MINT-Netz Fehlerfrei")
    at = at.button(key="FormSubmitter:network-create-Netzwerk anlegen").click().run()
    assert not at.error
    assert "Netzwerk „MINT\\-Netz Fehlerfrei“ angelegt." in _successes(at)
    assert "MINT-Netz Fehlerfrei" in set(_table(at, "Archiviert")["Netzwerk"])
    assert at.text_input(key="network-name").value == ""
    at = at.run()
    assert not at.error and not _successes(at)


def test_a_link_opens_its_section_and_only_that_one_is_drawn(demo_db: Engine) -> None:
    """ "Verwaltung" in sections: ``?register=Benutzer`` (a reload, a link) opens the user
    table, and the other sections' tables are not built."""
    at = app_test("demo-admin")
    at.query_params["register"] = "Benutzer"
    at = at.run().switch_page("pages/admin.py").run()
    assert not at.exception, at.exception
    columns = [set(d.value.columns) for d in at.dataframe]
    assert any("Letzte Anmeldung" in c for c in columns)  # the users
    assert not any("Aktion" in c for c in columns)  # not the audit log
    assert not any(t.key == "network-name" for t in at.text_input)  # not the network form

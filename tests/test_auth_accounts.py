"""Accounts in the store (SQLite and PostgreSQL): invitations, registration, reset codes,
password changes, user administration with audit, login events and the credentials directory."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, select

from mintqo.access import Actor
from mintqo.auth import accounts, codes
from mintqo.auth.accounts import AccountError
from mintqo.auth.credentials import UserDirectory, lock_end
from mintqo.passwords import hash_password, verify_password
from mintqo.store.engine import read_session
from mintqo.store.login_events import events_since, recent_events, record_login
from mintqo.store.models import AuditEvent, Initiative, OneTimeCode
from mintqo.store.organisations import create_initiative, create_network
from mintqo.store.users import (
    UserChangeError,
    account_scope,
    actor_for,
    change_role,
    create_user,
    credential_for,
    list_users,
    set_active,
)

T0 = dt.datetime(2026, 11, 2, 10, 0)
PW = "alte-passphrase-2026"
FAST = hash_password(PW, rounds=4)


@dataclass
class World:
    engine: Engine
    net: int
    other_net: int
    ini: int
    other_ini: int
    admin: Actor
    koord: Actor
    ini_user: Actor
    other_ini_user: Actor


@pytest.fixture
def world(engine: Engine) -> World:
    net = create_network(engine, "Netz A")
    other_net = create_network(engine, "Netz B")
    ini = create_initiative(engine, "Initiative A1", net)
    other_ini = create_initiative(engine, "Initiative B1", other_net)

    def user(name: str, role: str, **scope: int) -> Actor:
        create_user(engine, name, "", role, password_hash=FAST, **scope)
        actor = actor_for(engine, name)
        assert actor is not None
        return actor

    return World(
        engine,
        net,
        other_net,
        ini,
        other_ini,
        user("admin", "admin"),
        user("koord-a", "coordinator", network_id=net),
        user("ini-a", "initiative", initiative_id=ini),
        user("ini-b", "initiative", initiative_id=other_ini),
    )


def audit_actions(engine: Engine) -> list[tuple[str, str, str]]:
    with read_session(engine) as s:
        rows = s.execute(select(AuditEvent.actor, AuditEvent.action, AuditEvent.target)).all()
    return [tuple(r) for r in rows]


# --- invitations and registration -------------------------------------------------------------


def test_coordinator_invites_new_initiative_which_registration_creates(world: World) -> None:
    issued = accounts.create_invitation(
        world.engine,
        world.koord,
        role="initiative",
        network_id=world.net,
        new_initiative_name="Neue Forscherwerkstatt",
        now=T0,
    )
    assert issued.expires_at == T0 + dt.timedelta(days=14)
    with read_session(world.engine) as s:
        stored = s.scalar(select(OneTimeCode.code_hash))
    assert stored == codes.code_hash(issued.code) and issued.code not in stored

    info = accounts.describe_invitation(world.engine, issued.code, now=T0)
    assert info.new_initiative and info.label == "Neue Forscherwerkstatt"

    user_id = accounts.register(
        world.engine,
        issued.code.lower(),
        "Neu.Nutzerin",
        "Neue Nutzerin",
        "ein langes passwort 1",
        "ein langes passwort 1",
        now=T0 + dt.timedelta(days=1),
    )
    actor = actor_for(world.engine, "neu.nutzerin")
    assert actor is not None and actor.user_id == user_id and actor.role == "initiative"
    with read_session(world.engine) as s:
        initiative = s.get(Initiative, actor.initiative_id)
        assert initiative.name == "Neue Forscherwerkstatt" and initiative.network_id == world.net
    assert verify_password(
        "ein langes passwort 1", credential_for(world.engine, "neu.nutzerin").password_hash
    )
    actions = [a[1] for a in audit_actions(world.engine)]
    assert actions == ["invitation.create", "invitation.redeem"]


def test_invitation_for_existing_initiative(world: World) -> None:
    issued = accounts.create_invitation(
        world.engine,
        world.koord,
        role="initiative",
        network_id=world.net,
        initiative_id=world.ini,
        now=T0,
    )
    accounts.register(
        world.engine, issued.code, "zweite", "", "noch ein passwort", "noch ein passwort", now=T0
    )
    assert actor_for(world.engine, "zweite").initiative_id == world.ini


def test_reused_and_expired_and_unknown_codes_are_refused(world: World) -> None:
    issued = accounts.create_invitation(
        world.engine,
        world.koord,
        role="initiative",
        network_id=world.net,
        initiative_id=world.ini,
        now=T0,
    )
    accounts.register(
        world.engine, issued.code, "erste", "", "passwort-nummer-1", "passwort-nummer-1", now=T0
    )
    with pytest.raises(AccountError, match="bereits verwendet"):
        accounts.register(
            world.engine,
            issued.code,
            "zweite",
            "",
            "passwort-nummer-2",
            "passwort-nummer-2",
            now=T0,
        )
    late = accounts.create_invitation(
        world.engine,
        world.koord,
        role="initiative",
        network_id=world.net,
        initiative_id=world.ini,
        now=T0,
    )
    with pytest.raises(AccountError, match="abgelaufen"):
        accounts.register(
            world.engine,
            late.code,
            "dritte",
            "",
            "passwort-nummer-3",
            "passwort-nummer-3",
            now=T0 + dt.timedelta(days=14, seconds=1),
        )
    with pytest.raises(AccountError, match="nicht gültig"):
        accounts.register(
            world.engine,
            codes.new_code(),
            "vierte",
            "",
            "passwort-nummer-4",
            "passwort-nummer-4",
            now=T0,
        )
    assert actor_for(world.engine, "zweite") is None and actor_for(world.engine, "dritte") is None


def test_failed_registration_leaves_the_code_usable(world: World) -> None:
    issued = accounts.create_invitation(
        world.engine,
        world.koord,
        role="initiative",
        network_id=world.net,
        new_initiative_name="Zählt erst bei Erfolg",
        now=T0,
    )
    with pytest.raises(AccountError, match="bereits vergeben"):
        accounts.register(
            world.engine, issued.code, "ini-a", "", "passwort-nummer-5", "passwort-nummer-5", now=T0
        )
    with pytest.raises(AccountError, match="mindestens 10"):
        accounts.register(world.engine, issued.code, "neue", "", "kurz", "kurz", now=T0)
    with read_session(world.engine) as s:
        assert (
            s.scalar(select(Initiative.id).where(Initiative.name == "Zählt erst bei Erfolg"))
            is None
        )
    accounts.register(
        world.engine, issued.code, "neue", "", "passwort-nummer-5", "passwort-nummer-5", now=T0
    )


def test_invitation_scope_is_enforced(world: World) -> None:
    with pytest.raises(AccountError):  # other network
        accounts.create_invitation(
            world.engine,
            world.koord,
            role="initiative",
            network_id=world.other_net,
            new_initiative_name="X",
        )
    with pytest.raises(AccountError):  # initiative of another network, smuggled in
        accounts.create_invitation(
            world.engine,
            world.koord,
            role="initiative",
            network_id=world.net,
            initiative_id=world.other_ini,
        )
    with pytest.raises(AccountError):  # coordinators do not invite coordinators
        accounts.create_invitation(
            world.engine, world.koord, role="coordinator", network_id=world.net
        )
    with pytest.raises(AccountError):
        accounts.create_invitation(
            world.engine,
            world.ini_user,
            role="initiative",
            network_id=world.net,
            new_initiative_name="X",
        )
    issued = accounts.create_invitation(
        world.engine, world.admin, role="coordinator", network_id=world.other_net, now=T0
    )
    accounts.register(
        world.engine, issued.code, "koord-b", "", "passwort-nummer-6", "passwort-nummer-6", now=T0
    )
    koord_b = actor_for(world.engine, "koord-b")
    assert koord_b.role == "coordinator" and koord_b.network_id == world.other_net


def test_open_codes_are_listed_per_scope_and_can_be_revoked(world: World) -> None:
    mine = accounts.create_invitation(
        world.engine,
        world.koord,
        role="initiative",
        network_id=world.net,
        new_initiative_name="A",
        now=T0,
    )
    accounts.create_invitation(
        world.engine, world.admin, role="coordinator", network_id=world.other_net, now=T0
    )
    assert [c.code_id for c in accounts.list_open_codes(world.engine, world.koord, now=T0)] == [
        mine.code_id
    ]
    assert len(accounts.list_open_codes(world.engine, world.admin, now=T0)) == 2
    assert accounts.list_open_codes(world.engine, world.ini_user, now=T0) == []
    assert accounts.list_open_codes(world.engine, world.admin, now=T0 + dt.timedelta(days=15)) == []
    accounts.revoke_code(world.engine, world.koord, mine.code_id, now=T0)
    assert accounts.list_open_codes(world.engine, world.koord, now=T0) == []
    with pytest.raises(AccountError, match="bereits verwendet"):
        accounts.register(
            world.engine, mine.code, "x-user", "", "passwort-nummer-7", "passwort-nummer-7", now=T0
        )


# --- reset codes and password change -------------------------------------------------------------


def test_coordinator_issues_reset_code_and_user_sets_new_password(world: World) -> None:
    issued = accounts.issue_reset_code(world.engine, world.koord, world.ini_user.user_id, now=T0)
    assert issued.expires_at == T0 + dt.timedelta(hours=72)
    with pytest.raises(AccountError, match="gehört nicht"):
        accounts.reset_password(
            world.engine, "ini-b", issued.code, "neues-passwort-1", "neues-passwort-1", now=T0
        )
    accounts.reset_password(
        world.engine, "INI-A", issued.code, "neues-passwort-1", "neues-passwort-1", now=T0
    )
    assert verify_password("neues-passwort-1", credential_for(world.engine, "ini-a").password_hash)
    with pytest.raises(AccountError, match="bereits verwendet"):
        accounts.reset_password(
            world.engine, "ini-a", issued.code, "neues-passwort-2", "neues-passwort-2", now=T0
        )
    assert ("koord-a", "reset_code.create", "user:ini-a") in audit_actions(world.engine)


def test_reset_codes_respect_scope_and_expiry(world: World) -> None:
    with pytest.raises(AccountError):
        accounts.issue_reset_code(world.engine, world.koord, world.other_ini_user.user_id)
    with pytest.raises(AccountError):
        accounts.issue_reset_code(world.engine, world.koord, world.admin.user_id)
    with pytest.raises(AccountError):
        accounts.issue_reset_code(world.engine, world.admin, world.admin.user_id)
    issued = accounts.issue_reset_code(
        world.engine, world.admin, world.other_ini_user.user_id, now=T0
    )
    with pytest.raises(AccountError, match="abgelaufen"):
        accounts.reset_password(
            world.engine,
            "ini-b",
            issued.code,
            "neues-passwort-1",
            "neues-passwort-1",
            now=T0 + dt.timedelta(hours=73),
        )


def test_password_change_needs_the_current_password(world: World) -> None:
    with pytest.raises(AccountError, match="aktuelle Passwort"):
        accounts.change_password(
            world.engine, world.ini_user, "falsch-falsch", "neues-passwort-9", "neues-passwort-9"
        )
    with pytest.raises(AccountError, match="72 Bytes"):
        accounts.change_password(world.engine, world.ini_user, PW, "ü" * 40, "ü" * 40)
    with pytest.raises(AccountError, match="dasselbe"):
        accounts.change_password(world.engine, world.ini_user, PW, PW, PW)
    accounts.change_password(
        world.engine, world.ini_user, PW, "neues-passwort-9", "neues-passwort-9"
    )
    assert verify_password("neues-passwort-9", credential_for(world.engine, "ini-a").password_hash)


# --- user administration -------------------------------------------------------------------------


def test_disable_enable_and_role_change_are_audited(world: World) -> None:
    set_active(world.engine, world.admin, world.ini_user.user_id, False)
    assert actor_for(world.engine, "ini-a") is None
    assert credential_for(world.engine, "ini-a").active is False
    set_active(world.engine, world.admin, world.ini_user.user_id, True)
    assert actor_for(world.engine, "ini-a") is not None
    change_role(
        world.engine, world.admin, world.ini_user.user_id, "coordinator", network_id=world.other_net
    )
    moved = actor_for(world.engine, "ini-a")
    assert (
        moved.role == "coordinator"
        and moved.network_id == world.other_net
        and moved.initiative_id is None
    )
    with pytest.raises(UserChangeError):
        change_role(world.engine, world.admin, world.ini_user.user_id, "initiative")
    actions = [a[1] for a in audit_actions(world.engine)]
    assert actions == ["user.disable", "user.enable", "user.role"]


def test_list_users_and_scopes(world: World) -> None:
    everyone = list_users(world.engine)
    assert [u.username for u in everyone] == ["admin", "ini-a", "ini-b", "koord-a"]
    in_net = {u.username: u for u in list_users(world.engine, world.net)}
    assert set(in_net) == {"ini-a", "koord-a"}
    assert (
        in_net["ini-a"].network_name == "Netz A"
        and in_net["ini-a"].initiative_name == "Initiative A1"
    )
    scope = account_scope(world.engine, world.ini_user.user_id)
    assert scope.role == "initiative" and scope.network_id == world.net


# --- login events, lockout, credentials directory ------------------------------------------------


def test_login_events_and_lock_end(world: World) -> None:
    for i in range(5):
        record_login(world.engine, "Ini-A", False, T0 + dt.timedelta(minutes=i))
    assert len(events_since(world.engine, "ini-a", T0)) == 5
    assert lock_end(world.engine, "ini-a", T0 + dt.timedelta(minutes=5)) == T0 + dt.timedelta(
        minutes=19
    )
    assert lock_end(world.engine, "ini-a", T0 + dt.timedelta(minutes=19)) is None
    assert lock_end(world.engine, "ini-b", T0 + dt.timedelta(minutes=5)) is None
    newest = recent_events(world.engine, limit=2)
    assert [e.at for e in newest] == [T0 + dt.timedelta(minutes=4), T0 + dt.timedelta(minutes=3)]


def test_directory_refuses_locked_and_disabled_names_before_any_password_check(
    world: World,
) -> None:
    clock_now = T0 + dt.timedelta(minutes=5)
    directory = UserDirectory(world.engine, now=lambda: clock_now)
    assert "ini-a" not in directory  # outside password mode it only knows admitted users
    directory.password_mode = True
    assert "ini-a" in directory and directory["ini-a"]["password"] == FAST
    assert directory.attempted == "ini-a" and directory["ini-a"]["roles"] == ["initiative"]
    for i in range(5):
        record_login(world.engine, "ini-a", False, T0 + dt.timedelta(minutes=i))
    assert "ini-a" not in directory and directory.locked_until == T0 + dt.timedelta(minutes=19)
    assert "ini-a" not in dict(directory)  # the cached entry is gone too
    set_active(world.engine, world.admin, world.ini_user.user_id, False)
    clock_now = T0 + dt.timedelta(minutes=30)
    assert "ini-a" not in directory  # not locked any more, but disabled
    assert "nobody" not in directory and directory.attempted == "nobody"
    directory.password_mode = False
    assert directory.admit(
        "ini-a"
    )  # a cookie of a disabled user is admitted, then refused by the gate
    assert not directory.admit("nobody")


def test_store_refuses_overlong_names_and_control_characters_in_german(world: World) -> None:
    with pytest.raises(UserChangeError, match="64 Zeichen"):
        create_user(world.engine, "x" * 65, "", "admin", password_hash=FAST)
    with pytest.raises(UserChangeError, match="Steuerzeichen"):
        create_user(world.engine, "nul\x00name", "", "admin", password_hash=FAST)
    issued = accounts.create_invitation(
        world.engine,
        world.koord,
        role="initiative",
        network_id=world.net,
        initiative_id=world.ini,
        now=T0,
    )
    with pytest.raises(AccountError, match="Steuerzeichen"):
        accounts.register(
            world.engine,
            issued.code,
            "gute-person",
            "Name\x00",
            "passwort-nummer-8",
            "passwort-nummer-8",
            now=T0,
        )
    with pytest.raises(AccountError, match="Benutzername braucht"):
        accounts.register(
            world.engine,
            issued.code,
            "Böse Person",
            "",
            "passwort-nummer-8",
            "passwort-nummer-8",
            now=T0,
        )

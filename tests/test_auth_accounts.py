"""Account use cases on the store (SQLite and PostgreSQL): invitations and who may join an
initiative, registration with recovery codes, reset codes and who may issue them, password
resets and changes ending sessions, the team of an initiative, administration with audit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, select

from mintqo.access import Actor
from mintqo.auth import codes, throttle, tokens
from mintqo.passwords import hash_password, verify_password
from mintqo.services import accounts, invitations, login, members, user_admin
from mintqo.services.account_codes import AccountError
from mintqo.services.errors import AccountGone
from mintqo.store.engine import read_session
from mintqo.store.login_events import recent_events, record_login
from mintqo.store.models import AuditEvent, Initiative, LoginEvent, LoginSession, OneTimeCode, User
from mintqo.store.organisations import create_initiative, create_network
from mintqo.store.users import UserChangeError, actor_for, create_user, credential_for
from mintqo.validation import InvalidInput

T0 = dt.datetime(2026, 11, 2, 10, 0)
PW = "alte Passphrase mit Hut"
NEW_PW = "Gelbe Tomaten fliegen"
FAST = hash_password(PW, rounds=4)


@dataclass
class World:
    engine: Engine
    net: int
    other_net: int
    ini: int
    other_ini: int
    empty_ini: int
    admin: Actor
    koord: Actor
    ini_user: Actor
    colleague: Actor
    other_ini_user: Actor


@pytest.fixture
def world(engine: Engine) -> World:
    net = create_network(engine, "Netz A")
    other_net = create_network(engine, "Netz B")
    ini = create_initiative(engine, "Initiative A1", net)
    other_ini = create_initiative(engine, "Initiative B1", other_net)
    empty_ini = create_initiative(engine, "Initiative A2 ohne Konto", net)

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
        empty_ini,
        user("admin", "admin"),
        user("koord-a", "coordinator", network_id=net),
        user("ini-a", "initiative", initiative_id=ini),
        user("kollegin-a", "initiative", initiative_id=ini),
        user("ini-b", "initiative", initiative_id=other_ini),
    )


def audit_actions(engine: Engine) -> list[tuple[str, str, str]]:
    with read_session(engine) as s:
        rows = s.execute(select(AuditEvent.actor, AuditEvent.action, AuditEvent.target)).all()
    return [tuple(r) for r in rows]


def register(w: World, code: str, name: str, display: str = "", password: str = NEW_PW):
    return accounts.register(w.engine, code, name, display, password, password, now=T0)


def open_sessions(engine: Engine, user_id: int) -> int:
    with read_session(engine) as s:
        return len(
            s.scalars(
                select(LoginSession.id).where(
                    LoginSession.user_id == user_id, LoginSession.ended_at.is_(None)
                )
            ).all()
        )


# --- invitations: who may bring whom into an initiative ----------------------------------------


def test_coordinator_invites_new_initiative_which_registration_creates(world: World) -> None:
    issued = invitations.create_invitation(
        world.engine,
        world.koord,
        role="initiative",
        network_id=world.net,
        new_initiative_name="  Neue   Forscherwerkstatt ",
        now=T0,
    )
    assert issued.expires_at == T0 + dt.timedelta(days=14)
    with read_session(world.engine) as s:
        stored = s.scalar(select(OneTimeCode.code_hash))
    assert stored == codes.code_hash(issued.code) and issued.code not in stored
    info = accounts.describe_invitation(world.engine, issued.code, now=T0)
    assert info.new_initiative and info.label == "Neue Forscherwerkstatt"
    assert info.network_name == "Netz A"

    created = register(world, issued.code.lower(), "Neu.Nutzerin", "Neue Nutzerin")
    actor = actor_for(world.engine, "neu.nutzerin")
    assert actor is not None and actor.user_id == created.user_id and actor.role == "initiative"
    assert created.initiative_name == "Neue Forscherwerkstatt"
    with read_session(world.engine) as s:
        assert s.get(Initiative, actor.initiative_id).network_id == world.net
    assert verify_password(NEW_PW, credential_for(world.engine, "neu.nutzerin").password_hash)
    assert [a[1] for a in audit_actions(world.engine)] == ["invitation.create", "invitation.redeem"]


def test_coordinator_cannot_join_an_initiative_that_has_an_account(world: World) -> None:
    """Leak 1: a coordinator invited into an existing initiative, registered with the code and
    read everything the initiative never shared."""
    offered = invitations.invitable_initiatives(world.engine, world.koord, world.net)
    assert [r.initiative_id for r in offered] == [world.empty_ini]  # not the one with accounts
    with pytest.raises(AccountError, match="nicht berechtigt"):
        invitations.create_invitation(
            world.engine, world.koord, role="initiative", network_id=world.net,
            initiative_id=world.ini,
        )  # fmt: skip
    # while it has no account, the coordinator may hand it its first one
    first = invitations.create_invitation(
        world.engine, world.koord, role="initiative", network_id=world.net,
        initiative_id=world.empty_ini, now=T0,
    )  # fmt: skip
    spare = invitations.create_invitation(
        world.engine, world.koord, role="initiative", network_id=world.net,
        initiative_id=world.empty_ini, now=T0,
    )  # fmt: skip
    info = accounts.describe_invitation(world.engine, first.code, now=T0)
    assert info.label == "Initiative A2 ohne Konto" and info.active_members == 0
    register(world, first.code, "erstes-mitglied")
    # the spare code is void now: the rule is applied again when a code is redeemed
    with pytest.raises(AccountError, match="gilt nicht mehr"):
        register(world, spare.code, "koordinator-als-mitglied")
    assert actor_for(world.engine, "koordinator-als-mitglied") is None


def test_members_invite_colleagues_and_everybody_sees_the_team(world: World) -> None:
    issued = invitations.create_member_invitation(world.engine, world.ini_user, now=T0)
    team = members.my_team(world.engine, world.colleague, now=T0)
    assert [c.code_id for c in team.open_codes] == [issued.code_id]  # visible to every member
    assert team.open_codes[0].created_by == "ini-a"
    info = accounts.describe_invitation(world.engine, issued.code, now=T0)
    assert not info.new_initiative and info.label == "Initiative A1" and info.active_members == 2
    register(world, issued.code, "dritte-person", "Dritte Person")
    team = members.my_team(world.engine, world.ini_user, now=T0)
    assert [m.username for m in team.members] == ["ini-a", "kollegin-a", "dritte-person"]
    assert [m.is_me for m in team.members] == [True, False, False]
    assert team.open_codes == [] and team.may_leave
    # nobody else can invite into it or see its team
    with pytest.raises(AccountError):
        invitations.create_invitation(
            world.engine, world.other_ini_user, role="initiative", network_id=world.net,
            initiative_id=world.ini,
        )  # fmt: skip
    assert members.my_team(world.engine, world.koord) is None


def test_members_withdraw_codes_that_concern_their_initiative(world: World) -> None:
    code = invitations.issue_reset_code(world.engine, world.admin, world.colleague.user_id, now=T0)
    seen = members.my_team(world.engine, world.colleague, now=T0).open_codes
    assert [(c.code_id, c.username, c.created_by) for c in seen] == [
        (code.code_id, "kollegin-a", "admin")
    ]
    invitations.revoke_code(world.engine, world.colleague, code.code_id, now=T0)
    with pytest.raises(AccountError, match="bereits verwendet"):
        accounts.reset_password(world.engine, "kollegin-a", code.code, NEW_PW, NEW_PW, now=T0)
    with pytest.raises(AccountError):
        invitations.revoke_code(world.engine, world.other_ini_user, code.code_id, now=T0)


def test_invitation_scope_is_enforced(world: World) -> None:
    cases = [
        (world.koord, "initiative", world.other_net, None),  # other network
        (world.koord, "initiative", world.net, world.other_ini),  # smuggled initiative
        (world.koord, "coordinator", world.net, None),
        (world.ini_user, "initiative", world.net, None),  # members invite colleagues only
    ]
    for actor, role, net, ini in cases:
        with pytest.raises(AccountError):
            invitations.create_invitation(
                world.engine, actor, role=role, network_id=net, initiative_id=ini,
                new_initiative_name="X",
            )  # fmt: skip
    issued = invitations.create_invitation(
        world.engine, world.admin, role="coordinator", network_id=world.other_net, now=T0
    )
    register(world, issued.code, "koord-b")
    koord_b = actor_for(world.engine, "koord-b")
    assert koord_b.role == "coordinator" and koord_b.network_id == world.other_net


@pytest.mark.parametrize("bad", ["Init\x00NUL", "Init\x1b[31mrot", "ab\u202eevil", "   "])
def test_names_with_control_characters_are_refused(world: World, bad: str) -> None:
    """Leak 10 for accounts: invitation labels and display names go through clean_name."""
    with pytest.raises(AccountError):
        invitations.create_invitation(
            world.engine, world.koord, role="initiative", network_id=world.net,
            new_initiative_name=bad,
        )  # fmt: skip
    issued = invitations.create_member_invitation(world.engine, world.ini_user, now=T0)
    if bad.strip():
        with pytest.raises(AccountError, match="unzulässiges"):
            register(world, issued.code, "gute-person", bad)
    with pytest.raises(AccountError, match="Benutzername braucht"):
        register(world, issued.code, "Böse Person")
    with read_session(world.engine) as s:
        labels = s.scalars(select(OneTimeCode.label)).all()
    assert labels == ["Initiative A1"]  # only the member invitation was stored


def test_reused_expired_unknown_and_failed_codes(world: World) -> None:
    issued = invitations.create_member_invitation(world.engine, world.ini_user, now=T0)
    with pytest.raises(AccountError, match="bereits vergeben"):
        register(world, issued.code, "kollegin-a")
    with pytest.raises(AccountError, match="mindestens 10"):
        accounts.register(world.engine, issued.code, "neue", "", "kurz", "kurz", now=T0)
    register(world, issued.code, "neue")  # failed attempts left the code usable
    with pytest.raises(AccountError, match="bereits verwendet"):
        register(world, issued.code, "noch-eine")
    late = invitations.create_member_invitation(world.engine, world.ini_user, now=T0)
    with pytest.raises(AccountError, match="abgelaufen"):
        accounts.register(
            world.engine, late.code, "spaet", "", NEW_PW, NEW_PW, now=T0 + dt.timedelta(days=15)
        )
    with pytest.raises(AccountError, match="nicht gültig"):
        register(world, codes.new_code(), "vierte")


# --- reset codes: who may hand out a way into an account ---------------------------------------


def test_coordinators_issue_no_reset_codes(world: World) -> None:
    """Leak 2: a coordinator reset an initiative's password and logged in as the initiative."""
    assert invitations.reset_targets(world.engine, world.koord) == []
    for target in (world.ini_user, world.colleague, world.other_ini_user):
        with pytest.raises(AccountError, match="nicht berechtigt"):
            invitations.issue_reset_code(world.engine, world.koord, target.user_id)


def test_members_reset_colleagues_admins_reset_anyone(world: World) -> None:
    assert [u.username for u in invitations.reset_targets(world.engine, world.ini_user)] == [
        "kollegin-a"
    ]
    code = invitations.issue_reset_code(
        world.engine, world.ini_user, world.colleague.user_id, now=T0
    )
    assert code.expires_at == T0 + dt.timedelta(hours=72)
    for actor, target in [
        (world.ini_user, world.ini_user),  # not oneself
        (world.ini_user, world.other_ini_user),
        (world.ini_user, world.koord),
        (world.admin, world.admin),
    ]:
        with pytest.raises(AccountError):
            invitations.issue_reset_code(world.engine, actor, target.user_id)
    assert {u.username for u in invitations.reset_targets(world.engine, world.admin)} == {
        "koord-a", "ini-a", "kollegin-a", "ini-b"
    }  # fmt: skip
    invitations.issue_reset_code(world.engine, world.admin, world.koord.user_id, now=T0)


def test_reset_ends_sessions_lifts_throttle_and_tells_the_account(world: World) -> None:
    started = login.start_session(world.engine, "kollegin-a", "198.51.100.1", 1, now=T0)
    for i in range(8):
        record_login(world.engine, "kollegin-a", False, T0 + dt.timedelta(seconds=i), client="x")
    assert login.check_attempt(
        world.engine, "kollegin-a", "x", now=T0 + dt.timedelta(seconds=9)
    ).wait_seconds
    code = invitations.issue_reset_code(world.engine, world.admin, world.colleague.user_id, now=T0)
    later = T0 + dt.timedelta(seconds=10)
    with pytest.raises(AccountError, match="gehört nicht"):
        accounts.reset_password(world.engine, "ini-a", code.code, NEW_PW, NEW_PW, now=later)
    assert (
        accounts.reset_password(world.engine, "KOLLEGIN-A", code.code, NEW_PW, NEW_PW, now=later)
        is None
    )
    assert verify_password(NEW_PW, credential_for(world.engine, "kollegin-a").password_hash)
    assert not login.check_session(world.engine, started.session_id, "kollegin-a", now=later).valid
    assert open_sessions(world.engine, world.colleague.user_id) == 0
    check = login.check_attempt(world.engine, "kollegin-a", "x", now=later)
    assert check.wait_seconds == 0 and not check.captcha
    notice = login.start_session(world.engine, "kollegin-a", "x", 1, now=later).reset_notice
    assert notice.startswith("Ihr Passwort wurde am 02.11.2026, 11:00 Uhr neu gesetzt")
    assert "Rücksetzcode von admin (Programmteam)" in notice
    again = login.start_session(world.engine, "kollegin-a", "x", 1, now=later)
    assert again.reset_notice is None  # once
    with pytest.raises(AccountError, match="bereits verwendet"):
        accounts.reset_password(
            world.engine, "kollegin-a", code.code, PW + "x", PW + "x", now=later
        )


def test_recovery_code_resets_without_anyone_and_is_replaced(world: World) -> None:
    issued = invitations.create_member_invitation(world.engine, world.ini_user, now=T0)
    created = register(world, issued.code, "mit-code", "Mit Code")
    with read_session(world.engine) as s:
        stored = s.scalar(select(User.recovery_hash).where(User.username == "mit-code"))
    assert stored == codes.code_hash(created.recovery_code) != created.recovery_code
    with pytest.raises(AccountError, match="nicht gültig"):
        accounts.reset_password(world.engine, "ini-a", created.recovery_code, PW, PW, now=T0)
    second = accounts.reset_password(
        world.engine, "mit-code", created.recovery_code.lower(), PW + " neu", PW + " neu", now=T0
    )
    assert second and second != created.recovery_code
    assert verify_password(PW + " neu", credential_for(world.engine, "mit-code").password_hash)
    with pytest.raises(AccountError, match="nicht gültig"):  # the old one is used up
        accounts.reset_password(world.engine, "mit-code", created.recovery_code, NEW_PW, NEW_PW)
    me = actor_for(world.engine, "mit-code")
    assert (
        "Wiederherstellungscode"
        in login.start_session(world.engine, "mit-code", "x", 1).reset_notice
    )
    with pytest.raises(AccountError, match="aktuelle Passwort"):
        accounts.new_recovery_code(world.engine, me, "falsch geraten", now=T0)
    third = accounts.new_recovery_code(world.engine, me, PW + " neu", now=T0)
    accounts.reset_password(world.engine, "mit-code", third, NEW_PW, NEW_PW, now=T0)


# --- the own password ---------------------------------------------------------------------------


def test_password_change_needs_current_password_and_ends_other_sessions(world: World) -> None:
    mine = login.start_session(world.engine, "ini-a", "", 1)
    other = login.start_session(world.engine, "ini-a", "", 1)
    with pytest.raises(AccountError, match="aktuelle Passwort"):
        accounts.change_password(world.engine, world.ini_user, "falsch-falsch", NEW_PW, NEW_PW)
    with pytest.raises(AccountError, match="72 Bytes"):
        accounts.change_password(world.engine, world.ini_user, PW, "ü" * 40, "ü" * 40)
    with pytest.raises(AccountError, match="dasselbe"):
        accounts.change_password(world.engine, world.ini_user, PW, PW, PW)
    ended = accounts.change_password(
        world.engine, world.ini_user, PW, NEW_PW, NEW_PW, session_id=mine.session_id
    )
    assert ended == 1
    assert login.check_session(world.engine, mine.session_id, "ini-a").valid
    assert not login.check_session(world.engine, other.session_id, "ini-a").valid
    assert verify_password(NEW_PW, credential_for(world.engine, "ini-a").password_hash)


def test_password_change_guesses_are_throttled_and_logged(world: World) -> None:
    """Hardening 6: a session guessed the current password without limit or trace."""
    for i in range(throttle.PAIR_FREE + 1):
        with pytest.raises(AccountError, match="aktuelle Passwort"):
            accounts.change_password(
                world.engine, world.ini_user, f"geraten {i}", NEW_PW, NEW_PW, client="c", now=T0
            )
    with pytest.raises(AccountError, match="Zu viele fehlgeschlagene Versuche"):
        accounts.change_password(
            world.engine, world.ini_user, PW, NEW_PW, NEW_PW, client="c", now=T0
        )
    events = recent_events(world.engine, username="ini-a")
    assert [(e.kind, e.success, e.client) for e in events] == [("password_check", False, "c")] * 4
    after = T0 + dt.timedelta(seconds=3)  # 2 s after the fourth failure
    accounts.change_password(
        world.engine, world.ini_user, PW, NEW_PW, NEW_PW, client="c", now=after
    )


def test_a_disabled_account_cannot_act_through_a_stale_actor(world: World) -> None:
    user_admin.set_active(world.engine, world.admin, world.ini_user.user_id, False)
    with pytest.raises(AccountGone):
        invitations.create_member_invitation(world.engine, world.ini_user)


# --- the team: leaving -------------------------------------------------------------------------


def test_members_leave_but_the_last_member_cannot(world: World) -> None:
    with pytest.raises(AccountError, match="Benutzernamen"):
        members.leave_initiative(world.engine, world.colleague, "ini-a")
    members.leave_initiative(world.engine, world.colleague, " Kollegin-A ")
    assert credential_for(world.engine, "kollegin-a") is None
    team = members.my_team(world.engine, world.ini_user)
    assert [m.username for m in team.members] == ["ini-a"] and not team.may_leave
    with pytest.raises(AccountError, match="einzige aktive Mitglied"):
        members.leave_initiative(world.engine, world.ini_user, "ini-a")
    assert ("kollegin-a", "member.leave", f"initiative:{world.ini}") in audit_actions(world.engine)


# --- administration, sessions, retention ---------------------------------------------------------


def test_disable_ends_sessions_enable_and_role_change_are_audited(world: World) -> None:
    started = login.start_session(world.engine, "ini-a", "", 1)
    effect = user_admin.deactivation_effect(world.engine, world.admin, world.ini_user.user_id)
    assert effect.initiative_name == "Initiative A1"
    assert not effect.last_active_member  # kollegin-a keeps the initiative reachable
    done = user_admin.set_active(world.engine, world.admin, world.ini_user.user_id, False)
    assert (done.username, done.active, done.sessions_ended) == ("ini-a", False, 1)
    assert user_admin.deactivation_effect(
        world.engine, world.admin, world.colleague.user_id
    ).last_active_member
    with pytest.raises(AccountError):
        user_admin.deactivation_effect(world.engine, world.koord, world.colleague.user_id)
    assert actor_for(world.engine, "ini-a") is None
    assert login.check_session(world.engine, started.session_id, "ini-a").reason == "disabled"
    assert open_sessions(world.engine, world.ini_user.user_id) == 0
    user_admin.set_active(world.engine, world.admin, world.ini_user.user_id, True)
    assert not login.check_session(world.engine, started.session_id, "ini-a").valid  # stays ended
    change = user_admin.change_role(
        world.engine, world.admin, world.ini_user.user_id, "coordinator", network_id=world.other_net
    )
    assert (change.username, change.before, change.after) == (
        "ini-a",
        "Initiative „Initiative A1“",
        "Netzwerkkoordination „Netz B“",
    )
    with pytest.raises(UserChangeError, match="hat diese Rolle bereits"):
        user_admin.change_role(
            world.engine,
            world.admin,
            world.ini_user.user_id,
            "coordinator",
            network_id=world.other_net,
        )
    moved = actor_for(world.engine, "ini-a")
    assert moved.role == "coordinator" and moved.network_id == world.other_net
    with pytest.raises(UserChangeError):
        user_admin.change_role(world.engine, world.admin, world.ini_user.user_id, "initiative")
    with pytest.raises(AccountError):
        user_admin.set_active(world.engine, world.koord, world.ini_user.user_id, False)
    assert [a[1] for a in audit_actions(world.engine)] == [
        "user.disable",
        "user.enable",
        "user.role",
    ]


def test_admin_unlock_lifts_the_throttle_from_every_address(world: World) -> None:
    for i in range(6):
        record_login(world.engine, "ini-a", False, T0 + dt.timedelta(seconds=i), client="a")
    now = T0 + dt.timedelta(seconds=7)
    assert login.check_attempt(world.engine, "ini-a", "a", now=now).wait_seconds > 0
    status = user_admin.throttle_status(world.engine, world.admin, world.ini_user.user_id, now=now)
    assert (status.failures, status.addresses, status.captcha) == (6, 1, True)
    with pytest.raises(AccountError):
        user_admin.unlock(world.engine, world.koord, world.ini_user.user_id, now=now)
    user_admin.unlock(world.engine, world.admin, world.ini_user.user_id, now=now)
    check = login.check_attempt(world.engine, "ini-a", "a", now=now + dt.timedelta(seconds=1))
    assert check.wait_seconds == 0 and not check.captcha
    assert ("admin", "user.unlock", "user:ini-a") in audit_actions(world.engine)


def test_sessions_end_with_logout_expiry_and_deletion(world: World) -> None:
    s1 = login.start_session(world.engine, "kollegin-a", "", 1, now=T0)
    assert login.check_session(world.engine, s1.session_id, "kollegin-a", now=T0).valid
    assert not login.check_session(world.engine, s1.session_id, "ini-a", now=T0).valid
    assert not login.check_session(
        world.engine, s1.session_id, "kollegin-a", now=T0 + dt.timedelta(days=1)
    ).valid
    login.end_session(world.engine, s1.session_id, "logout", now=T0)
    assert login.check_session(world.engine, s1.session_id, "kollegin-a", now=T0).reason == "ended"
    s2 = login.start_session(world.engine, "kollegin-a", "", 1, now=T0)
    with read_session(world.engine) as s:
        assert s.scalar(select(LoginSession.token_hash).where(LoginSession.id == 2)) == (
            tokens.session_hash(s2.session_id)
        )
    members.leave_initiative(world.engine, world.colleague, "kollegin-a")
    # the same name registered again by someone else: the old session opens nothing
    issued = invitations.create_member_invitation(world.engine, world.ini_user, now=T0)
    register(world, issued.code, "kollegin-a")
    assert login.check_session(world.engine, s2.session_id, "kollegin-a", now=T0).reason == "gone"
    assert login.start_session(world.engine, "niemand", "", 1) is None


def test_login_events_are_purged_after_the_retention_period(world: World, monkeypatch) -> None:
    """Hardening 12: login events (mistyped and unknown names too) were kept forever."""
    monkeypatch.setenv("MINTQO_LOGIN_EVENT_DAYS", "90")
    old, recent = T0 - dt.timedelta(days=91), T0 - dt.timedelta(days=89)
    record_login(world.engine, "vertippt", False, old)
    record_login(world.engine, "ini-a", True, recent)
    s = login.start_session(world.engine, "ini-a", "", 1, now=old)
    login.end_session(world.engine, s.session_id, "logout", now=old)
    monkeypatch.setattr(login, "_purged", {})
    login.record_attempt(world.engine, "ini-a", True, "", now=T0)
    with read_session(world.engine) as sess:
        names = sess.scalars(select(LoginEvent.username)).all()
        sessions = sess.scalars(select(LoginSession.id)).all()
    assert sorted(names) == ["ini-a", "ini-a"] and sessions == []
    # at most once an hour per process
    record_login(world.engine, "vertippt", False, old)
    login.record_attempt(world.engine, "ini-a", True, "", now=T0 + dt.timedelta(minutes=5))
    assert "vertippt" in [e.username for e in recent_events(world.engine)]


def test_operator_accounts_follow_the_app_rules(world: World) -> None:
    created = accounts.create_account_as_operator(
        world.engine, "Chefin", NEW_PW, "admin", "Die Chefin"
    )
    assert actor_for(world.engine, "chefin").display_name == "Die Chefin"
    accounts.reset_password(world.engine, "chefin", created.recovery_code, PW, PW)
    with pytest.raises(AccountError, match="zu leicht"):
        accounts.create_account_as_operator(world.engine, "schwach", "passwort123", "admin")
    with pytest.raises((AccountError, InvalidInput)):
        accounts.create_account_as_operator(world.engine, "steuer", NEW_PW, "admin", "A\x1bB")
    with pytest.raises(AccountError, match="kein Konto"):
        invitations.issue_reset_as_operator(world.engine, "niemand")
    user_admin.set_active_as_operator(world.engine, "chefin", False)
    assert actor_for(world.engine, "chefin") is None

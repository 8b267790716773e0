"""Own accounts without e-mail: registration with an invitation, recovery codes, password reset
and change, and the operator's command-line accounts.

Every account gets a personal recovery code when it is created (shown once, stored hashed): with
it the owner sets a new password without asking anyone. A reset (by code or recovery code) ends
every open session of the account, lifts its login throttle and is shown to the account at its
next login. Writes re-read the acting user inside their transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from mintqo import access
from mintqo.access import Actor, InitiativeAccounts
from mintqo.auth import clock, codes, throttle, tokens
from mintqo.auth.passwords import new_password_problem, normalise
from mintqo.passwords import hash_password, verify_password
from mintqo.services import login
from mintqo.services.account_codes import (
    CODE_EXPIRED,
    CODE_OTHER_USER,
    CODE_UNKNOWN,
    CODE_USED,
    WRONG_CURRENT,
    AccountError,
    check_username,
    load,
    use,
)
from mintqo.services.acting import fresh_actor
from mintqo.store import audit, members, one_time_codes, plausibility, sessions
from mintqo.store.engine import read_session, write_session
from mintqo.store.login_events import record_in
from mintqo.store.one_time_codes import CodeRow
from mintqo.store.users import (
    ROLE_LABELS,
    UserChangeError,
    actor_in_session,
    add_user,
    credential_for,
    credential_in,
    note_reset_in,
    recovery_hash_in,
    set_password_in,
    set_recovery_hash_in,
    user_id_for,
)
from mintqo.validation import InvalidInput, clean_name, clean_optional_name

INVITATION_VOID = (
    "Dieser Einladungscode gilt nicht mehr: Wer ihn erstellt hat, darf in diese Initiative "
    "nicht (mehr) einladen. Bitte lassen Sie sich von einem Mitglied der Initiative einladen."
)
BY_RECOVERY = "mit Ihrem persönlichen Wiederherstellungscode"
BY_OPERATOR = "mit einem Rücksetzcode, den der Betrieb über die Kommandozeile ausgestellt hat"


@dataclass(frozen=True)
class NewAccount:
    """A created account and its recovery code (the only moment the plain code exists)."""

    user_id: int
    username: str
    recovery_code: str
    initiative_name: str | None = None


@dataclass(frozen=True)
class InvitationInfo:
    role: str
    label: str  # the initiative's name (or, for coordinators, the network's)
    network_name: str
    new_initiative: bool
    active_members: int
    expires_at: dt.datetime


def _clean_display(display_name: str, username: str) -> str:
    try:
        return clean_optional_name(display_name, "Der Anzeigename") or username
    except InvalidInput as exc:
        raise AccountError(str(exc)) from exc


def _password_hash(password: str, repeated: str, username: str, names: list[str]) -> str:
    problem = new_password_problem(password, repeated, username, names)
    if problem:
        raise AccountError(problem)
    return hash_password(normalise(password))  # slow: callers do it outside their transaction


def _new_recovery() -> tuple[str, str]:
    code = codes.new_code()
    return code, codes.code_hash(code)


def _add(s: Session, *args, **kwargs) -> int:
    try:
        return add_user(s, *args, **kwargs)
    except UserChangeError as exc:  # name taken, too long
        raise AccountError(str(exc)) from exc


# --- invitations: what a code is for, and redeeming it ------------------------------------------


def _issuer_still_may(s: Session, row: CodeRow) -> bool:
    """The rules are applied again at redemption, to the issuer as they are now: a coordinator's
    code into an existing initiative dies once that initiative has an active account."""
    issuer = actor_in_session(s, row.created_by) if row.created_by is not None else None
    if issuer is None or row.network_id is None:
        return False
    if row.role == "initiative" and row.initiative_id is not None:
        target = members.initiative_in(s, row.initiative_id)
        return target is not None and access.can_invite_into_initiative(
            issuer,
            InitiativeAccounts(target.initiative_id, target.network_id, target.active_members),
        )
    return access.can_issue_invitation(issuer, row.role or "", row.network_id)


def describe_invitation(
    engine: Engine, code: str, now: dt.datetime | None = None
) -> InvitationInfo:
    """What a valid invitation code is for: shown before the account is created."""
    now = clock.resolve(now)
    with read_session(engine) as s:
        row = load(s, code, "invitation", now)
        if not _issuer_still_may(s, row):
            raise AccountError(INVITATION_VOID)
        existing = members.initiative_in(s, row.initiative_id) if row.initiative_id else None
        network = members.network_name_in(s, row.network_id) if row.network_id else None
        return InvitationInfo(
            row.role or "",
            existing.name if existing else row.label,
            existing.network_name if existing else (network or ""),
            row.role == "initiative" and row.initiative_id is None,
            existing.active_members if existing else 0,
            row.expires_at,
        )


def register(
    engine: Engine,
    code: str,
    username: str,
    display_name: str,
    password: str,
    repeated: str,
    now: dt.datetime | None = None,
) -> NewAccount:
    """Redeem an invitation: create the account (and, if invited so, the initiative) with its
    recovery code. Code, user and initiative are written in one transaction."""
    now = clock.resolve(now)
    name = check_username(username)
    display = _clean_display(display_name, name)
    password_hash = _password_hash(password, repeated, name, [display])
    recovery_code, recovery_hash = _new_recovery()
    with write_session(engine) as s:
        row = load(s, code, "invitation", now)
        if not _issuer_still_may(s, row):
            raise AccountError(INVITATION_VOID)
        initiative_id = row.initiative_id
        if row.role == "initiative" and initiative_id is None:
            initiative_id = members.add_initiative_in(s, row.label, row.network_id)
        user_id = _add(
            s,
            name,
            password_hash,
            row.role or "initiative",
            display_name=display,
            initiative_id=initiative_id if row.role == "initiative" else None,
            network_id=row.network_id if row.role == "coordinator" else None,
            recovery_hash=recovery_hash,
        )
        use(s, row, now)
        plausibility.record_invitation(s, user_id, row.created_by)
        audit.record(s, name, "invitation.redeem", f"user:{name}", f"{row.role}: {row.label}"[:500])
        joined = members.initiative_in(s, initiative_id) if initiative_id else None
        return NewAccount(user_id, name, recovery_code, joined.name if joined else None)


# --- password reset: reset code or recovery code ------------------------------------------------


def _issuer_phrase(s: Session, row: CodeRow) -> str:
    if row.created_by is None:
        return BY_OPERATOR
    issuer = credential_in(s, row.created_by)
    if issuer is None:
        return "mit einem Rücksetzcode eines inzwischen gelöschten Kontos"
    role = ROLE_LABELS.get(issuer.role, issuer.role)
    return f"mit einem Rücksetzcode von {issuer.username} ({role})"


def _redeem(s: Session, code: str, user_id: int | None, now: dt.datetime) -> str | None:
    """Use a reset code for ``user_id`` or its recovery code; returns how (for the notice), or
    None if the code is the account's recovery code."""
    row = one_time_codes.find_code(s, codes.code_hash(code), "reset")
    if row is not None:
        if user_id is None or row.user_id != user_id:
            raise AccountError(CODE_OTHER_USER)
        if row.used_at is not None:
            raise AccountError(CODE_USED)
        if row.expires_at <= now:
            raise AccountError(CODE_EXPIRED)
        use(s, row, now)
        return _issuer_phrase(s, row)
    stored = recovery_hash_in(s, user_id) if user_id is not None else None
    if stored is None or stored != codes.code_hash(code):
        raise AccountError(CODE_UNKNOWN)
    return None


def apply_reset_in(s: Session, user_id: int, password_hash: str, by: str, now: dt.datetime) -> None:
    """A new password set by someone without the old one: every session of the account ends,
    its throttle is lifted, its other reset codes die and it is told at its next login."""
    set_password_in(s, user_id, password_hash)
    sessions.end_sessions_in(s, user_id, "reset", now)
    one_time_codes.withdraw_open_resets(s, user_id, now)
    note_reset_in(s, user_id, by, now)
    credential = credential_in(s, user_id)
    if credential is not None:
        record_in(s, credential.username, True, now, kind=throttle.RESET)
        audit.record(s, credential.username, "password.reset", f"user:{credential.username}")


def reset_password(
    engine: Engine,
    username: str,
    code: str,
    password: str,
    repeated: str,
    now: dt.datetime | None = None,
) -> str | None:
    """Set a new password with a reset code issued for this user, or with its recovery code.

    Returns the account's *new* recovery code when the old one was used (show it once), else
    None.
    """
    now = clock.resolve(now)
    name = username.strip().lower()
    known = credential_for(engine, name)
    names = [known.display_name] if known else []
    password_hash = _password_hash(password, repeated, name, names)
    new_code, new_hash = _new_recovery()
    with write_session(engine) as s:
        user_id = user_id_for(s, name)
        by = _redeem(s, code, user_id, now)
        assert user_id is not None  # _redeem refuses codes of unknown names
        if by is None:
            by = BY_RECOVERY
            set_recovery_hash_in(s, user_id, new_hash)
        apply_reset_in(s, user_id, password_hash, by, now)
        return new_code if by == BY_RECOVERY else None


# --- the logged-in user's own password and recovery code ----------------------------------------


def _check_current(
    engine: Engine, actor: Actor, current: str, client: str, now: dt.datetime
) -> None:
    """The current password, throttled and logged like a login (a stolen session cannot guess
    it without limit)."""
    wait = login.password_check_wait(engine, actor.username, client, now)
    if wait:
        raise AccountError(throttle.wait_message(wait))
    credential = credential_for(engine, actor.username)
    ok = credential is not None and verify_password(normalise(current), credential.password_hash)
    login.record_attempt(engine, actor.username, ok, client, kind=throttle.PASSWORD_CHECK, now=now)
    if not ok:
        raise AccountError(WRONG_CURRENT)


def change_password(
    engine: Engine,
    actor: Actor,
    current: str,
    password: str,
    repeated: str,
    *,
    client: str = "",
    session_id: str | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Change one's own password (the current one is required). Every other session of the
    account ends; returns how many."""
    now = clock.resolve(now)
    _check_current(engine, actor, current, client, now)
    credential = credential_for(engine, actor.username)
    assert credential is not None
    if verify_password(normalise(password), credential.password_hash):
        raise AccountError("Das neue Passwort ist dasselbe wie das bisherige.")
    password_hash = _password_hash(password, repeated, actor.username, [actor.display_name])
    keep = tokens.session_hash(session_id) if session_id else None
    with write_session(engine) as s:
        me = fresh_actor(s, actor)
        set_password_in(s, me.user_id, password_hash)
        return sessions.end_sessions_in(s, me.user_id, "password_change", now, keep=keep)


def new_recovery_code(
    engine: Engine,
    actor: Actor,
    current: str,
    *,
    client: str = "",
    now: dt.datetime | None = None,
) -> str:
    """A fresh recovery code for one's own account (the old one stops working)."""
    now = clock.resolve(now)
    _check_current(engine, actor, current, client, now)
    code, code_hash = _new_recovery()
    with write_session(engine) as s:
        me = fresh_actor(s, actor)
        set_recovery_hash_in(s, me.user_id, code_hash)
        audit.record(s, me, "recovery_code.renew", f"user:{me.username}")
    return code


def has_recovery_code(engine: Engine, actor: Actor) -> bool:
    with read_session(engine) as s:
        return recovery_hash_in(s, actor.user_id) is not None


# --- the operator's command line ----------------------------------------------------------------


def create_account_as_operator(
    engine: Engine,
    username: str,
    password: str,
    role: str,
    display_name: str | None = None,
    initiative_id: int | None = None,
    network_id: int | None = None,
) -> NewAccount:
    """``create-user``: same name and password rules as the app, and a recovery code."""
    name = check_username(username)
    display = _clean_display(display_name or "", name)
    if len(password) != len(password.strip()):
        password = password.strip()
    password_hash = _password_hash(password, password, name, [display])
    recovery_code, recovery_hash = _new_recovery()
    with write_session(engine) as s:
        user_id = _add(
            s,
            name,
            password_hash,
            role,
            display_name=clean_name(display, "Der Anzeigename"),
            initiative_id=initiative_id,
            network_id=network_id,
            recovery_hash=recovery_hash,
        )
        audit.record(s, "cli", "user.create", f"user:{name}", role)
    return NewAccount(user_id, name, recovery_code)

"""Onboarding without e-mail: invitation codes, registration, reset codes, password changes.

Every function takes the engine first, runs one short transaction and returns plain values.
Access is checked here with :mod:`mintqo.access` (pages may not be the only guard), and every
action on someone else's account is written to the audit log in the same transaction.
German messages of :class:`AccountError` are meant to be shown to the user as they are.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import Engine, select, update

from mintqo import access
from mintqo.access import Actor
from mintqo.auth import clock, codes
from mintqo.auth.passwords import new_password_problem, normalise
from mintqo.passwords import hash_password, verify_password
from mintqo.store import audit
from mintqo.store.engine import read_session, write_session
from mintqo.store.models import Initiative, Network, OneTimeCode, User
from mintqo.store.users import UserChangeError, UserExistsError, account_scope, add_user

INVITATION_DAYS = 14
RESET_HOURS = 72
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")

BAD_USERNAME = (
    "Der Benutzername braucht 3 bis 64 Zeichen: Kleinbuchstaben a–z, Ziffern, Punkt, "
    "Bindestrich oder Unterstrich, am Anfang ein Buchstabe oder eine Ziffer."
)
CODE_UNKNOWN = "Dieser Code ist nicht gültig. Bitte prüfen Sie die Eingabe."
CODE_EXPIRED = "Dieser Code ist abgelaufen. Bitte lassen Sie sich einen neuen Code geben."
CODE_USED = "Dieser Code wurde bereits verwendet. Bitte lassen Sie sich einen neuen Code geben."
CODE_OTHER_USER = "Dieser Code gehört nicht zu diesem Benutzernamen."
NOT_ALLOWED = "Dazu sind Sie nicht berechtigt."
WRONG_CURRENT = "Das aktuelle Passwort ist nicht richtig."


class AccountError(ValueError):
    """A user mistake or refusal; ``str(error)`` is the German message to show."""


@dataclass(frozen=True)
class IssuedCode:
    """A freshly created code: the only moment the plain code exists. Show it once."""

    code_id: int
    code: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class OpenCode:
    code_id: int
    kind: str
    role: str | None
    label: str
    network_id: int | None
    network_name: str | None
    initiative_id: int | None
    initiative_name: str | None
    username: str | None
    created_by: str | None
    created_at: dt.datetime
    expires_at: dt.datetime


def check_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME_PATTERN.match(name):
        raise AccountError(BAD_USERNAME)
    return name


# --- invitations -----------------------------------------------------------------------------


def create_invitation(
    engine: Engine,
    actor: Actor,
    *,
    role: str,
    network_id: int,
    initiative_id: int | None = None,
    new_initiative_name: str | None = None,
    days: int = INVITATION_DAYS,
    now: dt.datetime | None = None,
) -> IssuedCode:
    """An invitation for one new account.

    ``role="initiative"``: either for an existing ``initiative_id`` of ``network_id`` or, with
    ``new_initiative_name``, for a new initiative that registration creates in that network.
    ``role="coordinator"``: for the coordination of ``network_id``.
    """
    now = clock.resolve(now)
    if not access.can_issue_invitation(actor, role, network_id):
        raise AccountError(NOT_ALLOWED)
    label = ""
    with write_session(engine) as s:
        network = s.get(Network, network_id)
        if network is None:
            raise AccountError(f"Es gibt kein Netzwerk mit der Nummer {network_id}.")
        if role == "initiative":
            if initiative_id is not None:
                initiative = s.get(Initiative, initiative_id)
                if initiative is None or initiative.network_id != network_id:
                    raise AccountError("Diese Initiative gehört nicht zu diesem Netzwerk.")
                label = initiative.name
            else:
                label = (new_initiative_name or "").strip()
                if not label:
                    raise AccountError("Bitte geben Sie den Namen der neuen Initiative an.")
                if len(label) > 200:
                    raise AccountError(
                        "Der Name der Initiative ist zu lang (höchstens 200 Zeichen)."
                    )
        else:
            initiative_id = None
            label = network.name
        code = codes.new_code()
        row = OneTimeCode(
            code_hash=codes.code_hash(code),
            kind="invitation",
            role=role,
            network_id=network_id,
            initiative_id=initiative_id,
            created_by=actor.user_id,
            label=label,
            created_at=now,
            expires_at=now + dt.timedelta(days=days),
        )
        s.add(row)
        s.flush()
        what = "neue Initiative" if role == "initiative" and initiative_id is None else role
        audit.record(
            s, actor, "invitation.create", f"network:{network_id}", f"{what}: {label}"[:500]
        )
        return IssuedCode(row.id, code, row.expires_at)


def _load_code(s, code: str, kind: str, now: dt.datetime) -> OneTimeCode:
    row = s.scalar(
        select(OneTimeCode).where(
            OneTimeCode.code_hash == codes.code_hash(code), OneTimeCode.kind == kind
        )
    )
    if row is None:
        raise AccountError(CODE_UNKNOWN)
    if row.used_at is not None:
        raise AccountError(CODE_USED)
    if row.expires_at <= now:
        raise AccountError(CODE_EXPIRED)
    return row


def _use_code(s, row: OneTimeCode, now: dt.datetime) -> None:
    """Mark used, refusing if a concurrent request got there first."""
    done = s.execute(
        update(OneTimeCode)
        .where(OneTimeCode.id == row.id, OneTimeCode.used_at.is_(None))
        .values(used_at=now)
    ).rowcount
    if done != 1:
        raise AccountError(CODE_USED)


@dataclass(frozen=True)
class InvitationInfo:
    role: str
    label: str
    new_initiative: bool
    expires_at: dt.datetime


def describe_invitation(
    engine: Engine, code: str, now: dt.datetime | None = None
) -> InvitationInfo:
    """What a still valid invitation code is for (shown on the registration page)."""
    now = clock.resolve(now)
    with read_session(engine) as s:
        row = _load_code(s, code, "invitation", now)
        return InvitationInfo(
            row.role or "",
            row.label,
            row.role == "initiative" and row.initiative_id is None,
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
) -> int:
    """Redeem an invitation: create the account (and, if invited so, the initiative). Returns the
    new user id. Code, user and initiative are written in one transaction."""
    now = clock.resolve(now)
    name = check_username(username)
    display = display_name.strip() or name
    if len(display) > 200:
        raise AccountError("Der Anzeigename ist zu lang (höchstens 200 Zeichen).")
    problem = new_password_problem(password, repeated, name)
    if problem:
        raise AccountError(problem)
    password_hash = hash_password(normalise(password))  # slow: outside the transaction
    with write_session(engine) as s:
        row = _load_code(s, code, "invitation", now)
        initiative_id = row.initiative_id
        network_id = row.network_id
        if row.role == "initiative" and initiative_id is None:
            initiative = Initiative(name=row.label, network_id=network_id)
            s.add(initiative)
            s.flush()
            initiative_id = initiative.id
        try:
            user_id = add_user(
                s,
                name,
                password_hash,
                row.role or "initiative",
                display_name=display,
                initiative_id=initiative_id if row.role == "initiative" else None,
                network_id=network_id if row.role == "coordinator" else None,
            )
        except (UserExistsError, UserChangeError) as exc:
            raise AccountError(str(exc)) from exc
        _use_code(s, row, now)
        audit.record(s, name, "invitation.redeem", f"user:{name}", f"{row.role}: {row.label}"[:500])
        return user_id


def list_open_codes(engine: Engine, actor: Actor, now: dt.datetime | None = None) -> list[OpenCode]:
    """Unused, unexpired codes the actor may see: admins all, coordinators their network's."""
    now = clock.resolve(now)
    creator = User.__table__.alias("creator")
    target = User.__table__.alias("target")
    query = (
        select(
            OneTimeCode.id,
            OneTimeCode.kind,
            OneTimeCode.role,
            OneTimeCode.label,
            OneTimeCode.network_id,
            Network.name.label("network_name"),
            OneTimeCode.initiative_id,
            Initiative.name.label("initiative_name"),
            target.c.username.label("target_username"),
            creator.c.username.label("creator_username"),
            OneTimeCode.created_at,
            OneTimeCode.expires_at,
        )
        .outerjoin(Network, Network.id == OneTimeCode.network_id)
        .outerjoin(Initiative, Initiative.id == OneTimeCode.initiative_id)
        .outerjoin(target, target.c.id == OneTimeCode.user_id)
        .outerjoin(creator, creator.c.id == OneTimeCode.created_by)
        .where(OneTimeCode.used_at.is_(None), OneTimeCode.expires_at > now)
        .order_by(OneTimeCode.expires_at)
    )
    if not actor.is_admin:
        if actor.role != "coordinator" or actor.network_id is None:
            return []
        query = query.where(OneTimeCode.network_id == actor.network_id)
    with read_session(engine) as s:
        return [
            OpenCode(
                r.id,
                r.kind,
                r.role,
                r.label,
                r.network_id,
                r.network_name,
                r.initiative_id,
                r.initiative_name,
                r.target_username,
                r.creator_username,
                r.created_at,
                r.expires_at,
            )
            for r in s.execute(query)
        ]


def revoke_code(engine: Engine, actor: Actor, code_id: int, now: dt.datetime | None = None) -> None:
    """Withdraw an open code (it counts as used from now on)."""
    now = clock.resolve(now)
    with write_session(engine) as s:
        row = s.get(OneTimeCode, code_id)
        if row is None or not access.can_see_invitations_of(actor, row.network_id):
            raise AccountError(NOT_ALLOWED)
        if row.used_at is None:
            row.used_at = now
            audit.record(s, actor, f"{row.kind}.revoke", f"code:{row.id}", row.label[:500])


# --- password reset and change -----------------------------------------------------------------


def issue_reset_code(
    engine: Engine,
    actor: Actor,
    user_id: int,
    hours: int = RESET_HOURS,
    now: dt.datetime | None = None,
) -> IssuedCode:
    """A one-time code with which the user sets a new password (no e-mail needed)."""
    now = clock.resolve(now)
    scope = account_scope(engine, user_id)
    if scope is None or not access.can_issue_reset_code(actor, scope):
        raise AccountError(NOT_ALLOWED)
    code = codes.new_code()
    with write_session(engine) as s:
        user = s.get(User, user_id)
        if user is None:
            raise AccountError(NOT_ALLOWED)
        row = OneTimeCode(
            code_hash=codes.code_hash(code),
            kind="reset",
            role=None,
            network_id=scope.network_id,
            user_id=user_id,
            created_by=actor.user_id,
            label=user.username,
            created_at=now,
            expires_at=now + dt.timedelta(hours=hours),
        )
        s.add(row)
        s.flush()
        audit.record(s, actor, "reset_code.create", f"user:{user.username}")
        return IssuedCode(row.id, code, row.expires_at)


def reset_password(
    engine: Engine,
    username: str,
    code: str,
    password: str,
    repeated: str,
    now: dt.datetime | None = None,
) -> None:
    """Set a new password with a reset code issued for exactly this user."""
    now = clock.resolve(now)
    name = username.strip().lower()
    problem = new_password_problem(password, repeated, name)
    if problem:
        raise AccountError(problem)
    password_hash = hash_password(normalise(password))
    with write_session(engine) as s:
        row = _load_code(s, code, "reset", now)
        user = s.get(User, row.user_id) if row.user_id is not None else None
        if user is None or user.username != name:
            raise AccountError(CODE_OTHER_USER)
        _use_code(s, row, now)
        user.password_hash = password_hash
        audit.record(s, name, "password.reset", f"user:{name}")


def change_password(
    engine: Engine, actor: Actor, current: str, password: str, repeated: str
) -> None:
    """A logged-in user changes their own password; the current one is required."""
    with read_session(engine) as s:
        stored = s.scalar(select(User.password_hash).where(User.id == actor.user_id))
    if stored is None or not verify_password(normalise(current), stored):
        raise AccountError(WRONG_CURRENT)
    problem = new_password_problem(password, repeated, actor.username)
    if problem:
        raise AccountError(problem)
    if verify_password(normalise(password), stored):
        raise AccountError("Das neue Passwort ist dasselbe wie das bisherige.")
    password_hash = hash_password(normalise(password))
    with write_session(engine) as s:
        user = s.get(User, actor.user_id)
        if user is None:
            raise AccountError(NOT_ALLOWED)
        user.password_hash = password_hash


# --- lists for the forms ------------------------------------------------------------------------


def initiatives_of_network(engine: Engine, network_id: int) -> list[tuple[int, str]]:
    with read_session(engine) as s:
        rows = s.execute(
            select(Initiative.id, Initiative.name)
            .where(Initiative.network_id == network_id)
            .order_by(Initiative.name)
        ).all()
    return [(r.id, r.name) for r in rows]


def all_networks(engine: Engine) -> list[tuple[int, str]]:
    with read_session(engine) as s:
        rows = s.execute(
            select(Network.id, Network.name)
            .where(Network.archived.is_(False))
            .order_by(Network.name)
        ).all()
    return [(r.id, r.name) for r in rows]

"""User accounts in the database: creation, credentials for the login, administration.

Functions named ``…_in`` work inside the caller's write transaction (the use-case layer in
:mod:`mintqo.services` opens it and applies the access rules); the others open their own short
unit of work. None of them decides access.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, Row, bindparam, select
from sqlalchemy.orm import Session

from mintqo.access import AccountScope, Actor
from mintqo.errors import UserError
from mintqo.passwords import hash_password
from mintqo.store import audit, versions
from mintqo.store.engine import read_session, write_session
from mintqo.store.models import Initiative, Network, User

ROLE_LABELS = {
    "initiative": "Initiative",
    "coordinator": "Netzwerkkoordination",
    "admin": "Programmteam",
}


class UserChangeError(UserError):
    """A change that cannot be made; the message is German and shown to the user."""


class UserExistsError(UserChangeError):
    """The user name is taken."""


def create_user(
    engine: Engine,
    username: str,
    password: str,
    role: str,
    display_name: str | None = None,
    initiative_id: int | None = None,
    network_id: int | None = None,
    password_hash: str | None = None,
    recovery_hash: str | None = None,
) -> int:
    """Create a user; usernames are stored lower-case, as streamlit-authenticator compares them.

    No password policy here: the use-case layer checks it (:mod:`mintqo.services.accounts`);
    the demo seed uses this directly for its public demo logins.
    """
    with write_session(engine) as s:
        return add_user(
            s,
            username,
            password_hash or hash_password(password.strip()),
            role,
            display_name=display_name,
            initiative_id=initiative_id,
            network_id=network_id,
            recovery_hash=recovery_hash,
        )


def add_user(
    s,
    username: str,
    password_hash: str,
    role: str,
    display_name: str | None = None,
    initiative_id: int | None = None,
    network_id: int | None = None,
    recovery_hash: str | None = None,
) -> int:
    """Insert a user inside the caller's write transaction (used by registration too).

    Refuses (in German) what the columns cannot hold on every backend: names longer than the
    column, and control characters (PostgreSQL rejects NUL bytes with a raw error).
    """
    username = username.strip().lower()
    display = (display_name or username).strip()
    if not username or len(username) > 64:
        raise UserChangeError("Der Benutzername muss 1 bis 64 Zeichen lang sein.")
    if len(display) > 200:
        raise UserChangeError("Der Anzeigename darf höchstens 200 Zeichen lang sein.")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in username + display):
        raise UserChangeError("Benutzername und Anzeigename dürfen keine Steuerzeichen enthalten.")
    if s.scalar(select(User.id).where(User.username == username)) is not None:
        raise UserExistsError(f"Der Benutzername „{username}“ ist bereits vergeben.")
    user = User(
        username=username,
        display_name=display,
        password_hash=password_hash,
        role=role,
        initiative_id=initiative_id,
        network_id=network_id,
        recovery_hash=recovery_hash,
    )
    s.add(user)
    s.flush()
    return user.id


def actor_of(user: User | Row) -> Actor:
    """The actor of a user row (an ORM object or a row of the same columns)."""
    return Actor(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,  # type: ignore[arg-type]
        initiative_id=user.initiative_id,
        network_id=user.network_id,
    )


_ACTIVE_ACTOR = select(
    User.id, User.username, User.display_name, User.role, User.initiative_id, User.network_id
).where(User.id == bindparam("user_id"), User.active.is_(True))


def actor_in_session(session: Session, user_id: int) -> Actor | None:
    """The active user with this id, read inside the caller's transaction (None if disabled).
    Every write's access check asks: a statement built once."""
    row = session.execute(_ACTIVE_ACTOR, {"user_id": user_id}).first()
    return None if row is None else actor_of(row)


def actor_for(engine: Engine, username: str) -> Actor | None:
    """The active user with this name as an Actor, or None (unknown or disabled)."""
    with read_session(engine) as s:
        user = s.scalar(
            select(User).where(User.username == username.strip().lower(), User.active.is_(True))
        )
        return None if user is None else actor_of(user)


@dataclass(frozen=True)
class Credential:
    """What the login needs of one user (bcrypt hash included; never put it in session state)."""

    user_id: int
    username: str
    display_name: str
    role: str
    password_hash: str
    active: bool


def credential_for(engine: Engine, username: str) -> Credential | None:
    """The login record of a user name (active or not), or None if there is no such user."""
    with read_session(engine) as s:
        user = s.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None:
            return None
        return Credential(
            user.id, user.username, user.display_name, user.role, user.password_hash, user.active
        )


def credential_in(s: Session, user_id: int) -> Credential | None:
    """The login record of a user id, inside the caller's transaction."""
    user = s.get(User, user_id)
    if user is None:
        return None
    return Credential(
        user.id, user.username, user.display_name, user.role, user.password_hash, user.active
    )


def user_id_for(s: Session, username: str) -> int | None:
    return s.scalar(select(User.id).where(User.username == username.strip().lower()))


def set_password_in(s: Session, user_id: int, password_hash: str) -> None:
    user = s.get(User, user_id)
    if user is None:
        raise UserChangeError("Dieses Benutzerkonto gibt es nicht mehr.")
    user.password_hash = password_hash


def recovery_hash_in(s: Session, user_id: int) -> str | None:
    return s.scalar(select(User.recovery_hash).where(User.id == user_id))


def set_recovery_hash_in(s: Session, user_id: int, recovery_hash: str | None) -> None:
    user = s.get(User, user_id)
    if user is None:
        raise UserChangeError("Dieses Benutzerkonto gibt es nicht mehr.")
    user.recovery_hash = recovery_hash


def note_reset_in(s: Session, user_id: int, by: str, at: dt.datetime) -> None:
    """Remember a password reset, to tell the account at its next login who did it and when."""
    user = s.get(User, user_id)
    if user is None:
        raise UserChangeError("Dieses Benutzerkonto gibt es nicht mehr.")
    user.password_reset_at, user.password_reset_by = at, by[:200]
    user.reset_notice_pending = True


@dataclass(frozen=True)
class UserRow:
    user_id: int
    username: str
    display_name: str
    role: str
    active: bool
    initiative_id: int | None
    initiative_name: str | None
    network_id: int | None
    network_name: str | None
    created_at: dt.datetime
    last_login_at: dt.datetime | None = None


def _user_rows_query():
    # The network of an account: the coordinator's own, or the network of the initiative.
    return (
        select(
            User.id,
            User.username,
            User.display_name,
            User.role,
            User.active,
            User.initiative_id,
            Initiative.name.label("initiative_name"),
            Network.id.label("net_id"),
            Network.name.label("network_name"),
            User.created_at,
            User.last_login_at,
        )
        .outerjoin(Initiative, Initiative.id == User.initiative_id)
        .outerjoin(Network, (Network.id == User.network_id) | (Network.id == Initiative.network_id))
        .order_by(User.username)
    )


def _row(r) -> UserRow:
    return UserRow(
        r.id,
        r.username,
        r.display_name,
        r.role,
        bool(r.active),
        r.initiative_id,
        r.initiative_name,
        r.net_id,
        r.network_name,
        r.created_at,
        r.last_login_at,
    )


def list_users(
    engine: Engine, network_id: int | None = None, initiative_id: int | None = None
) -> list[UserRow]:
    """All users, or those of one network (coordinators and initiatives) or one initiative."""
    query = _user_rows_query()
    if network_id is not None:
        query = query.where(Network.id == network_id)
    if initiative_id is not None:
        query = query.where(User.initiative_id == initiative_id)
    with read_session(engine) as s:
        return [_row(r) for r in s.execute(query)]


def account_scope_in(s: Session, user_id: int) -> AccountScope | None:
    """Role, initiative and network of an account, for the access rules."""
    row = s.execute(
        select(
            User.id,
            User.role,
            User.initiative_id,
            User.network_id,
            Initiative.network_id.label("ini_net"),
        )
        .outerjoin(Initiative, Initiative.id == User.initiative_id)
        .where(User.id == user_id)
    ).first()
    if row is None:
        return None
    return AccountScope(row.id, row.role, row.initiative_id, row.network_id or row.ini_net)


def set_active_in(s: Session, actor: Actor | str, user_id: int, active: bool) -> str:
    """Disable or enable an account (the caller checked access); audited. Returns the name."""
    user = s.get(User, user_id)
    if user is None:
        raise UserChangeError("Dieses Benutzerkonto gibt es nicht mehr.")
    if user.active != active:
        user.active = active
        audit.record(s, actor, "user.enable" if active else "user.disable", f"user:{user.username}")
    return user.username


def delete_user_in(s: Session, user_id: int) -> None:
    """Delete an account; its sessions and codes go with it (``ON DELETE CASCADE``).

    Bumps ``ACTIVITY``: who registered through whose invitation feeds the plausibility flags.
    """
    user = s.get(User, user_id)
    if user is not None:
        s.delete(user)
        s.flush()
        versions.bump(s, [versions.ACTIVITY])


def _role_text(s: Session, role: str, initiative_id: int | None, network_id: int | None) -> str:
    """A role with its scope in words, e.g. 'Initiative „Robotik-Werkstatt“'."""
    label = ROLE_LABELS.get(role, role)
    if role == "initiative" and initiative_id is not None:
        name = s.scalar(select(Initiative.name).where(Initiative.id == initiative_id))
        return f"{label} „{name}“"
    if role == "coordinator" and network_id is not None:
        name = s.scalar(select(Network.name).where(Network.id == network_id))
        return f"{label} „{name}“"
    return label


@dataclass(frozen=True)
class RoleChange:
    """What a role change did, in words (for the admin's confirmation and the audit log)."""

    username: str
    before: str
    after: str


def change_role_in(
    s: Session,
    actor: Actor,
    user_id: int,
    role: str,
    initiative_id: int | None = None,
    network_id: int | None = None,
) -> RoleChange:
    """Give an account another role and scope (the caller checked access); audited."""
    if role not in ROLE_LABELS:
        raise UserChangeError("Unbekannte Rolle.")
    if role == "initiative" and initiative_id is None:
        raise UserChangeError("Für die Rolle „Initiative“ muss eine Initiative gewählt werden.")
    if role == "coordinator" and network_id is None:
        raise UserChangeError(
            "Für die Rolle „Netzwerkkoordination“ muss ein Netzwerk gewählt werden."
        )
    initiative_id = initiative_id if role == "initiative" else None
    network_id = network_id if role == "coordinator" else None
    user = s.get(User, user_id)
    if user is None:
        raise UserChangeError("Dieses Benutzerkonto gibt es nicht mehr.")
    if initiative_id is not None and s.get(Initiative, initiative_id) is None:
        raise UserChangeError("Diese Initiative gibt es nicht (mehr).")
    if network_id is not None and s.get(Network, network_id) is None:
        raise UserChangeError("Dieses Netzwerk gibt es nicht (mehr).")
    before = _role_text(s, user.role, user.initiative_id, user.network_id)
    after = _role_text(s, role, initiative_id, network_id)
    if (user.role, user.initiative_id, user.network_id) == (role, initiative_id, network_id):
        raise UserChangeError(f"{user.username} hat diese Rolle bereits: {after}.")
    user.role, user.initiative_id, user.network_id = role, initiative_id, network_id
    audit.record(s, actor, "user.role", f"user:{user.username}", f"{before} → {after}"[:500])
    return RoleChange(user.username, before, after)

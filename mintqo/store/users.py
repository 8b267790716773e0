"""User accounts in the database."""

from __future__ import annotations

from sqlalchemy import Engine, select

from mintqo.access import Actor
from mintqo.passwords import hash_password
from mintqo.store.engine import read_session, write_session
from mintqo.store.models import User


class UserExistsError(ValueError):
    pass


def create_user(
    engine: Engine,
    username: str,
    password: str,
    role: str,
    display_name: str | None = None,
    initiative_id: int | None = None,
    network_id: int | None = None,
    password_hash: str | None = None,
) -> int:
    """Create a user; usernames are stored lower-case, as streamlit-authenticator compares them."""
    username = username.strip().lower()
    with write_session(engine) as s:
        if s.scalar(select(User.id).where(User.username == username)) is not None:
            raise UserExistsError(f"Der Benutzername „{username}“ ist bereits vergeben.")
        user = User(
            username=username,
            display_name=(display_name or username).strip(),
            password_hash=password_hash or hash_password(password),
            role=role,
            initiative_id=initiative_id,
            network_id=network_id,
        )
        s.add(user)
        s.flush()
        return user.id


def actor_for(engine: Engine, username: str) -> Actor | None:
    """The active user with this name as an Actor, or None (unknown or disabled)."""
    with read_session(engine) as s:
        user = s.scalar(
            select(User).where(User.username == username.strip().lower(), User.active.is_(True))
        )
        if user is None:
            return None
        return Actor(
            user_id=user.id,
            username=user.username,
            display_name=user.display_name,
            role=user.role,  # type: ignore[arg-type]
            initiative_id=user.initiative_id,
            network_id=user.network_id,
        )

"""Accounts and what they leave behind: users, one-time codes, sessions, login and audit events.

Kept apart from the organisations they belong to because they carry the security rules:
role and scope checked by the database, only hashes of codes and session ids stored.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from mintqo.store.models.base import Base, utcnow

ROLES = ("initiative", "coordinator", "admin")
CODE_KINDS = ("invitation", "reset")


class User(Base):
    __tablename__ = "app_user"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES!r}", name="role_known"),
        CheckConstraint(
            "(role = 'initiative' AND initiative_id IS NOT NULL AND network_id IS NULL)"
            " OR (role = 'coordinator' AND network_id IS NOT NULL AND initiative_id IS NULL)"
            " OR (role = 'admin' AND initiative_id IS NULL AND network_id IS NULL)",
            name="role_scope",
        ),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), index=True
    )
    network_id: Mapped[int | None] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # SHA-256 of the personal recovery code (shown once; the owner resets the password with it).
    recovery_hash: Mapped[str | None] = mapped_column(String(128))
    # The last password reset: when, and by whom (shown to the account at its next login).
    password_reset_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    password_reset_by: Mapped[str | None] = mapped_column(String(200))
    reset_notice_pending: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    # The user id of who issued the invitation this account registered with (plausibility
    # flags, README "Threat model"); empty for accounts created on the command line. No foreign
    # key (SQLite could only add one by rebuilding the table); erasure clears it.
    invited_by: Mapped[int | None] = mapped_column(Integer)


class OneTimeCode(Base):
    """Invitation and password-reset codes; only a hash of the code is stored."""

    __tablename__ = "one_time_code"
    __table_args__ = (
        CheckConstraint(f"kind IN {CODE_KINDS!r}", name="kind_known"),
        CheckConstraint(f"role IS NULL OR role IN {ROLES!r}", name="role_known"),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    role: Mapped[str | None] = mapped_column(String(20))
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE")
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class LoginEvent(Base):
    """Password attempts (logins and password checks in the settings), admin unlocks and
    password resets: the throttle counts failures here, the admin reads them. Kept for the
    retention period only (``MINTQO_LOGIN_EVENT_DAYS``)."""

    __tablename__ = "login_event"
    __table_args__ = (
        Index("ix_login_event_user_time", "username", "at"),
        Index("ix_login_event_client_time", "client", "at"),
        Index("ix_login_event_at", "at"),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    success: Mapped[bool]
    # "login", "password_check", "unlock" or "reset" (see mintqo.auth.throttle)
    kind: Mapped[str] = mapped_column(String(20), default="login", server_default="login")
    # the client address the attempt came from ('' if unknown)
    client: Mapped[str] = mapped_column(String(64), default="", server_default="")


class AuditEvent(Base):
    """Admin and coordinator actions that touch other people's data."""

    __tablename__ = "audit_event"
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class LoginSession(Base):
    """A server-side login: the login cookie names it, and every run checks it is still open.

    Only the SHA-256 of the session id in the cookie is stored. Logout, password changes and
    resets, disabling and deleting the account end it (``ended_at``); a cookie whose session is
    ended, expired or unknown logs nobody in.
    """

    __tablename__ = "login_session"
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    end_reason: Mapped[str] = mapped_column(String(32), default="", server_default="")
    client: Mapped[str] = mapped_column(String(64), default="", server_default="")

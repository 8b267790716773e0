"""accounts: server-side login sessions, recovery codes, reset notices, throttle columns

Revision ID: 0003a
Revises: 0002e
Create Date: 2026-12-01

1. ``login_session``: the login cookie names a server-side session that every run checks;
   logout, password changes and resets, disabling and deletion end it.
2. ``app_user``: ``last_login_at`` (members list), ``recovery_hash`` (personal recovery code),
   ``password_reset_at`` / ``password_reset_by`` / ``reset_notice_pending`` (the account is told
   at its next login who reset its password and when).
3. ``login_event``: ``kind`` (login, password check, unlock, reset) and ``client`` (the client
   address) for the throttle, with indexes for the per-address count and the retention purge.

Columns are added with ``ADD COLUMN`` (no table rebuild), so this revision and its sibling
0003b (which rebuilds tables on SQLite from their stored CREATE statements) work in either order.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003a"
down_revision: str | None = "0002e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _user_columns() -> tuple[sa.Column, ...]:
    return (
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.Column("recovery_hash", sa.String(length=128), nullable=True),
        sa.Column("password_reset_at", sa.DateTime(), nullable=True),
        sa.Column("password_reset_by", sa.String(length=200), nullable=True),
        sa.Column(
            "reset_notice_pending", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
    )


def _event_columns() -> tuple[sa.Column, ...]:
    return (
        sa.Column("kind", sa.String(length=20), server_default="login", nullable=False),
        sa.Column("client", sa.String(length=64), server_default="", nullable=False),
    )


def upgrade() -> None:
    op.create_table(
        "login_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=32), server_default="", nullable=False),
        sa.Column("client", sa.String(length=64), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_login_session_user_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_login_session_token_hash")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_login_session_user_id"), "login_session", ["user_id"], unique=False)
    for column in _user_columns():
        op.add_column("app_user", column)
    for column in _event_columns():
        op.add_column("login_event", column)
    op.create_index("ix_login_event_client_time", "login_event", ["client", "at"], unique=False)
    op.create_index("ix_login_event_at", "login_event", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_login_event_at", table_name="login_event")
    op.drop_index("ix_login_event_client_time", table_name="login_event")
    # SQLite ≥ 3.35 drops columns natively (a batch rebuild of app_user would cascade deletes).
    for table, columns in (("login_event", _event_columns()), ("app_user", _user_columns())):
        for column in reversed(columns):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column.name}")
    op.drop_index(op.f("ix_login_session_user_id"), table_name="login_session")
    op.drop_table("login_session")

"""who issued the invitation an account registered with (plausibility flags)

Revision ID: 0004a
Revises: 0003a, 0003b
Create Date: 2026-12-01

Also joins the two branches of the account and the release work. A plain column added with
``ADD COLUMN`` (no table rebuild, which would drop ``app_user``'s ``AUTOINCREMENT``); erasure
clears it where it names a deleted account.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0004a"
down_revision: str | tuple[str, ...] | None = ("0003a", "0003b")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("app_user", sa.Column("invited_by", sa.Integer(), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE app_user DROP COLUMN invited_by")
    else:
        op.drop_column("app_user", "invited_by")

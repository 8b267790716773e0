"""buddy pairs: two networks comparing their anonymous pictures by mutual consent

Revision ID: 0005b
Revises: 0004a
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0005b"
down_revision: str | None = "0004a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "buddy_pair",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requester_network_id", sa.Integer(), nullable=False),
        sa.Column("partner_network_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('requested', 'active', 'declined', 'ended')",
            name=op.f("ck_buddy_pair_status_known"),
        ),
        sa.CheckConstraint(
            "requester_network_id <> partner_network_id", name=op.f("ck_buddy_pair_two_networks")
        ),
        sa.ForeignKeyConstraint(
            ["partner_network_id"],
            ["network.id"],
            name=op.f("fk_buddy_pair_partner_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requester_network_id"],
            ["network.id"],
            name=op.f("fk_buddy_pair_requester_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buddy_pair")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("buddy_pair") as batch:
        batch.create_index(
            batch.f("ix_buddy_pair_partner_network_id"), ["partner_network_id"], unique=False
        )
        batch.create_index(
            batch.f("ix_buddy_pair_requester_network_id"), ["requester_network_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("buddy_pair")

"""released impact staircase: the strongest evidence per initiative and step, per release

Revision ID: 0005c
Revises: 0005b
Create Date: 2026-12-01

Filled for every initiative whose scores are released, so the first staircase overview matches
the first release.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0005c"
down_revision: str | None = "0005b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "released_impact_step",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("evidence_rank", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "evidence_rank BETWEEN 1 AND 3", name=op.f("ck_released_impact_step_rank_range")
        ),
        sa.CheckConstraint("step BETWEEN 1 AND 7", name=op.f("ck_released_impact_step_step_range")),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
            name=op.f("fk_released_impact_step_initiative_id_initiative"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_released_impact_step_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("initiative_id", "step", name=op.f("pk_released_impact_step")),
    )
    op.create_index(
        "ix_released_impact_step_network",
        "released_impact_step",
        ["network_id", "step", "evidence_rank"],
        unique=False,
    )
    op.execute(
        "INSERT INTO released_impact_step (initiative_id, step, network_id, evidence_rank) "
        "SELECT p.initiative_id, s.step, i.network_id, MAX(CASE s.evidence "
        "WHEN 'ja' THEN 3 WHEN 'teilweise' THEN 2 ELSE 1 END) "
        "FROM impact_step s JOIN project p ON p.id = s.project_id "
        "JOIN initiative i ON i.id = p.initiative_id "
        "WHERE p.initiative_id IN (SELECT DISTINCT initiative_id FROM initiative_criterion_score) "
        "GROUP BY p.initiative_id, s.step, i.network_id"
    )


def downgrade() -> None:
    op.drop_index("ix_released_impact_step_network", table_name="released_impact_step")
    op.drop_table("released_impact_step")

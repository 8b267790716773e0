"""derived per-initiative score tables for the dashboards, with backfill

Revision ID: 0002e
Revises: 0001
Create Date: 2026-11-22

``initiative_criterion_score``: per initiative and criterion, the mean over its projects'
latest submitted rounds (what every dashboard aggregates); ``initiative_round_score``: the same
per round (the network trend). Both are derived from ``criterion_score``; the app keeps them in
sync on submit (``mintqo.store.aggregates.refresh_initiative_scores``). This revision fills them
from the existing scores, so an upgraded database shows the same numbers as before. The SQL is
spelled out here (not imported from the app) so the migration stays what it was when written.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0002e"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _create_tables() -> None:
    op.create_table(
        "initiative_criterion_score",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.String(length=32), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("projects", sa.Integer(), nullable=False),
        sa.Column("round_no", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "score >= 0 AND score <= 100",
            name=op.f("ck_initiative_criterion_score_score_range"),
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
            name=op.f("fk_initiative_criterion_score_initiative_id_initiative"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_initiative_criterion_score_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "initiative_id", "criterion_id", name=op.f("pk_initiative_criterion_score")
        ),
    )
    op.create_table(
        "initiative_round_score",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("round_no", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.String(length=32), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("projects", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "score >= 0 AND score <= 100", name=op.f("ck_initiative_round_score_score_range")
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
            name=op.f("fk_initiative_round_score_initiative_id_initiative"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_initiative_round_score_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "initiative_id", "round_no", "criterion_id", name=op.f("pk_initiative_round_score")
        ),
    )


def _create_indexes() -> None:
    with op.batch_alter_table("initiative_criterion_score", schema=None) as batch_op:
        batch_op.create_index(
            "ix_initiative_criterion_score_network",
            ["network_id", "criterion_id", "initiative_id", "score", "round_no"],
            unique=False,
        )
    with op.batch_alter_table("initiative_round_score", schema=None) as batch_op:
        batch_op.create_index(
            "ix_initiative_round_score_network",
            ["network_id", "round_no", "criterion_id", "initiative_id", "score"],
            unique=False,
        )


def _backfill() -> None:
    """Fill both tables from the stored criterion scores of submitted rounds."""
    score = sa.table(
        "criterion_score",
        sa.column("assessment_id", sa.Integer),
        sa.column("criterion_id", sa.String),
        sa.column("score", sa.Float),
    )
    assessment = sa.table(
        "assessment",
        sa.column("id", sa.Integer),
        sa.column("project_id", sa.Integer),
        sa.column("round_no", sa.Integer),
        sa.column("status", sa.String),
        sa.column("is_latest", sa.Boolean),
    )
    project = sa.table(
        "project", sa.column("id", sa.Integer), sa.column("initiative_id", sa.Integer)
    )
    initiative = sa.table(
        "initiative", sa.column("id", sa.Integer), sa.column("network_id", sa.Integer)
    )
    joined = (
        score.join(assessment, assessment.c.id == score.c.assessment_id)
        .join(project, project.c.id == assessment.c.project_id)
        .join(initiative, initiative.c.id == project.c.initiative_id)
    )
    submitted = assessment.c.status == "submitted"
    first, last = sa.func.min(assessment.c.round_no), sa.func.max(assessment.c.round_no)
    latest = (
        sa.select(
            project.c.initiative_id,
            score.c.criterion_id,
            initiative.c.network_id,
            sa.func.avg(score.c.score),
            sa.func.count(),
            sa.case((first == last, first), else_=None),
        )
        .select_from(joined)
        .where(submitted, assessment.c.is_latest.is_(True))
        .group_by(project.c.initiative_id, score.c.criterion_id, initiative.c.network_id)
    )
    per_round = (
        sa.select(
            project.c.initiative_id,
            assessment.c.round_no,
            score.c.criterion_id,
            initiative.c.network_id,
            sa.func.avg(score.c.score),
            sa.func.count(),
        )
        .select_from(joined)
        .where(submitted)
        .group_by(
            project.c.initiative_id,
            assessment.c.round_no,
            score.c.criterion_id,
            initiative.c.network_id,
        )
    )
    for name, columns, rows in (
        (
            "initiative_criterion_score",
            ["initiative_id", "criterion_id", "network_id", "score", "projects", "round_no"],
            latest,
        ),
        (
            "initiative_round_score",
            ["initiative_id", "round_no", "criterion_id", "network_id", "score", "projects"],
            per_round,
        ),
    ):
        target = sa.table(name, *(sa.column(c) for c in columns))
        op.execute(sa.insert(target).from_select(columns, rows))


def upgrade() -> None:
    _create_tables()
    _backfill()  # before the indexes: one bulk build per index instead of row-by-row updates
    _create_indexes()


def downgrade() -> None:
    op.drop_table("initiative_round_score")
    op.drop_table("initiative_criterion_score")

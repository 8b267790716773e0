"""team rounds: a sheet per member, the round's own answers are the agreed result

Revision ID: 0006a
Revises: 0005c
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0006a"
down_revision: str | None = "0005c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "assessment",
        sa.Column("mode", sa.String(length=10), server_default="single", nullable=False),
    )
    op.create_table(
        "team_sheet",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("is_lead", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("current_step", sa.String(length=32), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'finished')", name=op.f("ck_team_sheet_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_team_sheet_assessment_id_assessment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_team_sheet_user_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_sheet")),
        sa.UniqueConstraint("assessment_id", "user_id", name="uq_team_sheet_assessment_user"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_team_sheet_assessment_id"), "team_sheet", ["assessment_id"], unique=False
    )
    op.create_index(op.f("ix_team_sheet_user_id"), "team_sheet", ["user_id"], unique=False)
    op.create_table(
        "sheet_answer",
        sa.Column("sheet_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "value IS NULL OR (value BETWEEN 1 AND 5)", name=op.f("ck_sheet_answer_value_range")
        ),
        sa.ForeignKeyConstraint(
            ["sheet_id"],
            ["team_sheet.id"],
            name=op.f("fk_sheet_answer_sheet_id_team_sheet"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("sheet_id", "item_id", name=op.f("pk_sheet_answer")),
    )
    op.create_table(
        "sheet_note",
        sa.Column("sheet_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint("length(text) <= 2000", name=op.f("ck_sheet_note_text_length")),
        sa.ForeignKeyConstraint(
            ["sheet_id"],
            ["team_sheet.id"],
            name=op.f("fk_sheet_note_sheet_id_team_sheet"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("sheet_id", "criterion_id", name=op.f("pk_sheet_note")),
    )


def downgrade() -> None:
    op.drop_table("sheet_note")
    op.drop_table("sheet_answer")
    op.drop_index(op.f("ix_team_sheet_user_id"), table_name="team_sheet")
    op.drop_index(op.f("ix_team_sheet_assessment_id"), table_name="team_sheet")
    op.drop_table("team_sheet")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE assessment DROP COLUMN mode")
    else:
        op.drop_column("assessment", "mode")

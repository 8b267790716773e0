"""A self-analysis round and its content: answers, notes, criterion scores, and team sheets.

An assessment belongs to a project; its rows go with it (``ON DELETE CASCADE``). In a team
round each member's sheet stays inside the initiative; only the agreed result is the round's.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from mintqo.store.models.base import Base, utcnow

ASSESSMENT_STATUSES = ("draft", "submitted")
SHEET_STATUSES = ("open", "finished")


class Assessment(Base):
    """One self-analysis round of a project."""

    __tablename__ = "assessment"
    __table_args__ = (
        UniqueConstraint("project_id", "round_no", name="uq_assessment_project_round"),
        CheckConstraint(f"status IN {ASSESSMENT_STATUSES!r}", name="status_known"),
        CheckConstraint("round_no >= 1", name="round_positive"),
        # At most one open draft per project.
        Index(
            "uq_assessment_one_draft",
            "project_id",
            unique=True,
            sqlite_where=text("status = 'draft'"),
            postgresql_where=text("status = 'draft'"),
        ),
        # Dashboards read 'latest submitted round per project'.
        Index("ix_assessment_latest", "is_latest", "project_id"),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    round_no: Mapped[int] = mapped_column(Integer)
    questionnaire_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    # True for the newest submitted round of its project: what dashboards aggregate.
    is_latest: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    current_step: Mapped[str | None] = mapped_column(String(32))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # "single": one shared draft (the answers below are the round's); "team": every member
    # fills a sheet of their own (team_sheet), and the answers below are the agreed result.
    mode: Mapped[str] = mapped_column(String(10), default="single", server_default="single")


class Answer(Base):
    """A rating of one statement; NULL value means 'nicht zutreffend'. No row means unanswered."""

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("assessment_id", "item_id", name="uq_answer_assessment_item"),
        CheckConstraint("value IS NULL OR (value BETWEEN 1 AND 5)", name="value_range"),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(32))
    value: Mapped[int | None] = mapped_column(Integer)


class CriterionNote(Base):
    """Free-text 'Notizen / Belege' per criterion. Never part of any aggregate."""

    __tablename__ = "criterion_note"
    __table_args__ = (CheckConstraint("length(text) <= 2000", name="text_length"),)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True
    )
    criterion_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class CriterionScore(Base):
    """Score 0–100 of one criterion, written when an assessment is submitted."""

    __tablename__ = "criterion_score"
    __table_args__ = (
        CheckConstraint("score >= 0 AND score <= 100", name="score_range"),
        CheckConstraint("answered >= 0", name="answered_nonnegative"),
    )
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True
    )
    criterion_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    answered: Mapped[int] = mapped_column(Integer)


class TeamSheet(Base):
    """One member's own sheet in a team round. Nobody else sees it while it is open; the
    member who started the round (``is_lead``) composes and submits the agreed result."""

    __tablename__ = "team_sheet"
    __table_args__ = (
        UniqueConstraint("assessment_id", "user_id", name="uq_team_sheet_assessment_user"),
        CheckConstraint(f"status IN {SHEET_STATUSES!r}", name="status_known"),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    is_lead: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    status: Mapped[str] = mapped_column(String(10), default="open")
    version: Mapped[int] = mapped_column(Integer, default=1)
    current_step: Mapped[str | None] = mapped_column(String(32))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SheetAnswer(Base):
    """A member's rating of one statement on their own sheet (NULL = nicht zutreffend)."""

    __tablename__ = "sheet_answer"
    __table_args__ = (
        CheckConstraint("value IS NULL OR (value BETWEEN 1 AND 5)", name="value_range"),
    )
    sheet_id: Mapped[int] = mapped_column(
        ForeignKey("team_sheet.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int | None] = mapped_column(Integer)


class SheetNote(Base):
    """A member's own note on one criterion of their sheet."""

    __tablename__ = "sheet_note"
    __table_args__ = (CheckConstraint("length(text) <= 2000", name="text_length"),)
    sheet_id: Mapped[int] = mapped_column(
        ForeignKey("team_sheet.id", ondelete="CASCADE"), primary_key=True
    )
    criterion_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    text: Mapped[str] = mapped_column(Text)

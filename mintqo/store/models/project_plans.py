"""What an initiative records per project besides the questionnaire: the evidence for its
impact staircase (Wirkungstreppe) and the measures of its action plan (Maßnahmenplan).

Both belong to a project, not to a round, so they outlive every assessment and go only with
their project (``ON DELETE CASCADE``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from mintqo.store.models.base import Base, utcnow

ACTION_STATUSES = ("open", "in_progress", "done")
EVIDENCE_LEVELS = ("ja", "teilweise", "nein")


class ImpactStep(Base):
    """Evidence for one step of the impact staircase (Wirkungstreppe) of a project."""

    __tablename__ = "impact_step"
    __table_args__ = (
        CheckConstraint("step BETWEEN 1 AND 7", name="step_range"),
        CheckConstraint(f"evidence IN {EVIDENCE_LEVELS!r}", name="evidence_known"),
    )
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), primary_key=True
    )
    step: Mapped[int] = mapped_column(Integer, primary_key=True)
    evidence: Mapped[str] = mapped_column(String(20))
    indicator: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ActionItem(Base):
    """A measure of the action plan ('Maßnahmenplan'), linked to a criterion."""

    __tablename__ = "action_item"
    __table_args__ = (
        CheckConstraint(f"status IN {ACTION_STATUSES!r}", name="status_known"),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[str] = mapped_column(String(32))
    what: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(200), default="")
    due: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

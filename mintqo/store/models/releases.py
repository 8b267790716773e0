"""What aggregate views read: released values per network, and the versions caches are keyed by.

Dashboards never read an initiative's current scores: a network's values are copied here in
batches of at least five changed initiatives (``store/releases.py``), so no number moves by
one initiative. Erasure needs nothing here (``ON DELETE CASCADE``).
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
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from mintqo.store.models.base import Base, utcnow


class InitiativeCriterionScore(Base):
    """Released: an initiative's score on a criterion = mean over its projects' latest rounds,
    as of the network's last release (``store/releases.py``).

    Every dashboard reads these rows, never ``criterion_score`` directly: a submission changes
    them only when its network's release comes (at least five initiatives changed), so numbers
    a viewer sees never move by one initiative. Erasure needs nothing (``ON DELETE CASCADE``).
    The national networks × criteria GROUP BY runs on one covering index (≈ 20 ms instead of
    ≈ 1 s joining criterion_score → assessment → project → initiative on 405 k scores).
    ``network_id`` is a copy of the initiative's network (initiatives never change network).
    ``round_no`` is the round of the latest rounds if all of the initiative's projects are on the
    same one (else NULL): the privacy guard needs it to relate the profile to the trend per round.
    """

    __tablename__ = "initiative_criterion_score"
    __table_args__ = (
        CheckConstraint("score >= 0 AND score <= 100", name="score_range"),
        # Covers both the national GROUP BY and one network's rows in criterion order.
        Index(
            "ix_initiative_criterion_score_network",
            "network_id",
            "criterion_id",
            "initiative_id",
            "score",
            "round_no",
        ),
    )
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True
    )
    criterion_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)
    projects: Mapped[int] = mapped_column(Integer)
    round_no: Mapped[int | None] = mapped_column(Integer)


class InitiativeRoundScore(Base):
    """Released: an initiative's score on a criterion in round N (mean over its projects' round N),
    as of the network's last release, exactly like :class:`InitiativeCriterionScore`.

    Feeds the network trend across rounds (one covering index range per network).
    """

    __tablename__ = "initiative_round_score"
    __table_args__ = (
        CheckConstraint("score >= 0 AND score <= 100", name="score_range"),
        Index(
            "ix_initiative_round_score_network",
            "network_id",
            "round_no",
            "criterion_id",
            "initiative_id",
            "score",
        ),
    )
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True
    )
    round_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    criterion_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)
    projects: Mapped[int] = mapped_column(Integer)


class NetworkRelease(Base):
    """The last release of a network's results: which number, when, over how many initiatives.

    A release copies the current scores of the network's changed initiatives into the released
    tables; it happens when at least five initiatives changed since the previous one.
    """

    __tablename__ = "network_release"
    network_id: Mapped[int] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), primary_key=True
    )
    release_no: Mapped[int] = mapped_column(Integer, default=0)
    released_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ReleasedImpactStep(Base):
    """Released: the strongest evidence an initiative reports for a step of the impact staircase
    over its projects (3 = ja, 2 = teilweise, 1 = nein), as of its network's last release.

    The workshop's staircase overview counts these, so it moves only with a release, like the
    scores (an edited staircase marks its initiative as changed).
    """

    __tablename__ = "released_impact_step"
    __table_args__ = (
        CheckConstraint("step BETWEEN 1 AND 7", name="step_range"),
        CheckConstraint("evidence_rank BETWEEN 1 AND 3", name="rank_range"),
        Index("ix_released_impact_step_network", "network_id", "step", "evidence_rank"),
    )
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True
    )
    step: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    evidence_rank: Mapped[int] = mapped_column(Integer)


class DataVersion(Base):
    """A counter per scope ('global', 'network:7'), bumped on writes that change aggregates.

    Dashboard caches are keyed by it, so a cached view is never served after its data changed.
    """

    __tablename__ = "data_version"
    scope: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=func.now())

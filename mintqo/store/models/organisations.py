"""Organisations and what they run: cohorts, networks, initiatives, projects, buddy pairs.

Ownership runs Cohort → Network → Initiative → Project; deleting an initiative cascades to
everything below it in the database itself (``ON DELETE CASCADE``), the DSGVO erasure.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from mintqo.store.models.base import Base, utcnow


class Cohort(Base):
    """A 'Qualifizierungsdurchgang': the group of networks trained together."""

    __tablename__ = "cohort"
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    year: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Network(Base):
    """A regional MINT network ('MINT-Region')."""

    __tablename__ = "network"
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohort.id", ondelete="SET NULL"), index=True
    )
    archived: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Initiative(Base):
    """The organisation (Verein, school lab, …) that runs projects and does the self-analysis."""

    __tablename__ = "initiative"
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    network_id: Mapped[int] = mapped_column(
        ForeignKey("network.id", ondelete="RESTRICT"), index=True
    )
    share_named_results: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Releases (see store/releases.py): bumped by every submission of the initiative; the
    # dashboards show its values as of ``released_version``, the last network release.
    scores_version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    released_version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


class Project(Base):
    """One concrete offer of an initiative; the self-analysis is done per project."""

    __tablename__ = "project"
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


BUDDY_STATUSES = ("requested", "active", "declined", "ended")


class BuddyPair(Base):
    """Two networks whose coordinators agreed to compare their anonymous pictures (the buddy
    programme). One side asks, the other accepts; either may end it at any time."""

    __tablename__ = "buddy_pair"
    __table_args__ = (
        CheckConstraint(f"status IN {BUDDY_STATUSES!r}", name="status_known"),
        CheckConstraint("requester_network_id <> partner_network_id", name="two_networks"),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    requester_network_id: Mapped[int] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    partner_network_id: Mapped[int] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default="requested")
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

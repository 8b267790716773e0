"""Typed ORM models: the one schema for SQLite and PostgreSQL.

Ownership runs Cohort → Network → Initiative → Project → Assessment → Answer/CriterionScore.
Deleting an initiative cascades to everything below it (DSGVO erasure), in the database itself
(``ON DELETE CASCADE``) so that bulk deletes and raw SQL obey it too.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ROLES = ("initiative", "coordinator", "admin")
ASSESSMENT_STATUSES = ("draft", "submitted")
ACTION_STATUSES = ("open", "in_progress", "done")
EVIDENCE_LEVELS = ("ja", "teilweise", "nein")
CODE_KINDS = ("invitation", "reset")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


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


class User(Base):
    __tablename__ = "app_user"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES!r}", name="role_known"),
        CheckConstraint(
            "(role = 'initiative' AND initiative_id IS NOT NULL AND network_id IS NULL)"
            " OR (role = 'coordinator' AND network_id IS NOT NULL AND initiative_id IS NULL)"
            " OR (role = 'admin' AND initiative_id IS NULL AND network_id IS NULL)",
            name="role_scope",
        ),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), index=True
    )
    network_id: Mapped[int | None] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # SHA-256 of the personal recovery code (shown once; the owner resets the password with it).
    recovery_hash: Mapped[str | None] = mapped_column(String(128))
    # The last password reset: when, and by whom (shown to the account at its next login).
    password_reset_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    password_reset_by: Mapped[str | None] = mapped_column(String(200))
    reset_notice_pending: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    # The user id of who issued the invitation this account registered with (plausibility
    # flags, README "Threat model"); empty for accounts created on the command line. No foreign
    # key (SQLite could only add one by rebuilding the table); erasure clears it.
    invited_by: Mapped[int | None] = mapped_column(Integer)


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


class OneTimeCode(Base):
    """Invitation and password-reset codes; only a hash of the code is stored."""

    __tablename__ = "one_time_code"
    __table_args__ = (
        CheckConstraint(f"kind IN {CODE_KINDS!r}", name="kind_known"),
        CheckConstraint(f"role IS NULL OR role IN {ROLES!r}", name="role_known"),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    role: Mapped[str | None] = mapped_column(String(20))
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE")
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class LoginEvent(Base):
    """Password attempts (logins and password checks in the settings), admin unlocks and
    password resets: the throttle counts failures here, the admin reads them. Kept for the
    retention period only (``MINTQO_LOGIN_EVENT_DAYS``)."""

    __tablename__ = "login_event"
    __table_args__ = (
        Index("ix_login_event_user_time", "username", "at"),
        Index("ix_login_event_client_time", "client", "at"),
        Index("ix_login_event_at", "at"),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    success: Mapped[bool]
    # "login", "password_check", "unlock" or "reset" (see mintqo.auth.throttle)
    kind: Mapped[str] = mapped_column(String(20), default="login", server_default="login")
    # the client address the attempt came from ('' if unknown)
    client: Mapped[str] = mapped_column(String(64), default="", server_default="")


class AuditEvent(Base):
    """Admin and coordinator actions that touch other people's data."""

    __tablename__ = "audit_event"
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class DataVersion(Base):
    """A counter per scope ('global', 'network:7'), bumped on writes that change aggregates.

    Dashboard caches are keyed by it, so a cached view is never served after its data changed.
    """

    __tablename__ = "data_version"
    scope: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=func.now())


class LoginSession(Base):
    """A server-side login: the login cookie names it, and every run checks it is still open.

    Only the SHA-256 of the session id in the cookie is stored. Logout, password changes and
    resets, disabling and deleting the account end it (``ended_at``); a cookie whose session is
    ended, expired or unknown logs nobody in.
    """

    __tablename__ = "login_session"
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    end_reason: Mapped[str] = mapped_column(String(32), default="", server_default="")
    client: Mapped[str] = mapped_column(String(64), default="", server_default="")


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


SHEET_STATUSES = ("open", "finished")


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

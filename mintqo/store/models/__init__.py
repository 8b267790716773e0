"""Typed ORM models: the one schema for SQLite and PostgreSQL.

Ownership runs Cohort → Network → Initiative → Project → Assessment → Answer/CriterionScore.
Deleting an initiative cascades to everything below it (DSGVO erasure), in the database itself
(``ON DELETE CASCADE``) so that bulk deletes and raw SQL obey it too.

The tables live in one module per kind of record; importing this package imports all of them,
so ``Base.metadata`` (Alembic's ``target_metadata``, backups, erasure, the demo) always holds
every table, and ``from mintqo.store.models import X`` works for every model and constant.
"""

from __future__ import annotations

from mintqo.store.models.accounts import (
    CODE_KINDS,
    ROLES,
    AuditEvent,
    LoginEvent,
    LoginSession,
    OneTimeCode,
    User,
)
from mintqo.store.models.assessments import (
    ASSESSMENT_STATUSES,
    SHEET_STATUSES,
    Answer,
    Assessment,
    CriterionNote,
    CriterionScore,
    SheetAnswer,
    SheetNote,
    TeamSheet,
)
from mintqo.store.models.base import NAMING_CONVENTION, Base, utcnow
from mintqo.store.models.organisations import (
    BUDDY_STATUSES,
    BuddyPair,
    Cohort,
    Initiative,
    Network,
    Project,
)
from mintqo.store.models.project_plans import (
    ACTION_STATUSES,
    EVIDENCE_LEVELS,
    ActionItem,
    ImpactStep,
)
from mintqo.store.models.releases import (
    DataVersion,
    InitiativeCriterionScore,
    InitiativeRoundScore,
    NetworkRelease,
    ReleasedImpactStep,
)

__all__ = [
    "ACTION_STATUSES",
    "ASSESSMENT_STATUSES",
    "BUDDY_STATUSES",
    "CODE_KINDS",
    "EVIDENCE_LEVELS",
    "NAMING_CONVENTION",
    "ROLES",
    "SHEET_STATUSES",
    "ActionItem",
    "Answer",
    "Assessment",
    "AuditEvent",
    "Base",
    "BuddyPair",
    "Cohort",
    "CriterionNote",
    "CriterionScore",
    "DataVersion",
    "ImpactStep",
    "Initiative",
    "InitiativeCriterionScore",
    "InitiativeRoundScore",
    "LoginEvent",
    "LoginSession",
    "Network",
    "NetworkRelease",
    "OneTimeCode",
    "Project",
    "ReleasedImpactStep",
    "SheetAnswer",
    "SheetNote",
    "TeamSheet",
    "User",
    "utcnow",
]

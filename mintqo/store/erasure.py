"""DSGVO erasure: deleting an initiative and everything that belongs to it.

The schema cascades (``ON DELETE CASCADE`` from initiative to users, projects, assessments,
answers, notes, scores, impact steps, action items, invitations). On top of the cascade this
module removes the login history of the initiative's users (it refers to them by name only),
checks in the same transaction that no row of the initiative is left in any table, bumps the
data versions so cached aggregates drop it, and records an audit event when an admin deletes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, delete, func, or_, select, update
from sqlalchemy.orm import Session

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.store import audit, round_states, versions
from mintqo.store.engine import Check, read_session, write_session
from mintqo.store.models import (
    ActionItem,
    Answer,
    Assessment,
    AuditEvent,
    CriterionNote,
    CriterionScore,
    ImpactStep,
    Initiative,
    InitiativeCriterionScore,
    InitiativeRoundScore,
    LoginEvent,
    OneTimeCode,
    Project,
    User,
)
from mintqo.store.traces import Traces


class ErasureRefused(UserError):
    """The deletion was not carried out; the message is German and meant for the user."""


@dataclass(frozen=True)
class ErasureReport:
    initiative_id: int
    network_id: int
    deleted: dict[str, int]  # rows removed per table


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor: str
    action: str
    target: str
    detail: str


@dataclass(frozen=True)
class InitiativeSummary:
    id: int
    name: str
    network_id: int
    projects: int
    users: int


def initiative_summary(engine: Engine, initiative_id: int) -> InitiativeSummary | None:
    with read_session(engine) as s:
        row = s.get(Initiative, initiative_id)
        if row is None:
            return None
        projects = s.scalar(
            select(func.count()).select_from(Project).where(Project.initiative_id == row.id)
        )
        users = s.scalar(select(func.count()).select_from(User).where(User.initiative_id == row.id))
        return InitiativeSummary(row.id, row.name, row.network_id, projects or 0, users or 0)


def list_initiatives(engine: Engine) -> list[InitiativeSummary]:
    """All initiatives (for the admin's deletion picker), by name."""
    with read_session(engine) as s:
        projects = dict(
            s.execute(
                select(Project.initiative_id, func.count()).group_by(Project.initiative_id)
            ).all()
        )
        users = dict(
            s.execute(
                select(User.initiative_id, func.count())
                .where(User.initiative_id.is_not(None))
                .group_by(User.initiative_id)
            ).all()
        )
        rows = s.execute(
            select(Initiative.id, Initiative.name, Initiative.network_id).order_by(
                Initiative.name, Initiative.id
            )
        ).all()
    return [
        InitiativeSummary(r.id, r.name, r.network_id, projects.get(r.id, 0), users.get(r.id, 0))
        for r in rows
    ]


def _scope(session: Session, initiative_id: int) -> dict[str, list]:
    project_ids = list(
        session.scalars(select(Project.id).where(Project.initiative_id == initiative_id))
    )
    assessment_ids = list(
        session.scalars(select(Assessment.id).where(Assessment.project_id.in_(project_ids)))
    )
    users = session.execute(
        select(User.id, User.username, User.display_name).where(User.initiative_id == initiative_id)
    ).all()
    return {
        "project": project_ids,
        "assessment": assessment_ids,
        "user": [u.id for u in users],
        "username": [u.username for u in users],
        "display_name": [u.display_name for u in users],
    }


DELETED_ACTOR = "gelöschtes Konto"
DELETED_TARGET = "gelöscht"
DELETED_DETAIL = "(entfernt: betraf eine gelöschte Initiative)"


def _pseudonymise_history(session: Session, traces: Traces) -> None:
    """Audit rows keep what happened and when, not who or what by name; the invitation that
    created the initiative (its label is the name) goes. Which rows: :mod:`mintqo.store.traces`
    (the data export hands out the same rows)."""
    if traces.usernames:
        session.execute(update(AuditEvent).where(traces.by_its_users()).values(actor=DELETED_ACTOR))
    session.execute(update(AuditEvent).where(traces.about_it()).values(target=DELETED_TARGET))
    if traces.words:
        session.execute(
            update(AuditEvent).where(traces.mentioning_it()).values(detail=DELETED_DETAIL)
        )
    session.execute(delete(OneTimeCode).where(traces.creating_invitation()))


def remaining_rows(session: Session, initiative_id: int, scope: dict[str, list]) -> dict[str, int]:
    """Rows that still belong to the initiative, per table (all zero after a complete erasure)."""
    p, a, u, names = scope["project"], scope["assessment"], scope["user"], scope["username"]

    def count(model, *conditions) -> int:
        return session.scalar(select(func.count()).select_from(model).where(or_(*conditions))) or 0

    counts = {
        "initiative": count(Initiative, Initiative.id == initiative_id),
        "project": count(Project, Project.initiative_id == initiative_id, Project.id.in_(p)),
        "app_user": count(User, User.initiative_id == initiative_id, User.id.in_(u)),
        "assessment": count(Assessment, Assessment.project_id.in_(p), Assessment.id.in_(a)),
        "answer": count(Answer, Answer.assessment_id.in_(a)),
        "criterion_note": count(CriterionNote, CriterionNote.assessment_id.in_(a)),
        "criterion_score": count(CriterionScore, CriterionScore.assessment_id.in_(a)),
        "impact_step": count(ImpactStep, ImpactStep.project_id.in_(p)),
        "action_item": count(ActionItem, ActionItem.project_id.in_(p)),
        "one_time_code": count(
            OneTimeCode,
            OneTimeCode.initiative_id == initiative_id,
            OneTimeCode.user_id.in_(u),
            OneTimeCode.created_by.in_(u),
        ),
        "login_event": count(LoginEvent, LoginEvent.username.in_(names)),
        "initiative_criterion_score": count(
            InitiativeCriterionScore, InitiativeCriterionScore.initiative_id == initiative_id
        ),
        "initiative_round_score": count(
            InitiativeRoundScore, InitiativeRoundScore.initiative_id == initiative_id
        ),
    }
    return counts


def delete_initiative(
    engine: Engine,
    initiative_id: int,
    confirm_name: str,
    *,
    check: Check | None = None,
    audited_by: Actor | None = None,
) -> ErasureReport:
    """Delete an initiative and all its data, if ``confirm_name`` is exactly its name.

    Who may is decided by the caller's ``check`` (run inside the transaction); a deletion by the
    programme team is recorded as ``audited_by``. Raises :class:`ErasureRefused`.
    """
    with write_session(engine, check) as s:
        initiative = s.get(Initiative, initiative_id)
        if initiative is None:
            raise ErasureRefused("Diese Initiative gibt es nicht (mehr).")
        if confirm_name != initiative.name:
            raise ErasureRefused(
                "Der eingegebene Name stimmt nicht mit dem Namen der Initiative überein. "
                "Es wurde nichts gelöscht."
            )
        network_id, name = initiative.network_id, initiative.name
        scope = _scope(s, initiative_id)
        before = remaining_rows(s, initiative_id, scope)
        if scope["username"]:
            s.execute(delete(LoginEvent).where(LoginEvent.username.in_(scope["username"])))
        _pseudonymise_history(
            s,
            Traces.of(initiative_id, network_id, name, scope["username"], scope["display_name"]),
        )
        if scope["user"]:  # accounts they invited no longer point at them
            s.execute(
                update(User).where(User.invited_by.in_(scope["user"])).values(invited_by=None)
            )
        # created_by is ON DELETE SET NULL: codes this initiative's users issued for others
        # would keep a link to nobody, which is fine, but codes *for* them go with them.
        s.execute(delete(Initiative).where(Initiative.id == initiative_id))
        s.flush()
        left = {t: n for t, n in remaining_rows(s, initiative_id, scope).items() if n}
        if left:  # the cascade did not do its job: roll everything back
            raise ErasureRefused(
                "Die Löschung konnte nicht vollständig durchgeführt werden; es wurde nichts "
                f"gelöscht (übrig: {left})."
            )
        versions.bump(s, [versions.GLOBAL, versions.network_scope(network_id)])
        if audited_by is not None:
            audit.record(
                s,
                audited_by,
                "initiative.delete",
                target=f"network:{network_id}",
                detail=(
                    f"Eine Initiative mit {before['project']} Projekten, "
                    f"{before['assessment']} Selbstanalysen und {before['app_user']} "
                    "Benutzerkonten gelöscht (DSGVO)."
                ),
            )
    round_states.forget_rounds(engine, scope["assessment"])
    return ErasureReport(initiative_id, network_id, before)


# --- the audit log, as the admin reads it ----------------------------------------------------
# (A reader next to the deletion that writes the most important events; it would sit equally
# well in store/audit.py.)


def audit_events(engine: Engine, limit: int = 500, search: str = "") -> list[AuditEntry]:
    """The newest audit events first; ``search`` filters actor, action and target (substring)."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    if search.strip():
        needle = f"%{search.strip()}%"
        query = query.where(
            or_(
                AuditEvent.actor.ilike(needle),
                AuditEvent.action.ilike(needle),
                AuditEvent.target.ilike(needle),
            )
        )
    with read_session(engine) as s:
        return [
            AuditEntry(e.id, e.at, e.actor, e.action, e.target, e.detail) for e in s.scalars(query)
        ]

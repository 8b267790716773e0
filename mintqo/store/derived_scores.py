"""The released per-initiative tables, computed from the initiatives' own records.

``initiative_criterion_score`` (latest rounds), ``initiative_round_score`` (per round) and
``released_impact_step`` (the strongest evidence per staircase step) hold what the dashboards
show. They are rewritten for an initiative only when its network's results
are released (:mod:`mintqo.store.releases`), from scratch and in the releasing transaction, so
they always equal a from-scratch computation over the submissions the release includes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import Engine, case, delete, func, insert, select
from sqlalchemy.orm import Session

from mintqo.store.engine import read_session
from mintqo.store.models import (
    Assessment,
    CriterionScore,
    ImpactStep,
    Initiative,
    InitiativeCriterionScore,
    InitiativeRoundScore,
    Project,
    ReleasedImpactStep,
)


def _scores_of_submitted_rounds(initiative_ids: Collection[int] | None):
    """criterion_score joined up to the initiative, submitted rounds only (optionally filtered)."""
    query = (
        select()
        .select_from(CriterionScore)
        .join(Assessment, Assessment.id == CriterionScore.assessment_id)
        .join(Project, Project.id == Assessment.project_id)
        .join(Initiative, Initiative.id == Project.initiative_id)
        .where(Assessment.status == "submitted")
    )
    if initiative_ids is not None:
        query = query.where(Project.initiative_id.in_(list(initiative_ids)))
    return query


def _latest_scores_select(initiative_ids: Collection[int] | None = None):
    """Rows of ``initiative_criterion_score``. ``round_no`` is set only if all latest rounds of
    the initiative that scored the criterion are the same round (else NULL)."""
    first, last = func.min(Assessment.round_no), func.max(Assessment.round_no)
    return (
        _scores_of_submitted_rounds(initiative_ids)
        .add_columns(
            Project.initiative_id,
            CriterionScore.criterion_id,
            Initiative.network_id,
            func.avg(CriterionScore.score),
            func.count(),
            case((first == last, first), else_=None),
        )
        .where(Assessment.is_latest.is_(True))
        .group_by(Project.initiative_id, CriterionScore.criterion_id, Initiative.network_id)
    )


def _impact_steps_select(initiative_ids: Collection[int] | None = None):
    """Rows of ``released_impact_step``: the strongest evidence per initiative and step."""
    rank = case((ImpactStep.evidence == "ja", 3), (ImpactStep.evidence == "teilweise", 2), else_=1)
    query = (
        select(Project.initiative_id, ImpactStep.step, Initiative.network_id, func.max(rank))
        .select_from(ImpactStep)
        .join(Project, Project.id == ImpactStep.project_id)
        .join(Initiative, Initiative.id == Project.initiative_id)
        .group_by(Project.initiative_id, ImpactStep.step, Initiative.network_id)
    )
    if initiative_ids is not None:
        query = query.where(Project.initiative_id.in_(list(initiative_ids)))
    return query


def _round_scores_select(initiative_ids: Collection[int] | None = None):
    """Rows of ``initiative_round_score``."""
    return (
        _scores_of_submitted_rounds(initiative_ids)
        .add_columns(
            Project.initiative_id,
            Assessment.round_no,
            CriterionScore.criterion_id,
            Initiative.network_id,
            func.avg(CriterionScore.score),
            func.count(),
        )
        .group_by(
            Project.initiative_id,
            Assessment.round_no,
            CriterionScore.criterion_id,
            Initiative.network_id,
        )
    )


DERIVED = (
    (
        InitiativeCriterionScore.__table__,
        ("initiative_id", "criterion_id", "network_id", "score", "projects", "round_no"),
        _latest_scores_select,
    ),
    (
        InitiativeRoundScore.__table__,
        ("initiative_id", "round_no", "criterion_id", "network_id", "score", "projects"),
        _round_scores_select,
    ),
    (
        ReleasedImpactStep.__table__,
        ("initiative_id", "step", "network_id", "evidence_rank"),
        _impact_steps_select,
    ),
)
DERIVED_TABLES = frozenset(table.name for table, _, _ in DERIVED)


def rewrite_initiative_scores(
    session: Session, initiative_ids: Iterable[int] | None = None
) -> None:
    """Recompute the score rows of these initiatives (of all if None) from their submissions.

    Called inside the transaction that releases them. Rows are recomputed from scratch (a few
    dozen per initiative) rather than patched: the result is what a full rebuild would give.
    """
    ids = None if initiative_ids is None else sorted(set(initiative_ids))
    if ids == []:
        return
    for table, columns, rows_select in DERIVED:
        stale = delete(table)
        if ids is not None:
            stale = stale.where(table.c.initiative_id.in_(ids))
        session.execute(stale)
        session.execute(insert(table).from_select(list(columns), rows_select(ids)))


def recomputed_initiative_scores(
    engine: Engine, initiative_ids: Collection[int] | None = None
) -> dict[str, list[tuple]]:
    """Both tables as a from-scratch computation would fill them (for checks and tests)."""
    with read_session(engine) as s:
        return {
            table.name: sorted(tuple(r) for r in s.execute(rows_select(initiative_ids)).all())
            for table, _, rows_select in DERIVED
        }


def stored_initiative_scores(engine: Engine) -> dict[str, list[tuple]]:
    """Both tables as stored, rows in the column order of :func:`recomputed_initiative_scores`."""
    with read_session(engine) as s:
        return {
            table.name: sorted(
                tuple(r) for r in s.execute(select(*(table.c[c] for c in columns))).all()
            )
            for table, columns, _ in DERIVED
        }

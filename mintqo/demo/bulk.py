"""Bulk writing and housekeeping for the demo data: batches, emptying, sequences, counts.

The national scale has about two million answers, so rows go in with Core ``INSERT``s of
explicit ids in batches; afterwards PostgreSQL's sequences must be moved past those ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, delete, func, select, text, update
from sqlalchemy.orm import Session

from mintqo.store.engine import read_session, write_session
from mintqo.store.models import (
    Answer,
    Assessment,
    Base,
    CriterionScore,
    Initiative,
    Network,
    Project,
    User,
)

BATCH = 20_000


def batched(rows: Iterator[dict[str, Any]], size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    """``rows`` in lists of at most ``size``."""
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def is_empty(engine: Engine) -> bool:
    """True if the store has no network (seeding refuses to mix demo and real data)."""
    with read_session(engine) as s:
        return s.scalar(select(func.count()).select_from(Network)) == 0


def clear_all(engine: Engine) -> None:
    """Delete every row of every table (children first); the schema stays."""
    with write_session(engine) as s:
        for table in reversed(Base.metadata.sorted_tables):
            s.execute(delete(table))


def reset_sequences(engine: Engine) -> None:
    """After inserting explicit ids, move PostgreSQL's sequences past them."""
    if engine.dialect.name != "postgresql":
        return
    with write_session(engine) as s:
        for table in Base.metadata.sorted_tables:
            if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement:
                s.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    )
                )


def mark_submitted_as_changed(session: Session) -> None:
    """Every initiative with a submitted round counts as changed (releases take it in)."""
    submitted = (
        select(Project.initiative_id)
        .join(Assessment, Assessment.project_id == Project.id)
        .where(Assessment.status == "submitted")
    )
    session.execute(update(Initiative).where(Initiative.id.in_(submitted)).values(scores_version=1))


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows per main table, as the CLI reports them."""
    models = {
        "cohort": Base.metadata.tables["cohort"],
        "network": Network.__table__,
        "initiative": Initiative.__table__,
        "project": Project.__table__,
        "assessment": Assessment.__table__,
        "answer": Answer.__table__,
        "criterion_score": CriterionScore.__table__,
        "user": User.__table__,
    }
    with read_session(engine) as s:
        return {
            name: s.scalar(select(func.count()).select_from(t)) or 0 for name, t in models.items()
        }

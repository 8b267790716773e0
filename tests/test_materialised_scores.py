"""The released per-initiative score tables equal a from-scratch computation for every
initiative whose results are released and unchanged since.

Dashboards read ``initiative_criterion_score`` and ``initiative_round_score`` instead of joining
every criterion score up to its initiative; these tests check them against
``derived_scores.recomputed_initiative_scores`` after every path that changes the underlying
data: seeding, submitting (pending until its network's release), erasing an initiative,
restoring a backup (also one made before the tables existed) and the migration's backfill. On
SQLite and PostgreSQL.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, select

from mintqo import demo
from mintqo.io.backup import backup_bytes, load_backup_bytes, restore
from mintqo.questionnaire import load_questionnaire
from mintqo.store import assessments, derived_scores
from mintqo.store.derived_scores import DERIVED_TABLES
from mintqo.store.engine import read_session
from mintqo.store.erasure import delete_initiative
from mintqo.store.models import (
    Assessment,
    CriterionScore,
    Initiative,
    InitiativeCriterionScore,
    Project,
)
from tests.builders import Builder

MIGRATION = Path(__file__).resolve().parents[1] / "alembic/versions/0002e_initiative_scores.py"


def _released_ids(engine: Engine) -> set[int]:
    """Initiatives whose results are released and unchanged since (or never submitted)."""
    with read_session(engine) as s:
        return set(
            s.scalars(
                select(Initiative.id).where(
                    Initiative.scores_version == Initiative.released_version
                )
            )
        )


def _assert_in_sync(engine: Engine, everything: bool = False) -> dict[str, list[tuple]]:
    """Stored rows of released initiatives == recomputed ones (keys exactly, scores to 1e-12);
    with ``everything``, for all initiatives. Returns the stored rows."""
    stored = derived_scores.stored_initiative_scores(engine)
    ids = None if everything else _released_ids(engine)
    expected = derived_scores.recomputed_initiative_scores(engine, ids)
    if ids is not None:
        stored = {t: [r for r in rows if r[0] in ids] for t, rows in stored.items()}
    assert set(stored) == DERIVED_TABLES
    for table, rows in expected.items():
        assert len(stored[table]) == len(rows), table
        for got, want in zip(stored[table], rows, strict=True):
            score_at = {"initiative_criterion_score": 3, "released_impact_step": 3}.get(table, 4)
            assert got[:score_at] == want[:score_at], table
            assert got[score_at] == pytest.approx(want[score_at], rel=1e-12), table
            assert got[score_at + 1 :] == want[score_at + 1 :], table
    return stored


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    demo.seed(engine, with_users=False)
    return engine


def test_seeding_fills_the_tables(seeded: Engine) -> None:
    stored = _assert_in_sync(seeded)
    latest = stored["initiative_criterion_score"]
    assert len(latest) > 1000
    # Initiative 1 (demo) has two projects with submitted rounds, both at round 2 (the second
    # one's round 2 was a team round): its latest is the mean of both, in round 2.
    own = [row for row in latest if row[0] == 1]
    assert own and all(row[4] == 2 and row[5] == 2 for row in own)
    rounds = {row[1] for row in stored["initiative_round_score"] if row[0] == 1}
    assert rounds == {1, 2}


def test_a_new_round_shows_with_the_networks_next_release(seeded: Engine) -> None:
    questionnaire = load_questionnaire()
    criterion = questionnaire.criteria[0]
    draft = assessments.start_round(seeded, 1, prefill=True)  # project 1 of initiative 1
    state = assessments.load_state(seeded, draft)
    assert state is not None
    assessments.save_step(
        seeded,
        draft,
        state.version,
        criterion.id,
        {item.id: 5 for item in criterion.items},
        None,
    )
    result = assessments.submit(seeded, draft)
    pending = derived_scores.stored_initiative_scores(seeded)["initiative_criterion_score"]
    assert {r[5] for r in pending if r[0] == 1} == {2}  # still the released round 2
    build = Builder(seeded)
    for i in range(4):  # four more changes in network 1 make five: the next release
        build.initiative(1, f"Neu {i}", rounds=[50.0])
    assert build.release() == [1]
    stored = _assert_in_sync(seeded)
    row = next(
        r for r in stored["initiative_criterion_score"] if r[0] == 1 and r[1] == criterion.id
    )
    # Project 1 is now at round 3, the demo's team project still at round 2: the initiative's
    # value is the mean of both projects' latest rounds, without one round number.
    with read_session(seeded) as s:
        team_project = s.scalar(
            select(CriterionScore.score)
            .join(Assessment, Assessment.id == CriterionScore.assessment_id)
            .join(Project, Project.id == Assessment.project_id)
            .where(
                Project.name == demo.DEMO_TEAM_PROJECT,
                Assessment.is_latest,
                CriterionScore.criterion_id == criterion.id,
            )
        )
    assert result.scores[criterion.id] == 100.0
    assert row[5] is None and row[3] == pytest.approx((100.0 + team_project) / 2)
    assert {r[1] for r in stored["initiative_round_score"] if r[0] == 1} == {1, 2, 3}


def test_erasing_an_initiative_removes_its_rows(seeded: Engine) -> None:
    with read_session(seeded) as s:
        name = s.scalar(select(Initiative.name).where(Initiative.id == 2))
        assert s.scalar(
            select(InitiativeCriterionScore.initiative_id).where(
                InitiativeCriterionScore.initiative_id == 2
            )
        )
    delete_initiative(seeded, 2, name)
    stored = _assert_in_sync(seeded)
    assert not [row for rows in stored.values() for row in rows if row[0] == 2]


@pytest.mark.parametrize("with_derived_tables", [True, False])
def test_restore_gives_the_same_tables(
    seeded: Engine, make_store: Callable[..., Engine], with_derived_tables: bool
) -> None:
    doc = load_backup_bytes(backup_bytes(seeded, "backup.json"))
    if not with_derived_tables:  # a backup made before revision 0002e
        for name in DERIVED_TABLES:
            del doc["tables"][name]
    target = make_store(migrate=False)
    restore(target, doc)
    if with_derived_tables:
        expected = derived_scores.stored_initiative_scores(seeded)
        assert derived_scores.stored_initiative_scores(target) == expected
    else:  # rebuilt from the scores: as if everything had been released
        _assert_in_sync(target, everything=True)


def test_migration_backfills_an_existing_store(seeded: Engine) -> None:
    spec = importlib.util.spec_from_file_location("migration_0002e", MIGRATION)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with seeded.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        migration.downgrade()
        migration.upgrade()
    # The backfill computes every initiative's rows (revision 0003b then calls them released).
    _assert_in_sync(seeded, everything=True)

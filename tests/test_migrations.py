"""Migrations build the schema from empty, match the models, and can be rolled back."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from mintqo.store.migrate import alembic_config, current_revisions, head_revisions, upgrade_to_head
from mintqo.store.models import Base


def test_upgrade_from_empty_matches_the_models(make_store) -> None:
    engine = make_store(migrate=False)
    assert inspect(engine).get_table_names() == []
    upgrade_to_head(engine)
    assert current_revisions(engine) == head_revisions()
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_upgrade_is_idempotent_and_downgrade_to_base_empties(make_store) -> None:
    engine = make_store(migrate=False)
    upgrade_to_head(engine)
    upgrade_to_head(engine)  # second start: nothing to do
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}


def test_upgrade_to_releases_keeps_every_row_and_makes_ids_autoincrement(sqlite_store) -> None:
    """Revision 0003b rebuilds every id table on SQLite (AUTOINCREMENT): no row may be lost,
    no cascade may fire, and the dashboards' rows become every network's first release."""
    from sqlalchemy import select, text

    from mintqo import demo
    from mintqo.store.models import NetworkRelease

    engine = sqlite_store
    demo.seed(engine, with_users=False)
    cfg = alembic_config()
    with engine.begin() as conn:  # back to the schema before releases, data kept
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002e")
    with engine.connect() as conn:
        counts = {
            t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
            for t in ("initiative", "project", "assessment", "answer", "criterion_score")
        }
        with_scores = conn.execute(
            text("SELECT count(DISTINCT network_id) FROM initiative_criterion_score")
        ).scalar()
    upgrade_to_head(engine)
    with engine.connect() as conn:
        for table, n in counts.items():
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == n, table
        ddl = dict(
            conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type='table'")).all()
        )
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
    for table in ("initiative", "project", "assessment", "app_user", "network", "answer"):
        assert "AUTOINCREMENT" in ddl[table], table
    with engine.connect() as conn:
        releases = conn.execute(select(NetworkRelease.network_id)).all()
    assert len(releases) == with_scores

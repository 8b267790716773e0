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

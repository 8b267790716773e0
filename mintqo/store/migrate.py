"""Schema migrations: the app and the CLI bring the database to the newest revision on start.

Feature work may add revisions on parallel branches; ``heads`` upgrades them all, so a merge
revision is tidy but never required for the app to start.

On SQLite, foreign keys are switched off while migrations run and checked afterwards: some
revisions rebuild a table (create a copy, drop the original, rename), and with foreign keys on,
dropping a table deletes the rows of every table that refers to it by ``ON DELETE CASCADE``.
The pragma only takes effect outside a transaction, so it is set on the raw connection before
the migration transaction begins.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from mintqo.store.engine import PROJECT_ROOT


class MigrationError(RuntimeError):
    """A migration left the store inconsistent (rolled back)."""


def alembic_config() -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    return cfg


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def _set_sqlite_foreign_keys(conn: Connection, on: bool) -> None:
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    dbapi.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def upgrade_to_head(engine: Engine) -> None:
    """Apply all pending migrations; a no-op (one cheap query) when the schema is current."""
    if current_revisions(engine) == head_revisions():
        return
    cfg = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            _set_sqlite_foreign_keys(conn, False)
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "heads")
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise MigrationError(f"foreign keys broken by a migration: {broken[:5]}")
        finally:
            if sqlite:
                _set_sqlite_foreign_keys(conn, True)

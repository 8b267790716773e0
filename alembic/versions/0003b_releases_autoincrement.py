"""releases of network results; ids never reused on SQLite

Revision ID: 0003b
Revises: 0002e
Create Date: 2026-12-01

1. ``initiative.scores_version`` / ``released_version`` and the ``network_release`` table: the
   dashboards' tables (``initiative_criterion_score``, ``initiative_round_score``) now hold the
   *released* values of each network. The rows that exist when this revision runs become every
   network's first release, so an upgraded store shows the same numbers as before.
2. SQLite reuses the highest rowid after a delete unless a table is declared ``AUTOINCREMENT``;
   caches and links keyed by ids then meet another object under an old id. Every table with an
   integer id is rebuilt with ``AUTOINCREMENT`` (the SQLite "12-step" rebuild; the migration
   runner switches foreign keys off around it, see ``mintqo.store.migrate``). PostgreSQL's
   sequences never reuse a value: nothing to do there.
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003b"
down_revision: str | None = "0002e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID_TABLES = (
    "cohort",
    "network",
    "initiative",
    "project",
    "app_user",
    "assessment",
    "answer",
    "action_item",
    "one_time_code",
    "login_event",
    "audit_event",
)


def _release_columns() -> None:
    for column in ("scores_version", "released_version"):
        op.add_column(
            "initiative",
            sa.Column(column, sa.Integer(), server_default=sa.text("0"), nullable=False),
        )
    op.create_table(
        "network_release",
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("release_no", sa.Integer(), nullable=False),
        sa.Column("released_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_network_release_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("network_id", name=op.f("pk_network_release")),
    )
    op.execute(
        "INSERT INTO network_release (network_id, release_no, released_at) "
        "SELECT DISTINCT network_id, 1, CURRENT_TIMESTAMP FROM initiative_criterion_score"
    )


def _with_autoincrement(create_sql: str, table: str) -> str:
    """The table's CREATE statement with ``id … PRIMARY KEY AUTOINCREMENT``."""
    column = "id INTEGER NOT NULL, "
    constraint = re.compile(rf",?\s*CONSTRAINT pk_{table} PRIMARY KEY \(id\)")
    if column not in create_sql or not constraint.search(create_sql):
        raise RuntimeError(f"unexpected schema of {table}: {create_sql}")
    with_key = create_sql.replace(column, "id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, ", 1)
    return constraint.sub("", with_key, count=1)


def _rebuild_sqlite_table(table: str) -> None:
    conn = op.get_bind()
    create_sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar_one()
    if "AUTOINCREMENT" in create_sql:
        return
    indexes = [
        r[0]
        for r in conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (table,),
        )
    ]
    new = f"_new_{table}"
    conn.exec_driver_sql(
        _with_autoincrement(create_sql, table).replace(
            f"CREATE TABLE {table} (", f"CREATE TABLE {new} (", 1
        )
    )
    conn.exec_driver_sql(f"INSERT INTO {new} SELECT * FROM {table}")
    conn.exec_driver_sql(f"DROP TABLE {table}")
    conn.exec_driver_sql(f"ALTER TABLE {new} RENAME TO {table}")
    for sql in indexes:
        conn.exec_driver_sql(sql)


def upgrade() -> None:
    _release_columns()
    if op.get_bind().dialect.name == "sqlite":
        for table in ID_TABLES:
            _rebuild_sqlite_table(table)


def downgrade() -> None:
    op.drop_table("network_release")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite ≥ 3.35 drops columns natively (a batch rebuild would cascade deletes).
        for column in ("released_version", "scores_version"):
            op.execute(f"ALTER TABLE initiative DROP COLUMN {column}")
    else:
        op.drop_column("initiative", "released_version")
        op.drop_column("initiative", "scores_version")

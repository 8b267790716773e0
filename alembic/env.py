"""Alembic environment: uses a connection handed in by mintqo.store.migrate, or DATABASE_URL."""

from alembic import context

from mintqo.store.engine import make_engine
from mintqo.store.models import Base

target_metadata = Base.metadata


def run_migrations_offline() -> None:
    from mintqo.store.engine import database_url

    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine()
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

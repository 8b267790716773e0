"""The declarative base every table shares, its naming convention, and ``utcnow``.

One ``Base`` (one ``MetaData``) for all models, so Alembic, backups and erasure see every table
through :data:`Base.metadata`; the naming convention gives constraints the same names on SQLite
and PostgreSQL, which migrations rely on.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Now in UTC, without tzinfo: how every timestamp column stores time."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

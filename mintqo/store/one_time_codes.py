"""Invitation and reset codes in the database (only their hash is stored).

No access decisions here: :mod:`mintqo.services.invitations` and
:mod:`mintqo.services.accounts` check who may create, see, revoke and redeem codes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from mintqo.store.engine import read_session
from mintqo.store.models import Initiative, Network, OneTimeCode, User


@dataclass(frozen=True)
class CodeRow:
    code_id: int
    kind: str
    role: str | None
    network_id: int | None
    initiative_id: int | None
    user_id: int | None
    created_by: int | None
    label: str
    expires_at: dt.datetime
    used_at: dt.datetime | None


@dataclass(frozen=True)
class OpenCode:
    code_id: int
    kind: str
    role: str | None
    label: str
    network_id: int | None
    network_name: str | None
    initiative_id: int | None
    initiative_name: str | None
    username: str | None
    created_by: str | None
    created_at: dt.datetime
    expires_at: dt.datetime


def _code_row(row: OneTimeCode) -> CodeRow:
    return CodeRow(
        row.id,
        row.kind,
        row.role,
        row.network_id,
        row.initiative_id,
        row.user_id,
        row.created_by,
        row.label,
        row.expires_at,
        row.used_at,
    )


def add_code(
    s: Session,
    *,
    code_hash: str,
    kind: str,
    created_at: dt.datetime,
    expires_at: dt.datetime,
    role: str | None = None,
    network_id: int | None = None,
    initiative_id: int | None = None,
    user_id: int | None = None,
    created_by: int | None = None,
    label: str = "",
) -> int:
    row = OneTimeCode(
        code_hash=code_hash,
        kind=kind,
        role=role,
        network_id=network_id,
        initiative_id=initiative_id,
        user_id=user_id,
        created_by=created_by,
        label=label[:200],
        created_at=created_at,
        expires_at=expires_at,
    )
    s.add(row)
    s.flush()
    return row.id


def find_code(s: Session, code_hash: str, kind: str) -> CodeRow | None:
    row = s.scalar(
        select(OneTimeCode).where(OneTimeCode.code_hash == code_hash, OneTimeCode.kind == kind)
    )
    return None if row is None else _code_row(row)


def code_by_id(s: Session, code_id: int) -> CodeRow | None:
    row = s.get(OneTimeCode, code_id)
    return None if row is None else _code_row(row)


def use_code(s: Session, code_id: int, at: dt.datetime) -> bool:
    """Mark a code used; False if it was used already (e.g. by a concurrent request)."""
    done = s.execute(
        update(OneTimeCode)
        .where(OneTimeCode.id == code_id, OneTimeCode.used_at.is_(None))
        .values(used_at=at)
    ).rowcount
    return done == 1


def open_codes(
    engine: Engine,
    now: dt.datetime,
    *,
    network_id: int | None = None,
    initiative_id: int | None = None,
) -> list[OpenCode]:
    """Unused, unexpired codes: all, those of one network, or those that concern one initiative
    (invitations into it and reset codes for its accounts)."""
    creator = User.__table__.alias("creator")
    target = User.__table__.alias("target")
    query = (
        select(
            OneTimeCode.id,
            OneTimeCode.kind,
            OneTimeCode.role,
            OneTimeCode.label,
            OneTimeCode.network_id,
            Network.name.label("network_name"),
            OneTimeCode.initiative_id,
            Initiative.name.label("initiative_name"),
            target.c.username.label("target_username"),
            creator.c.username.label("creator_username"),
            OneTimeCode.created_at,
            OneTimeCode.expires_at,
        )
        .outerjoin(Network, Network.id == OneTimeCode.network_id)
        .outerjoin(Initiative, Initiative.id == OneTimeCode.initiative_id)
        .outerjoin(target, target.c.id == OneTimeCode.user_id)
        .outerjoin(creator, creator.c.id == OneTimeCode.created_by)
        .where(OneTimeCode.used_at.is_(None), OneTimeCode.expires_at > now)
        .order_by(OneTimeCode.expires_at)
    )
    if network_id is not None:
        query = query.where(OneTimeCode.network_id == network_id)
    if initiative_id is not None:
        query = query.where(
            (OneTimeCode.initiative_id == initiative_id) | (target.c.initiative_id == initiative_id)
        )
    with read_session(engine) as s:
        return [
            OpenCode(
                r.id,
                r.kind,
                r.role,
                r.label,
                r.network_id,
                r.network_name,
                r.initiative_id,
                r.initiative_name,
                r.target_username,
                r.creator_username,
                r.created_at,
                r.expires_at,
            )
            for r in s.execute(query)
        ]


def withdraw_open_resets(s: Session, user_id: int, at: dt.datetime) -> None:
    """After a reset: the account's other open reset codes are void."""
    s.execute(
        update(OneTimeCode)
        .where(
            OneTimeCode.user_id == user_id,
            OneTimeCode.kind == "reset",
            OneTimeCode.used_at.is_(None),
        )
        .values(used_at=at)
    )

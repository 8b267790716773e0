"""Shared pieces of the account use cases: the refusal type, code messages, issuing and redeeming
one-time codes (invitations and resets), and the account name check."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from mintqo.auth import codes
from mintqo.errors import UserError
from mintqo.store import one_time_codes
from mintqo.store.one_time_codes import CodeRow

INVITATION_DAYS = 14
RESET_HOURS = 72
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")

BAD_USERNAME = (
    "Der Benutzername braucht 3 bis 64 Zeichen: Kleinbuchstaben a–z, Ziffern, Punkt, "
    "Bindestrich oder Unterstrich, am Anfang ein Buchstabe oder eine Ziffer."
)
CODE_UNKNOWN = "Dieser Code ist nicht gültig. Bitte prüfen Sie die Eingabe."
CODE_EXPIRED = "Dieser Code ist abgelaufen. Bitte lassen Sie sich einen neuen Code geben."
CODE_USED = "Dieser Code wurde bereits verwendet. Bitte lassen Sie sich einen neuen Code geben."
CODE_OTHER_USER = "Dieser Code gehört nicht zu diesem Benutzernamen."
NOT_ALLOWED = "Dazu sind Sie nicht berechtigt."
WRONG_CURRENT = "Das aktuelle Passwort ist nicht richtig."


class AccountError(UserError):
    """A user mistake or refusal around accounts; ``str(error)`` is the German message."""


@dataclass(frozen=True)
class IssuedCode:
    """A freshly created code: the only moment the plain code exists. Show it once."""

    code_id: int
    code: str
    expires_at: dt.datetime


def check_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME_PATTERN.match(name):
        raise AccountError(BAD_USERNAME)
    return name


def issue(
    s: Session, kind: str, created_at: dt.datetime, expires_at: dt.datetime, **row
) -> IssuedCode:
    """Store a new code of ``kind`` (only its hash) and return the plain code once."""
    code = codes.new_code()
    code_id = one_time_codes.add_code(
        s,
        code_hash=codes.code_hash(code),
        kind=kind,
        created_at=created_at,
        expires_at=expires_at,
        **row,
    )
    return IssuedCode(code_id, code, expires_at)


def load(s: Session, code: str, kind: str, now: dt.datetime) -> CodeRow:
    """A usable code of ``kind``; refuses unknown, used and expired codes (in German)."""
    row = one_time_codes.find_code(s, codes.code_hash(code), kind)
    if row is None:
        raise AccountError(CODE_UNKNOWN)
    if row.used_at is not None:
        raise AccountError(CODE_USED)
    if row.expires_at <= now:
        raise AccountError(CODE_EXPIRED)
    return row


def use(s: Session, row: CodeRow, now: dt.datetime) -> None:
    """Mark used, refusing if a concurrent request got there first."""
    if not one_time_codes.use_code(s, row.code_id, now):
        raise AccountError(CODE_USED)

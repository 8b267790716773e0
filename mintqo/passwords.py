"""Password hashing with bcrypt (the format streamlit-authenticator checks against)."""

from __future__ import annotations

import secrets
from functools import cache

import bcrypt

BCRYPT_ROUNDS = 12


def hash_password(password: str, rounds: int = BCRYPT_ROUNDS) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds)).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8"), password_hash.encode("ascii"))
    except ValueError:  # longer than bcrypt's 72 bytes, or a malformed hash
        return False


@cache
def dummy_hash() -> str:
    """A bcrypt hash (same cost as real ones) of a random secret nobody knows: the login checks
    unknown and disabled user names against it, so they cost as much time as a wrong password."""
    return hash_password(secrets.token_urlsafe(32))

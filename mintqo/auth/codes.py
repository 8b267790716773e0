"""One-time codes for invitations and password resets.

A code is 20 characters from a 32-letter alphabet without look-alikes (100 bits from
``secrets``), shown in groups of five: ``K7QM2-...``. Only the SHA-256 of the normalised code is
stored; with this much entropy a fast hash is enough (nobody can enumerate 2^100 candidates).
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
LENGTH = 20
GROUP = 5


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalise(code: str) -> str:
    """Upper-case, without spaces and dashes (people copy codes in all sorts of ways)."""
    return "".join(ch for ch in code.upper() if ch not in " -\t\r\n")


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode("ascii", "replace")).hexdigest()

"""Password policy (ASVS-style): length only, no composition rules, no hints, no common passwords.

- at least 10 characters,
- at most 72 bytes in UTF-8 (bcrypt ignores or rejects anything longer),
- not one of the 1,000 most common passwords (``data/common-passwords.txt``), not the user name.

Passwords are compared after ``.strip()`` because streamlit-authenticator strips what users type
into its login form; we strip on setting too, so both sides agree.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

MIN_CHARS = 10
MAX_BYTES = 72
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parents[2] / "data" / "common-passwords.txt"

TOO_SHORT = f"Das Passwort muss mindestens {MIN_CHARS} Zeichen lang sein."
TOO_LONG = (
    f"Das Passwort ist zu lang: höchstens {MAX_BYTES} Bytes (etwa {MAX_BYTES} Zeichen ohne "
    "Umlaute, weniger mit Umlauten oder Sonderzeichen)."
)
TOO_COMMON = "Dieses Passwort gehört zu den häufigsten Passwörtern. Bitte wählen Sie ein anderes."
SAME_AS_USERNAME = "Das Passwort darf nicht der Benutzername sein."
MISMATCH = "Die beiden Passwörter stimmen nicht überein."

POLICY_HINT = (
    f"Mindestens {MIN_CHARS} Zeichen. Am besten ein Satz aus mehreren Wörtern – "
    "Sonderzeichen sind nicht nötig."
)


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def normalise(password: str) -> str:
    return password.strip()


def password_problem(password: str, username: str | None = None) -> str | None:
    """The German reason why ``password`` is not acceptable, or None if it is."""
    password = normalise(password)
    if len(password) < MIN_CHARS:
        return TOO_SHORT
    if len(password.encode("utf-8")) > MAX_BYTES:
        return TOO_LONG
    if password.lower() in common_passwords():
        return TOO_COMMON
    if username and password.lower() == username.strip().lower():
        return SAME_AS_USERNAME
    return None


def new_password_problem(password: str, repeated: str, username: str | None = None) -> str | None:
    """As :func:`password_problem`, plus: both entries must match."""
    problem = password_problem(password, username)
    if problem is None and normalise(password) != normalise(repeated):
        return MISMATCH
    return problem

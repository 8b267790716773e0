"""Known database faults, told apart by their message, with the German text a user should read.

Pure: it inspects exceptions only, so the UI and the CLI can use it without importing the store.
"""

from __future__ import annotations

BUSY_MESSAGE = (
    "Die Datenbank ist gerade stark ausgelastet; Ihre Eingaben wurden noch nicht gespeichert. "
    "Bitte versuchen Sie es in einem Moment noch einmal – Ihre Eingaben bleiben erhalten."
)
_LOCKED_PHRASES = ("database is locked", "database table is locked", "database is busy")


def is_database_locked(exc: BaseException) -> bool:
    """True for SQLite's 'database is locked'/'busy' errors (possibly wrapped by SQLAlchemy),
    and for errors that say they are one (``busy = True``)."""
    if getattr(exc, "busy", False):
        return True
    text = str(getattr(exc, "orig", None) or exc).lower()
    return any(phrase in text for phrase in _LOCKED_PHRASES)


def database_error_message(exc: BaseException) -> str | None:
    """A German message for a known database fault, or None if it is not one we recognise."""
    if is_database_locked(exc):
        return BUSY_MESSAGE
    return None

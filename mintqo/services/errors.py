"""Refusals of the use-case layer (German messages, shown as they are)."""

from __future__ import annotations

from mintqo.errors import UserError

NOT_ALLOWED = "Dazu sind Sie nicht berechtigt."
ACCOUNT_GONE = (
    "Ihr Benutzerkonto ist nicht mehr aktiv oder wurde geändert. Bitte melden Sie sich neu an."
)


class NotAllowed(UserError):
    """The acting user may not do this (or the object does not exist: same answer, no probing)."""

    def __init__(self, message: str = NOT_ALLOWED) -> None:
        super().__init__(message)


class AccountGone(NotAllowed):
    """The acting user's account was disabled, deleted or changed since the page was drawn."""

    def __init__(self) -> None:
        super().__init__(ACCOUNT_GONE)

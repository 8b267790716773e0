"""Which screens a user is offered (asked of :mod:`mintqo.access`)."""

from __future__ import annotations

from mintqo import access
from mintqo.access import Actor


def may_open(actor: Actor | None, page: str) -> bool:
    """May this user (None: nobody logged in) open the page named ``page`` (file stem)?"""
    return access.may_open_page(actor, page)

"""Access rules: the only place that decides who may see or change what. Pure functions.

Every page asks these functions with the ids it is about to show, after loading the ownership
of the object from the store; ids from URLs or session state are never trusted on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["initiative", "coordinator", "admin"]


@dataclass(frozen=True)
class Actor:
    """The logged-in user, as loaded from the database on this run."""

    user_id: int
    username: str
    display_name: str
    role: Role
    initiative_id: int | None = None
    network_id: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

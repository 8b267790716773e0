"""What the demo is made of: its sizes, and the named network, initiative and users it shows.

Kept apart from the generators because the app, the CLI and the tests refer to these names
(the demo logins, the demo initiative) without generating anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): called as a generation stage advances."""

DEMO_USERS = {
    "initiative": "demo-initiative",
    "team": "demo-team",
    "koordination": "demo-koordination",
    "admin": "demo-admin",
}
"""Demo logins by ``?demo=`` key. ``demo-team`` is a second member of the demo initiative, so a
team round's comparison can be shown live (see :mod:`mintqo.demo.team`)."""
DEMO_TEAM_MEMBERS = {"lead": "demo-initiative", "team": "demo-team", "mitglied": "demo-mitglied"}
"""The three members of the demo initiative's team rounds (member key → user name); the third
logs in with the demo password through the form, without a demo button."""
DEMO_TEAM_PROJECT = "Sommer-Forschercamp"
DEMO_INITIATIVE_NAME = "Robotik-Werkstatt Demostadt e.V."
DEMO_NETWORK_NAME = "MINT-Region Demoland"
DEMO_NETWORK_SHARING = frozenset({0, 3, 7})
"""Initiatives of the demo network (by index) that share their results by name: three of
twelve, so the coordinator sees names and, with the nine others, an anonymous picture."""
DEMO_NETWORK_DRAFT_ONLY = frozenset({10, 11})
"""Demo-network initiatives still working on their first round (the participation list)."""


@dataclass(frozen=True)
class Scale:
    name: str
    cohorts: int
    networks: int
    initiatives: int
    projects: int
    round_weights: tuple[float, float, float]  # probability of 1, 2, 3 rounds
    draft_share: float  # share of projects whose newest round is an open draft


SCALES = {
    "demo": Scale("demo", 2, 20, 150, 200, (0.35, 0.4, 0.25), 0.15),
    "national": Scale("national", 7, 130, 10_000, 13_000, (0.05, 0.2, 0.75), 0.1),
}

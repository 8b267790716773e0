"""Deterministic synthetic data for demos, tests and benchmarks.

Profiles are realistic rather than uniform: every initiative has an archetype (e.g. a strong
offer but little evidence of results), rounds improve a little over time, some statements are
'nicht zutreffend', and some projects have an open draft. Dates lie within the 18 months before
the day of seeding, so the demo looks current; the same seed on the same day gives the same data.
Rows are written with bulk Core inserts in batches, so the national scale (≈ 2 million
answers) loads in well under a minute.

The parts: :mod:`~mintqo.demo.settings` (sizes, demo names and users), :mod:`~mintqo.demo.names`,
:mod:`~mintqo.demo.organisations`, :mod:`~mintqo.demo.rounds`, :mod:`~mintqo.demo.bulk` (batches,
emptying, counts) and :mod:`~mintqo.demo.seeding`, which runs them in order. This package
re-exports what the CLI, the app, tests and benchmarks use (``demo.seed``, ``demo.DEMO_USERS`` …).
"""

from __future__ import annotations

from mintqo.demo.bulk import clear_all, is_empty, table_counts
from mintqo.demo.rounds import ARCHETYPES, WINDOW_DAYS, Archetype
from mintqo.demo.seeding import SeedReport, demo_password, seed
from mintqo.demo.settings import (
    DEMO_INITIATIVE_NAME,
    DEMO_NETWORK_DRAFT_ONLY,
    DEMO_NETWORK_NAME,
    DEMO_NETWORK_SHARING,
    DEMO_TEAM_MEMBERS,
    DEMO_TEAM_PROJECT,
    DEMO_USERS,
    SCALES,
    Progress,
    Scale,
)

__all__ = [
    "ARCHETYPES",
    "DEMO_INITIATIVE_NAME",
    "DEMO_NETWORK_DRAFT_ONLY",
    "DEMO_NETWORK_NAME",
    "DEMO_NETWORK_SHARING",
    "DEMO_TEAM_MEMBERS",
    "DEMO_TEAM_PROJECT",
    "DEMO_USERS",
    "SCALES",
    "WINDOW_DAYS",
    "Archetype",
    "Progress",
    "Scale",
    "SeedReport",
    "clear_all",
    "demo_password",
    "is_empty",
    "seed",
    "table_counts",
]

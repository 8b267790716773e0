"""The synthetic organisations: cohorts, networks, initiatives and projects, written in bulk.

Network 1 is the demo network with a dozen initiatives, so its coordinator has a real picture;
initiative 1 is the demo initiative with two projects (one submitted, one open draft). Dates
follow the seeding day: the newest cohorts are this year's and last year's.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, insert

from mintqo.demo.bulk import batched
from mintqo.demo.names import PROJECT_NAMES, initiative_names, network_names
from mintqo.demo.settings import (
    DEMO_INITIATIVE_NAME,
    DEMO_NETWORK_NAME,
    DEMO_NETWORK_SHARING,
    Scale,
)
from mintqo.store.engine import write_session
from mintqo.store.models import Base


@dataclass(frozen=True)
class Organisations:
    """The rows written, as the rounds need them (ids, owners, creation dates)."""

    initiatives: list[dict[str, Any]]
    projects: list[dict[str, Any]]


def write_organisations(
    engine: Engine, rng: random.Random, spec: Scale, now: dt.datetime
) -> Organisations:
    """Write cohorts, networks, initiatives and projects of ``spec``; ids start at 1."""
    cohorts = []
    for i in range(spec.cohorts):
        year = now.year - (spec.cohorts - 1 - i)
        created = min(dt.datetime(year, 1, 15, 10), now - dt.timedelta(days=200))
        cohorts.append(
            {
                "id": i + 1,
                "name": f"Qualifizierungsdurchgang {year}",
                "year": year,
                "created_at": created,
            }
        )
    names_of_networks = network_names(rng, spec.networks)
    names_of_networks[0] = DEMO_NETWORK_NAME
    networks = [
        {
            "id": i + 1,
            "name": name,
            "cohort_id": 1 + i * spec.cohorts // spec.networks,
            "archived": False,
            "created_at": cohorts[i * spec.cohorts // spec.networks]["created_at"],
        }
        for i, name in enumerate(names_of_networks)
    ]
    # The demo network gets a dozen initiatives so its coordinator has a real picture.
    demo_network_size = 12
    initiatives = []
    names = initiative_names(rng, spec.initiatives)
    for i in range(spec.initiatives):
        network_id = (
            1 if i < demo_network_size else 2 + (i - demo_network_size) % (spec.networks - 1)
        )
        initiatives.append(
            {
                "id": i + 1,
                "name": DEMO_INITIATIVE_NAME if i == 0 else names[i],
                "network_id": network_id,
                "share_named_results": (
                    i in DEMO_NETWORK_SHARING if i < demo_network_size else rng.random() < 0.4
                ),
                "created_at": networks[network_id - 1]["created_at"]
                + dt.timedelta(days=rng.randint(1, 60)),
            }
        )
    # Every initiative gets one project; the rest are spread at random. The demo initiative
    # gets a second one so it shows a submitted project and an open draft.
    project_owner = [*range(1, spec.initiatives + 1), 1]
    project_owner += [
        rng.randint(1, spec.initiatives) for _ in range(spec.projects - len(project_owner))
    ]
    projects = [
        {
            "id": p + 1,
            "initiative_id": owner,
            "name": rng.choice(PROJECT_NAMES),
            "created_at": initiatives[owner - 1]["created_at"],
        }
        for p, owner in enumerate(project_owner)
    ]
    with write_session(engine) as s:
        for table, rows in (
            ("cohort", cohorts),
            ("network", networks),
            ("initiative", initiatives),
            ("project", projects),
        ):
            for batch in batched(iter(rows)):
                s.execute(insert(Base.metadata.tables[table]), batch)
    return Organisations(initiatives=initiatives, projects=projects)

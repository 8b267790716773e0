"""Seeding a store with the demo: organisations, rounds (and the demo initiative's team rounds),
a release, a buddy pair, the users.

Deterministic: the same seed on the same day gives the same data (only the demo password, when
none is configured, is random). The steps live in their own modules; this one orders them and
reports what was written.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import secrets
from dataclasses import dataclass, field

from sqlalchemy import Engine

from mintqo.demo.bulk import is_empty, mark_submitted_as_changed, reset_sequences, table_counts
from mintqo.demo.organisations import write_organisations
from mintqo.demo.rounds import write_rounds
from mintqo.demo.settings import DEMO_USERS, SCALES, Progress
from mintqo.demo.team import team_user_ids, write_team_rounds, write_team_sheets
from mintqo.passwords import hash_password
from mintqo.questionnaire import load_questionnaire
from mintqo.store import releases, versions
from mintqo.store.engine import write_session
from mintqo.store.models import BuddyPair
from mintqo.store.models import utcnow as utc_now
from mintqo.store.users import create_user


@dataclass
class SeedReport:
    """Counts of what was written (and the demo password, if one was generated)."""

    counts: dict[str, int] = field(default_factory=dict)
    demo_password: str | None = None
    password_generated: bool = False


def demo_password() -> tuple[str, bool]:
    """The password for the demo users: MINTQO_DEMO_PASSWORD, or a fresh random one."""
    configured = os.environ.get("MINTQO_DEMO_PASSWORD", "").strip()
    if configured:
        return configured, False
    return "demo-" + secrets.token_urlsafe(9), True


def seed(
    engine: Engine,
    scale: str = "demo",
    seed: int = 2026,
    progress: Progress | None = None,
    with_users: bool = True,
    today: dt.datetime | None = None,
) -> SeedReport:
    """Fill an empty store with synthetic data dated relative to ``today`` (UTC, default: now),
    so the demo looks alive whenever it is seeded. Raises ValueError if the store is not
    empty."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    if not is_empty(engine):
        raise ValueError("Die Datenbank enthält bereits Daten (demo-reset leert sie vorher).")
    spec = SCALES[scale]
    rng = random.Random(seed)
    questionnaire = load_questionnaire()
    report = SeedReport()
    tick = progress or (lambda stage, done, total: None)
    now = (today or utc_now()).replace(microsecond=0)
    initiatives_and_projects = write_organisations(engine, rng, spec, now)
    tick("Organisationen", 1, 1)
    write_rounds(
        engine,
        rng,
        questionnaire,
        spec,
        initiatives_and_projects.initiatives,
        initiatives_and_projects.projects,
        now,
        tick,
    )
    reset_sequences(engine)
    team_rounds = write_team_rounds(engine, questionnaire, 1, now)
    # Every initiative with a submission counts as changed; networks with at least five are
    # released (the dashboards' tables, one INSERT … SELECT each: ≈ 3 s national).
    with write_session(engine) as s:
        mark_submitted_as_changed(s)
        releases.release_all_due(s)
        versions.renew_generation(s)
        # The demo network compares itself with network 2 (buddy programme, Transferwerkstatt).
        s.add(
            BuddyPair(
                requester_network_id=1,
                partner_network_id=2,
                status="active",
                requested_at=now - dt.timedelta(days=40),
                answered_at=now - dt.timedelta(days=38),
            )
        )
    tick("Auswertungstabellen", 1, 1)

    if with_users:
        report.demo_password, report.password_generated = _create_demo_users(engine)
        write_team_sheets(engine, questionnaire, team_rounds, team_user_ids(engine))
    report.counts = table_counts(engine)
    return report


def _create_demo_users(engine: Engine) -> tuple[str, bool]:
    """The demo logins (and the third team member) with one shared password; returns it and
    whether it was generated."""
    password, generated = demo_password()
    pw_hash = hash_password(password)
    create_user(
        engine,
        DEMO_USERS["initiative"],
        password,
        "initiative",
        display_name="Demo-Initiative",
        initiative_id=1,
        password_hash=pw_hash,
    )
    for username, display_name in (("demo-team", "Demo-Team"), ("demo-mitglied", "Demo-Mitglied")):
        create_user(
            engine,
            username,
            password,
            "initiative",
            display_name=display_name,
            initiative_id=1,
            password_hash=pw_hash,
        )
    create_user(
        engine,
        DEMO_USERS["koordination"],
        password,
        "coordinator",
        display_name="Demo-Koordination",
        network_id=1,
        password_hash=pw_hash,
    )
    create_user(
        engine,
        DEMO_USERS["admin"],
        password,
        "admin",
        display_name="Demo-Programmteam",
        password_hash=pw_hash,
    )
    return password, generated

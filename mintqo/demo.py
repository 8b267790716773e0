"""Deterministic synthetic data for demos, tests and benchmarks.

Profiles are realistic rather than uniform: every initiative has an archetype (e.g. a strong
offer but little evidence of results), rounds improve a little over time, some statements are
'nicht zutreffend', and some projects have an open draft. Dates lie within the 18 months before
the day of seeding, so the demo looks current; the same seed on the same day gives the same data.
Rows are written with bulk Core inserts in batches, so the national scale (≈ 2 million
answers) loads in well under a minute.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, Table, delete, func, insert, select, text, update

from mintqo.passwords import hash_password
from mintqo.questionnaire import Questionnaire, load_questionnaire
from mintqo.scoring import score_assessment
from mintqo.store import releases, versions
from mintqo.store.engine import read_session, write_session
from mintqo.store.models import (
    Answer,
    Assessment,
    Base,
    BuddyPair,
    CriterionScore,
    Initiative,
    Network,
    Project,
    User,
)
from mintqo.store.models import utcnow as utc_now
from mintqo.store.users import create_user

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): called as a generation stage advances."""

DEMO_USERS = {
    "initiative": "demo-initiative",
    "koordination": "demo-koordination",
    "admin": "demo-admin",
}
DEMO_INITIATIVE_NAME = "Robotik-Werkstatt Demostadt e.V."
DEMO_NETWORK_NAME = "MINT-Region Demoland"
DEMO_NETWORK_SHARING = frozenset({0, 3, 7})
"""Initiatives of the demo network (by index) that share their results by name: three of
twelve, so the coordinator sees names and, with the nine others, an anonymous picture."""
DEMO_NETWORK_DRAFT_ONLY = frozenset({10, 11})
"""Demo-network initiatives still working on their first round (the participation list)."""
_BATCH = 20_000


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


@dataclass(frozen=True)
class Archetype:
    name: str
    area_levels: dict[str, float]  # mean rating per area on the 1–5 scale


ARCHETYPES = (
    Archetype("starkes Angebot, wenig Wirkungsnachweis", {"AQ": 4.1, "RQ": 3.4, "EQ": 2.3}),
    Archetype("ausgewogen stark", {"AQ": 4.0, "RQ": 3.9, "EQ": 3.7}),
    Archetype("knappe Ressourcen", {"AQ": 3.6, "RQ": 2.4, "EQ": 3.0}),
    Archetype("Neustart", {"AQ": 2.8, "RQ": 2.6, "EQ": 2.1}),
    Archetype("wirkungsorientiert", {"AQ": 3.5, "RQ": 3.3, "EQ": 4.0}),
    Archetype("gut vernetzt", {"AQ": 3.3, "RQ": 4.0, "EQ": 2.9}),
)

_REGIONS = (
    "Nordheide",
    "Oberrhein",
    "Bergisches Land",
    "Westpfalz",
    "Uckermark",
    "Allgäu",
    "Ostfriesland",
    "Vogtland",
    "Mittelhessen",
    "Bodensee",
    "Altmark",
    "Lausitz",
    "Eifel",
    "Münsterland",
    "Harz",
    "Spreewald",
    "Emsland",
    "Saarpfalz",
    "Oberlausitz",
    "Wetterau",
    "Hohenlohe",
    "Rhön",
    "Sauerland",
    "Ostholstein",
    "Chiemgau",
    "Prignitz",
    "Hunsrück",
    "Weserbergland",
    "Erzgebirge",
    "Taunus",
    "Kraichgau",
    "Elbe-Weser",
    "Fichtelgebirge",
    "Vorpommern",
    "Niederrhein",
    "Schwarzwald-Baar",
    "Oderland",
    "Ortenau",
    "Steigerwald",
    "Westerwald",
    "Lippe",
    "Mecklenburgische Seenplatte",
    "Donau-Ries",
    "Ostalb",
    "Wendland",
)
_NETWORK_KINDS = ("MINT-Region", "MINT-Netzwerk", "MINT-Cluster")
_TOWNS = (
    "Lindenau",
    "Birkenfeld",
    "Eichstetten",
    "Ahornberg",
    "Weidenthal",
    "Buchholz",
    "Tannhausen",
    "Erlenbach",
    "Haselünne",
    "Kirchrode",
    "Mühlheim",
    "Seefeld",
    "Steinbach",
    "Wiesental",
    "Brunnhof",
    "Rosental",
    "Feldkirch",
    "Waldau",
    "Neuhaus",
    "Bergheim",
    "Altdorf",
    "Hochfeld",
)
_INITIATIVE_KINDS = (
    "Robotik-AG",
    "Schülerlabor",
    "Science Center",
    "Coding Club",
    "Forscherwerkstatt",
    "MINT-Förderverein",
    "Makerspace",
    "Jugendtechnikschule",
    "Sternwarte",
    "Naturforscher-Club",
    "Technikmuseum",
    "Mathe-Zirkel",
    "Umweltbildungszentrum",
    "Hackerspace für Jugendliche",
)
_LEGAL_FORMS = ("e.V.", "gGmbH", "", "", "e.V.")
_PROJECTS = (
    "Roboter bauen für Einsteiger:innen",
    "Ferienakademie Chemie",
    "Programmieren mit Calliope",
    "Mädchen-Technik-Tag",
    "Forschen im Bach",
    "Sternenkunde am Abend",
    "3D-Druck-Werkstatt",
    "Mathe-Olympiade-Training",
    "Energie-Detektive",
    "Elektronik-Löt-Kurs",
    "Klimaforschung für Schulklassen",
    "Tüftelnachmittag Grundschule",
    "App-Entwicklung AG",
    "Bionik-Projektwoche",
    "Drohnen-Workshop",
    "Experimentierkoffer-Ausleihe",
)


@dataclass
class SeedReport:
    """Counts of what was written (and the demo password, if one was generated)."""

    counts: dict[str, int] = field(default_factory=dict)
    demo_password: str | None = None
    password_generated: bool = False


def _network_names(rng: random.Random, n: int) -> list[str]:
    names: list[str] = []
    regions = list(_REGIONS)
    rng.shuffle(regions)
    i = 0
    while len(names) < n:
        kind = _NETWORK_KINDS[(i // len(regions)) % len(_NETWORK_KINDS)]
        lap = i // (len(regions) * len(_NETWORK_KINDS))
        name = f"{kind} {regions[i % len(regions)]}" + (f" {lap + 1}" if lap else "")
        names.append(name)
        i += 1
    return names


def _initiative_names(rng: random.Random, n: int) -> list[str]:
    """``n`` different plausible names (kind, town, legal form); a number only when the
    combinations run out (at national scale)."""
    names: list[str] = []
    seen: set[str] = set()
    for index in range(n):
        for _ in range(40):
            kind, town = rng.choice(_INITIATIVE_KINDS), rng.choice(_TOWNS)
            name = f"{kind} {town} {rng.choice(_LEGAL_FORMS)}".strip()
            if name not in seen:
                break
        else:
            name = f"{kind} {town} {index + 1}"
        seen.add(name)
        names.append(name)
    return names


WINDOW_DAYS = 540
"""Rounds of the demo data fall within the last 18 months before the day of seeding."""


def _round_dates(
    rng: random.Random,
    n_rounds: int,
    last_is_draft: bool,
    today: dt.datetime,
    earliest: dt.datetime,
) -> list[tuple[dt.datetime, dt.datetime | None]]:
    """(started, submitted) per round, oldest first: a draft started in the last six weeks, a
    submitted last round in the last three months, earlier rounds four to seven months apart,
    none before ``earliest`` or the 18-month window."""
    last_start = today - dt.timedelta(
        days=rng.randint(2, 40) if last_is_draft else rng.randint(20, 90),
        hours=rng.randint(0, 9),
    )
    floor = max(earliest, today - dt.timedelta(days=WINDOW_DAYS))
    gap = dt.timedelta(days=rng.randint(120, 210))
    if n_rounds > 1 and last_start - gap * (n_rounds - 1) < floor:
        gap = max(dt.timedelta(days=30), (last_start - floor) / (n_rounds - 1))
    dates = []
    for k in range(n_rounds):
        started = max(floor, last_start - gap * (n_rounds - 1 - k))
        draft = last_is_draft and k == n_rounds - 1
        done = started + dt.timedelta(days=rng.randint(3, 21), hours=rng.randint(1, 8))
        dates.append((started, None if draft else min(done, today - dt.timedelta(hours=2))))
    return dates


def _rating(rng: random.Random, level: float) -> int:
    return min(5, max(1, round(rng.gauss(level, 0.75))))


def _answers_for(
    rng: random.Random,
    questionnaire: Questionnaire,
    levels: dict[str, float],
    criterion_offsets: dict[str, float],
    completeness: float = 1.0,
) -> dict[str, int | None]:
    answers: dict[str, int | None] = {}
    for item in questionnaire.items:
        if completeness < 1.0 and rng.random() > completeness:
            continue
        if rng.random() < 0.04:
            answers[item.id] = None  # nicht zutreffend
        else:
            level = levels[item.area_id] + criterion_offsets[item.criterion_id]
            answers[item.id] = _rating(rng, level)
    return answers


def _batched(rows: Iterator[dict[str, Any]], size: int = _BATCH) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def is_empty(engine: Engine) -> bool:
    with read_session(engine) as s:
        return s.scalar(select(func.count()).select_from(Network)) == 0


def clear_all(engine: Engine) -> None:
    """Delete every row of every table (children first); the schema stays."""
    with write_session(engine) as s:
        for table in reversed(Base.metadata.sorted_tables):
            s.execute(delete(table))


def _reset_sequences(engine: Engine) -> None:
    """After inserting explicit ids, move PostgreSQL's sequences past them."""
    if engine.dialect.name != "postgresql":
        return
    with write_session(engine) as s:
        for table in Base.metadata.sorted_tables:
            if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement:
                s.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    )
                )


def _mark_submitted_as_changed(session) -> None:
    submitted = (
        select(Project.initiative_id)
        .join(Assessment, Assessment.project_id == Project.id)
        .where(Assessment.status == "submitted")
    )
    session.execute(update(Initiative).where(Initiative.id.in_(submitted)).values(scores_version=1))


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

    # -- organisations: the newest cohorts are this year's and last year's ---------------------
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
    network_names = _network_names(rng, spec.networks)
    network_names[0] = DEMO_NETWORK_NAME
    networks = [
        {
            "id": i + 1,
            "name": name,
            "cohort_id": 1 + i * spec.cohorts // spec.networks,
            "archived": False,
            "created_at": cohorts[i * spec.cohorts // spec.networks]["created_at"],
        }
        for i, name in enumerate(network_names)
    ]
    # The demo network gets a dozen initiatives so its coordinator has a real picture.
    demo_network_size = 12
    initiatives = []
    names = _initiative_names(rng, spec.initiatives)
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
            "name": rng.choice(_PROJECTS),
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
            for batch in _batched(iter(rows)):
                s.execute(insert(Base.metadata.tables[table]), batch)
    tick("Organisationen", 1, 1)

    # -- assessments, answers, scores -------------------------------------------------------
    archetype_of = {ini["id"]: rng.choice(ARCHETYPES) for ini in initiatives}
    archetype_of[1] = ARCHETYPES[0]
    assessment_rows: list[dict[str, Any]] = []
    answer_rows: list[dict[str, Any]] = []
    score_rows: list[dict[str, Any]] = []
    counts = {"answer": 0, "criterion_score": 0}
    assessment_table: Table = Assessment.__table__  # type: ignore[assignment]
    next_answer_id = 1

    def flush(final: bool = False) -> None:
        nonlocal answer_rows, score_rows, assessment_rows
        if not final and len(answer_rows) < _BATCH:
            return
        with write_session(engine) as s:
            if assessment_rows:
                s.execute(insert(assessment_table), assessment_rows)
            if answer_rows:
                s.execute(insert(Answer.__table__), answer_rows)
            if score_rows:
                s.execute(insert(CriterionScore.__table__), score_rows)
        counts["answer"] += len(answer_rows)
        counts["criterion_score"] += len(score_rows)
        assessment_rows, answer_rows, score_rows = [], [], []

    assessment_id = 0
    for done, project in enumerate(projects, start=1):
        ini = project["initiative_id"]
        archetype = archetype_of[ini]
        base_shift = rng.gauss(0, 0.35)
        offsets = {c.id: rng.gauss(0, 0.45) for c in questionnaire.criteria}
        if ini == 1 and project["id"] == spec.initiatives + 1:
            n_rounds, last_is_draft = 1, True  # the demo initiative's open draft
        elif ini == 1:
            n_rounds, last_is_draft = 2, False
        elif ini - 1 in DEMO_NETWORK_DRAFT_ONLY:
            n_rounds, last_is_draft = 1, True
        else:
            n_rounds = rng.choices((1, 2, 3), weights=spec.round_weights)[0]
            # In the demo network every other initiative has something submitted.
            last_is_draft = rng.random() < spec.draft_share and (ini > 12 or n_rounds > 1)
        dates = _round_dates(
            rng, n_rounds, last_is_draft, now, project["created_at"] + dt.timedelta(days=7)
        )
        latest_submitted = n_rounds - 1 if last_is_draft else n_rounds
        for round_no, (started, submitted) in enumerate(dates, start=1):
            assessment_id += 1
            is_draft = last_is_draft and round_no == n_rounds
            levels = {
                a: lvl + base_shift + 0.25 * (round_no - 1)
                for a, lvl in archetype.area_levels.items()
            }
            answers = _answers_for(
                rng, questionnaire, levels, offsets, rng.uniform(0.2, 0.8) if is_draft else 1.0
            )
            assessment_rows.append(
                {
                    "id": assessment_id,
                    "project_id": project["id"],
                    "round_no": round_no,
                    "questionnaire_version": questionnaire.version,
                    "status": "draft" if is_draft else "submitted",
                    "is_latest": round_no == latest_submitted,
                    "version": 1 + len(questionnaire.criteria),
                    "current_step": None,
                    "started_at": started,
                    "updated_at": submitted or started + dt.timedelta(days=1),
                    "submitted_at": submitted,
                }
            )
            for item_id, value in answers.items():
                answer_rows.append(
                    {
                        "id": next_answer_id,
                        "assessment_id": assessment_id,
                        "item_id": item_id,
                        "value": value,
                    }
                )
                next_answer_id += 1
            if not is_draft:
                for cid, result in score_assessment(questionnaire, answers).items():
                    if result.score is not None:
                        score_rows.append(
                            {
                                "assessment_id": assessment_id,
                                "criterion_id": cid,
                                "score": round(result.score, 4),
                                "answered": result.answered,
                            }
                        )
        flush()
        if done % 250 == 0 or done == len(projects):
            tick("Selbstanalysen", done, len(projects))
    flush(final=True)
    _reset_sequences(engine)
    # Every initiative with a submission counts as changed; networks with at least five are
    # released (the dashboards' tables, one INSERT … SELECT each: ≈ 3 s national).
    with write_session(engine) as s:
        _mark_submitted_as_changed(s)
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
        report.demo_password, report.password_generated = password, generated
    report.counts = table_counts(engine)
    return report


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows per main table, as the CLI reports them."""
    models = {
        "cohort": Base.metadata.tables["cohort"],
        "network": Network.__table__,
        "initiative": Initiative.__table__,
        "project": Project.__table__,
        "assessment": Assessment.__table__,
        "answer": Answer.__table__,
        "criterion_score": CriterionScore.__table__,
        "user": User.__table__,
    }
    with read_session(engine) as s:
        return {
            name: s.scalar(select(func.count()).select_from(t)) or 0 for name, t in models.items()
        }

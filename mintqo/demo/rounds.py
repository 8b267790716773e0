"""The synthetic self-analysis rounds: archetypes, dates, ratings, and their bulk writing.

Profiles are realistic rather than uniform: every initiative has an archetype (e.g. a strong
offer but little evidence of results), rounds improve a little over time, some statements are
'nicht zutreffend', and some projects have an open draft. Rounds lie within the 18 months before
the day of seeding, so the demo looks current.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Table, insert

from mintqo.demo.bulk import BATCH
from mintqo.demo.settings import DEMO_NETWORK_DRAFT_ONLY, Progress, Scale
from mintqo.questionnaire import Questionnaire
from mintqo.scoring import score_assessment
from mintqo.store.engine import write_session
from mintqo.store.models import Answer, Assessment, CriterionScore


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


WINDOW_DAYS = 540
"""Rounds of the demo data fall within the last 18 months before the day of seeding."""


def round_dates(
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


def answers_for(
    rng: random.Random,
    questionnaire: Questionnaire,
    levels: dict[str, float],
    criterion_offsets: dict[str, float],
    completeness: float = 1.0,
) -> dict[str, int | None]:
    """One round's ratings around each area's level plus the criterion's offset; about 4 %
    'nicht zutreffend', and with ``completeness`` < 1 (a draft) only that share answered."""
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


def write_rounds(
    engine: Engine,
    rng: random.Random,
    questionnaire: Questionnaire,
    spec: Scale,
    initiatives: list[dict[str, Any]],
    projects: list[dict[str, Any]],
    now: dt.datetime,
    tick: Progress,
) -> None:
    """Write every project's rounds with answers and (for submitted rounds) criterion scores."""
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
        if not final and len(answer_rows) < BATCH:
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
        dates = round_dates(
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
            answers = answers_for(
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

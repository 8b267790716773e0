"""The demo initiative's team rounds: three members who see their offer differently.

Project "Sommer-Forschercamp" of the demo initiative: round 1 was done alone; round 2 was done
as a team and is submitted (three finished sheets, the agreed result with its reasons); round 3
is an open team round in which the lead and one colleague have finished their sheets and
``demo-team`` is still rating – so in a workshop the comparison can be shown live: log in as
``demo-team``, finish the sheet, and see the comparison appear; log in as ``demo-initiative``
to compose the result. Both of the initiative's projects stand at round 2, so its released
values keep one round number, as before.

The three perspectives are plausible and distinct: the project lead (``demo-initiative``), a
course leader close to the participants (``demo-team``: evaluation "happens anyway, we ask
after every session"; weaker on planning and stand-ins) and a board member who keeps the
books (``demo-mitglied``: "we do not measure anything systematically"; strong on finances,
finds feedback from parents and teachers not applicable). Ratings are otherwise drawn around
the initiative's archetype, deterministically.

Dates follow the demo initiative's other projects, so the demo stays as it was: the team
project's submission is older than the other project's newest one ("Mein Profil" still opens
that one), and its open round was saved before the other open draft (the questionnaire still
opens that one). The project's name sorts after the others'.

The rounds, agreed answers and scores are written with the other rounds (before the release);
the sheets need the member accounts and are written with the demo users.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import Engine, func, insert, select

from mintqo.demo.settings import DEMO_TEAM_MEMBERS, DEMO_TEAM_PROJECT
from mintqo.questionnaire import Questionnaire
from mintqo.scoring import score_assessment
from mintqo.store.engine import read_session, write_session
from mintqo.store.models import (
    Answer,
    Assessment,
    CriterionNote,
    CriterionScore,
    Project,
    SheetAnswer,
    SheetNote,
    TeamSheet,
    User,
)
from mintqo.team import Member, proposal

LEVELS = {"AQ": 3.9, "RQ": 3.3, "EQ": 2.4}
"""The team project's mean rating per area (the demo initiative's archetype, a bit kinder)."""
OFFSETS = {
    "lead": {},
    "team": {"AQ3": 0.6, "RQ4": -0.7, "RQ2": -0.4},
    "mitglied": {"RQ2": 0.8, "AQ3": -0.4, "EQ3": -0.5},
}
"""How each member's picture of a criterion differs from the shared one."""
DISPUTES: dict[str, tuple[int | None, int | None, int | None]] = {
    # statement: (lead, team, mitglied) in round 2; None = "nicht zutreffend"
    "EQ2.2": (3, 5, 2),
    "EQ2.3": (2, 4, 1),
    "EQ2.4": (2, 3, 1),
    "EQ2.5": (2, None, 1),
    "AQ2.1": (4, 2, 4),
    "RQ2.1": (3, 2, 5),
    "RQ4.4": (4, 2, 3),
    "AQ3.4": (3, 5, 3),
}
AGREED: dict[str, int | None] = {"EQ2.2": 3, "EQ2.3": 2, "EQ2.5": None, "RQ2.1": 4}
"""Where the team decided otherwise than the median proposed (round 2)."""
REASONS = {
    "EQ2": "Nach jedem Termin fragen wir nach, aber nur mündlich und ohne Auswertung. Wir "
    "werten das als Ansatz, nicht als Wirkungsmessung; Fragebogen für die Ferienwoche ist "
    "als Maßnahme geplant.",
    "RQ2": "Der Kostenplan deckt das laufende Jahr ab, das Team kannte ihn nicht: er wird im "
    "nächsten Teamtreffen vorgestellt.",
    "AQ2": "Mädchen sprechen wir über die Kooperation mit der Gesamtschule gezielt an; die "
    "Kursleitung erlebt die Gruppen trotzdem als überwiegend männlich – wir zählen nach.",
}
SHEET_NOTES = {
    "mitglied": {"EQ2": "Wir messen nichts systematisch – das sollten wir ehrlich sagen."},
    "team": {"EQ2": "Wir fragen nach jedem Termin, wie es war. Das ist doch Evaluation?"},
}
OPEN_SHARE = 0.45
"""Of the open round, the share of statements ``demo-team`` has rated so far."""


@dataclass(frozen=True)
class TeamRounds:
    """What the sheets are written for: the team rounds and when their sheets were worked on."""

    project_id: int
    submitted_id: int
    open_id: int
    submitted_started: dt.datetime
    submitted_at: dt.datetime
    open_started: dt.datetime
    open_updated: dt.datetime


TEAM_ROUND, OPEN_ROUND = 2, 3


def _rating(rng: random.Random, level: float) -> int:
    return min(5, max(1, round(rng.gauss(level, 0.45))))


def sheets(questionnaire: Questionnaire, round_no: int) -> dict[str, dict[str, int | None]]:
    """Each member's ratings in round ``round_no`` (deterministic; later rounds a little
    better: the team works on what it found)."""
    rng = random.Random(4100 + round_no)
    lift = 0.3 * (round_no - TEAM_ROUND)
    result: dict[str, dict[str, int | None]] = {}
    for position, key in enumerate(("lead", "team", "mitglied")):
        answers: dict[str, int | None] = {}
        for item in questionnaire.items:
            level = LEVELS[item.area_id] + lift + OFFSETS[key].get(item.criterion_id, 0.0)
            answers[item.id] = _rating(rng, level)
            if item.id in DISPUTES:
                value = DISPUTES[item.id][position]
                answers[item.id] = value if value is None else min(5, max(1, value + round(lift)))
        result[key] = answers
    return result


def agreed_answers(questionnaire: Questionnaire) -> dict[str, int | None]:
    """Round 2's agreed result: the median proposal, changed where the team decided so."""
    members = [Member(key, answers) for key, answers in sheets(questionnaire, TEAM_ROUND).items()]
    return {**proposal(questionnaire, members), **AGREED}


def first_round_answers(questionnaire: Questionnaire) -> dict[str, int | None]:
    """Round 1, done alone by the lead a season earlier."""
    return sheets(questionnaire, 1)["lead"]


def _dates(s, initiative_id: int, now: dt.datetime) -> tuple[dt.datetime, ...]:
    """(team round started, submitted, open round started, last saved): before the other
    project's newest submission and the other open draft's last save (module docstring)."""
    projects = select(Project.id).where(Project.initiative_id == initiative_id)
    newest = s.scalar(
        select(func.max(Assessment.submitted_at)).where(Assessment.project_id.in_(projects))
    ) or now - dt.timedelta(days=60)
    draft_saved = s.scalar(
        select(func.min(Assessment.updated_at)).where(
            Assessment.project_id.in_(projects), Assessment.status == "draft"
        )
    ) or now - dt.timedelta(days=2)
    submitted = min(newest, draft_saved) - dt.timedelta(days=3)
    started = submitted - dt.timedelta(days=12, hours=5)
    open_updated = draft_saved - dt.timedelta(hours=1)
    open_started = max(submitted + dt.timedelta(hours=2), open_updated - dt.timedelta(days=9))
    return started, submitted, min(open_started, open_updated), open_updated


def _scores(questionnaire: Questionnaire, aid: int, answers) -> list[CriterionScore]:
    return [
        CriterionScore(
            assessment_id=aid,
            criterion_id=cid,
            score=round(result.score, 4),
            answered=result.answered,
        )
        for cid, result in score_assessment(questionnaire, answers).items()
        if result.score is not None
    ]


def write_team_rounds(
    engine: Engine, questionnaire: Questionnaire, initiative_id: int, now: dt.datetime
) -> TeamRounds:
    """The team project: round 1 alone, the submitted team round 2 and the open team round 3
    (no sheets yet)."""
    with write_session(engine) as s:
        started, submitted, open_started, open_updated = _dates(s, initiative_id, now)
        first_started = started - dt.timedelta(days=150)
        project = Project(
            initiative_id=initiative_id,
            name=DEMO_TEAM_PROJECT,
            created_at=first_started - dt.timedelta(days=20),
        )
        s.add(project)
        s.flush()
        common = {
            "project_id": project.id,
            "questionnaire_version": questionnaire.version,
            "current_step": None,
        }
        alone = Assessment(
            **common,
            round_no=1,
            status="submitted",
            is_latest=False,
            version=1 + len(questionnaire.criteria),
            started_at=first_started,
            updated_at=first_started + dt.timedelta(days=9),
            submitted_at=first_started + dt.timedelta(days=9),
            mode="single",
        )
        done = Assessment(
            **common,
            round_no=TEAM_ROUND,
            status="submitted",
            is_latest=True,
            version=2 + len(questionnaire.criteria),
            started_at=started,
            updated_at=submitted,
            submitted_at=submitted,
            mode="team",
        )
        running = Assessment(
            **{**common, "current_step": questionnaire.criteria[0].id},
            round_no=OPEN_ROUND,
            status="draft",
            is_latest=False,
            version=1,
            started_at=open_started,
            updated_at=open_updated,
            mode="team",
        )
        s.add_all([alone, done, running])
        s.flush()
        for round_, answers in (
            (alone, first_round_answers(questionnaire)),
            (done, agreed_answers(questionnaire)),
        ):
            s.execute(
                insert(Answer),
                [
                    {"assessment_id": round_.id, "item_id": i, "value": v}
                    for i, v in answers.items()
                ],
            )
            s.add_all(_scores(questionnaire, round_.id, answers))
        s.add_all(
            CriterionNote(assessment_id=done.id, criterion_id=c, text=t) for c, t in REASONS.items()
        )
        return TeamRounds(
            project.id, done.id, running.id, started, submitted, open_started, open_updated
        )


def write_team_sheets(
    engine: Engine, questionnaire: Questionnaire, rounds: TeamRounds, users: dict[str, int]
) -> None:
    """The members' sheets of both team rounds (``users``: member key → user id);
    demo-initiative leads both. In the open round ``demo-team`` has rated a part so far."""
    with write_session(engine) as s:
        for aid, round_no, begun, ended in (
            (rounds.submitted_id, TEAM_ROUND, rounds.submitted_started, rounds.submitted_at),
            (rounds.open_id, OPEN_ROUND, rounds.open_started, rounds.open_updated),
        ):
            rng = random.Random(4200 + round_no)
            for position, (key, answers) in enumerate(sheets(questionnaire, round_no).items()):
                still_open = round_no == OPEN_ROUND and key == "team"
                finished_at = begun + (ended - begun) * (0.4 + 0.2 * position)
                sheet = TeamSheet(
                    assessment_id=aid,
                    user_id=users[key],
                    is_lead=key == "lead",
                    status="open" if still_open else "finished",
                    version=1 + len(questionnaire.criteria),
                    current_step=questionnaire.criteria[0].id,
                    started_at=begun + (finished_at - begun) / 4,
                    updated_at=ended if still_open else finished_at,
                    finished_at=None if still_open else finished_at,
                )
                s.add(sheet)
                s.flush()
                kept = {
                    i: v for i, v in answers.items() if not still_open or rng.random() < OPEN_SHARE
                }
                s.execute(
                    insert(SheetAnswer),
                    [{"sheet_id": sheet.id, "item_id": i, "value": v} for i, v in kept.items()],
                )
                if round_no == TEAM_ROUND:
                    s.add_all(
                        SheetNote(sheet_id=sheet.id, criterion_id=c, text=t)
                        for c, t in SHEET_NOTES.get(key, {}).items()
                    )


def team_user_ids(engine: Engine) -> dict[str, int]:
    """The member accounts of the team rounds by member key (``lead``, ``team``, ``mitglied``)."""
    with read_session(engine) as s:
        rows = s.execute(
            select(User.username, User.id).where(User.username.in_(DEMO_TEAM_MEMBERS.values()))
        ).all()
    by_name = dict(rows)
    return {key: by_name[name] for key, name in DEMO_TEAM_MEMBERS.items()}

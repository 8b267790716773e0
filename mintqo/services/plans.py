"""An initiative's plans for a project: the action plan and the impact staircase."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd
from sqlalchemy import Engine

from mintqo.access import Actor
from mintqo.questionnaire import load_questionnaire
from mintqo.scoring import weakest_criteria
from mintqo.services import checks
from mintqo.store import action_plan, assessments, impact
from mintqo.store.action_plan import (
    STATUS_LABELS,
    WHAT_MAX_CHARS,
    WHO_MAX_CHARS,
    Action,
    actions_frame,
)
from mintqo.store.impact import INDICATOR_MAX_CHARS
from mintqo.store.models import ACTION_STATUSES

__all__ = [  # what the UI draws with
    "ACTION_STATUSES",
    "INDICATOR_MAX_CHARS",
    "STATUS_LABELS",
    "WHAT_MAX_CHARS",
    "WHO_MAX_CHARS",
    "Action",
    "actions_frame",
]


def actions(engine: Engine, actor: Actor, project_id: int) -> list[Action]:
    checks.readable_project(engine, actor, project_id)
    return action_plan.list_actions(engine, project_id)


def suggestions(engine: Engine, actor: Actor, project_id: int, count: int = 3) -> list[str]:
    """The lowest-scoring criteria of the latest submitted round (ids), weakest first."""
    checks.readable_project(engine, actor, project_id)
    rounds = assessments.submitted_rounds(engine, project_id)
    if not rounds:
        return []
    q = load_questionnaire(rounds[0].questionnaire_version)
    return weakest_criteria(q, assessments.criterion_scores(engine, rounds[0].id), count)


def add_action(
    engine: Engine,
    actor: Actor,
    project_id: int,
    criterion_id: str,
    what: str,
    who: str = "",
    due: dt.date | None = None,
    status: str = "open",
) -> int:
    return action_plan.add_action(
        engine,
        project_id,
        criterion_id,
        what,
        who,
        due,
        status,
        check=checks.edits_project(actor, project_id),
    )


def update_action(
    engine: Engine,
    actor: Actor,
    project_id: int,
    action_id: int,
    *,
    what: str,
    who: str,
    due: dt.date | None,
    status: str,
) -> None:
    action_plan.update_action(
        engine,
        project_id,
        action_id,
        what=what,
        who=who,
        due=due,
        status=status,
        check=checks.edits_project(actor, project_id),
    )


def delete_action(engine: Engine, actor: Actor, project_id: int, action_id: int) -> bool:
    """Delete a measure; False if it was already gone."""
    return action_plan.delete_action(
        engine, project_id, action_id, check=checks.edits_project(actor, project_id)
    )


def staircase(engine: Engine, actor: Actor, project_id: int) -> pd.DataFrame:
    checks.readable_project(engine, actor, project_id)
    return impact.load_staircase(engine, project_id)


def save_staircase(
    engine: Engine, actor: Actor, project_id: int, steps: Mapping[int, tuple[str | None, str]]
) -> None:
    impact.save_staircase(engine, project_id, steps, check=checks.edits_project(actor, project_id))

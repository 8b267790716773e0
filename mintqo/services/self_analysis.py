"""An initiative's own work: projects, rounds, the questionnaire, submission, offline template.

Only the initiative's members read or change any of it (:mod:`mintqo.access`). Reads check the
viewer; writes check the acting user again inside their transaction, so a page drawn for an
account that was disabled since, or a stale button, cannot write.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from sqlalchemy import Engine

from mintqo import access
from mintqo.access import Actor
from mintqo.io.offline_template import (
    TemplateContent,
    ValidationResult,
    template_csv,
    template_xlsx,
    validate_file,
)
from mintqo.questionnaire import Questionnaire, load_questionnaire
from mintqo.services import checks
from mintqo.services.errors import NotAllowed
from mintqo.store import answer_import, assessments, projects
from mintqo.store.answer_import import ImportOutcome
from mintqo.store.assessments import (
    NOTE_MAX_CHARS,
    AssessmentInfo,
    DraftState,
    SaveResult,
    SubmitResult,
)
from mintqo.store.projects import ProjectSummary

__all__ = [  # types and limits the UI draws with
    "NOTE_MAX_CHARS",
    "AssessmentInfo",
    "DraftState",
    "ImportOutcome",
    "ProjectSummary",
    "SaveResult",
    "SubmitResult",
    "ValidationResult",
]


def my_projects(engine: Engine, actor: Actor) -> list[ProjectSummary]:
    """The projects of the actor's own initiative (none for other roles)."""
    if actor.role != "initiative" or actor.initiative_id is None:
        return []
    return projects.list_projects(engine, actor.initiative_id)


def create_project(engine: Engine, actor: Actor, name: str) -> int:
    if actor.initiative_id is None:
        raise NotAllowed()
    check = checks.acts_on_initiative(actor, actor.initiative_id, access.can_manage_own_initiative)
    return projects.create_project(engine, actor.initiative_id, name, check=check)


def rename_project(engine: Engine, actor: Actor, project_id: int, name: str) -> None:
    projects.rename_project(engine, project_id, name, check=checks.edits_project(actor, project_id))


def start_round(engine: Engine, actor: Actor, project_id: int, *, prefill: bool = False) -> int:
    """Open a new draft round (empty or with the previous round's answers); its id."""
    return assessments.start_round(
        engine, project_id, prefill=prefill, check=checks.edits_project(actor, project_id)
    )


def submitted_rounds(engine: Engine, actor: Actor, project_id: int) -> list[AssessmentInfo]:
    """Submitted rounds of a project, newest first."""
    checks.readable_project(engine, actor, project_id)
    return assessments.submitted_rounds(engine, project_id)


def round_state(engine: Engine, actor: Actor, assessment_id: int) -> DraftState:
    """A round with its answers and notes (draft or submitted)."""
    checks.readable_assessment(engine, actor, assessment_id)
    state = assessments.load_state(engine, assessment_id)
    if state is None:
        raise NotAllowed(checks.NO_PROJECT)
    return state


def may_edit(engine: Engine, actor: Actor | None, assessment_id: int) -> bool:
    """May this user still change the round? (Code that runs without the page's checks: widget
    callbacks and fragment reruns ask before they draw or write.)"""
    if actor is None:
        return False
    try:
        owner = checks.readable_assessment(engine, actor, assessment_id)
    except NotAllowed:
        return False
    return access.can_edit_project(actor, owner)


def save_step(
    engine: Engine,
    actor: Actor,
    assessment_id: int,
    expected_version: int,
    criterion_id: str,
    answers: Mapping[str, int | None],
    note: str | None,
    *,
    current_step: str | None = None,
) -> SaveResult:
    """Store one criterion's ratings and note unless someone saved the draft in between."""
    return assessments.save_step(
        engine,
        assessment_id,
        expected_version,
        criterion_id,
        answers,
        note,
        current_step=current_step,
        check=checks.edits_assessment(actor, assessment_id),
    )


def set_step(engine: Engine, actor: Actor, assessment_id: int, criterion_id: str) -> None:
    """Remember where the user is in the questionnaire (resume point)."""
    assessments.set_current_step(
        engine, assessment_id, criterion_id, check=checks.edits_assessment(actor, assessment_id)
    )


def submit(engine: Engine, actor: Actor, assessment_id: int) -> SubmitResult:
    return assessments.submit(
        engine, assessment_id, check=checks.edits_assessment(actor, assessment_id)
    )


def answers_table(engine: Engine, actor: Actor, assessment_id: int) -> pd.DataFrame:
    """Every statement of the round with the answer and note (the initiative's own export)."""
    checks.readable_assessment(engine, actor, assessment_id)
    return assessments.answers_frame(engine, assessment_id)


# --- offline template ------------------------------------------------------------------------


def _questionnaire_of(state: DraftState) -> Questionnaire:
    return load_questionnaire(state.info.questionnaire_version)


def offline_template(engine: Engine, actor: Actor, assessment_id: int, fmt: str) -> bytes:
    """The round as an Excel (``fmt="xlsx"``) or CSV template with the current answers."""
    state = round_state(engine, actor, assessment_id)
    content = TemplateContent(
        assessment_id=assessment_id,
        questionnaire=_questionnaire_of(state),
        answers=state.answers,
        notes=state.notes,
    )
    return template_xlsx(content) if fmt == "xlsx" else template_csv(content)


def check_offline_file(
    engine: Engine, actor: Actor, assessment_id: int, data: bytes, filename: str
) -> ValidationResult:
    """Validate a filled template completely (nothing is written)."""
    state = round_state(engine, actor, assessment_id)
    return validate_file(data, filename, _questionnaire_of(state), assessment_id)


def import_offline(
    engine: Engine,
    actor: Actor,
    assessment_id: int,
    answers: Mapping[str, int | None],
    notes: Mapping[str, str],
) -> ImportOutcome:
    """Write a validated template's answers and notes into the draft (all or nothing)."""
    return answer_import.import_answers(
        engine, assessment_id, answers, notes, check=checks.edits_assessment(actor, assessment_id)
    )

"""An initiative's own work: projects, rounds, the questionnaire, submission, offline template.

Only the initiative's members read or change any of it (:mod:`mintqo.access`). Reads check the
viewer; writes check the acting user again inside their transaction, so a page drawn for an
account that was disabled since, or a stale button, cannot write.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

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
from mintqo.scoring import (
    CriterionResult,
    SubmissionCheck,
    area_scores,
    score_assessment,
    submission_check,
)
from mintqo.services import checks
from mintqo.services.errors import NotAllowed
from mintqo.store import answer_import, assessments, projects
from mintqo.store.answer_import import ImportOutcome
from mintqo.store.assessments import (
    NOTE_MAX_CHARS,
    AssessmentInfo,
    CriterionContent,
    DraftState,
    SaveResult,
    SubmitResult,
    criterion_content,
)
from mintqo.store.projects import ProjectSummary, RoundSummary

__all__ = [  # types and limits the UI draws with
    "NOTE_MAX_CHARS",
    "AssessmentInfo",
    "CriterionContent",
    "DraftState",
    "ImportOutcome",
    "ProjectSummary",
    "RoundSummary",
    "SaveResult",
    "SubmitResult",
    "ValidationResult",
    "criterion_content",
]


# --- where the user works: project, round and criterion from a link or the session -------------


@dataclass(frozen=True)
class ProjectChoice:
    """The project a page shows, among the ones it may offer."""

    projects: tuple[ProjectSummary, ...]  # the actor's own projects this page offers
    project: ProjectSummary | None  # None: there is none to offer
    link_refused: bool  # the link named something that is not one of ``projects``


@dataclass(frozen=True)
class RoundChoice:
    rounds: tuple[RoundSummary, ...]  # newest first
    round: RoundSummary | None
    link_refused: bool


def default_project(projects: tuple[ProjectSummary, ...]) -> ProjectSummary | None:
    """Without a link or a project worked on in this session: the open draft saved last, else
    the project with the newest activity (a submission), else the first by name."""
    drafts = [p for p in projects if p.draft is not None]
    if drafts:
        return max(drafts, key=lambda p: (p.draft.updated_at, -p.id))  # type: ignore[union-attr]
    active = [p for p in projects if p.last_activity is not None]
    if active:
        return max(active, key=lambda p: (p.last_activity, -p.id))
    return projects[0] if projects else None


def choose_project(
    engine: Engine,
    actor: Actor,
    *,
    linked: object = None,
    remembered: object = None,
    submitted_only: bool = False,
) -> ProjectChoice:
    """The project to show: the one in the link, else the one the user last worked on in this
    session (``remembered``), else :func:`default_project` – the newest submission for pages
    that need one (``submitted_only``).

    Both ids come from the browser (URL, session state) and are only used if they name one of
    the actor's own projects on offer; anything else (foreign, unknown, malformed) gets the
    same answer: the default, with ``link_refused`` set when it was the link. (The link's
    project can be an own one the page does not offer – the profile of a project without a
    submitted round: that is the default too, without a warning.)
    """
    own = my_projects(engine, actor)
    offered = tuple(p for p in own if not submitted_only or p.latest_submitted)
    by_id = {p.id: p for p in offered}
    link_id = checks.parse_id(linked)
    memory_id = checks.parse_id(remembered)
    # An own project that this page cannot show (nothing submitted yet) is no refused link.
    refused = linked is not None and link_id not in {p.id for p in own}
    if link_id in by_id:
        chosen: ProjectSummary | None = by_id[link_id]  # type: ignore[index]
    elif memory_id in by_id:
        chosen = by_id[memory_id]  # type: ignore[index]
    elif submitted_only and offered:
        chosen = max(offered, key=lambda p: (p.latest_submitted.submitted_at, -p.id))  # type: ignore[union-attr]
    else:
        chosen = default_project(offered)
    return ProjectChoice(offered, chosen, refused)


def choose_round(
    project: ProjectSummary, linked: object = None, *, submitted_only: bool = False
) -> RoundChoice:
    """The round of a chosen project to show: the one in the link (its number), else the open
    draft, else the newest submitted round."""
    rounds = tuple(
        r for r in reversed(project.rounds) if not submitted_only or r.status == "submitted"
    )
    wanted = checks.parse_id(linked)
    by_no = {r.round_no: r for r in rounds}
    refused = linked is not None and wanted not in by_no
    if wanted in by_no:
        return RoundChoice(rounds, by_no[wanted], refused)  # type: ignore[index]
    draft = next((r for r in rounds if r.status == "draft"), None)
    return RoundChoice(rounds, draft or (rounds[0] if rounds else None), refused)


def choose_criterion(state: DraftState, linked: object = None) -> tuple[str, bool]:
    """The criterion to show (the link's, else where the round was left, else the first) and
    whether the link named one that is not in the round's questionnaire."""
    q = _questionnaire_of(state)
    ids = [c.id for c in q.criteria]
    if isinstance(linked, str) and linked in ids:
        return linked, False
    resume = state.info.current_step if state.info.current_step in ids else ids[0]
    return resume, linked is not None


def my_projects(engine: Engine, actor: Actor) -> list[ProjectSummary]:
    """The projects of the actor's own initiative (none for other roles)."""
    if actor.role != "initiative" or actor.initiative_id is None:
        return []
    return checks.projects_of(engine, actor.initiative_id)


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


T = TypeVar("T")


def _readable_round(
    engine: Engine, actor: Actor, assessment_id: int, read: Callable[[Engine, int], T | None]
) -> T:
    checks.readable_assessment(engine, actor, assessment_id)
    found = read(engine, assessment_id)
    if found is None:
        raise NotAllowed(checks.NO_PROJECT)
    return found


def round_info(engine: Engine, actor: Actor, assessment_id: int) -> AssessmentInfo:
    """A round without its answers (a team round's page needs them only in some parts)."""
    return _readable_round(engine, actor, assessment_id, assessments.get_assessment)


def round_state(engine: Engine, actor: Actor, assessment_id: int) -> DraftState:
    """A round with its answers and notes (draft or submitted)."""
    return _readable_round(engine, actor, assessment_id, assessments.load_state)


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
    base: CriterionContent | None = None,
) -> SaveResult:
    """Store one criterion's ratings and note unless someone changed them in between (see
    :func:`mintqo.store.assessments.save_step`: ``base`` is the criterion as the editor loaded
    it; with it, a save by someone else to *another* criterion is no conflict)."""
    return assessments.save_step(
        engine,
        assessment_id,
        expected_version,
        criterion_id,
        answers,
        note,
        current_step=current_step,
        base=base,
        check=checks.edits_assessment(actor, assessment_id),
    )


def set_step(engine: Engine, actor: Actor, assessment_id: int, criterion_id: str) -> None:
    """Remember where the user is in the questionnaire (resume point)."""
    assessments.set_current_step(
        engine, assessment_id, criterion_id, check=checks.edits_assessment(actor, assessment_id)
    )


def readiness(state: DraftState) -> SubmissionCheck:
    """Where a loaded round stands before submission (the rule of :mod:`mintqo.scoring`, the
    same one :func:`submit` applies in the store)."""
    return submission_check(_questionnaire_of(state), state.answers)


def criterion_results(state: DraftState) -> dict[str, CriterionResult]:
    """Per criterion of a loaded round: rated, 'nicht zutreffend', open, score."""
    return score_assessment(_questionnaire_of(state), state.answers)


@dataclass(frozen=True)
class RoundResult:
    """The stored result of a submitted round: what "show the result" shows."""

    criterion_scores: Mapping[str, float]  # scored criteria only
    area_scores: Mapping[str, float | None]
    not_rated: tuple[str, ...]  # criteria submitted without a score ("nicht bewertet")


def round_result(engine: Engine, actor: Actor, assessment_id: int) -> RoundResult:
    state = round_state(engine, actor, assessment_id)
    q = _questionnaire_of(state)
    scores = assessments.criterion_scores(engine, assessment_id)
    return RoundResult(
        criterion_scores=scores,
        area_scores=area_scores(q, scores),
        not_rated=tuple(c.id for c in q.criteria if c.id not in scores),
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

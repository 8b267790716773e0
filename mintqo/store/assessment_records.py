"""Self-analysis rounds as plain records: what a round is, its answers and notes, and the reads
and export of them. The writes (start, save a step, submit) are in :mod:`mintqo.store.assessments`,
which re-exports everything here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from mintqo.errors import UserError
from mintqo.questionnaire import load_questionnaire
from mintqo.store.engine import read_session, remember, remembered
from mintqo.store.models import Answer, Assessment, CriterionNote, CriterionScore


class AssessmentError(UserError):
    """A request the store refuses; the message is German and may be shown to the user."""


class DraftExistsError(AssessmentError):
    """The project already has an open draft (only one per project)."""


class SubmissionBlockedError(AssessmentError):
    """Some criteria block submission (no score, statements open); ``missing`` lists their ids.

    An empty ``missing`` means every criterion is answered but none has a score."""

    def __init__(self, missing: list[str], names: Mapping[str, str]) -> None:
        if missing:
            listed = ", ".join(f"„{names.get(c, c)}“" for c in missing)
            message = (
                "Die Selbstanalyse kann noch nicht abgeschlossen werden: "
                + (
                    f"Im Kriterium {listed} sind"
                    if len(missing) == 1
                    else f"In den {len(missing)} Kriterien {listed} sind"
                )
                + " noch Aussagen offen. Bewerten Sie sie oder wählen Sie „nicht zutreffend“."
            )
        else:
            message = (
                "Die Selbstanalyse kann noch nicht abgeschlossen werden: Mindestens ein "
                "Kriterium braucht eine Bewertung – bisher ist jedes ganz oder überwiegend "
                "„nicht zutreffend“."
            )
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True)
class CriterionContent:
    """One criterion's stored answers and note: what an editor loaded, compared on save."""

    answers: Mapping[str, int | None]
    note: str


@dataclass(frozen=True)
class AssessmentInfo:
    id: int
    project_id: int
    round_no: int
    questionnaire_version: int
    status: str
    is_latest: bool
    version: int
    current_step: str | None
    started_at: dt.datetime
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    mode: str = "single"  # "team": members fill own sheets; the round's answers are agreed

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @classmethod
    def columns(cls) -> tuple:
        """The columns of a round's row that make up its record, for ``select``."""
        return tuple(getattr(Assessment, f.name) for f in fields(cls))

    @property
    def is_team(self) -> bool:
        return self.mode == "team"


@dataclass(frozen=True)
class DraftState:
    """Everything the questionnaire needs: the round, its answers and its notes."""

    info: AssessmentInfo
    answers: Mapping[str, int | None] = field(default_factory=dict)
    notes: Mapping[str, str] = field(default_factory=dict)

    @property
    def version(self) -> int:
        return self.info.version


@dataclass(frozen=True)
class SaveResult:
    """Outcome of :func:`save_step`: the round's version and the criterion as stored after the
    call (the editor needs no more; the page's next run reads the whole round anyway)."""

    saved: bool
    conflict: bool
    version: int
    stored: CriterionContent


@dataclass(frozen=True)
class SubmitResult:
    assessment_id: int
    submitted_at: dt.datetime
    scores: Mapping[str, float]
    newly_submitted: bool


def assessment_info(row: Assessment) -> AssessmentInfo:
    """The plain record of a round's row."""
    return AssessmentInfo(
        id=row.id,
        project_id=row.project_id,
        round_no=row.round_no,
        questionnaire_version=row.questionnaire_version,
        status=row.status,
        is_latest=row.is_latest,
        version=row.version,
        current_step=row.current_step,
        started_at=row.started_at,
        updated_at=row.updated_at,
        submitted_at=row.submitted_at,
        mode=row.mode,
    )


def answers_in(session: Session, assessment_id: int) -> dict[str, int | None]:
    """A round's answers (item id → 1–5, None: 'nicht zutreffend'), in the caller's session."""
    rows = session.execute(
        select(Answer.item_id, Answer.value).where(Answer.assessment_id == assessment_id)
    )
    return {r.item_id: r.value for r in rows}


def state_in(session: Session, assessment_id: int) -> DraftState | None:
    """Round, answers and notes, in the caller's session (None: no such round)."""
    row = session.get(Assessment, assessment_id)
    if row is None:
        return None
    notes = session.execute(
        select(CriterionNote.criterion_id, CriterionNote.text).where(
            CriterionNote.assessment_id == assessment_id
        )
    )
    info = assessment_info(row)
    remember_info(info)
    return DraftState(
        info=info,
        answers=answers_in(session, assessment_id),
        notes={n.criterion_id: n.text for n in notes},
    )


# --- reading -----------------------------------------------------------------------------------


def get_assessment(engine: Engine, assessment_id: int) -> AssessmentInfo | None:
    """One round (read once per page run: several use cases of a page ask for it)."""

    def read() -> AssessmentInfo | None:
        with read_session(engine) as s:
            row = s.get(Assessment, assessment_id)
            return assessment_info(row) if row else None

    return remembered(info_key(assessment_id), read)


def remember_info(info: AssessmentInfo) -> None:
    """A round read as part of a larger read: :func:`get_assessment` in this run needs no
    query of its own."""
    remember(info_key(info.id), info)


def info_key(assessment_id: int) -> tuple:
    return ("assessment-info", assessment_id)


def project_rounds(engine: Engine, project_id: int) -> list[AssessmentInfo]:
    """All rounds of a project, oldest first (read once per page run; the initiative's
    project list holds them already)."""

    def read() -> tuple[AssessmentInfo, ...]:
        with read_session(engine) as s:
            rows = s.scalars(
                select(Assessment)
                .where(Assessment.project_id == project_id)
                .order_by(Assessment.round_no)
            ).all()
            return tuple(assessment_info(r) for r in rows)

    return list(remembered(_rounds_key(project_id), read))


def remember_rounds(project_id: int, infos: tuple[AssessmentInfo, ...]) -> None:
    """A project's rounds (oldest first) read as part of a larger read; each also answers
    :func:`get_assessment` in this run."""
    remember(_rounds_key(project_id), infos)
    for info in infos:
        remember_info(info)


def _rounds_key(project_id: int) -> tuple:
    return ("project-rounds", project_id)


def submitted_rounds(engine: Engine, project_id: int) -> list[AssessmentInfo]:
    """Submitted rounds of a project, newest first."""
    return [r for r in reversed(project_rounds(engine, project_id)) if r.status == "submitted"]


def criterion_scores(engine: Engine, assessment_id: int) -> dict[str, float]:
    """Stored criterion scores of a submitted round (empty for drafts)."""
    with read_session(engine) as s:
        rows = s.execute(
            select(CriterionScore.criterion_id, CriterionScore.score).where(
                CriterionScore.assessment_id == assessment_id
            )
        )
        return {r.criterion_id: r.score for r in rows}


def answers_of(engine: Engine, assessment_id: int) -> dict[str, int | None]:
    with read_session(engine) as s:
        return answers_in(s, assessment_id)


# --- export -----------------------------------------------------------------------------------


def answers_frame(engine: Engine, assessment_id: int) -> pd.DataFrame:
    """One row per statement of the round's questionnaire: area, criterion, statement, answer, note."""
    with read_session(engine) as s:
        state = state_in(s, assessment_id)
    if state is None:
        raise AssessmentError("Diese Selbstanalyse gibt es nicht.")
    questionnaire = load_questionnaire(state.info.questionnaire_version)
    rows = []
    for criterion in questionnaire.criteria:
        for item in criterion.items:
            answered = item.id in state.answers
            value = state.answers.get(item.id)
            rows.append(
                {
                    "Bereich": questionnaire.area_by_id[criterion.area_id].name,
                    "Kriterium-ID": criterion.id,
                    "Kriterium": criterion.name,
                    "Aussage-ID": item.id,
                    "Aussage": item.text,
                    "Wert": value if answered else None,
                    "Antwort": questionnaire.scale_label(value) if answered else "unbeantwortet",
                    "Notizen / Belege": state.notes.get(criterion.id, ""),
                }
            )
    frame = pd.DataFrame(rows)
    frame["Wert"] = frame["Wert"].astype("Int64")
    return frame

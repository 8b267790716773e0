"""Self-analysis rounds: start, save a step (optimistic version check), submit, read results.

Saving a questionnaire step is one short write transaction with an optimistic check: the draft
row is locked (``BEGIN IMMEDIATE`` on SQLite, ``FOR UPDATE`` on PostgreSQL) and its version
compared with the one the editor loaded. If someone saved the draft in between, the save still
goes ahead when the editor also sent the criterion's content as it loaded it (``base``) and that
content is unchanged in the database: the other person worked on another criterion, and
refusing would only make two people on one draft refuse each other on every click of the
questionnaire's save-on-change. If the criterion itself changed, nothing is written and the
loser gets a :class:`SaveResult` with ``conflict=True`` and the criterion as it is stored now.
Submitting computes the criterion scores with :mod:`mintqo.scoring` and stores them in the same
transaction; a second submit is a no-op returning the same result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from sqlalchemy import Engine, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mintqo.questionnaire import Questionnaire, load_questionnaire
from mintqo.scoring import missing_for_submission, nothing_scored, score_assessment
from mintqo.store import participation, releases, versions
from mintqo.store.assessment_records import (
    AssessmentError,
    AssessmentInfo,
    CriterionContent,
    DraftExistsError,
    DraftState,
    SaveResult,
    SubmissionBlockedError,
    SubmitResult,
    answers_frame,
    answers_in,
    answers_of,
    assessment_info,
    criterion_scores,
    get_assessment,
    project_rounds,
    submitted_rounds,
)
from mintqo.store.criterion_writes import change_answers, replace_answers, replace_note
from mintqo.store.engine import Check, write_session
from mintqo.store.models import (
    Answer,
    Assessment,
    CriterionNote,
    CriterionScore,
    Initiative,
    Project,
    TeamSheet,
    utcnow,
)
from mintqo.store.round_states import keep_saved_step, load_state
from mintqo.validation import InvalidInput, check_rating, clean_text

NOTE_MAX_CHARS = 2000

__all__ = [
    "NOTE_MAX_CHARS",
    "AssessmentError",
    "AssessmentInfo",
    "CriterionContent",
    "DraftExistsError",
    "DraftState",
    "SaveResult",
    "SubmissionBlockedError",
    "SubmitResult",
    "answers_frame",
    "answers_of",
    "assessment_info",
    "criterion_content",
    "criterion_scores",
    "get_assessment",
    "load_state",
    "project_rounds",
    "save_step",
    "set_current_step",
    "start_round",
    "submit",
    "submitted_rounds",
    "validate_step",
]


# --- writing -----------------------------------------------------------------------------------


def start_round(
    engine: Engine,
    project_id: int,
    *,
    prefill: bool = False,
    questionnaire_version: int | None = None,
    check: Check | None = None,
    team_lead: int | None = None,
) -> int:
    """Open a new draft round for a project, empty or pre-filled with the previous round's answers.

    With ``team_lead`` (a user id) it is a team round: every member fills a sheet of their own,
    and the round's answers become the agreed result; the lead's sheet is opened at once.
    Raises :class:`DraftExistsError` if the project already has a draft.
    """
    questionnaire = load_questionnaire(questionnaire_version)
    try:
        with write_session(engine, check) as s:
            if s.get(Project, project_id) is None:
                raise AssessmentError("Dieses Projekt gibt es nicht.")
            if s.scalar(
                select(Assessment.id).where(
                    Assessment.project_id == project_id, Assessment.status == "draft"
                )
            ):
                raise DraftExistsError("Für dieses Projekt ist bereits eine Selbstanalyse offen.")
            last_round = s.scalar(
                select(func.max(Assessment.round_no)).where(Assessment.project_id == project_id)
            )
            now = utcnow()
            row = Assessment(
                project_id=project_id,
                round_no=(last_round or 0) + 1,
                questionnaire_version=questionnaire.version,
                status="draft",
                is_latest=False,
                version=1,
                current_step=questionnaire.criteria[0].id,
                started_at=now,
                updated_at=now,
                mode="single" if team_lead is None else "team",
            )
            s.add(row)
            s.flush()
            if team_lead is not None:
                s.add(
                    TeamSheet(
                        assessment_id=row.id,
                        user_id=team_lead,
                        is_lead=True,
                        status="open",
                        version=1,
                        current_step=questionnaire.criteria[0].id,
                        started_at=now,
                        updated_at=now,
                    )
                )
            versions.bump(s, [versions.ACTIVITY])
            participation.mark_changed(s, project_id=project_id)
            if prefill:
                previous = s.scalar(
                    select(Assessment.id)
                    .where(Assessment.project_id == project_id, Assessment.status == "submitted")
                    .order_by(Assessment.round_no.desc())
                    .limit(1)
                )
                if previous is not None:
                    known = questionnaire.item_by_id
                    rows = [
                        {"assessment_id": row.id, "item_id": item_id, "value": value}
                        for item_id, value in answers_in(s, previous).items()
                        if item_id in known  # items dropped by a newer questionnaire stay behind
                    ]
                    if rows:
                        s.execute(insert(Answer), rows)
            return row.id
    except IntegrityError as exc:  # a concurrent start won the partial unique index
        raise DraftExistsError("Für dieses Projekt ist bereits eine Selbstanalyse offen.") from exc


def validate_step(
    questionnaire: Questionnaire, criterion_id: str, answers: Mapping[str, int | None], note: str
) -> str:
    """The note as it will be stored; refuses stray items, values off the scale, unsafe text."""
    criterion = questionnaire.criterion_by_id.get(criterion_id)
    if criterion is None:
        raise AssessmentError(f"Unbekanntes Kriterium {criterion_id!r}.")
    own = {i.id for i in criterion.items}
    stray = set(answers) - own
    if stray:
        raise AssessmentError(f"Aussagen gehören nicht zu {criterion_id}: {sorted(stray)}")
    try:
        for item_id, value in answers.items():
            check_rating(questionnaire, item_id, value)
        return clean_text(note, "Die Notiz", max_chars=NOTE_MAX_CHARS)
    except InvalidInput as exc:
        raise AssessmentError(str(exc)) from exc


def criterion_content(
    state: DraftState, questionnaire: Questionnaire, criterion_id: str
) -> CriterionContent:
    """The stored answers and note of one criterion of a loaded round."""
    items = questionnaire.criterion_by_id[criterion_id].items
    return CriterionContent(
        answers={i.id: state.answers[i.id] for i in items if i.id in state.answers},
        note=state.notes.get(criterion_id, ""),
    )


def _content_in(
    session: Session, assessment_id: int, item_ids: list[str], criterion_id: str
) -> CriterionContent:
    rows = session.execute(
        select(Answer.item_id, Answer.value).where(
            Answer.assessment_id == assessment_id, Answer.item_id.in_(item_ids)
        )
    )
    note = session.scalar(
        select(CriterionNote.text).where(
            CriterionNote.assessment_id == assessment_id,
            CriterionNote.criterion_id == criterion_id,
        )
    )
    return CriterionContent(answers={r.item_id: r.value for r in rows}, note=note or "")


# A save's statements, built once (a save is the most frequent write).
_ROUND_FOR_SAVE = (
    select(*AssessmentInfo.columns())
    .where(Assessment.id == bindparam("assessment_id"))
    .with_for_update()
)
_ROUNDS = Assessment.__table__
_NEXT_VERSION = (
    update(_ROUNDS)
    .where(
        _ROUNDS.c.id == bindparam("round"),
        _ROUNDS.c.version == bindparam("seen"),
        _ROUNDS.c.status == "draft",
    )
    .values(
        version=_ROUNDS.c.version + 1,
        updated_at=bindparam("now"),
        current_step=bindparam("step"),
    )
)


def save_step(
    engine: Engine,
    assessment_id: int,
    expected_version: int,
    criterion_id: str,
    answers: Mapping[str, int | None],
    note: str | None,
    *,
    current_step: str | None = None,
    base: CriterionContent | None = None,
    check: Check | None = None,
) -> SaveResult:
    """Write one criterion's answers and note, unless someone changed them since the editor
    loaded the draft.

    ``answers`` maps the criterion's item ids to 1–5 or None ('nicht zutreffend'); items of the
    criterion missing from it are unanswered (their stored rows are deleted). ``current_step``
    (default: this criterion) is where the questionnaire resumes next time.
    The save goes ahead if the draft is still at ``expected_version``, or if ``base`` (the
    criterion as the editor loaded it) equals what is stored now. Otherwise, or for a round
    that is no longer a draft, nothing is written and the result carries ``conflict=True``
    with the criterion as it is stored now.
    """
    with write_session(engine, check) as s:
        # The row lock serialises savers on PostgreSQL (SQLite: BEGIN IMMEDIATE already has).
        row = s.execute(_ROUND_FOR_SAVE, {"assessment_id": assessment_id}).one_or_none()
        if row is None:
            raise AssessmentError("Diese Selbstanalyse gibt es nicht.")
        questionnaire = load_questionnaire(row.questionnaire_version)
        note = validate_step(questionnaire, criterion_id, answers, note or "")
        if current_step is not None and current_step not in questionnaire.criterion_by_id:
            raise AssessmentError(f"Unbekanntes Kriterium {current_step!r}.")
        item_ids = [i.id for i in questionnaire.criterion_by_id[criterion_id].items]
        allowed = row.status == "draft" and (
            row.version == expected_version
            or (base is not None and _content_in(s, assessment_id, item_ids, criterion_id) == base)
        )
        bumped = 0
        step, now = current_step or criterion_id, utcnow()
        if allowed:
            bumped = s.execute(
                _NEXT_VERSION,
                {"round": assessment_id, "seen": row.version, "now": now, "step": step},
            ).rowcount
        if bumped != 1:
            current = s.scalar(select(Assessment.version).where(Assessment.id == assessment_id))
            stored = _content_in(s, assessment_id, item_ids, criterion_id)
            return SaveResult(saved=False, conflict=True, version=current, stored=stored)
        given = {i: answers[i] for i in item_ids if i in answers}
        if base is None:
            replace_answers(s, assessment_id, item_ids, given)
        elif given != base.answers:
            change_answers(s, assessment_id, base.answers, given)
        if base is None or note != base.note:
            replace_note(s, assessment_id, criterion_id, note)
        participation.mark_changed(s, assessment_id=assessment_id)
    before = AssessmentInfo(**row._mapping)
    after = replace(before, version=row.version + 1, updated_at=now, current_step=step)
    keep_saved_step(engine, before, after, item_ids, given, criterion_id, note)
    written = CriterionContent(answers=given, note=note)
    return SaveResult(saved=True, conflict=False, version=row.version + 1, stored=written)


def set_current_step(
    engine: Engine, assessment_id: int, criterion_id: str, check: Check | None = None
) -> None:
    """Remember where the user is (a jump without saving); does not change the version."""
    with write_session(engine, check) as s:
        s.execute(
            update(Assessment)
            .where(Assessment.id == assessment_id, Assessment.status == "draft")
            .values(current_step=criterion_id)
        )


def submit(engine: Engine, assessment_id: int, check: Check | None = None) -> SubmitResult:
    """Close a draft: store its criterion scores, mark it the project's latest round.

    Idempotent: submitting a submitted round returns its stored result with
    ``newly_submitted=False``. Raises :class:`SubmissionBlockedError` while a criterion has no
    score and unanswered statements, or no criterion has a score (:mod:`mintqo.scoring`); a
    completely answered criterion without a score is stored without one ('nicht bewertet').
    The initiative is marked as changed; its network is released if that makes five.
    """
    with write_session(engine, check) as s:
        row = s.get(Assessment, assessment_id)
        if row is None:
            raise AssessmentError("Diese Selbstanalyse gibt es nicht.")
        now = utcnow()
        closed = s.execute(
            update(Assessment)
            .where(Assessment.id == assessment_id, Assessment.status == "draft")
            .values(status="submitted", submitted_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if closed == 1:
            questionnaire = load_questionnaire(row.questionnaire_version)
            answers = answers_in(s, assessment_id)
            missing = missing_for_submission(questionnaire, answers)
            if missing or nothing_scored(questionnaire, answers):
                names = {c.id: c.name for c in questionnaire.criteria}
                raise SubmissionBlockedError(missing, names)  # rolls the status change back
            results = score_assessment(questionnaire, answers)
            s.execute(
                insert(CriterionScore),
                [
                    {
                        "assessment_id": assessment_id,
                        "criterion_id": cid,
                        "score": round(r.score, 4),
                        "answered": r.answered,
                    }
                    for cid, r in results.items()
                    if r.score is not None
                ],
            )
            s.execute(
                update(Assessment)
                .where(Assessment.project_id == row.project_id)
                .values(is_latest=Assessment.id == assessment_id)
                .execution_options(synchronize_session=False)
            )
            initiative_id, network_id = s.execute(
                select(Initiative.id, Initiative.network_id)
                .join(Project, Project.initiative_id == Initiative.id)
                .where(Project.id == row.project_id)
            ).one()
            # Dashboards show it with the network's next release (store/releases.py); the mark
            # bumps ACTIVITY (participation counts) as well.
            releases.mark_changed(s, initiative_id)
            releases.release_if_due(s, network_id, now)
            versions.bump(s, [versions.participation_scope(network_id)])
        submitted_at = s.scalar(
            select(Assessment.submitted_at).where(Assessment.id == assessment_id)
        )
        scores = {
            r.criterion_id: r.score
            for r in s.execute(
                select(CriterionScore.criterion_id, CriterionScore.score).where(
                    CriterionScore.assessment_id == assessment_id
                )
            )
        }
    return SubmitResult(assessment_id, submitted_at, scores, newly_submitted=closed == 1)

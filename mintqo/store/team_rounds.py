"""Team rounds: each member's own sheet (answers and notes), who has finished, and the sheets
the team comparison is built from.

A sheet is saved like a draft, one criterion at a time, with its own optimistic version: two
members never write the same rows, so their saves never refuse or overwrite each other, and
one member saving the same sheet in two tabs gets the usual conflict answer – unless, as for a
round's draft, the criterion saved is still as that tab loaded it (``base``): then the other
tab worked on another criterion, and refusing would only make the two tabs refuse each other.
The round's own answers (``answer``) are the agreed result, composed by the lead; they are
written by the ordinary draft functions of :mod:`mintqo.store.assessments`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.orm import Session

from mintqo.errors import UserError
from mintqo.questionnaire import load_questionnaire
from mintqo.scoring import missing_for_submission, nothing_scored
from mintqo.store.assessments import (
    AssessmentInfo,
    CriterionContent,
    DraftState,
    assessment_info,
    validate_step,
)
from mintqo.store.engine import Check, read_session, write_session
from mintqo.store.models import (
    Assessment,
    Initiative,
    Project,
    SheetAnswer,
    SheetNote,
    TeamSheet,
    User,
    utcnow,
)
from mintqo.store.round_owner import round_owner_in


class TeamRoundError(UserError):
    """A refused team-round action (German message)."""


NOT_A_TEAM_ROUND = "Diese Runde ist keine Teamrunde."
ROUND_CLOSED = "Diese Runde ist abgeschlossen; Bögen können nicht mehr geändert werden."
SHEET_FINISHED = "Ihr Bogen ist abgeschlossen und kann nicht mehr geändert werden."


@dataclass(frozen=True)
class SheetState:
    sheet_id: int
    assessment_id: int
    user_id: int
    is_lead: bool
    status: str
    version: int
    current_step: str | None
    answers: Mapping[str, int | None] = field(default_factory=dict)
    notes: Mapping[str, str] = field(default_factory=dict)
    round: AssessmentInfo | None = None  # the team round the sheet belongs to

    @property
    def finished(self) -> bool:
        return self.status == "finished"

    def as_draft(self) -> DraftState:
        """The sheet as the questionnaire's step editor draws a draft: the round's
        questionnaire, with the sheet's own version, resume point, answers and notes."""
        assert self.round is not None
        info = replace(self.round, version=self.version, current_step=self.current_step)
        return DraftState(info, self.answers, self.notes)


@dataclass(frozen=True)
class FinishedSheet:
    user_id: int
    display_name: str
    answers: Mapping[str, int | None]
    notes: Mapping[str, str]


def _sheet_row(s: Session, assessment_id: int, user_id: int) -> TeamSheet | None:
    return s.scalar(
        select(TeamSheet).where(
            TeamSheet.assessment_id == assessment_id, TeamSheet.user_id == user_id
        )
    )


def _contents(s: Session, sheet_id: int) -> tuple[dict, dict]:
    answers = dict(
        s.execute(
            select(SheetAnswer.item_id, SheetAnswer.value).where(SheetAnswer.sheet_id == sheet_id)
        ).all()
    )
    notes = dict(
        s.execute(
            select(SheetNote.criterion_id, SheetNote.text).where(SheetNote.sheet_id == sheet_id)
        ).all()
    )
    return answers, notes


def _state(s: Session, row: TeamSheet) -> SheetState:
    answers, notes = _contents(s, row.id)
    round_ = s.get(Assessment, row.assessment_id)  # loaded already by writes: no query
    return SheetState(
        row.id,
        row.assessment_id,
        row.user_id,
        row.is_lead,
        row.status,
        row.version,
        row.current_step,
        answers,
        notes,
        assessment_info(round_) if round_ is not None else None,
    )


def _criterion_content(s: Session, sheet_id: int, item_ids: list[str], criterion_id: str):
    answers = dict(
        s.execute(
            select(SheetAnswer.item_id, SheetAnswer.value).where(
                SheetAnswer.sheet_id == sheet_id, SheetAnswer.item_id.in_(item_ids)
            )
        ).all()
    )
    note = s.scalar(
        select(SheetNote.text).where(
            SheetNote.sheet_id == sheet_id, SheetNote.criterion_id == criterion_id
        )
    )
    return CriterionContent(answers=answers, note=note or "")


def _open_team_draft(s: Session, assessment_id: int) -> Assessment:
    round_ = s.get(Assessment, assessment_id)
    if round_ is None or round_.mode != "team":
        raise TeamRoundError(NOT_A_TEAM_ROUND)
    if round_.status != "draft":
        raise TeamRoundError(ROUND_CLOSED)
    return round_


def sheet_state(engine: Engine, assessment_id: int, user_id: int) -> SheetState | None:
    with read_session(engine) as s:
        row = _sheet_row(s, assessment_id, user_id)
        return _state(s, row) if row is not None else None


def join(
    engine: Engine, assessment_id: int, user_id: int, check: Check | None = None
) -> SheetState:
    """The member's sheet of the round, opened empty on first use."""
    with write_session(engine, check) as s:
        round_ = _open_team_draft(s, assessment_id)
        row = _sheet_row(s, assessment_id, user_id)
        if row is None:
            now = utcnow()
            first = load_questionnaire(round_.questionnaire_version).criteria[0].id
            row = TeamSheet(
                assessment_id=assessment_id,
                user_id=user_id,
                is_lead=False,
                status="open",
                version=1,
                current_step=first,
                started_at=now,
                updated_at=now,
            )
            s.add(row)
            s.flush()
        return _state(s, row)


def save_sheet_step(
    engine: Engine,
    assessment_id: int,
    user_id: int,
    expected_version: int,
    criterion_id: str,
    answers: Mapping[str, int | None],
    note: str | None,
    *,
    current_step: str | None = None,
    base: CriterionContent | None = None,
    check: Check | None = None,
) -> tuple[bool, SheetState]:
    """Write one criterion of the member's own sheet if it is still at ``expected_version``,
    or if the criterion is still as the editor loaded it (``base``).

    Returns (saved, the sheet as stored now); otherwise nothing is written.
    """
    with write_session(engine, check) as s:
        round_ = _open_team_draft(s, assessment_id)
        questionnaire = load_questionnaire(round_.questionnaire_version)
        text = validate_step(questionnaire, criterion_id, answers, note or "")
        row = _sheet_row(s, assessment_id, user_id)
        if row is None:
            raise TeamRoundError("Sie haben in dieser Runde noch keinen Bogen.")
        if row.status == "finished":
            raise TeamRoundError(SHEET_FINISHED)
        if current_step is not None and current_step not in questionnaire.criterion_by_id:
            raise TeamRoundError(f"Unbekanntes Kriterium {current_step!r}.")
        item_ids = [i.id for i in questionnaire.criterion_by_id[criterion_id].items]
        if (
            row.version != expected_version
            and base is not None
            and _criterion_content(s, row.id, item_ids, criterion_id) == base
        ):
            expected_version = row.version  # another tab saved another criterion
        bumped = s.execute(
            update(TeamSheet)
            .where(TeamSheet.id == row.id, TeamSheet.version == expected_version)
            .values(
                version=TeamSheet.version + 1,
                updated_at=utcnow(),
                current_step=current_step or criterion_id,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        if bumped == 1:
            s.execute(
                delete(SheetAnswer).where(
                    SheetAnswer.sheet_id == row.id, SheetAnswer.item_id.in_(item_ids)
                )
            )
            rows = [
                {"sheet_id": row.id, "item_id": i, "value": answers[i]}
                for i in item_ids
                if i in answers
            ]
            if rows:
                s.execute(insert(SheetAnswer), rows)
            s.execute(
                delete(SheetNote).where(
                    SheetNote.sheet_id == row.id, SheetNote.criterion_id == criterion_id
                )
            )
            if text:
                s.add(SheetNote(sheet_id=row.id, criterion_id=criterion_id, text=text))
            s.flush()
        s.refresh(row)
        return bumped == 1, _state(s, row)


def set_sheet_step(
    engine: Engine, assessment_id: int, user_id: int, criterion_id: str, check: Check | None = None
) -> None:
    """Remember where the member is on their sheet (a jump without saving; same version)."""
    with write_session(engine, check) as s:
        s.execute(
            update(TeamSheet)
            .where(
                TeamSheet.assessment_id == assessment_id,
                TeamSheet.user_id == user_id,
                TeamSheet.status == "open",
            )
            .values(current_step=criterion_id)
        )


def finish_sheet(
    engine: Engine, assessment_id: int, user_id: int, check: Check | None = None
) -> SheetState:
    """Close the member's sheet: from now on they see the team comparison. The sheet must be
    ready as for a submission: every criterion with a score or completely answered, and at
    least one with a score (a sheet of nothing but "nicht zutreffend" says nothing)."""
    with write_session(engine, check) as s:
        round_ = _open_team_draft(s, assessment_id)
        row = _sheet_row(s, assessment_id, user_id)
        if row is None:
            raise TeamRoundError("Sie haben in dieser Runde noch keinen Bogen.")
        if row.status != "finished":
            questionnaire = load_questionnaire(round_.questionnaire_version)
            answers, _ = _contents(s, row.id)
            missing = missing_for_submission(questionnaire, answers)
            if missing:
                names = ", ".join(questionnaire.criterion_by_id[c].name for c in missing)
                raise TeamRoundError(
                    f"Ihr Bogen ist noch nicht fertig: Es fehlen Antworten bei {names}."
                )
            if nothing_scored(questionnaire, answers):
                raise TeamRoundError(
                    "Ihr Bogen ist noch nicht fertig: Mindestens ein Kriterium braucht eine "
                    "Bewertung – bisher ist jedes ganz oder überwiegend „nicht zutreffend“."
                )
            row.status, row.finished_at, row.updated_at = "finished", utcnow(), utcnow()
            s.flush()
        return _state(s, row)


def finished_sheets(engine: Engine, assessment_id: int) -> list[FinishedSheet]:
    """The finished sheets of a round, in a stable order (lead first, then by name)."""
    with read_session(engine) as s:
        rows = s.execute(
            select(TeamSheet.id, TeamSheet.user_id, User.display_name)
            .join(User, User.id == TeamSheet.user_id)
            .where(TeamSheet.assessment_id == assessment_id, TeamSheet.status == "finished")
            .order_by(TeamSheet.is_lead.desc(), User.display_name, TeamSheet.id)
        ).all()
        sheets = []
        for sheet_id, user_id, name in rows:
            answers, notes = _contents(s, sheet_id)
            sheets.append(FinishedSheet(user_id, name, answers, notes))
    return sheets


@dataclass(frozen=True)
class SheetRecord:
    """A sheet with what the rules about reading it need (no contents)."""

    sheet_id: int
    assessment_id: int
    user_id: int
    finished: bool
    round_closed: bool
    initiative_id: int
    network_id: int
    project_id: int


def initiative_sheets(engine: Engine, initiative_id: int) -> list[SheetRecord]:
    """Every sheet of the initiative's team rounds (e.g. for its data export)."""
    with read_session(engine) as s:
        rows = s.execute(
            select(
                TeamSheet.id,
                TeamSheet.assessment_id,
                TeamSheet.user_id,
                TeamSheet.status,
                Assessment.status,
                Initiative.id,
                Initiative.network_id,
                Project.id,
            )
            .join(Assessment, Assessment.id == TeamSheet.assessment_id)
            .join(Project, Project.id == Assessment.project_id)
            .join(Initiative, Initiative.id == Project.initiative_id)
            .where(Initiative.id == initiative_id)
            .order_by(TeamSheet.id)
        ).all()
    return [
        SheetRecord(r[0], r[1], r[2], r[3] == "finished", r[4] != "draft", r[5], r[6], r[7])
        for r in rows
    ]


def round_lead_in(session: Session, assessment_id: int) -> tuple[bool, int | None]:
    """(is it a team round, the user id of its lead) inside the caller's transaction. Without a
    lead sheet (the lead left the initiative) the member who joined first leads."""
    owner = round_owner_in(session, assessment_id)
    if owner is None or owner.mode != "team":
        return False, None
    lead = session.scalar(
        select(TeamSheet.user_id)
        .where(TeamSheet.assessment_id == assessment_id)
        .order_by(TeamSheet.is_lead.desc(), TeamSheet.started_at, TeamSheet.id)
        .limit(1)
    )
    return True, lead

"""Writing answers from an offline template into a draft.

One write transaction: check the round is still a draft, upsert the answers and notes that
differ, bump ``Assessment.version`` and ``updated_at``. A repeated identical import changes
nothing (and does not bump the version); a submitted round is refused. Drafts are not part of
any aggregate, so no data version is bumped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from mintqo.errors import UserError
from mintqo.faults import BUSY_MESSAGE, is_database_locked
from mintqo.questionnaire import Questionnaire, load_questionnaire
from mintqo.store.assessments import NOTE_MAX_CHARS
from mintqo.store.engine import Check, write_session
from mintqo.store.models import Answer, Assessment, CriterionNote, utcnow
from mintqo.validation import InvalidInput, check_rating, clean_text


class ImportRefused(UserError):
    """The import cannot be applied; the message is German and meant for the user."""


class StoreBusy(ImportRefused):
    """The database stayed locked longer than the busy timeout; nothing was written."""

    busy = True


def check_values(
    questionnaire: Questionnaire, answers: Mapping[str, int | None], notes: Mapping[str, str]
) -> dict[str, str]:
    """The store's own guard with the one validator (the file check says the same with row
    numbers); returns the notes as they will be stored."""
    try:
        for item_id, value in answers.items():
            check_rating(questionnaire, item_id, value)
        return {
            cid: clean_text(text, f"Die Notiz zu {cid}", max_chars=NOTE_MAX_CHARS)
            for cid, text in notes.items()
        }
    except InvalidInput as exc:
        raise ImportRefused(str(exc)) from exc


@dataclass(frozen=True)
class ImportOutcome:
    assessment_id: int
    changed_answers: int
    changed_notes: int
    version: int

    @property
    def changed(self) -> bool:
        return bool(self.changed_answers or self.changed_notes)


def import_answers(
    engine: Engine,
    assessment_id: int,
    answers: Mapping[str, int | None],
    notes: Mapping[str, str],
    check: Check | None = None,
) -> ImportOutcome:
    """Apply validated answers and notes to a draft, all in one transaction.

    Raises :class:`ImportRefused` (German message) if the assessment is missing or submitted,
    and :class:`StoreBusy` if the database stayed locked; in both cases nothing is written.
    """
    try:
        with write_session(engine, check) as s:
            assessment = s.get(Assessment, assessment_id)
            if assessment is None:
                raise ImportRefused(f"Die Selbstanalyse Nr. {assessment_id} gibt es nicht.")
            if assessment.status != "draft":
                raise ImportRefused(
                    "Diese Selbstanalyse ist bereits abgeschlossen und kann nicht mehr "
                    "überschrieben werden. Starten Sie für neue Eingaben eine neue Runde."
                )
            questionnaire = load_questionnaire(assessment.questionnaire_version)
            unknown = [i for i in answers if i not in questionnaire.item_by_id]
            unknown += [c for c in notes if c not in questionnaire.criterion_by_id]
            if unknown:
                raise ImportRefused(
                    "Unbekannte Aussagen oder Kriterien: " + ", ".join(sorted(unknown)[:10])
                )
            notes = check_values(questionnaire, answers, notes)
            changed_answers = merge_values(
                s,
                s.scalars(select(Answer).where(Answer.assessment_id == assessment_id)),
                answers,
                key="item_id",
                field="value",
                make=lambda item_id, value: Answer(
                    assessment_id=assessment_id, item_id=item_id, value=value
                ),
            )
            changed_notes = merge_values(
                s,
                s.scalars(
                    select(CriterionNote).where(CriterionNote.assessment_id == assessment_id)
                ),
                notes,
                key="criterion_id",
                field="text",
                make=lambda criterion_id, text: CriterionNote(
                    assessment_id=assessment_id, criterion_id=criterion_id, text=text
                ),
            )
            if changed_answers or changed_notes:
                assessment.version += 1
                assessment.updated_at = utcnow()
            s.flush()
            return ImportOutcome(assessment_id, changed_answers, changed_notes, assessment.version)
    except OperationalError as exc:
        if is_database_locked(exc):
            raise StoreBusy(BUSY_MESSAGE) from exc
        raise


def merge_values(
    session: Session,
    stored_rows: Iterable[Any],
    wanted: Mapping[str, Any],
    *,
    key: str,
    field: str,
    make: Callable[[str, Any], Any],
) -> int:
    """Make every key of ``wanted`` stand with its value: change the stored rows that differ,
    add ``make(key, value)`` for missing ones; rows not in ``wanted`` stay. How many changed."""
    stored = {getattr(row, key): row for row in stored_rows}
    changed = 0
    for name, value in wanted.items():
        row = stored.get(name)
        if row is None:
            session.add(make(name, value))
        elif getattr(row, field) != value:
            setattr(row, field, value)
        else:
            continue
        changed += 1
    return changed

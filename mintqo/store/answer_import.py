"""Writing answers from an offline template into a draft, and reading a draft for the template.

One write transaction: check the round is still a draft, upsert the answers and notes that
differ, bump ``Assessment.version`` and ``updated_at``. A repeated identical import changes
nothing (and does not bump the version); a submitted round is refused. Drafts are not part of
any aggregate, so no data version is bumped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError

from mintqo.io.offline_template import MAX_NOTE_CHARS, TemplateContent
from mintqo.questionnaire import load_questionnaire
from mintqo.store.engine import read_session, write_session
from mintqo.store.models import Answer, Assessment, CriterionNote, utcnow
from mintqo.text import has_control_chars

BUSY_MESSAGE = (
    "Die Datenbank ist gerade stark ausgelastet; Ihre Eingaben wurden noch nicht gespeichert. "
    "Bitte versuchen Sie es in einem Moment noch einmal – Ihre Eingaben bleiben erhalten."
)


class ImportRefused(Exception):
    """The import cannot be applied; the message is German and meant for the user."""


class StoreBusy(ImportRefused):
    """The database stayed locked longer than the busy timeout; nothing was written."""


def is_database_locked(exc: BaseException) -> bool:
    """True for SQLite's 'database is locked'/'busy' errors (possibly wrapped by SQLAlchemy)."""
    if isinstance(exc, StoreBusy):
        return True
    text = str(getattr(exc, "orig", None) or exc).lower()
    return any(
        phrase in text
        for phrase in ("database is locked", "database table is locked", "database is busy")
    )


def database_error_message(exc: BaseException) -> str | None:
    """A German message for a known database fault, or None if it is not one we recognise."""
    if is_database_locked(exc):
        return BUSY_MESSAGE
    return None


def _check_values(answers: Mapping[str, int | None], notes: Mapping[str, str]) -> None:
    """The store's own guard (the file validator checks the same, with row numbers)."""
    for item_id, value in answers.items():
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5
        ):
            raise ImportRefused(f"Ungültige Bewertung {value!r} für {item_id}.")
    for criterion_id, text in notes.items():
        if len(text) > MAX_NOTE_CHARS:
            raise ImportRefused(
                f"Die Notiz zu {criterion_id} ist zu lang; erlaubt sind {MAX_NOTE_CHARS} Zeichen."
            )
        if has_control_chars(text):
            raise ImportRefused(
                f"Die Notiz zu {criterion_id} enthält unzulässige Steuerzeichen (z. B. ein "
                "Nullbyte)."
            )


@dataclass(frozen=True)
class ImportOutcome:
    assessment_id: int
    changed_answers: int
    changed_notes: int
    version: int

    @property
    def changed(self) -> bool:
        return bool(self.changed_answers or self.changed_notes)


def template_content(engine: Engine, assessment_id: int) -> TemplateContent:
    """The questionnaire of an assessment with its current answers and notes, for the template."""
    with read_session(engine) as s:
        assessment = s.get(Assessment, assessment_id)
        if assessment is None:
            raise ImportRefused(f"Die Selbstanalyse Nr. {assessment_id} gibt es nicht.")
        version = assessment.questionnaire_version
        answers = dict(
            s.execute(
                select(Answer.item_id, Answer.value).where(Answer.assessment_id == assessment_id)
            ).all()
        )
        notes = dict(
            s.execute(
                select(CriterionNote.criterion_id, CriterionNote.text).where(
                    CriterionNote.assessment_id == assessment_id
                )
            ).all()
        )
    return TemplateContent(
        assessment_id=assessment_id,
        questionnaire=load_questionnaire(version),
        answers=answers,
        notes=notes,
    )


def questionnaire_version_of(engine: Engine, assessment_id: int) -> int | None:
    with read_session(engine) as s:
        return s.scalar(
            select(Assessment.questionnaire_version).where(Assessment.id == assessment_id)
        )


def import_answers(
    engine: Engine,
    assessment_id: int,
    answers: Mapping[str, int | None],
    notes: Mapping[str, str],
) -> ImportOutcome:
    """Apply validated answers and notes to a draft, all in one transaction.

    Raises :class:`ImportRefused` (German message) if the assessment is missing or submitted,
    and :class:`StoreBusy` if the database stayed locked; in both cases nothing is written.
    """
    try:
        with write_session(engine) as s:
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
            _check_values(answers, notes)
            existing = {
                a.item_id: a
                for a in s.scalars(select(Answer).where(Answer.assessment_id == assessment_id))
            }
            changed_answers = 0
            for item_id, value in answers.items():
                row = existing.get(item_id)
                if row is None:
                    s.add(Answer(assessment_id=assessment_id, item_id=item_id, value=value))
                    changed_answers += 1
                elif row.value != value:
                    row.value = value
                    changed_answers += 1
            existing_notes = {
                n.criterion_id: n
                for n in s.scalars(
                    select(CriterionNote).where(CriterionNote.assessment_id == assessment_id)
                )
            }
            changed_notes = 0
            for criterion_id, text in notes.items():
                note = existing_notes.get(criterion_id)
                if note is None:
                    s.add(
                        CriterionNote(
                            assessment_id=assessment_id, criterion_id=criterion_id, text=text
                        )
                    )
                    changed_notes += 1
                elif note.text != text:
                    note.text = text
                    changed_notes += 1
            if changed_answers or changed_notes:
                assessment.version += 1
                assessment.updated_at = utcnow()
            s.flush()
            return ImportOutcome(assessment_id, changed_answers, changed_notes, assessment.version)
    except OperationalError as exc:
        if is_database_locked(exc):
            raise StoreBusy(BUSY_MESSAGE) from exc
        raise

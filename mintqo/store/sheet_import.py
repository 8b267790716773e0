"""Writing a filled offline template into a member's own sheet of a team round.

The same rules as an import into a round's draft (:mod:`mintqo.store.answer_import`): one write
transaction, the one validator, all or nothing, a repeated identical import changes nothing.
Only into the member's own sheet, while it is open and the round is a draft.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError

from mintqo.faults import BUSY_MESSAGE, is_database_locked
from mintqo.questionnaire import load_questionnaire
from mintqo.store.answer_import import (
    ImportOutcome,
    ImportRefused,
    StoreBusy,
    check_values,
    merge_values,
)
from mintqo.store.engine import Check, write_session
from mintqo.store.models import Assessment, SheetAnswer, SheetNote, TeamSheet, utcnow
from mintqo.store.team_rounds import NOT_A_TEAM_ROUND, ROUND_CLOSED, SHEET_FINISHED

NO_SHEET = "Beginnen Sie zuerst Ihren eigenen Bogen; dann können Sie eine Vorlage übernehmen."


def import_sheet_answers(
    engine: Engine,
    assessment_id: int,
    user_id: int,
    answers: Mapping[str, int | None],
    notes: Mapping[str, str],
    check: Check | None = None,
) -> ImportOutcome:
    """Apply validated answers and notes to the member's open sheet (``version`` of the
    outcome is the sheet's). Raises :class:`ImportRefused` or :class:`StoreBusy`; then
    nothing is written."""
    try:
        with write_session(engine, check) as s:
            round_ = s.get(Assessment, assessment_id)
            if round_ is None or round_.mode != "team":
                raise ImportRefused(NOT_A_TEAM_ROUND)
            if round_.status != "draft":
                raise ImportRefused(ROUND_CLOSED)
            sheet = s.scalar(
                select(TeamSheet).where(
                    TeamSheet.assessment_id == assessment_id, TeamSheet.user_id == user_id
                )
            )
            if sheet is None:
                raise ImportRefused(NO_SHEET)
            if sheet.status == "finished":
                raise ImportRefused(SHEET_FINISHED)
            questionnaire = load_questionnaire(round_.questionnaire_version)
            unknown = [i for i in answers if i not in questionnaire.item_by_id]
            unknown += [c for c in notes if c not in questionnaire.criterion_by_id]
            if unknown:
                raise ImportRefused(
                    "Unbekannte Aussagen oder Kriterien: " + ", ".join(sorted(unknown)[:10])
                )
            notes = check_values(questionnaire, answers, notes)
            changed_answers = merge_values(
                s,
                s.scalars(select(SheetAnswer).where(SheetAnswer.sheet_id == sheet.id)),
                answers,
                key="item_id",
                field="value",
                make=lambda item_id, value: SheetAnswer(
                    sheet_id=sheet.id, item_id=item_id, value=value
                ),
            )
            changed_notes = merge_values(
                s,
                s.scalars(select(SheetNote).where(SheetNote.sheet_id == sheet.id)),
                notes,
                key="criterion_id",
                field="text",
                make=lambda criterion_id, text: SheetNote(
                    sheet_id=sheet.id, criterion_id=criterion_id, text=text
                ),
            )
            if changed_answers or changed_notes:
                sheet.version += 1
                sheet.updated_at = utcnow()
            s.flush()
            return ImportOutcome(assessment_id, changed_answers, changed_notes, sheet.version)
    except OperationalError as exc:
        if is_database_locked(exc):
            raise StoreBusy(BUSY_MESSAGE) from exc
        raise

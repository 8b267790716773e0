"""The offline template of a member's own sheet: download, check, and take it over.

The same Excel/CSV template and validator as for a round (:mod:`mintqo.io.offline_template`),
filled with the member's own sheet instead of the round's answers, and written into that sheet
(:mod:`mintqo.store.sheet_import`): a member of a team round can rate offline in a workshop
without Wi-Fi, like anyone doing a round alone.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Engine

from mintqo.access import Actor
from mintqo.io.offline_template import (
    TemplateContent,
    ValidationResult,
    template_csv,
    template_xlsx,
    validate_file,
)
from mintqo.questionnaire import load_questionnaire
from mintqo.services import team
from mintqo.services.errors import NotAllowed
from mintqo.store import sheet_import
from mintqo.store.answer_import import ImportOutcome
from mintqo.store.sheet_import import NO_SHEET


def _sheet(engine: Engine, actor: Actor, assessment_id: int) -> team.SheetState:
    sheet = team.sheet_if_any(engine, actor, assessment_id)
    if sheet is None or sheet.round is None:
        raise NotAllowed(NO_SHEET)
    return sheet


def sheet_template(engine: Engine, actor: Actor, assessment_id: int, fmt: str) -> bytes:
    """The member's own sheet as an Excel (``fmt="xlsx"``) or CSV template."""
    sheet = _sheet(engine, actor, assessment_id)
    assert sheet.round is not None
    content = TemplateContent(
        assessment_id=assessment_id,
        questionnaire=load_questionnaire(sheet.round.questionnaire_version),
        answers=sheet.answers,
        notes=sheet.notes,
    )
    return template_xlsx(content) if fmt == "xlsx" else template_csv(content)


def check_sheet_file(
    engine: Engine, actor: Actor, assessment_id: int, data: bytes, filename: str
) -> ValidationResult:
    """Validate a filled template completely against the round's questionnaire (no write)."""
    sheet = _sheet(engine, actor, assessment_id)
    assert sheet.round is not None
    questionnaire = load_questionnaire(sheet.round.questionnaire_version)
    return validate_file(data, filename, questionnaire, assessment_id)


def import_sheet(
    engine: Engine,
    actor: Actor,
    assessment_id: int,
    answers: Mapping[str, int | None],
    notes: Mapping[str, str],
) -> ImportOutcome:
    """Write a validated template into the member's own open sheet (all or nothing); the
    member is checked again inside the write."""
    return sheet_import.import_sheet_answers(
        engine,
        assessment_id,
        actor.user_id,
        answers,
        notes,
        check=team.member_check(actor, assessment_id),
    )

"""Writing one criterion's ratings and note inside a save's transaction.

A rating click changes one statement; the save knows what the editor loaded (``base``, equal to
what is stored when the save goes ahead), so it writes only the difference: one UPDATE for the
usual click instead of deleting and re-inserting the whole criterion.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy.orm import Session

from mintqo.store.models import Answer, CriterionNote

_ANSWERS = Answer.__table__
_UPDATE_ONE = (
    update(_ANSWERS)
    .where(_ANSWERS.c.assessment_id == bindparam("round"), _ANSWERS.c.item_id == bindparam("item"))
    .values(value=bindparam("new_value"))
)


def replace_answers(
    s: Session, assessment_id: int, item_ids: list[str], given: Mapping[str, int | None]
) -> None:
    """The criterion's stored ratings (of ``item_ids``) become ``given``, whatever they were."""
    _delete(s, assessment_id, item_ids)
    _insert(s, assessment_id, given)


def change_answers(
    s: Session,
    assessment_id: int,
    stored: Mapping[str, int | None],
    given: Mapping[str, int | None],
) -> None:
    """The criterion's ratings go from ``stored`` (as they are in the database) to ``given``."""
    changed = {i: v for i, v in given.items() if i in stored and stored[i] != v}
    added = {i: v for i, v in given.items() if i not in stored}
    removed = [i for i in stored if i not in given]
    if len(changed) == 1 and not removed:  # the usual click: one rating changed
        ((item_id, value),) = changed.items()
        updated = s.execute(
            _UPDATE_ONE, {"round": assessment_id, "item": item_id, "new_value": value}
        ).rowcount
        changed = {} if updated == 1 else changed
    _delete(s, assessment_id, [*removed, *changed])
    _insert(s, assessment_id, {**changed, **added})


def replace_note(s: Session, assessment_id: int, criterion_id: str, note: str) -> None:
    """The criterion's note becomes ``note`` ("" deletes it)."""
    s.execute(
        delete(CriterionNote).where(
            CriterionNote.assessment_id == assessment_id,
            CriterionNote.criterion_id == criterion_id,
        )
    )
    if note:
        s.add(CriterionNote(assessment_id=assessment_id, criterion_id=criterion_id, text=note))


def _delete(s: Session, assessment_id: int, item_ids: list[str]) -> None:
    if item_ids:
        s.execute(
            delete(_ANSWERS).where(
                _ANSWERS.c.assessment_id == assessment_id, _ANSWERS.c.item_id.in_(item_ids)
            )
        )


def _insert(s: Session, assessment_id: int, rows: Mapping[str, int | None]) -> None:
    """One INSERT for all rows: the table insert keeps a 'nicht zutreffend' (NULL) row in the
    same statement as the rest, where the ORM's bulk insert splits rows by their set of
    non-NULL values."""
    if rows:
        s.execute(
            insert(_ANSWERS),
            [
                {"assessment_id": assessment_id, "item_id": item_id, "value": value}
                for item_id, value in rows.items()
            ],
        )

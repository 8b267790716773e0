"""The action plan ('Maßnahmenplan') of a project: measures linked to a criterion.

Every function takes the project id as well as the item id, so an item can only be changed
through the project it belongs to (the page checks access to that project).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, delete, select, update

from mintqo.errors import UserError
from mintqo.store.engine import Check, read_session, write_session
from mintqo.store.models import ACTION_STATUSES, ActionItem, utcnow
from mintqo.validation import InvalidInput, clean_optional_name, clean_text

STATUS_LABELS = {"open": "offen", "in_progress": "in Arbeit", "done": "erledigt"}
WHAT_MAX_CHARS = 2000
WHO_MAX_CHARS = 200


class ActionPlanError(UserError):
    """A refused change; the message is German and may be shown to the user."""


@dataclass(frozen=True)
class Action:
    id: int
    project_id: int
    criterion_id: str
    what: str
    who: str
    due: dt.date | None
    status: str
    created_at: dt.datetime

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _validate(what: str, who: str, status: str) -> tuple[str, str]:
    try:
        what = clean_text(what, "Die Beschreibung der Maßnahme", max_chars=WHAT_MAX_CHARS)
        who = clean_optional_name(who, "„Wer“", max_chars=WHO_MAX_CHARS)
    except InvalidInput as exc:
        raise ActionPlanError(str(exc)) from exc
    if not what:
        raise ActionPlanError("Bitte beschreiben Sie die Maßnahme.")
    if status not in ACTION_STATUSES:
        raise ActionPlanError(f"Unbekannter Status {status!r}.")
    return what, who


def _action(row: ActionItem) -> Action:
    return Action(
        row.id,
        row.project_id,
        row.criterion_id,
        row.what,
        row.who,
        row.due,
        row.status,
        row.created_at,
    )


def list_actions(engine: Engine, project_id: int) -> list[Action]:
    """Measures of a project: open ones first, then by due date."""
    with read_session(engine) as s:
        rows = s.scalars(
            select(ActionItem).where(ActionItem.project_id == project_id).order_by(ActionItem.id)
        ).all()
        actions = [_action(r) for r in rows]
    order = {status: i for i, status in enumerate(ACTION_STATUSES)}
    return sorted(actions, key=lambda a: (order[a.status], a.due or dt.date.max, a.id))


def add_action(
    engine: Engine,
    project_id: int,
    criterion_id: str,
    what: str,
    who: str = "",
    due: dt.date | None = None,
    status: str = "open",
    check: Check | None = None,
) -> int:
    what, who = _validate(what, who, status)
    with write_session(engine, check) as s:
        row = ActionItem(
            project_id=project_id,
            criterion_id=criterion_id,
            what=what,
            who=who,
            due=due,
            status=status,
            created_at=utcnow(),
        )
        s.add(row)
        s.flush()
        return row.id


def update_action(
    engine: Engine,
    project_id: int,
    action_id: int,
    *,
    what: str,
    who: str,
    due: dt.date | None,
    status: str,
    criterion_id: str | None = None,
    check: Check | None = None,
) -> None:
    what, who = _validate(what, who, status)
    values: dict = {"what": what, "who": who, "due": due, "status": status}
    if criterion_id is not None:
        values["criterion_id"] = criterion_id
    with write_session(engine, check) as s:
        changed = s.execute(
            update(ActionItem)
            .where(ActionItem.id == action_id, ActionItem.project_id == project_id)
            .values(**values)
        ).rowcount
    if not changed:
        raise ActionPlanError("Diese Maßnahme gibt es in diesem Projekt nicht.")


def delete_action(
    engine: Engine, project_id: int, action_id: int, check: Check | None = None
) -> bool:
    """Delete a measure of the project; False if there was none (already deleted)."""
    with write_session(engine, check) as s:
        return bool(
            s.execute(
                delete(ActionItem).where(
                    ActionItem.id == action_id, ActionItem.project_id == project_id
                )
            ).rowcount
        )


def actions_frame(actions: list[Action], criterion_names: dict[str, str]) -> pd.DataFrame:
    """The plan as a German table for display and export."""
    return pd.DataFrame(
        [
            {
                "Kriterium": criterion_names.get(a.criterion_id, a.criterion_id),
                "Maßnahme": a.what,
                "Wer": a.who,
                "Bis wann": a.due.strftime("%d.%m.%Y") if a.due else "",
                "Status": a.status_label,
            }
            for a in actions
        ],
        columns=["Kriterium", "Maßnahme", "Wer", "Bis wann", "Status"],
    )

"""The action plan ('Maßnahmenplan') of a project: measures linked to a criterion.

Every function takes the project id as well as the item id, so an item can only be changed
through the project it belongs to (the page checks access to that project).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, delete, select, update

from mintqo.store.engine import read_session, write_session
from mintqo.store.models import ACTION_STATUSES, ActionItem, utcnow
from mintqo.text import control_chars_message, has_control_chars

STATUS_LABELS = {"open": "offen", "in_progress": "in Arbeit", "done": "erledigt"}
WHAT_MAX_CHARS = 2000
WHO_MAX_CHARS = 200


class ActionPlanError(ValueError):
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
    what, who = (what or "").strip(), (who or "").strip()
    if not what:
        raise ActionPlanError("Bitte beschreiben Sie die Maßnahme.")
    if len(what) > WHAT_MAX_CHARS:
        raise ActionPlanError(f"Die Beschreibung darf höchstens {WHAT_MAX_CHARS} Zeichen haben.")
    if len(who) > WHO_MAX_CHARS:
        raise ActionPlanError(f"„Wer“ darf höchstens {WHO_MAX_CHARS} Zeichen haben.")
    if has_control_chars(what) or has_control_chars(who):
        raise ActionPlanError(control_chars_message("Die Maßnahme"))
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
) -> int:
    what, who = _validate(what, who, status)
    with write_session(engine) as s:
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
) -> None:
    what, who = _validate(what, who, status)
    values: dict = {"what": what, "who": who, "due": due, "status": status}
    if criterion_id is not None:
        values["criterion_id"] = criterion_id
    with write_session(engine) as s:
        changed = s.execute(
            update(ActionItem)
            .where(ActionItem.id == action_id, ActionItem.project_id == project_id)
            .values(**values)
        ).rowcount
    if not changed:
        raise ActionPlanError("Diese Maßnahme gibt es in diesem Projekt nicht.")


def set_status(engine: Engine, project_id: int, action_id: int, status: str) -> None:
    if status not in ACTION_STATUSES:
        raise ActionPlanError(f"Unbekannter Status {status!r}.")
    with write_session(engine) as s:
        changed = s.execute(
            update(ActionItem)
            .where(ActionItem.id == action_id, ActionItem.project_id == project_id)
            .values(status=status)
        ).rowcount
    if not changed:
        raise ActionPlanError("Diese Maßnahme gibt es in diesem Projekt nicht.")


def delete_action(engine: Engine, project_id: int, action_id: int) -> None:
    with write_session(engine) as s:
        s.execute(
            delete(ActionItem).where(
                ActionItem.id == action_id, ActionItem.project_id == project_id
            )
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

"""Store tests of the action plan and its table (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from mintqo.store import action_plan
from mintqo.store.organisations import create_initiative, create_network
from mintqo.store.projects import create_project


@pytest.fixture
def two_projects(engine: Engine) -> tuple[Engine, int, int]:
    ini = create_initiative(engine, "Verein", create_network(engine, "Netz"))
    return engine, create_project(engine, ini, "A"), create_project(engine, ini, "B")


def test_add_update_list_delete(two_projects):
    engine, pid, other = two_projects
    later = action_plan.add_action(engine, pid, "EQ1", "Feedbackbogen", "Kim", dt.date(2027, 3, 1))
    sooner = action_plan.add_action(engine, pid, "AQ2", "Mädchentag", "", dt.date(2027, 1, 1))
    done = action_plan.add_action(engine, pid, "RQ1", "Schulung", "Team", None, "done")
    assert [a.id for a in action_plan.list_actions(engine, pid)] == [sooner, later, done]
    action_plan.update_action(
        engine,
        pid,
        later,
        what="Feedbackbogen einführen",
        who="Kim",
        due=None,
        status="in_progress",
    )
    changed = next(a for a in action_plan.list_actions(engine, pid) if a.id == later)
    assert changed.what == "Feedbackbogen einführen" and changed.status_label == "in Arbeit"
    # Items are reachable only through their own project.
    with pytest.raises(action_plan.ActionPlanError):
        action_plan.update_action(
            engine, other, later, what="Übernommen", who="", due=None, status="done"
        )
    assert not action_plan.delete_action(engine, other, later)
    assert len(action_plan.list_actions(engine, pid)) == 3
    assert action_plan.delete_action(engine, pid, later)
    assert {a.id for a in action_plan.list_actions(engine, pid)} == {sooner, done}


def test_validation_and_frame(two_projects):
    engine, pid, _ = two_projects
    with pytest.raises(action_plan.ActionPlanError):
        action_plan.add_action(engine, pid, "AQ1", "  ")
    with pytest.raises(action_plan.ActionPlanError):
        action_plan.add_action(engine, pid, "AQ1", "x", status="later")
    action_plan.add_action(engine, pid, "AQ1", "=HYPERLINK()", due=dt.date(2027, 5, 4))
    frame = action_plan.actions_frame(action_plan.list_actions(engine, pid), {"AQ1": "Ziele"})
    assert frame.iloc[0].to_dict() == {
        "Kriterium": "Ziele",
        "Maßnahme": "=HYPERLINK()",
        "Wer": "",
        "Bis wann": "04.05.2027",
        "Status": "offen",
    }

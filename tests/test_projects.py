"""Store tests of projects and the impact staircase (SQLite and PostgreSQL)."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from mintqo.store import assessments, impact, projects
from mintqo.store.engine import read_session
from mintqo.store.models import Project
from mintqo.store.organisations import create_initiative, create_network


def _project(engine: Engine, project_id: int) -> projects.ProjectSummary:
    with read_session(engine) as s:
        initiative_id = s.get(Project, project_id).initiative_id
    return next(p for p in projects.list_projects(engine, initiative_id) if p.id == project_id)


@pytest.fixture
def initiative(engine: Engine) -> tuple[Engine, int]:
    network = create_network(engine, "Netz")
    return engine, create_initiative(engine, "Verein", network)


def test_create_list_rename(initiative):
    engine, ini = initiative
    b = projects.create_project(engine, ini, "  Bionik   Woche ")
    a = projects.create_project(engine, ini, "Astronomie")
    listed = projects.list_projects(engine, ini)
    assert [p.name for p in listed] == ["Astronomie", "Bionik Woche"]
    assert listed[0].status_label == "noch keine Selbstanalyse"
    projects.rename_project(engine, b, "Bionik-Projektwoche")
    assert _project(engine, b).name == "Bionik-Projektwoche"
    with pytest.raises(projects.ProjectError):
        projects.create_project(engine, ini, "astronomie")
    with pytest.raises(projects.ProjectError):
        projects.rename_project(engine, b, "ASTRONOMIE")
    with pytest.raises(projects.ProjectError):
        projects.create_project(engine, ini, "   ")
    projects.rename_project(engine, a, "Astronomie")  # own name is fine


def test_rounds_and_status(initiative):
    engine, ini = initiative
    pid = projects.create_project(engine, ini, "Kurs")
    aid = assessments.start_round(engine, pid)
    summary = _project(engine, pid)
    assert summary.draft.assessment_id == aid
    assert summary.latest_submitted is None
    assert summary.status_label == "Runde 1 in Bearbeitung"
    other = create_initiative(engine, "Anderer Verein", create_network(engine, "Netz 2"))
    assert projects.list_projects(engine, other) == []


def test_impact_staircase_roundtrip(initiative):
    engine, ini = initiative
    pid = projects.create_project(engine, ini, "Kurs")
    frame = impact.load_staircase(engine, pid)
    assert list(frame["step"]) == list(range(1, 8))
    assert frame["evidence"].isna().all()
    impact.save_staircase(engine, pid, {1: ("ja", "Teilnahmelisten"), 4: ("teilweise", "Quiz")})
    frame = impact.load_staircase(engine, pid).set_index("step")
    assert frame.loc[1, "evidence"] == "ja" and frame.loc[1, "indicator"] == "Teilnahmelisten"
    assert frame.loc[4, "evidence"] == "teilweise"
    impact.save_staircase(engine, pid, {1: (None, ""), 4: ("nein", "")})
    frame = impact.load_staircase(engine, pid).set_index("step")
    assert pd.isna(frame.loc[1, "evidence"]) and frame.loc[4, "evidence"] == "nein"
    with pytest.raises(impact.ImpactError):
        impact.save_staircase(engine, pid, {8: ("ja", "")})
    with pytest.raises(impact.ImpactError):
        impact.save_staircase(engine, pid, {2: ("vielleicht", "")})

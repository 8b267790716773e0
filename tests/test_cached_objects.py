"""Cached dashboard data and chart specs are shared objects (``st.cache_resource``): no page may
change them, or the next viewer would see the change."""

from __future__ import annotations

import pickle

import pytest

from mintqo.services import dashboards, profile
from mintqo.ui import charts
from tests.conftest import app_test


@pytest.fixture
def produced(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, bytes]]:
    """Every object the cached functions produce while the pages run, with its state as it
    was produced (before any page could touch it)."""
    objects: list[tuple[object, bytes]] = []

    def recording(function):
        def wrapper(*args, **kwargs):
            result = function(*args, **kwargs)
            objects.append((result, pickle.dumps(result)))
            return result

        return wrapper

    for module, name in (
        (dashboards, "build_network_dashboard"),
        (dashboards, "build_national_overview"),
        (dashboards.dashboard_queries, "network_criterion_stats"),
        (profile, "network_mean"),
    ):
        monkeypatch.setattr(module, name, recording(getattr(module, name)))
    monkeypatch.setattr(charts, "spec_and_table", recording(charts.spec_and_table))
    return objects


def _describe(now: object, then: object) -> str:
    """Which part of a cached object changed (for the failure message)."""
    if isinstance(now, tuple):  # (spec, table)
        now, then = now[0], then[0]
    parts = vars(now) if hasattr(now, "__dict__") else dict(now)
    before = vars(then) if hasattr(then, "__dict__") else dict(then)
    changed = [k for k in parts if pickle.dumps(parts[k]) != pickle.dumps(before.get(k))]
    return f"{type(now).__name__} changed in {changed}"


@pytest.mark.parametrize(
    ("username", "page"),
    [
        ("demo-koordination", "pages/network.py"),
        ("demo-koordination", "pages/workshop.py"),
        ("demo-admin", "pages/national.py"),
        ("demo-initiative", "pages/profile.py"),
    ],
)
def test_pages_leave_cached_objects_unchanged(demo_db, produced, username: str, page: str):
    at = app_test(username)
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    assert len(produced) >= 2, "nothing was cached"
    at.run()  # cache hits: the same objects are rendered again
    assert not at.exception
    for obj, as_produced in produced:
        assert pickle.dumps(obj) == as_produced, _describe(obj, pickle.loads(as_produced))


def test_team_comparison_is_left_unchanged(demo_db, produced, monkeypatch: pytest.MonkeyPatch):
    """The team comparison (its frames and statistics) is one shared object per round state."""
    from mintqo.demo import DEMO_TEAM_PROJECT
    from mintqo.services import team_comparison
    from mintqo.store.projects import list_projects

    def recording(questionnaire, members, key):
        result = build(questionnaire, members, key)
        produced.append((result, pickle.dumps(result)))
        return result

    build = team_comparison._build
    monkeypatch.setattr(team_comparison, "_build", recording)
    project = next(p for p in list_projects(demo_db, 1) if p.name == DEMO_TEAM_PROJECT)
    at = app_test("demo-team")
    at.run()
    at.query_params.update(projekt=str(project.id), runde="2", teil="vergleich")
    at.switch_page("pages/questionnaire.py").run()
    assert not at.exception
    assert any(isinstance(obj, team_comparison.ComparisonView) for obj, _ in produced)
    at.run()
    assert not at.exception
    for obj, as_produced in produced:
        assert pickle.dumps(obj) == as_produced, _describe(obj, pickle.loads(as_produced))

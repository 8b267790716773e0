"""The network's impact-staircase overview (issue 17): counts per step over released
initiatives, moving only with a release, under the group rules."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from mintqo.services import dashboards, initiative, plans, self_analysis
from tests.builders import Builder


@pytest.fixture
def network(engine: Engine):
    build = Builder(engine)
    net = build.network("Treppen-Netz")
    ids = [build.initiative(net, f"T{i}", rounds=[50.0]) for i in range(6)]
    build.release()
    members = [build.user(f"t{i}", "initiative", initiative_id=ini) for i, ini in enumerate(ids)]
    return build, net, members


def _fill(engine: Engine, member, evidence: dict[int, str]) -> None:
    project = self_analysis.my_projects(engine, member)[0].id
    plans.save_staircase(engine, member, project, {s: (e, "") for s, e in evidence.items()})


def test_counts_change_only_with_a_release(network):
    build, net, members = network
    engine, coordinator = build.engine, build.coordinator(net)
    before = dashboards.staircase_overview(engine, coordinator, net)
    assert not before.shown and before.initiatives == 0  # nobody filled it in yet
    for member in members[:4]:
        _fill(engine, member, {1: "ja", 4: "teilweise"})
    waiting = dashboards.staircase_overview(engine, coordinator, net)
    assert waiting.initiatives == 0  # four edits: not yet released
    _fill(engine, members[4], {1: "ja", 4: "nein", 7: "nein"})  # the fifth change releases
    after = dashboards.staircase_overview(engine, coordinator, net)
    assert after.shown and after.initiatives == 5
    steps = after.steps.set_index("step")
    assert steps.loc[1, "ja"] == 5
    assert (steps.loc[4, "teilweise"], steps.loc[4, "nein"]) == (4, 1)
    assert steps.loc[7, "nein"] == 1 and steps.loc[2, ["ja", "teilweise", "nein"]].sum() == 0


def test_known_initiatives_do_not_protect_the_others(network):
    """Five staircases, one of them from an initiative that shares its results by name with
    the coordination: the counts minus its answers would be the four others'."""
    build, net, members = network
    engine = build.engine
    for member in members[:5]:
        _fill(engine, member, {1: "ja"})
    initiative.set_consent(engine, members[0], True)
    coordinator = dashboards.staircase_overview(engine, build.coordinator(net), net)
    assert not coordinator.shown and "nicht ohnehin bekannt" in coordinator.note
    programme_team = dashboards.staircase_overview(engine, build.admin(), net)
    assert programme_team.shown  # consent is given to the coordination only

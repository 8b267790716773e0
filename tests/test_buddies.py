"""Buddy networks (issue 17): request, accept, end; nothing of the other network without an
active pair; each side suppressed on its own when it is too small; no names, no participation."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from mintqo.services import buddies
from mintqo.services.errors import NotAllowed
from mintqo.store.buddies import BuddyError
from tests.builders import Builder


@pytest.fixture
def world(engine: Engine):
    build = Builder(engine)
    a, b, small = build.network("Netz A"), build.network("Netz B"), build.network("Klein")
    for i in range(6):
        build.initiative(a, f"A{i}", rounds=[40.0 + i], share=i == 0)
        build.initiative(b, f"B{i}", rounds=[70.0 + i], share=i == 0)
    for i in range(3):
        build.initiative(small, f"K{i}", rounds=[10.0])
    build.release()
    return {
        "engine": engine,
        "a": a,
        "b": b,
        "small": small,
        "coord_a": build.coordinator(a),
        "coord_b": build.coordinator(b),
        "coord_small": build.coordinator(small),
        "admin": build.admin(),
    }


def test_nothing_of_the_other_network_without_an_active_pair(world):
    engine, coord_a = world["engine"], world["coord_a"]
    with pytest.raises(NotAllowed):
        buddies.buddy_view(engine, coord_a, world["b"])
    pair = buddies.request(engine, coord_a, world["b"])
    with pytest.raises(NotAllowed):  # asked, not yet accepted
        buddies.buddy_view(engine, coord_a, world["b"])
    assert [p.pair_id for p in buddies.overview(engine, world["coord_b"]).incoming] == [pair]
    assert [p.pair_id for p in buddies.overview(engine, coord_a).outgoing] == [pair]
    with pytest.raises(NotAllowed):  # only the asked side answers
        buddies.answer(engine, coord_a, pair, True)
    buddies.answer(engine, world["coord_b"], pair, True)
    view = buddies.buddy_view(engine, coord_a, world["b"])
    dash = view.dashboard
    assert dash.profile["shown"].all() and (dash.profile["n"] == 6).all()
    assert dash.heatmap.empty  # B0 consented to *its* coordination, not to network A's
    assert "B0" not in dash.heatmap_note
    assert buddies.buddy_view(engine, world["coord_b"], world["a"]).dashboard.heatmap.empty
    buddies.end(engine, world["coord_b"], pair)  # either side ends it
    with pytest.raises(NotAllowed):
        buddies.buddy_view(engine, coord_a, world["b"])


def test_each_side_is_suppressed_on_its_own(world):
    engine = world["engine"]
    pair = buddies.request(engine, world["coord_small"], world["a"])
    buddies.answer(engine, world["coord_a"], pair, True)
    small_seen_by_a = buddies.buddy_view(engine, world["coord_a"], world["small"]).dashboard
    assert not small_seen_by_a.profile["shown"].any()  # three initiatives: nothing
    a_seen_by_small = buddies.buddy_view(engine, world["coord_small"], world["a"]).dashboard
    assert a_seen_by_small.profile["shown"].all()


def test_requests_are_for_coordinators_and_not_twice(world):
    engine = world["engine"]
    buddies.request(engine, world["coord_a"], world["b"])
    with pytest.raises(BuddyError, match="schon eine Anfrage"):
        buddies.request(engine, world["coord_b"], world["a"])
    with pytest.raises(NotAllowed):
        buddies.request(engine, world["coord_a"], world["a"])
    with pytest.raises(NotAllowed):
        buddies.overview(engine, world["admin"])
    assert (world["b"], "Netz B") not in buddies.candidates(engine, world["coord_a"])
    pairs = buddies.all_pairs(engine, world["admin"])
    assert [(p.requester, p.partner, p.status) for p in pairs] == [
        ("Netz A", "Netz B", "requested")
    ]
    with pytest.raises(NotAllowed):
        buddies.all_pairs(engine, world["coord_a"])


def test_the_demo_network_has_an_active_buddy(demo_db: Engine):
    from mintqo.services import acting

    coordinator = acting.resolve(demo_db, "demo-koordination")
    active = buddies.overview(demo_db, coordinator).active
    assert [p.other(1)[0] for p in active] == [2]
    assert buddies.buddy_view(demo_db, coordinator, 2).dashboard.profile["shown"].any()

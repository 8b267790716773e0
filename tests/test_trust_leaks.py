"""Issue 12: each leak of an initiative's results, tried as an attacker would, is closed.

Leaks 3–5 and 8–10 at the use-case layer (the same functions the pages call); leak 6 is in
``test_dashboards.py``; the account leaks 1, 2 and 7 have their own tests.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from mintqo import demo
from mintqo.access import Actor
from mintqo.dashboards.network import SERIES_NETWORK
from mintqo.errors import UserError
from mintqo.io.backup import backup_bytes, load_backup_bytes, restore
from mintqo.services import dashboards, initiative, organisations, profile, self_analysis
from mintqo.services.errors import AccountGone, NotAllowed
from mintqo.store import organisations as org_store
from mintqo.store.engine import read_session, write_session
from mintqo.store.models import Initiative, User
from tests.builders import CRITERIA, Builder

EVIL = "Init\x00NUL\x1b[31m…\u202eevil"


@pytest.fixture
def build(engine: Engine) -> Builder:
    return Builder(engine)


def _trend_rounds(dash) -> set[int]:
    return set(dash.trend["round_no"])


# --- leak 3: profile vs. trend differencing ------------------------------------------------------


def test_profile_next_to_round_one_does_not_give_away_one_initiatives_change(build: Builder):
    """Six initiatives, none consenting; five on round 1, Z on rounds 1 and 2. The profile and
    'Runde 1' are both over six, and 6 × (profile − Runde 1) would be Z's exact change."""
    net = build.network("Netz")
    for i in range(5):
        build.initiative(net, f"I{i}", rounds=[50.0 + i])
    build.initiative(net, "Z", rounds=[20.0, 90.0])
    build.release()
    dash = dashboards.network_view(build.engine, build.coordinator(net), net).dashboard
    assert dash.profile["shown"].all() and (dash.profile["n"] == 6).all()
    assert _trend_rounds(dash) == set()
    assert "herausrechnen" in dash.trend_notes[1]
    assert dash.heatmap.empty  # and no anonymous row that would be Z's profile


def test_two_initiatives_ahead_are_protected_too(build: Builder):
    net = build.network("Netz")
    for i in range(5):
        build.initiative(net, f"I{i}", rounds=[50.0])
    for name in ("Y", "Z"):
        build.initiative(net, name, rounds=[20.0, 90.0])
    build.release()
    dash = dashboards.network_view(build.engine, build.coordinator(net), net).dashboard
    assert dash.profile["shown"].all()
    assert 1 not in _trend_rounds(dash)


def test_one_initiative_on_round_three_while_the_rest_are_on_round_two(build: Builder):
    net = build.network("Netz")
    for i in range(6):
        build.initiative(net, f"I{i}", rounds=[40.0, 60.0])
    build.initiative(net, "Z", rounds=[40.0, 60.0, 95.0])
    build.release()
    dash = dashboards.network_view(build.engine, build.coordinator(net), net).dashboard
    assert dash.profile["shown"].all()
    assert 2 not in _trend_rounds(dash)  # profile − round 2 = Z's step from round 2 to 3
    assert 1 in _trend_rounds(dash)  # round 1: seven initiatives, nobody singled out


# --- leak 4: the network mean on an initiative's own profile --------------------------------------


def test_network_mean_on_own_profile_needs_five_others(build: Builder):
    net = build.network("Netz")
    ids = [build.initiative(net, f"I{i}", rounds=[10.0 * (i + 1)]) for i in range(5)]
    build.release()
    me = build.user("ich", "initiative", initiative_id=ids[0])
    project_id = self_analysis.my_projects(build.engine, me)[0].id
    withheld = profile.network_mean_for(build.engine, me, project_id)
    assert withheld.scores == {} and "mindestens 5 weitere" in withheld.note
    # A sixth initiative, released with four more: now five others stand behind the mean.
    for i in range(5, 10):
        build.initiative(net, f"I{i}", rounds=[50.0])
    build.release()
    shown = profile.network_mean_for(build.engine, me, project_id)
    assert set(shown.scores) == set(CRITERIA) and shown.note == ""
    other = build.user(
        "fremd", "initiative", initiative_id=build.initiative(build.network("Anderes"), "X")
    )
    with pytest.raises(NotAllowed):
        profile.network_mean_for(build.engine, other, project_id)


# --- leak 5: refresh differencing ------------------------------------------------------------------


def _network_means(dash) -> list[float]:
    comparison = dash.comparison
    return comparison[comparison["series"] == SERIES_NETWORK]["score"].tolist()


def test_numbers_change_only_when_five_submissions_come_together(build: Builder):
    net = build.network("Netz")
    coordinator = build.coordinator(net)
    ids = [build.initiative(net, f"I{i}") for i in range(11)]
    for ini in ids[:5]:
        build.submit_round(ini, 50.0)  # the fifth submission releases the first five
    first = dashboards.network_view(build.engine, coordinator, net)
    assert first.release.release_no == 1 and first.release.pending == 0
    mean_before = _network_means(first.dashboard)

    build.submit_round(ids[5], 100.0)  # the newcomer: read before and after, nothing moves
    second = dashboards.network_view(build.engine, coordinator, net)
    assert second.release.release_no == 1 and second.release.pending == 1
    assert second.key == first.key
    assert second.dashboard.profile.equals(first.dashboard.profile)
    mine = build.user("ich", "initiative", initiative_id=ids[0])
    overlay_before = profile.network_mean_for(
        build.engine, mine, self_analysis.my_projects(build.engine, mine)[0].id
    )

    for ini in ids[6:9]:
        build.submit_round(ini, 100.0)
    assert dashboards.network_view(build.engine, coordinator, net).key == first.key
    build.submit_round(ids[9], 100.0)  # five changed since the release: the next release
    third = dashboards.network_view(build.engine, coordinator, net)
    assert third.release.release_no == 2 and third.release.pending == 0
    mean_after = _network_means(third.dashboard)
    assert mean_after != mean_before
    assert (third.dashboard.profile["n"] == 10).all()
    overlay_after = profile.network_mean_for(
        build.engine, mine, self_analysis.my_projects(build.engine, mine)[0].id
    )
    assert overlay_after.key != overlay_before.key


def test_a_new_round_of_an_initiative_already_released_counts_as_a_change(build: Builder):
    net = build.network("Netz")
    ids = [build.initiative(net, f"I{i}") for i in range(5)]
    for ini in ids:
        build.submit_round(ini, 50.0)
    build.submit_round(ids[0], 90.0)  # round 2 of an initiative: waits like a newcomer
    view = dashboards.network_view(build.engine, build.coordinator(net), net)
    assert view.release.pending == 1
    assert view.dashboard.profile["mean"].tolist() == [50.0] * len(CRITERIA)


# --- leak 8: stale actors --------------------------------------------------------------------------


def _disable(engine: Engine, user_id: int) -> None:
    with write_session(engine) as s:
        s.get(User, user_id).active = False


def test_a_disabled_admin_cannot_delete_through_a_page_drawn_before(build: Builder):
    net = build.network("Netz")
    victim = build.initiative(net, "Opfer", rounds=[50.0])
    admin = build.admin()  # the Actor a page captured when it was drawn
    _disable(build.engine, admin.user_id)
    with pytest.raises(AccountGone):
        organisations.delete_initiative(build.engine, admin, victim, "Opfer")
    with read_session(build.engine) as s:
        assert s.get(Initiative, victim) is not None


def test_a_disabled_member_cannot_write_through_a_stale_actor(build: Builder):
    net = build.network("Netz")
    ini = build.initiative(net, "Meine")
    me = build.user("ich", "initiative", initiative_id=ini)
    project_id = self_analysis.my_projects(build.engine, me)[0].id
    aid = self_analysis.start_round(build.engine, me, project_id)
    _disable(build.engine, me.user_id)
    item = CRITERIA[0] + ".1"
    with pytest.raises(AccountGone):
        self_analysis.save_step(build.engine, me, aid, 1, CRITERIA[0], {item: 4}, "")
    with pytest.raises(AccountGone):
        initiative.set_consent(build.engine, me, True)
    with pytest.raises(AccountGone):
        initiative.delete_own(build.engine, me, "Meine")
    with pytest.raises(AccountGone):
        self_analysis.create_project(build.engine, me, "Noch eins")


def test_foreign_objects_are_refused_like_unknown_ones(build: Builder):
    net = build.network("Netz")
    theirs = build.initiative(net, "Fremd")
    mine = build.initiative(net, "Meine")
    me = build.user("ich", "initiative", initiative_id=mine)
    them = build.user("sie", "initiative", initiative_id=theirs)
    their_project = self_analysis.my_projects(build.engine, them)[0].id
    their_round = self_analysis.start_round(build.engine, them, their_project)
    for attempt in (
        lambda: self_analysis.round_state(build.engine, me, their_round),
        lambda: self_analysis.round_state(build.engine, me, 999_999),
        lambda: self_analysis.start_round(build.engine, me, their_project),
        lambda: self_analysis.rename_project(build.engine, me, their_project, "Meins jetzt"),
        lambda: self_analysis.submit(build.engine, me, their_round),
    ):
        with pytest.raises(NotAllowed, match="Kein Zugriff auf dieses Projekt"):
            attempt()
    coordinator = build.coordinator(net)
    with pytest.raises(NotAllowed):  # a coordinator never reads an initiative's answers
        self_analysis.round_state(build.engine, coordinator, their_round)


# --- leak 9: cache keys that outlive their data --------------------------------------------------


def test_sqlite_never_reuses_an_id_after_a_delete(sqlite_store: Engine):
    net = org_store.create_network(sqlite_store, "Netz")
    first = org_store.create_initiative(sqlite_store, "Erste", net)
    with write_session(sqlite_store) as s:
        s.delete(s.get(Initiative, first))
    second = org_store.create_initiative(sqlite_store, "Zweite", net)
    assert second > first


def test_cache_keys_change_with_a_demo_reset(engine: Engine):
    demo.seed(engine, with_users=False)
    build = Builder(engine)
    coordinator = build.coordinator(1)
    before = dashboards.network_view(engine, coordinator, 1).key
    demo.clear_all(engine)
    demo.seed(engine, with_users=False)
    coordinator = Builder(engine).coordinator(1)
    after = dashboards.network_view(engine, coordinator, 1).key
    # Same network id, same counters after a reset: only the generation tells them apart.
    assert before[2:5] == after[2:5]
    assert before != after


def test_cache_keys_change_with_a_restore(make_store):
    source = make_store()
    demo.seed(source, with_users=False)
    target = make_store()
    builder = Builder(source)
    key_source = dashboards.network_view(source, builder.coordinator(1), 1).key
    restore(target, load_backup_bytes(backup_bytes(source, "b.json")))
    with read_session(target) as s:
        coordinator_id = s.scalar(select(User.id).where(User.username == "koord-1"))
    coordinator = Actor(coordinator_id, "koord-1", "koord-1", "coordinator", None, 1)
    key_target = dashboards.network_view(target, coordinator, 1).key
    assert key_target[2] == key_source[2]  # the same network id …
    assert key_target[1] != key_source[1]  # … in a store of another generation


# --- leak 10: names with control characters ------------------------------------------------------


@pytest.mark.parametrize("name", [EVIL, "Init\u202eevil", "A\x1b[31mB", "Null\x00"])
def test_every_writer_refuses_unsafe_names(build: Builder, name: str):
    admin = build.admin()
    with pytest.raises(UserError, match="unzulässiges"):
        organisations.create_network(build.engine, admin, name, None)
    with pytest.raises(UserError, match="unzulässiges"):
        organisations.create_cohort(build.engine, admin, name, 2026)
    net = build.network("Netz")
    with pytest.raises(UserError, match="unzulässiges"):
        organisations.rename_network(build.engine, admin, net, name)
    result = organisations.run_import(
        build.engine, admin, f"Netzwerk;Kohorte;Initiative\nNetz;;{name}\n".encode()
    )
    assert not result.written and "unzulässiges" in result.errors[0]
    me = build.user("ich", "initiative", initiative_id=build.initiative(net, "Meine"))
    with pytest.raises(UserError, match="unzulässiges"):
        self_analysis.create_project(build.engine, me, name)
    with read_session(build.engine) as s:
        stored = [n for (n,) in s.execute(select(Initiative.name))]
    assert all("\x00" not in n and "\u202e" not in n for n in stored)

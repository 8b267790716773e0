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


# --- the buddy section of "Mein Netzwerk" and the programme team's list (AppTests) -------------


def _network_page(username: str):
    from tests.conftest import app_test, open_section

    at = app_test(username).run()
    at.switch_page("pages/network.py").run()
    open_section(at, "Buddy-Netzwerke")
    assert not at.exception, at.exception
    return at


def _shown(at) -> str:
    """Every text, table and chart (spec, sentence, data) on the page, as one string."""
    import pyarrow as pa

    parts = [m.value for m in at.markdown] + [i.value for i in at.info]
    parts += [s.value for s in at.success] + [w.value for w in at.warning]
    parts += [d.value.to_csv() for d in at.dataframe]
    for chart in at.get("vega_lite_chart"):
        parts += [chart.proto.spec, chart.proto.alt]
        for dataset in chart.proto.datasets:
            parts.append(pa.ipc.open_stream(dataset.data.data).read_all().to_pandas().to_csv())
    return "\n".join(parts)


def _outsider_sentence(engine: Engine, network_id: int) -> str:
    """The radar sentence of a network's picture as an outsider sees it (its values)."""
    from mintqo.charts.radar import radar_sentence
    from mintqo.services.dashboards import network_view_as_outsider
    from mintqo.ui.network_view import BAND_LABEL, radar_frames

    dash = network_view_as_outsider(engine, network_id).dashboard
    profiles, band = radar_frames(dash, with_comparison=False)
    return radar_sentence(profiles, band, band_label=BAND_LABEL)


def _names_of(engine: Engine, network_id: int) -> list[str]:
    from sqlalchemy import select

    from mintqo.store.engine import read_session
    from mintqo.store.models import Initiative

    with read_session(engine) as s:
        return list(s.scalars(select(Initiative.name).where(Initiative.network_id == network_id)))


@pytest.fixture
def third(demo_db: Engine):
    """A demo network without a buddy, its coordination, and network 2's coordination."""
    from mintqo.services import dashboards

    build = Builder(demo_db)
    admin = build.admin()
    taken = {1, 2}
    net = next(nid for nid, _ in dashboards.networks_for(demo_db, admin) if nid not in taken)
    assert dashboards.network_view(demo_db, admin, net).dashboard.has_profile
    return net, build.coordinator(net), build.coordinator(2)


def test_page_request_accept_and_end(demo_db: Engine, third) -> None:
    net, coord, coord_2 = third
    two = _outsider_sentence(demo_db, 2)
    # no pair: nothing of network 2 on the page, only the request form
    at = _network_page(coord.username)
    assert "Buddy-Netzwerke" in [h.value for h in at.subheader]
    assert two not in _shown(at) and "Buddy-Netzwerk:" not in _shown(at)
    assert len(at.selectbox) == 0  # the list of networks opens on demand
    at.button(key="buddy-ask").click().run()
    at.selectbox(key="buddy-candidate").set_value(2)
    at.button(key="buddy-request").click().run()
    assert not at.exception
    assert any("Anfrage an „MINT\\-Region Ostholstein“ ist gesendet" in s.value for s in at.success)
    assert two not in _shown(at)  # asked, not yet accepted
    assert any(b.key.startswith("buddy-withdraw-") for b in at.button)
    # the other side accepts
    other = _network_page(coord_2.username)
    accept = next(b for b in other.button if b.key.startswith("buddy-accept-"))
    accept.click().run()
    assert not other.exception
    assert _outsider_sentence(demo_db, net) in _shown(other)  # B now sees the third network
    for name in _names_of(demo_db, net):
        assert name not in _shown(other)  # its picture, never its initiatives
    # both sides side by side on the asking side
    at.run()
    shown = _shown(at)
    assert two in shown and "**Buddy\\-Netzwerk\\: MINT\\-Region Ostholstein**" in shown
    for name in _names_of(demo_db, 2):
        assert name not in shown
    # end, with a confirmation first
    end = next(b for b in at.button if b.key.removeprefix("buddy-end-").isdigit())
    end.click().run()
    assert two in _shown(at)  # not yet: the page asks first
    assert any("beenden?" in w.value for w in at.warning)
    next(b for b in at.button if b.key.startswith("buddy-end-yes-")).click().run()
    assert not at.exception
    assert any("ist beendet" in s.value for s in at.success)
    assert two not in _shown(at)
    other.run()
    assert _outsider_sentence(demo_db, net) not in _shown(other)


def test_page_declines_and_withdraws(demo_db: Engine, third) -> None:
    _net, coord, coord_2 = third
    buddies.request(demo_db, coord, 2)
    other = _network_page(coord_2.username)
    assert any("möchte sich mit Ihrem Netzwerk vergleichen" in m.value for m in other.markdown)
    next(b for b in other.button if b.key.startswith("buddy-decline-")).click().run()
    assert any("ist abgelehnt" in s.value for s in other.success)
    assert buddies.overview(demo_db, coord).outgoing == ()
    buddies.request(demo_db, coord, 2)
    at = _network_page(coord.username)
    next(b for b in at.button if b.key.startswith("buddy-withdraw-")).click().run()
    assert any("zurückgezogen" in s.value for s in at.success)
    assert buddies.overview(demo_db, coord_2).incoming == ()


def test_page_each_side_suppressed_on_its_own(demo_db: Engine) -> None:
    build = Builder(demo_db)
    small = build.network("Kleines Netz")
    for i in range(3):
        build.initiative(small, f"Klein {i}", rounds=[20.0 + i])
    coord_small = build.coordinator(small)
    demo = build.user("demo-koordination-2", "coordinator", network_id=1)
    pair = buddies.request(demo_db, coord_small, 1)
    buddies.answer(demo_db, demo, pair, True)
    # the demo network's coordination: its own side with charts, the small side with reasons
    at = _network_page("demo-koordination")
    shown = _shown(at)
    assert "**Buddy\\-Netzwerk\\: Kleines Netz**" in shown
    assert "Zu wenige Teilnehmende für eine anonyme Auswertung" in shown
    assert "Klein 0" not in shown
    one = _outsider_sentence(demo_db, 1)
    # the small network's coordination: nothing of its own, the demo network's picture
    small_page = _network_page(coord_small.username)
    assert one in _shown(small_page)
    infos = " ".join(i.value for i in small_page.info)
    assert "Zu wenige Teilnehmende" in infos


def test_programme_team_sees_the_pairs_and_no_buddy_section(demo_db: Engine) -> None:
    from tests.conftest import app_test, open_section

    at = app_test("demo-admin").run()
    at.switch_page("pages/national.py").run()
    open_section(at, "Buddy-Netzwerke")
    assert not at.exception
    pairs = next(d.value for d in at.dataframe if "Buddy-Netzwerk" in d.value.columns)
    assert pairs.to_dict("records")[0]["Netzwerk (fragt an)"] == "MINT-Region Demoland"
    assert pairs.to_dict("records")[0]["Status"] == "aktiv"
    network = _network_page("demo-admin")
    assert "Buddy-Netzwerke" not in [t.label for t in network.tabs]


def test_page_compares_distributions_on_demand(demo_db: Engine) -> None:
    """Radars and topics at once; both networks' distributions after the toggle."""
    from mintqo.charts.distribution import distribution_sentence
    from mintqo.services.dashboards import network_view_as_outsider

    dash = network_view_as_outsider(demo_db, 2).dashboard
    theirs = distribution_sentence(dash.distribution, list(dash.profile["Kriterium"]))
    at = _network_page("demo-koordination")
    assert len(at.get("vega_lite_chart")) == 2  # the two radars
    assert _outsider_sentence(demo_db, 2) in _shown(at) and theirs not in _shown(at)
    toggle = next(t for t in at.toggle if t.label == "Verteilung je Kriterium vergleichen")
    at = toggle.set_value(True).run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 4
    assert theirs in _shown(at)

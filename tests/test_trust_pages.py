"""Issue 12's leaks, tried through the real app (AppTest of ``app.py``) as an attacker would.

Each test fails on the code before the use-case layer: there, the profile next to "Runde 1"
was shown, the own profile's network mean was shown with five initiatives, a coordinator's
refreshed screen moved with one submission, a disabled admin still deleted, a reset store
served the previous group's cached charts, and network names with control characters were
stored.
"""

from __future__ import annotations

import pyarrow as pa
from sqlalchemy import Engine, select, update

from mintqo import demo
from mintqo.formats import rounded
from mintqo.services import acting
from mintqo.services.dashboards import network_view
from mintqo.services.profile import MEAN_WITHHELD
from mintqo.store.engine import read_session, write_session
from mintqo.store.models import Initiative, Network, User
from mintqo.store.users import create_user
from tests.builders import Builder
from tests.conftest import app_test, each_section, open_section, show_data_tables


def _open(username: str, page: str):
    at = app_test(username).run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _chart_data(at) -> str:
    """The data of every chart in every section of the page."""
    parts = []
    for shown in each_section(at):
        for el in shown.get("vega_lite_chart"):
            for dataset in el.proto.datasets:
                frame = pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()
                parts.append(frame.to_csv())
    return "\n".join(parts)


def _infos(at) -> str:
    return "\n".join(i.value for shown in each_section(at) for i in shown.info)


def _login_user(engine: Engine, username: str, role: str, **scope) -> None:
    create_user(engine, username, "ein-langes-passwort", role, password_hash="!", **scope)


def test_coordinator_page_shows_no_round_that_singles_out_one_initiative(demo_db: Engine):
    build = Builder(demo_db)
    net = build.network("Netz mit Vorreiterin")
    for i in range(5):
        build.initiative(net, f"Runde-eins {i}", rounds=[50.0 + i])
    build.initiative(net, "Vorreiterin", rounds=[20.0, 90.0])
    build.release()
    _login_user(demo_db, "koord-vorreiterin", "coordinator", network_id=net)
    at = _open("koord-vorreiterin", "pages/network.py")
    infos = _infos(at)
    assert "Runde 1:" in infos and "herausrechnen" in infos
    charts = _chart_data(at)
    assert "Runde 1" not in charts  # no trend chart over round 1 (or round 2)
    assert "Vorreiterin" not in charts


def test_own_profile_shows_no_network_mean_over_five(demo_db: Engine):
    build = Builder(demo_db)
    net = build.network("Fünf-Netz")
    ids = [build.initiative(net, f"Fünf {i}", rounds=[20.0 * (i + 1)]) for i in range(5)]
    build.release()
    _login_user(demo_db, "fuenf-eins", "initiative", initiative_id=ids[0])
    at = _open("fuenf-eins", "pages/profile.py")
    assert MEAN_WITHHELD in [c.value for c in at.caption]
    assert "Netzwerk-Mittel" not in _chart_data(at)


def test_a_disabled_admin_deletes_nothing_from_a_page_drawn_before(demo_db: Engine):
    with read_session(demo_db) as s:
        victim = s.execute(select(Initiative.id, Initiative.name).where(Initiative.id == 5)).one()
    at = open_section(_open("demo-admin", "pages/admin.py"), "Initiativen")
    at.selectbox(key="admin-initiatives-network").set_value(1).run()
    at.selectbox(key="admin-initiative-erase-pick").set_value(victim.id).run()
    at.text_input(key="admin-initiative-erase-confirm").input(victim.name).run()
    with write_session(demo_db) as s:  # disabled in another session, meanwhile
        s.execute(update(User).where(User.username == "demo-admin").values(active=False))
    at.button(key="admin-initiative-erase").click().run()
    assert not at.exception
    with read_session(demo_db) as s:
        assert s.get(Initiative, victim.id) is not None


def _profile_means(at) -> list[float]:
    table = next(
        df.value for df in show_data_tables(at).dataframe if "Mittelwert" in df.value.columns
    )
    return table["Mittelwert"].tolist()


def test_a_reset_store_never_serves_the_previous_groups_charts(demo_db: Engine):
    at = _open("demo-koordination", "pages/network.py")
    before = _profile_means(at)
    demo.clear_all(demo_db)
    demo.seed(demo_db, seed=7)  # the next workshop group: other data, same ids and counters
    fresh = _open("demo-koordination", "pages/network.py")
    coordinator = acting.resolve(demo_db, "demo-koordination")
    profile = network_view(demo_db, coordinator, 1).dashboard.profile
    # The table shows 0–100 values as whole numbers (mintqo.formats, issue 14 item 7).
    expected = [int(rounded(m)) for m in profile[profile["shown"]]["mean"]]
    assert _profile_means(fresh) == expected != before


def test_network_names_with_control_characters_are_refused_in_german(demo_db: Engine):
    at = _open("demo-admin", "pages/admin.py")
    at.text_input(key="network-name").input("Netz\x1b[31m\u202eevil")
    at.button(key="FormSubmitter:network-create-Netzwerk anlegen").click().run()
    assert not at.exception
    assert any("unzulässiges Steuerzeichen" in e.value for e in at.error)
    with read_session(demo_db) as s:
        names = list(s.scalars(select(Network.name)))
    assert not [n for n in names if "\x1b" in n or "\u202e" in n]

"""AppTests of the dashboards with demo data: who sees what, suppression, consent, admin views."""

from __future__ import annotations

import json

from sqlalchemy import Engine, select

from mintqo.passwords import hash_password
from mintqo.store.engine import read_session
from mintqo.store.models import Initiative
from mintqo.store.organisations import create_initiative, create_network
from mintqo.store.users import create_user
from tests.conftest import app_test


def _open(username: str, page: str):
    at = app_test(username).run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _chart_payloads(at) -> str:
    """Specs and datasets of every chart on the page, as one searchable string."""
    import pyarrow as pa

    parts = []
    for el in at.get("vega_lite_chart"):
        parts.append(el.proto.spec)
        for dataset in el.proto.datasets:
            frame = pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()
            parts.append(frame.to_csv())
    return "\n".join(parts)


def _names(engine: Engine, network_id: int) -> dict[str, bool]:
    with read_session(engine) as s:
        rows = s.execute(
            select(Initiative.name, Initiative.share_named_results).where(
                Initiative.network_id == network_id
            )
        ).all()
    return {name: bool(share) for name, share in rows}


def _infos(at) -> str:
    return "\n".join(i.value for i in at.info).lower()


def test_coordinator_sees_only_own_network_with_named_and_anonymous_rows(demo_db: Engine) -> None:
    at = _open("demo-koordination", "pages/network.py")
    assert (
        at.title[0].value == "Mein Netzwerk: MINT\\-Region Demoland"
    )  # names are Markdown-escaped
    assert len(at.selectbox) == 0  # no network selector for coordinators
    assert len(at.get("vega_lite_chart")) >= 4
    payload = _chart_payloads(at)
    names = _names(demo_db, 1)
    consented = [n for n, share in names.items() if share]
    hidden = [n for n, share in names.items() if not share]
    assert consented and hidden
    heatmap = next(
        df.value
        for df in at.dataframe
        if "Initiative" in df.value.columns and "Initiative A" in set(df.value["Initiative"])
    )
    rows = set(heatmap["Initiative"])
    assert set(consented) <= rows
    assert not rows & set(hidden)
    assert "Initiative A" in payload
    for name in hidden:
        assert name not in payload  # no chart carries the name of a non-consenting initiative
    # Other networks never appear.
    assert "MINT\\-Region Demoland" in at.title[0].value
    # The national overview is not offered to coordinators (and refuses them if forced).
    try:
        at.switch_page("pages/national.py").run()
    except ValueError:
        pass
    else:
        assert "Nationale Übersicht" not in [t.value for t in at.title]
        assert not at.get("vega_lite_chart") or "Mein Netzwerk" in at.title[0].value


def test_consent_switches_a_row_from_anonymous_to_named(demo_db: Engine) -> None:
    names = _names(demo_db, 1)
    newcomer = next(n for n, share in names.items() if not share)
    with read_session(demo_db) as s:
        ini_id = s.scalar(select(Initiative.id).where(Initiative.name == newcomer))
    create_user(
        demo_db,
        "ini-consent",
        "x-passwort-123",
        "initiative",
        initiative_id=ini_id,
        password_hash=hash_password("x-passwort-123"),
    )
    at = _open("ini-consent", "pages/settings.py")
    toggle = next(
        t
        for t in at.toggle
        if t.label == "Ergebnisse namentlich mit der Netzwerkkoordination teilen"
    )
    assert toggle.value is False  # default off
    toggle.set_value(True).run()
    assert not at.exception
    coordinator = _open("demo-koordination", "pages/network.py")
    assert newcomer in _chart_payloads(coordinator)


def test_small_network_is_suppressed_for_its_coordinator(demo_db: Engine) -> None:
    from tests.test_aggregates import Builder

    net = create_network(demo_db, "Mini-Netz")
    build = Builder(demo_db)
    for i in range(3):
        build.initiative(net, f"Mini {i}", rounds=[60.0])
    create_initiative(demo_db, "Mini ohne Runde", net)
    create_user(demo_db, "mini-koordination", "x", "coordinator", network_id=net, password_hash="x")
    at = _open("mini-koordination", "pages/network.py")
    assert at.title[0].value == "Mein Netzwerk: Mini\\-Netz"
    assert "zu wenige teilnehmende für eine anonyme auswertung" in _infos(at)
    payload = _chart_payloads(at)
    assert "Mini 0" not in payload
    # The participation table still lists the initiatives (status only, no scores).
    assert any("Mini ohne Runde" in set(df.value.get("Initiative", [])) for df in at.dataframe)
    workshop = _open("mini-koordination", "pages/workshop.py")
    assert "zu wenige teilnehmende für eine anonyme auswertung" in _infos(workshop)
    assert len(workshop.get("vega_lite_chart")) == 0


def test_workshop_mode_is_anonymous_and_refreshes(demo_db: Engine) -> None:
    at = _open("demo-koordination", "pages/workshop.py")
    assert at.title[0].value == "Workshop: MINT\\-Region Demoland"
    assert len(at.get("vega_lite_chart")) == 2
    payload = _chart_payloads(at)
    for name in _names(demo_db, 1):
        assert name not in payload
    at.button(key="workshop-refresh").click().run()
    assert not at.exception and len(at.get("vega_lite_chart")) == 2


def test_admin_sees_national_overview_and_can_pick_networks(demo_db: Engine) -> None:
    at = _open("demo-admin", "pages/national.py")
    assert at.title[0].value == "Nationale Übersicht"
    assert len(at.get("vega_lite_chart")) == 3
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec  # the networks × criteria heatmap
    assert "MINT-Region Demoland" in _chart_payloads(at)
    net = _open("demo-admin", "pages/network.py")
    assert len(net.selectbox) == 1
    net.selectbox(key="network-view-select").select(1).run()
    assert net.title[0].value == "MINT\\-Region Demoland"


def test_admin_network_tab_creates_network(demo_db: Engine) -> None:
    at = _open("demo-admin", "pages/admin.py")
    assert any(df.value.shape[0] >= 20 for df in at.dataframe)  # the network table
    at.text_input(key="network-name").input("MINT-Region Neustadt")
    at.button(key="FormSubmitter:network-create-Netzwerk anlegen").click().run()
    assert not at.exception
    assert any("MINT-Region Neustadt" in s.value for s in at.success)


def test_dashboard_cache_follows_the_data_version(demo_db: Engine) -> None:
    from mintqo.store import versions
    from mintqo.store.engine import write_session
    from tests.test_aggregates import Builder

    at = _open("demo-koordination", "pages/network.py")

    def submitted() -> str:
        return next(m.value for m in at.metric if m.label == "mit abgeschickter Selbstanalyse")

    assert submitted() == "12"
    Builder(demo_db).initiative(1, "Nachzüglerin", rounds=[55.0])
    at.run()
    assert submitted() == "12"  # cached: the version did not change
    with write_session(demo_db) as s:
        versions.bump(s, [versions.network_scope(1), versions.GLOBAL])
    at.run()
    assert submitted() == "13"

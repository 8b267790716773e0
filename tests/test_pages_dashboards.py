"""AppTests of the dashboards with demo data: who sees what, suppression, consent, admin views."""

from __future__ import annotations

import json

from sqlalchemy import Engine, select

from mintqo.passwords import hash_password
from mintqo.questionnaire import load_questionnaire
from mintqo.store.engine import read_session
from mintqo.store.models import Initiative
from mintqo.store.organisations import create_initiative, create_network
from mintqo.store.users import create_user
from tests.conftest import app_test, each_section, open_section, show_data_tables


def _open(username: str, page: str):
    at = app_test(username).run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _chart_payloads(at) -> str:
    """Specs and datasets of every chart in every section of the page, as one string."""
    import pyarrow as pa

    parts = []
    for shown in each_section(at):
        for el in shown.get("vega_lite_chart"):
            parts.append(el.proto.spec)
            for dataset in el.proto.datasets:
                frame = pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()
                parts.append(frame.to_csv())
    return "\n".join(parts)


def _tables(at) -> list:
    """Every table in every section of the page."""
    return [df.value for shown in each_section(at) for df in show_data_tables(shown).dataframe]


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


def _released(engine: Engine, network_id: int) -> set[int]:
    from mintqo.store.dashboard_queries import released_latest

    return {row.initiative_id for row in released_latest(engine, network_id)}


def test_coordinator_sees_only_own_network_and_names_only_with_consent(demo_db: Engine) -> None:
    at = _open("demo-koordination", "pages/network.py")
    assert (
        at.title[0].value == "Mein Netzwerk: MINT\\-Region Demoland"
    )  # names are Markdown-escaped
    assert len(at.selectbox) == 0  # no network selector for coordinators
    assert [t.label for t in at.tabs] == [
        "Profil", "Verteilung", "Initiativen", "Entwicklung", "Beteiligung", "Buddy-Netzwerke", "Export"
    ]  # fmt: skip
    assert len(at.get("vega_lite_chart")) == 1  # only the open section is drawn
    payload = _chart_payloads(at)
    names = _names(demo_db, 1)
    consented = [n for n, share in names.items() if share]
    hidden = [n for n, share in names.items() if not share]
    assert consented and hidden
    criterion = load_questionnaire().criteria[0].name
    heatmap = next(
        df for df in _tables(at) if "Initiative" in df.columns and criterion in df.columns
    )
    rows = set(heatmap["Initiative"])
    assert not rows & set(hidden)
    assert "Initiative A" not in payload  # no anonymous single-initiative rows any more
    for name in hidden:
        assert name not in payload  # no chart carries the name of a non-consenting initiative
    # The national overview is not offered to coordinators (and refuses them if forced).
    try:
        at.switch_page("pages/national.py").run()
    except ValueError:
        pass
    else:
        assert "Nationale Übersicht" not in [t.value for t in at.title]


def test_consent_switches_an_initiative_to_named(demo_db: Engine) -> None:
    names = _names(demo_db, 1)
    released = _released(demo_db, 1)
    with read_session(demo_db) as s:
        ids = dict(s.execute(select(Initiative.name, Initiative.id)).all())
    newcomer = next(n for n, share in names.items() if not share and ids[n] in released)
    create_user(
        demo_db,
        "ini-consent",
        "x-passwort-123",
        "initiative",
        initiative_id=ids[newcomer],
        password_hash=hash_password("x-passwort-123"),
    )
    assert newcomer not in _chart_payloads(_open("demo-koordination", "pages/network.py"))
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
    from tests.builders import Builder

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
    assert any("Mini ohne Runde" in set(df.get("Initiative", [])) for df in _tables(at))
    # the spread per criterion is suppressed alike: no box plot, the same reason
    spread = open_section(_open("mini-koordination", "pages/network.py"), "Verteilung")
    assert "zu wenige teilnehmende für eine anonyme auswertung" in _infos(spread)
    assert len(spread.get("vega_lite_chart")) == 0
    workshop = open_section(_open("mini-koordination", "pages/workshop.py"), "Vorschau")
    assert "zu wenige teilnehmende für eine anonyme auswertung" in _infos(workshop)
    assert len(workshop.get("vega_lite_chart")) == 0


def test_workshop_mode_is_anonymous_and_refreshes(demo_db: Engine) -> None:
    """The preparation page previews the slides' numbers; the slides themselves (one chart
    each, full screen) are tested in tests/test_projector.py and tests/e2e/test_projector.py."""
    at = _open("demo-koordination", "pages/workshop.py")
    assert at.title[0].value == "Workshop: MINT\\-Region Demoland"
    assert not at.get("vega_lite_chart")  # the preview is built only when it is open
    open_section(at, "Vorschau")
    assert len(at.get("vega_lite_chart")) == 2
    payload = _chart_payloads(at)
    for name in _names(demo_db, 1):
        assert name not in payload
    at.button(key="workshop-refresh").click().run()
    assert not at.exception and len(at.get("vega_lite_chart")) == 2
    at.button(key="workshop-start").click().run()
    assert not at.exception and at.title[0].value == "Beteiligung"
    at.button(key="slide-next").click().run()
    assert len(at.get("vega_lite_chart")) == 1  # the network radar, alone on its slide
    payload = _chart_payloads(at)
    for name in _names(demo_db, 1):
        assert name not in payload


def test_admin_sees_national_overview_and_can_pick_networks(demo_db: Engine) -> None:
    at = _open("demo-admin", "pages/national.py")
    assert at.title[0].value == "Nationale Übersicht"
    assert len(at.get("vega_lite_chart")) == 1  # only the open section is drawn
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
    # Names are Markdown-escaped in messages, so they show exactly as typed.
    assert any("MINT\\-Region Neustadt" in s.value for s in at.success)


def test_dashboard_follows_releases_not_single_submissions(demo_db: Engine) -> None:
    """Issue 12, leak 5: the screen a coordinator refreshes changes only with a release."""
    from tests.builders import Builder

    at = _open("demo-koordination", "pages/network.py")

    def released() -> int:
        return int(next(m.value for m in at.metric if m.label == "in der Auswertung"))

    def chart_data() -> str:  # every aggregate table (participation counts are live)
        show_data_tables(at)
        return "".join(df.value.to_csv() for df in at.dataframe if "Mittelwert" in df.value)

    before, data_before = released(), chart_data()
    build = Builder(demo_db)
    newcomers = [build.initiative(1, f"Nachzüglerin {i}") for i in range(5)]
    assert _pending(demo_db, 1) < 4  # so that one more submission cannot release
    build.submit_round(newcomers[0], 55.0)
    at.run()
    assert released() == before and chart_data() == data_before
    assert any("neue Abgabe" in c.value for c in at.caption)
    for ini in newcomers[1:]:
        build.submit_round(ini, 55.0)
    at.run()  # five changed: the next release includes the newcomers
    assert released() >= before + 5
    assert chart_data() != data_before


def _pending(engine: Engine, network_id: int) -> int:
    from mintqo.store.releases import release_state

    return release_state(engine, network_id).pending

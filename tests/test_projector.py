"""Projector mode (issue 17): the slide in the URL (checked), stepping, the slides' content for a
network that may be shown and for one that may not, the join slide's invitation, the discussion
question, and what the slides' charts are made of (24 px and more, filling the slide, SVG)."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from sqlalchemy import Engine, select

from mintqo.questionnaire import load_questionnaire
from mintqo.services import acting, workshop
from mintqo.store.engine import read_session
from mintqo.store.models import Initiative
from mintqo.ui.network_view import BAND_LABEL, radar_frames
from mintqo.ui.projector_nav import parse_slide, step
from mintqo.ui.projector_slides import short_link
from tests.builders import Builder
from tests.conftest import app_test, open_section

SLIDES = 9  # participation, radar, three areas, topics, staircase, join, discussion
AREAS = [a.name for a in load_questionnaire().areas]


# --- the slide in the address ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        ("9", 9),
        (" 3 ", 3),
        (["2", "4"], 4),  # a repeated parameter: the last one
        ("0", None),
        ("10", None),
        ("-1", None),
        ("3.0", None),
        ("drei", None),
        ("٣", None),  # an Arabic-Indic three is a digit to Python, not a slide number
        ("1" * 40, None),
        ("", None),
        (None, None),
        ([], None),
        (3, None),  # only text comes from an address
    ],
)
def test_parse_slide_accepts_only_existing_slides(value, expected) -> None:
    assert parse_slide(value, SLIDES) == expected


def test_step_stops_at_the_first_and_last_slide() -> None:
    assert step(1, -1, SLIDES) == 1
    assert step(1, 1, SLIDES) == 2
    assert step(9, 1, SLIDES) == 9
    assert step(5, -1, SLIDES) == 4


def test_short_link_is_what_people_type() -> None:
    assert short_link("https://mintqo.example.org/") == "mintqo.example.org"
    assert short_link("https://example.org/mintqo/register") == "example.org/mintqo/register"
    assert short_link("http://127.0.0.1:8501") == "127.0.0.1:8501"


# --- participation: live, unlike the aggregates ------------------------------------------------


def test_participation_counts_submissions_at_once(engine: Engine) -> None:
    build = Builder(engine)
    net = build.network("Live-Netz")
    for i in range(5):
        build.initiative(net, f"L{i}", rounds=[50.0])
    build.release()
    late = build.initiative(net, "Spät")
    build.initiative(net, "Ohne Runde")
    coordinator = build.coordinator(net)
    before = workshop.deck(engine, coordinator, net)
    assert before.participation == workshop.Participation(5, 7)
    build.submit_round(late, 70.0)
    after = workshop.deck(engine, coordinator, net)
    assert after.participation == workshop.Participation(6, 7)
    assert after.view.dashboard.submitted == 5  # the aggregates wait for the release
    assert "1 neue Abgabe wird ab 5 gemeinsam eingerechnet" in workshop.release_status(
        after.view.release
    )
    other = build.coordinator(build.network("Anderes Netz"))
    from mintqo.services.errors import NotAllowed

    with pytest.raises(NotAllowed):
        workshop.deck(engine, other, net)


# --- the page ----------------------------------------------------------------------------------


def _names(engine: Engine, network_id: int) -> list[str]:
    with read_session(engine) as s:
        return list(
            s.scalars(select(Initiative.name).where(Initiative.network_id == network_id)).all()
        )


def _present(username: str, slide: str, **params: str):
    """The workshop page of ``username`` opened at ``?folie=<slide>`` (and ``params``)."""
    at = app_test(username).run()
    at.switch_page("pages/workshop.py")
    at.query_params["folie"] = slide
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _param(at, name: str) -> str | None:
    """A query parameter as the app last set it (AppTest keeps set values as lists)."""
    value = at.query_params.get(name)
    return value[-1] if isinstance(value, list) else value


def _frame_hidden(at) -> bool:
    return any('[data-testid="stSidebar"]' in h.proto.body for h in at.get("html"))


def _page_text(at) -> str:
    parts = [m.value for m in at.markdown] + [t.value for t in at.title]
    parts += [i.value for i in at.info]
    for chart in at.get("vega_lite_chart"):
        parts.append(chart.proto.spec)
        parts.append(chart.proto.alt)
        for dataset in chart.proto.datasets:
            parts.append(pa.ipc.open_stream(dataset.data.data).read_all().to_pandas().to_csv())
    return "\n".join(parts)


def test_every_slide_is_anonymous_and_one_chart_at_most(demo_db: Engine) -> None:
    names = _names(demo_db, 1)
    titles = []
    for n in range(1, SLIDES + 1):
        at = _present("demo-koordination", str(n))
        titles.append(at.title[0].value)
        assert len(at.get("vega_lite_chart")) <= 1
        assert _frame_hidden(at)  # sidebar, header and banner hidden while presenting
        text = _page_text(at)
        for name in names:
            assert name not in text, (n, name)
        assert _param(at, "folie") == str(n)
    assert titles[0] == "Beteiligung" and titles[1] == "Netzwerkprofil"
    assert titles[2:5] == [f"{a}: Verteilung je Kriterium" for a in AREAS]
    assert titles[5:] == [
        "Themen für den Workshop",
        "Wirkungstreppe im Netzwerk",
        "Mitmachen",
        "Diskussion",
    ]


def test_participation_slide_and_status_line(demo_db: Engine) -> None:
    at = _present("demo-koordination", "1")
    coordinator = acting.resolve(demo_db, "demo-koordination")
    taken = workshop.participation(demo_db, coordinator, 1)
    text = _page_text(at)
    assert f"{taken.submitted} von {taken.initiatives} Initiativen haben abgeschickt" in text
    assert "Stand: " in text and " Uhr" in text


def test_buttons_step_through_the_slides_and_back_to_the_page(demo_db: Engine) -> None:
    at = _present("demo-koordination", "1")
    assert at.button(key="slide-back").disabled
    at.button(key="slide-next").click().run()
    assert _param(at, "folie") == "2" and at.title[0].value == "Netzwerkprofil"
    at.button(key="slide-next").click().run()
    at.button(key="slide-back").click().run()
    assert _param(at, "folie") == "2"
    at.button(key="slide-refresh").click().run()
    assert _param(at, "folie") == "2" and not at.exception
    at.button(key="slide-stop").click().run()
    assert "folie" not in at.query_params
    assert at.title[0].value == "Workshop: MINT\\-Region Demoland"
    assert not _frame_hidden(at)
    last = _present("demo-koordination", str(SLIDES))
    assert last.button(key="slide-next").disabled


@pytest.mark.parametrize("wish", ["abc", "0", "99", "-2"])
def test_a_bad_slide_number_shows_the_first_slide(demo_db: Engine, wish: str) -> None:
    at = _present("demo-koordination", wish)
    assert at.title[0].value == "Beteiligung"
    assert _param(at, "folie") == "1"


def test_a_small_network_keeps_its_slides_with_the_reasons(demo_db: Engine) -> None:
    build = Builder(demo_db)
    net = build.network("Mini-Netz")
    for i in range(3):
        build.initiative(net, f"Mini {i}", rounds=[60.0])
    build.user("mini-koordination", "coordinator", network_id=net)
    for n in range(2, 8):  # radar, areas, topics, staircase
        at = _present("mini-koordination", str(n))
        assert len(at.get("vega_lite_chart")) == 0
        infos = " ".join(i.value for i in at.info)
        assert "Zu wenige Teilnehmende für eine anonyme Auswertung" in infos, n
        assert "Mini 0" not in _page_text(at)


def test_admins_present_the_network_named_in_the_address(demo_db: Engine) -> None:
    from mintqo.charts.radar import radar_sentence

    def sentence(actor, network_id: int) -> str:
        dash = workshop.deck(demo_db, actor, network_id).view.dashboard
        profiles, band = radar_frames(dash, with_comparison=False)
        return radar_sentence(profiles, band, band_label=BAND_LABEL)

    admin = acting.resolve(demo_db, "demo-admin")
    at = _present("demo-admin", "2", netzwerk="2")
    assert at.get("vega_lite_chart")[0].proto.alt == sentence(admin, 2)
    at.button(key="slide-stop").click().run()
    assert at.selectbox(key="workshop-select").value == 2  # back on the same network
    unknown = _present("demo-admin", "1", netzwerk="999999")
    assert _param(unknown, "netzwerk") != "999999"
    # a coordinator's address cannot switch networks: the own network is shown
    coordinator = acting.resolve(demo_db, "demo-koordination")
    own = _present("demo-koordination", "2", netzwerk="2")
    assert own.get("vega_lite_chart")[0].proto.alt == sentence(coordinator, 1)
    assert sentence(coordinator, 1) != sentence(admin, 2)


def _prepare(username: str = "demo-koordination"):
    at = app_test(username).run()
    at.switch_page("pages/workshop.py").run()
    assert not at.exception, at.exception
    return at


def test_join_slide_shows_a_workshop_invitation_and_the_question(
    demo_db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mintqo.services import accounts

    monkeypatch.setenv("MINTQO_PUBLIC_URL", "https://mintqo.example.org")
    at = _prepare()
    at.text_input(key="workshop-invitation-name").input("Schülerlabor Neustadt")
    at.button(key="workshop-invitation-create").click().run()
    assert not at.exception
    assert any("Schülerlabor Neustadt" in s.value for s in at.success)
    code = next(c.value for c in at.code if "register?code=" not in c.value)
    at.text_input(key="workshop-question-input").input("Was nehmen wir uns *gemeinsam* vor?").run()
    at.button(key="workshop-start").click().run()
    assert _param(at, "folie") == "1"
    at.query_params["folie"] = "8"
    at.run()
    assert at.title[0].value == "Mitmachen"
    join = _page_text(at)
    assert code in join and "Schülerlabor Neustadt" in join
    assert "`mintqo.example.org/register`" in join  # the short link to type
    assert "Schon registriert? Anmelden unter `mintqo.example.org`" in join
    assert len(at.get("image")) == 1  # the QR code
    at.query_params["folie"] = "9"
    at.run()
    assert "Was nehmen wir uns \\*gemeinsam\\* vor?" in _page_text(at)  # escaped, as written
    # the code is a real invitation for that new initiative in the coordinator's network
    password = "Ein langer Satz aus Wörtern 2026"
    new = accounts.register(demo_db, code, "neustadt-lab", "Labor", password, password)
    assert new.initiative_name == "Schülerlabor Neustadt"


def test_join_slide_without_an_invitation_offers_the_login(demo_db: Engine) -> None:
    at = _present("demo-koordination", "8")
    assert at.title[0].value == "Mitmachen"
    assert "Einladungscode" not in _page_text(at)
    at_slide = _present("demo-koordination", "9")
    assert at_slide.title[0].value == "Diskussion"
    body = [m.value for m in at_slide.markdown if not m.value.startswith(("Folie ", "Stand"))]
    assert body == []  # nothing but the title, the status line and the buttons


def test_preparation_view_charts_and_tables(demo_db: Engine) -> None:
    at = open_section(_prepare(), "Vorschau")
    assert at.title[0].value == "Workshop: MINT\\-Region Demoland"
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2 and all(len(c.proto.alt) > 30 for c in charts)
    topics = next(d.value for d in at.dataframe if "Initiativen gesamt" in d.value.columns)
    assert len(topics) == 4
    spec = json.loads(charts[0].proto.spec)
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_slides_leave_their_cached_specs_unchanged(
    demo_db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The slides' specs are shared by every session (``ui.cache.shared``): drawing a slide
    (``height="stretch"``) must not change them."""
    import pickle

    from mintqo.ui import projector_slides

    produced: list[tuple[object, bytes]] = []
    original = projector_slides.spec_and_table

    def recording(build):
        result = original(build)
        produced.append((result, pickle.dumps(result)))
        return result

    monkeypatch.setattr(projector_slides, "spec_and_table", recording)
    for n in (2, 3, 6):
        at = _present("demo-koordination", str(n))
        at.run()  # a cache hit draws the same objects again
    assert len(produced) == 3
    for obj, as_produced in produced:
        assert pickle.dumps(obj) == as_produced

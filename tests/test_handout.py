"""Workshop handout (issue 17): 2–4 pages that render, the same numbers as the screen, the same
privacy rules (a suppressed aggregate gives its reason, never a number), no names.

Every page is also written as PNG to ``test-output/handout-*.png`` to be looked at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from sqlalchemy import Engine

from mintqo.io.handout_pdf import build_handout
from mintqo.questionnaire import load_questionnaire
from mintqo.services import acting, plans, self_analysis, workshop
from tests.builders import Builder
from tests.conftest import app_test, open_section, show_data_tables

OUT = Path(__file__).resolve().parents[1] / "test-output"
CREATED = dt.date(2026, 12, 1)


def _pages(data: bytes, name: str) -> list[str]:
    """The text of every page (whitespace folded); each page also saved as PNG."""
    OUT.mkdir(exist_ok=True)
    pdf = pdfium.PdfDocument(data)
    texts = []
    for n, page in enumerate(pdf, 1):
        page.render(scale=1.4).to_pil().save(OUT / f"handout-{name}-{n}.png")
        texts.append(" ".join(page.get_textpage().get_text_range().split()))
    return texts


@pytest.fixture
def stair_network(demo_db: Engine):
    """A network of six initiatives with different scores and released impact staircases,
    with its coordinator (the demo network's staircases are too few to be shown)."""
    build = Builder(demo_db)
    net = build.network("Treppen-Netz")
    members = []
    for i in range(6):
        ini = build.initiative(net, f"Treppe {i}", rounds=[35.0 + 9 * i])
        members.append(build.user(f"treppe-{i}", "initiative", initiative_id=ini))
    build.release()
    evidence = ("ja", "teilweise", "nein")
    for i, member in enumerate(members):
        project = self_analysis.my_projects(demo_db, member)[0].id
        steps = {s: evidence[(i + s) % 3] for s in range(1, 2 + i % 6)}
        plans.save_staircase(demo_db, member, project, {s: (e, "") for s, e in steps.items()})
    coordinator = build.user("treppen-koordination", "coordinator", network_id=net)
    return net, coordinator


def _screen(username: str):
    at = app_test(username).run()
    at.switch_page("pages/workshop.py").run()
    assert not at.exception, at.exception
    return show_data_tables(open_section(at, "Vorschau"))  # the numbers of the slides


def _table(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _cells(row) -> list[str]:
    return ["–" if v is None or str(v) in {"<NA>", "nan"} else str(v) for v in row]


def test_handout_numbers_equal_the_screen(demo_db: Engine, stair_network) -> None:
    net, coordinator = stair_network
    at = _screen("treppen-koordination")
    deck = workshop.deck(demo_db, coordinator, net)
    text = " ".join(_pages(build_handout(deck, created=CREATED), "treppen"))
    # participation, as the page says it
    taken = deck.participation
    assert f"**{taken.submitted} von {taken.initiatives} Initiativen haben abgeschickt**" in [
        m.value.split(",")[0] for m in at.markdown
    ]
    assert f"{taken.submitted} von {taken.initiatives} Initiativen haben abgeschickt" in text
    # the network profile: the screen's "Daten anzeigen" table, row by row
    profile = _table(at, "Unteres Quartil")
    assert len(profile) == len(load_questionnaire().criteria)
    for row in profile.itertuples(index=False):
        assert " ".join(_cells(row)) in text, row
    # the workshop topics: mean and low count of each, as on the screen
    topics = _table(at, "Initiativen gesamt")
    assert len(topics) == 4
    for row in topics.itertuples(index=False):
        kriterium, bereich, mean, low, total = _cells(row)
        assert (
            f"{kriterium} ({bereich}): Mittelwert {mean} · {low} von {total} Initiativen unter 50"
            in text
        )
    # the impact staircase: every step's counts
    steps = _table(at, "Initiativen mit Wirkungstreppe")
    assert len(steps) == 7 and steps["ja"].sum() > 0
    for row in steps.itertuples(index=False):
        stufe, ebene, beschreibung, ja, teilweise, nein, total = _cells(row)
        assert f"{stufe} {beschreibung} {ebene} {ja} {teilweise} {nein} {total}" in text, row
    for i in range(6):
        assert f"Treppe {i}" not in text  # no initiative by name


def test_handout_of_the_demo_network_has_two_to_four_pages(demo_db: Engine) -> None:
    coordinator = acting.resolve(demo_db, "demo-koordination")
    deck = workshop.deck(demo_db, coordinator, 1)
    pages = _pages(build_handout(deck, created=CREATED), "demo")
    assert 2 <= len(pages) <= 4
    text = " ".join(pages)
    assert text.startswith("Workshop-Handout: MINT-Region Demoland")
    for heading in (
        "Netzwerkprofil",
        "Themen für den Workshop",
        "Wirkungstreppe im Netzwerk",
        "Vereinbarte nächste Schritte",
    ):
        assert heading in text
    weakest = deck.view.dashboard.weakest.iloc[0]
    criterion = load_questionnaire().criterion_by_id[weakest["criterion_id"]]
    example = " ".join(criterion.example.split())
    assert " ".join(criterion.explanation.split()) in text and example in text
    assert deck.staircase.note in text  # too few staircases: the reason, not a number
    assert "Seite 1" in pages[0]


def test_handout_of_a_small_network_shows_only_the_reasons(demo_db: Engine) -> None:
    build = Builder(demo_db)
    net = build.network("Mini-Netz")
    for i in range(3):
        build.initiative(net, f"Mini {i}", rounds=[60.0 + i])
    deck = workshop.deck(demo_db, build.coordinator(net), net)
    pages = _pages(build_handout(deck, created=CREATED), "mini")
    assert 2 <= len(pages) <= 4
    text = " ".join(pages)
    assert text.count("Zu wenige Teilnehmende für eine anonyme Auswertung") >= 3
    assert "Mittelwert" not in text and "Unteres Quartil" not in text
    assert "Mini 0" not in text

"""Journey 2: the network coordination sees the new initiative in the participation table, the
network radar, the heatmap with anonymous rows (no name without consent) and workshop mode
(the preparation page and the projector)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from mintqo.questionnaire import load_questionnaire
from mintqo.services.accounts import register
from mintqo.services.invitations import create_invitation
from mintqo.store import assessments
from mintqo.store import projects as project_store
from mintqo.store.engine import read_session
from mintqo.store.models import Initiative
from tests.e2e.conftest import log_in, open_page, open_section, screenshot, store_actor
from tests.e2e.test_journey_initiative import INITIATIVE_NAME, NETWORK_ID

CONSENTING = "Robotik-Werkstatt Demostadt e.V."  # demo initiative 1 shares its results by name


def _initiative_id(engine) -> int | None:
    with read_session(engine) as s:
        return s.scalar(
            select(Initiative.id).where(
                Initiative.name == INITIATIVE_NAME, Initiative.network_id == NETWORK_ID
            )
        )


@pytest.fixture
def journey_initiative(app_store) -> int:
    """The initiative the initiative journey registered; seeded through the store (same steps:
    invitation, registration, project, every step answered, submitted) when this module runs
    on its own."""
    found = _initiative_id(app_store)
    if found is not None:
        return found
    admin = store_actor(app_store, "demo-admin")
    code = create_invitation(
        app_store,
        admin,
        role="initiative",
        network_id=NETWORK_ID,
        new_initiative_name=INITIATIVE_NAME,
    ).code
    password = "Ein Satz aus vielen Wörtern 2026"
    register(app_store, code, "tueftel-seed", "Tüftel-Team", password, password)
    initiative_id = _initiative_id(app_store)
    project_id = project_store.create_project(app_store, initiative_id, "Ferienkurs Elektronik")
    aid = assessments.start_round(app_store, project_id)
    version = assessments.get_assessment(app_store, aid).version
    for n, criterion in enumerate(load_questionnaire().criteria):
        answers = {item.id: 1 + (n + k) % 5 for k, item in enumerate(criterion.items)}
        version = assessments.save_step(app_store, aid, version, criterion.id, answers, "").version
    assessments.submit(app_store, aid)
    return initiative_id


def shot(page: Page, step: str) -> None:
    screenshot(page, f"coordinator-{step}")


def section(page: Page, heading: str) -> Locator:
    """The elements that follow the heading ``heading`` in its block (charts carry no key
    class, so they are found by the section they belong to)."""
    title = page.get_by_role("heading", name=heading, exact=True)
    return (
        page.get_by_test_id("stElementContainer")
        .filter(has=title)
        .locator("xpath=following-sibling::*")
    )


def chart(page: Page, heading: str) -> Locator:
    """The first chart of the section: its SVG/canvas."""
    block = section(page, heading).filter(has=page.get_by_test_id("stVegaLiteChart")).first
    return block.locator("canvas, svg").first


def data_table(page: Page, heading: str) -> Locator:
    """Open the first "Daten anzeigen" expander of the section (the one below its chart);
    returns the accessible cells of its table."""
    expander = section(page, heading).get_by_test_id("stExpander").first
    expect(expander).to_contain_text("Daten anzeigen")
    expander.get_by_text("Daten anzeigen").click()
    frame = expander.get_by_test_id("stDataFrame")
    expect(frame).to_be_visible()
    return frame.locator("td")


def cell(cells: Locator, text: str) -> Locator:
    return cells.filter(has_text=re.compile(f"^{re.escape(text)}$"))


def scroll_to_row(page: Page, table: Locator, text: str, steps: int = 20) -> None:
    """The grid draws only the rows in view: scroll down step by step until ``text`` is drawn
    (the rows are sorted by initiative, so the wanted row may be anywhere)."""
    table.hover()
    page.mouse.wheel(0, -5000)
    for _ in range(steps):
        if cell(table.locator("td"), text).count():
            return
        page.mouse.wheel(0, 150)
        # wait for the grid to draw the rows of the new scroll position
        expect(table.locator("td").first).to_be_attached()
    expect(cell(table.locator("td"), text).first).to_be_attached()


def test_coordinator_journey(app_server: str, journey_initiative: int, page: Page) -> None:
    log_in(page, app_server, "demo-koordination")
    expect(
        page.get_by_role("heading", level=1, name="Mein Netzwerk: MINT-Region Demoland")
    ).to_be_visible()
    shot(page, "1-network")

    # participation: the newly registered initiative is listed (by name: it is a member)
    open_section(page, "Beteiligung")
    participation = page.get_by_test_id("stDataFrame").first
    expect(participation).to_be_visible()
    scroll_to_row(page, participation, CONSENTING)
    scroll_to_row(page, participation, INITIATIVE_NAME)
    expect(cell(participation.locator("td"), INITIATIVE_NAME)).to_have_count(1)
    shot(page, "2-participation")

    # network radar with its data: all 12 criteria
    open_section(page, "Profil")
    expect(chart(page, "Netzwerkprofil")).to_be_visible()
    radar_cells = data_table(page, "Netzwerkprofil")
    for criterion in load_questionnaire().criteria:
        expect(cell(radar_cells, criterion.name)).to_have_count(1)
    shot(page, "3-radar")

    # the spread per criterion, in a section of its own
    open_section(page, "Verteilung")
    expect(chart(page, "Verteilung je Kriterium")).to_be_visible()

    # heatmap: the consenting initiative by name, no anonymous single-initiative rows
    open_section(page, "Initiativen")
    heatmap = chart(page, "Initiativen im Vergleich")
    heatmap.scroll_into_view_if_needed()
    expect(heatmap).to_be_visible()
    heat_cells = data_table(page, "Initiativen im Vergleich")
    expect(cell(heat_cells, CONSENTING)).to_have_count(1)
    expect(cell(heat_cells, "Initiative A")).to_have_count(0)
    expect(cell(heat_cells, INITIATIVE_NAME)).to_have_count(0)
    shot(page, "4-heatmap")

    # workshop mode: the preparation page previews the slides (anonymous) ...
    open_page(page, "Workshop-Modus", heading="Workshop: MINT-Region Demoland")
    expect(
        page.get_by_text(re.compile(r"\d+ von \d+ Initiativen haben abgeschickt"))
    ).to_be_visible()
    open_section(page, "Vorschau")
    expect(chart(page, "Netzwerkprofil")).to_be_visible()
    expect(chart(page, "Verteilung je Kriterium")).to_be_visible()
    expect(page.get_by_text(INITIATIVE_NAME)).to_have_count(0)
    expect(page.get_by_text(CONSENTING)).to_have_count(0)
    shot(page, "5-workshop")

    # ... and presents them full screen, stepped with the arrow keys, still without names
    page.get_by_role("button", name="Präsentation starten").click()
    expect(page.get_by_role("heading", level=1, name="Beteiligung")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", level=1, name="Netzwerkprofil")).to_be_visible()
    expect(
        page.locator(".st-key-projector [data-testid='stVegaLiteChart'] svg.marks")
    ).to_be_visible()
    expect(page.get_by_text(INITIATIVE_NAME)).to_have_count(0)
    expect(page.get_by_text(CONSENTING)).to_have_count(0)
    shot(page, "6-projector")
    page.get_by_role("button", name="Präsentation beenden").click()
    expect(page.get_by_test_id("stSidebar")).to_be_visible()

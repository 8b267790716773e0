"""Journey 1: an initiative registers with an invitation code, creates a project, answers the
questionnaire criterion by criterion (every rating is saved as it is given; a page reload in
the middle returns to the same criterion), submits after a confirmation, sees its radar profile
with all 12 criteria and downloads the PDF report."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from mintqo.questionnaire import load_questionnaire
from mintqo.services.invitations import create_invitation
from mintqo.store import projects as project_store
from mintqo.store.users import actor_for
from tests.e2e.conftest import (
    follow,
    log_in,
    open_page,
    open_section,
    screenshot,
    store_actor,
    wait_for_idle,
)
from tests.e2e.runs import ServerRuns

# Shared with the coordinator journey, which looks for this initiative in its network.
INITIATIVE_NAME = "Tüftelwerkstatt Journeyhausen"
USERNAME = "tueftel-journey"
PASSWORD = "Ein Satz aus vielen Wörtern 2026"
PROJECT_NAME = "Ferienkurs Elektronik"
TYPED_NAME = "Ferienkurs Elektronk"  # renamed to PROJECT_NAME on the projects page
NETWORK_ID = 1  # the demo network of demo-koordination
RELOAD_AFTER = 4  # steps saved before the reload


def shot(page: Page, step: str) -> None:
    screenshot(page, f"initiative-{step}")


def step_form(page: Page):
    """The statements of the shown step (the page has other widgets, e.g. the selectors)."""
    return page.locator('[class*="st-key-q-step-"]')


def answer_step(page: Page, runs: ServerRuns, step: int) -> list[int]:
    """Click one option (1–5) per statement of the shown step, each click a save of its own;
    returns the chosen indexes (0 = "1"). Steps get different levels, so the radar is not a
    plain circle."""
    groups = step_form(page).get_by_role("radiogroup")
    expect(groups).to_have_count(5)
    chosen = []
    for n in range(groups.count()):
        index = min(4, step % 4 + n % 2)
        radio = groups.nth(n).get_by_role("radio").nth(index)
        if not radio.is_checked():
            with runs.finished_after():
                radio.check(force=True)
        chosen.append(index)
    return chosen


def idle(page: Page) -> None:
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")


def expect_step(page: Page, name: str) -> None:
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    expect(step_form(page)).to_be_visible()
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")


def test_initiative_journey(app_server: str, app_store, page: Page) -> None:
    q = load_questionnaire()
    criteria = q.criteria
    runs = ServerRuns(page)
    admin = store_actor(app_store, "demo-admin")
    invitation = create_invitation(
        app_store,
        admin,
        role="initiative",
        network_id=NETWORK_ID,
        new_initiative_name=INITIATIVE_NAME,
    )

    # --- register with the invitation code
    page.goto(app_server)
    expect(page.get_by_role("textbox", name="Benutzername")).to_be_visible()
    wait_for_idle(page)
    open_page(page, "Registrieren")
    page.get_by_role("textbox", name="Einladungscode").fill(invitation.code)
    page.get_by_role("textbox", name="Benutzername").fill(USERNAME)
    page.get_by_role("textbox", name="Anzeigename").fill("Tüftel-Team")
    page.get_by_role("textbox", name="Neues Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("textbox", name="Neues Passwort wiederholen").fill(PASSWORD)
    page.get_by_role("button", name="Konto anlegen").click()
    expect(page.get_by_text("Ihr Konto ist angelegt.")).to_be_visible()
    shot(page, "1-registered")
    actor = actor_for(app_store, USERNAME)
    assert actor is not None and actor.role == "initiative"

    # --- log in, create a project, start a round
    log_in(page, app_server, USERNAME, PASSWORD)
    open_page(page, "Projekte")
    expect(page.get_by_text("Ihre Initiative hat noch keine Projekte.")).to_be_visible()
    page.get_by_role("button", name="Neues Projekt anlegen").click()
    page.get_by_role("dialog").get_by_role("textbox", name="Name des Angebots").fill(TYPED_NAME)
    page.get_by_role("dialog").get_by_role("button", name="Projekt anlegen").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_role("heading", name=TYPED_NAME)).to_be_visible()
    # a typo is mended in the rename dialog; the card shows the new name at once
    page.get_by_role("button", name="Umbenennen").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("textbox", name="Neuer Name").fill(PROJECT_NAME)
    shot(page, "1-rename")
    dialog.get_by_role("button", name="Namen speichern").click()
    expect(page.get_by_text(f"Das Projekt heißt jetzt „{PROJECT_NAME}“.")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_role("heading", name=PROJECT_NAME)).to_be_visible()
    page.get_by_role("button", name="Erste Selbstanalyse beginnen").click()
    expect(page.get_by_text(f"Runde 1 für „{PROJECT_NAME}“ ist angelegt.")).to_be_visible()
    # the card shows the result at once: the round runs, nothing offers to start it again
    expect(page.get_by_role("button", name="Erste Selbstanalyse beginnen")).to_have_count(0)
    idle(page)
    shot(page, "2-project")
    follow(page, page.get_by_role("link", name="Weiter zur Selbstanalyse"), "Selbstanalyse")
    expect_step(page, criteria[0].name)
    shot(page, "3-first-step")

    # --- the first steps, then a reload: nothing may be lost, the same criterion returns
    chosen: dict[str, list[int]] = {}
    for n, criterion in enumerate(criteria[:RELOAD_AFTER]):
        expect_step(page, criterion.name)
        chosen[criterion.id] = answer_step(page, runs, n)
        expect(page.get_by_text(f"Gespeichert: „{criterion.name}“")).to_be_visible()
        page.get_by_role("button", name="Weiter", exact=True).click()
    expect_step(page, criteria[RELOAD_AFTER].name)
    assert f"kriterium={criteria[RELOAD_AFTER].id}" in page.url

    page.reload()
    wait_for_idle(page)
    expect_step(page, criteria[RELOAD_AFTER].name)
    expect(
        page.get_by_text(f"{RELOAD_AFTER} von 12 Kriterien vollständig beantwortet")
    ).to_be_visible()
    shot(page, "4-after-reload")
    # a saved step still shows its answers: go back to the last saved one
    last = criteria[RELOAD_AFTER - 1]
    page.get_by_test_id("stSelectbox").filter(has_text="Kriterium").click()
    page.get_by_role("option", name=f"{last.name} (✓)").click()
    expect_step(page, last.name)
    groups = step_form(page).get_by_role("radiogroup")
    for n, index in enumerate(chosen[last.id]):
        expect(groups.nth(n).get_by_role("radio").nth(index)).to_be_checked()
    shot(page, "5-saved-step-after-reload")
    page.get_by_role("button", name="Weiter", exact=True).click()

    # --- the remaining steps
    for n, criterion in enumerate(criteria[RELOAD_AFTER:], start=RELOAD_AFTER):
        expect_step(page, criterion.name)
        answer_step(page, runs, n)
        expect(page.get_by_text(f"Gespeichert: „{criterion.name}“")).to_be_visible()
        if n < len(criteria) - 1:
            page.get_by_role("button", name="Weiter", exact=True).click()
    expect(page.get_by_role("button", name="Weiter", exact=True)).to_have_count(0)
    expect(page.get_by_text("12 von 12 Kriterien vollständig beantwortet")).to_be_visible()
    expect(page.get_by_text("Alle Kriterien sind bereit zum Abschließen.")).to_be_visible()
    shot(page, "6-all-answered")

    # --- submit after a confirmation that says what happens, and look at the profile
    page.get_by_role("button", name="Selbstanalyse abschließen …").click()
    expect(page.get_by_text("nicht mehr änderbar")).to_be_visible()
    shot(page, "7a-confirm")
    page.get_by_role("button", name="Ja, jetzt abschließen").click()
    expect(page.get_by_text("Die Selbstanalyse ist abgeschlossen")).to_be_visible()
    shot(page, "7-submitted")
    follow(page, page.get_by_role("link", name="Zum Profil"), "Mein Profil")
    radar = page.get_by_test_id("stVegaLiteChart").first
    expect(radar.locator("canvas, svg").first).to_be_visible()
    expander = page.get_by_test_id("stExpander").filter(has_text="Daten anzeigen").first
    expander.get_by_text("Daten anzeigen").click()
    table = expander.get_by_test_id("stDataFrame")
    expect(table).to_be_visible()
    # the grid draws on a canvas; its accessible twin is a table with one cell per value
    for criterion in criteria:
        cell = table.locator("td").filter(has_text=re.compile(f"^{re.escape(criterion.name)}$"))
        expect(cell).to_have_count(1)
    shot(page, "8-profile")
    # strengths and potentials: one Markdown block each, explanations shown as plain text
    strengths = page.get_by_test_id("stMarkdown").filter(has_text="Stärken").first
    strengths.scroll_into_view_if_needed()
    block = strengths.inner_text()
    assert ":gray[" not in block and "\\" not in block
    assert any(c.explanation[:40] in block for c in criteria)
    shot(page, "8b-strengths")

    # --- the PDF report, in the profile's export section
    open_section(page, "Export")
    page.get_by_role("button", name="PDF-Bericht erstellen").click()
    download_button = page.get_by_role("button", name="PDF-Bericht herunterladen")
    expect(download_button).to_be_visible()
    with page.expect_download() as info:
        download_button.click()
    pdf = info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    assert info.value.suggested_filename.endswith(".pdf")
    shot(page, "9-pdf")

    projects = project_store.list_projects(app_store, actor.initiative_id)
    assert [p.name for p in projects] == [PROJECT_NAME]
    assert projects[0].latest_submitted is not None

"""Issue 14, items 1–4 in the browser, at 1280×720 and on a phone (390×844).

1. Project, round and criterion are in the URL: reload, back/forward and a bookmarked link
   return to the same place; the project last worked on opens by default (item 5).
2. Nothing typed is lost: every rating and the note are stored as they are given; switching
   criterion or leaving through the sidebar loses nothing.
3. A criterion answered entirely "nicht zutreffend" is "nicht bewertet", not a dead end; an
   open criterion is named, with a way to it.
4. Submitting asks first, says what happens, and shows the result.

Each test works with an initiative of its own (in a network of its own), so the shared server's
other journeys are not disturbed.
"""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import Page, expect

from mintqo.questionnaire import load_questionnaire
from mintqo.services.accounts import create_account_as_operator
from mintqo.store import assessments
from mintqo.store.organisations import create_initiative, create_network
from mintqo.store.projects import create_project
from tests.e2e.conftest import EXPECT_TIMEOUT_MS, log_in, screenshot, wait_for_idle
from tests.e2e.runs import ServerRuns

Q = load_questionnaire()
PASSWORD = "Ein Satz aus vielen Wörtern 2026"
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 720}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}
_numbers = itertools.count(1)


@pytest.fixture(params=list(VIEWPORTS))
def screen(request, browser):
    context = browser.new_context(locale="de-DE", **VIEWPORTS[request.param])
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    page = context.new_page()
    yield request.param, page
    try:
        screenshot(page, f"place-{request.node.name}")
    finally:
        context.close()


@pytest.fixture(scope="module")
def network(app_store) -> int:
    return create_network(app_store, "MINT-Region Fragebogen-Test")


def _initiative(app_store, network: int, label: str) -> tuple[str, int]:
    """A fresh initiative with one member; returns (user name, initiative id)."""
    n = next(_numbers)
    initiative = create_initiative(app_store, f"Initiative {label} {n}", network)
    username = f"place-{label}-{n}"
    create_account_as_operator(
        app_store, username, PASSWORD, "initiative", initiative_id=initiative
    )
    return username, initiative


def _answer_all(app_store, aid: int, values) -> None:
    """Store answers criterion by criterion: ``values(criterion)`` gives its answers."""
    version = assessments.load_state(app_store, aid).version
    for criterion in Q.criteria:
        version = assessments.save_step(
            app_store, aid, version, criterion.id, values(criterion), ""
        ).version


def _heading(page: Page, name: str):
    return page.get_by_role("heading", name=name, exact=True)


def _sidebar_link(page: Page, name: str):
    """The sidebar entry (on a phone the sidebar is collapsed: open it first)."""
    nav = page.get_by_test_id("stSidebarNav")
    if not nav.is_visible():
        page.get_by_test_id("stExpandSidebarButton").click()
    return nav.get_by_role("link", name=name, exact=True)


def _close_sidebar(page: Page, size: str) -> None:
    """On a phone an open sidebar lies over the page: close it (as a user would)."""
    if size == "phone" and page.get_by_test_id("stSidebarNav").is_visible():
        page.get_by_test_id("stSidebarCollapseButton").get_by_role("button").click()
        expect(page.get_by_test_id("stSidebarNav")).not_to_be_in_viewport()


def _project(page: Page):
    """The project selector (its choice is the value of its combobox input)."""
    return page.get_by_role("combobox", name="Projekt")


def _step(page: Page):
    return page.locator('[class*="st-key-q-step-"]')


def test_place_is_in_the_url_and_nothing_typed_is_lost(
    app_server: str, app_store, network: int, screen
) -> None:
    size, page = screen
    runs = ServerRuns(page)
    username, initiative = _initiative(app_store, network, size)
    done = create_project(app_store, initiative, "Abgeschlossene Sternwarte")
    finished = assessments.start_round(app_store, done)
    _answer_all(app_store, finished, lambda c: {i.id: 3 for i in c.items})
    assessments.submit(app_store, finished)
    working = create_project(app_store, initiative, "Robotik-AG")
    draft = assessments.start_round(app_store, working)

    # item 5: without a link the open draft opens, visibly and in the URL
    log_in(page, app_server, username, PASSWORD)
    page.goto(f"{app_server}/questionnaire")
    wait_for_idle(page)
    expect(_project(page)).to_have_value(re.compile("^Robotik-AG – Runde 1 in Bearbeitung"))
    expect(page).to_have_url(f"{app_server}/questionnaire?projekt={working}&runde=1&kriterium=AQ1")

    # item 2: two ratings and a note, each stored as it is given
    page.get_by_role("button", name="Weiter", exact=True).click()
    expect(_heading(page, "Gender und Diversität")).to_be_visible()
    page.get_by_role("button", name="Weiter", exact=True).click()
    third = Q.criterion_by_id["AQ3"]
    expect(_heading(page, third.name)).to_be_visible()
    expect(page).to_have_url(f"{app_server}/questionnaire?projekt={working}&runde=1&kriterium=AQ3")
    groups = _step(page).get_by_role("radiogroup")
    for n, value in (
        (0, "4 – trifft eher zu"),
        (1, "nicht zutreffend / kann ich nicht beurteilen"),
    ):
        radio = groups.nth(n).get_by_role("radio", name=value)
        # in the middle of the screen: on a phone, Streamlit's fixed header covers the top edge
        radio.evaluate("e => e.scrollIntoView({block: 'center'})")
        with runs.finished_after():
            radio.check(force=True)
    note = page.get_by_role("textbox", name="Notizen / Belege")
    note.click()
    with runs.finished_after():  # a pause in typing stores the note, focus stays
        page.keyboard.type("Konzept liegt im Ordner")
    expect(page.get_by_text(f"Gespeichert: „{third.name}“")).to_be_visible()
    stored = assessments.load_state(app_store, draft)
    assert stored.answers == {"AQ3.1": 4, "AQ3.2": None}
    assert stored.notes == {"AQ3": "Konzept liegt im Ordner"}
    screenshot(page, f"place-{size}-1-typed")

    # switching criterion with the selector loses nothing; back returns to the place
    chooser = page.get_by_role("combobox", name="Kriterium")
    chooser.click()
    chooser.fill("Evaluation")  # the list shows the first options; typing filters it
    # "back" once the page has settled, as a user sees it: the run the choice started is over
    with runs.finished_after():
        page.get_by_role("option", name="Ergebnisqualität · Evaluation und Wirkungsmessung").click()
    expect(_heading(page, "Evaluation und Wirkungsmessung")).to_be_visible()
    expect(page).to_have_url(f"{app_server}/questionnaire?projekt={working}&runde=1&kriterium=EQ2")
    with runs.finished_after():
        page.go_back()
    expect(_heading(page, third.name)).to_be_visible()
    expect(groups.nth(0).get_by_role("radio", name="4 – trifft eher zu")).to_be_checked()
    expect(note).to_have_value("Konzept liegt im Ordner")
    with runs.finished_after():
        page.go_forward()
    expect(_heading(page, "Evaluation und Wirkungsmessung")).to_be_visible()
    with runs.finished_after():
        page.go_back()
    expect(_heading(page, third.name)).to_be_visible()

    # a reload returns to the same criterion, with everything stored
    wait_for_idle(page)
    page.reload()
    wait_for_idle(page)
    expect(_heading(page, third.name)).to_be_visible()
    expect(
        groups.nth(1).get_by_role("radio", name="nicht zutreffend / kann ich nicht beurteilen")
    ).to_be_checked()
    expect(note).to_have_value("Konzept liegt im Ordner")
    bookmark = page.url
    screenshot(page, f"place-{size}-2-reloaded")

    # leaving through the sidebar: the other self-analysis pages open the same project
    with runs.finished_after():
        _sidebar_link(page, "Maßnahmenplan").click()
    expect(page.get_by_role("heading", level=1, name="Maßnahmenplan")).to_be_visible()
    expect(_project(page)).to_have_value(re.compile("^Robotik-AG"))
    expect(page).to_have_url(f"{app_server}/action_plan?projekt={working}")
    # back returns to the questionnaire where the user was, in one or two presses: Streamlit
    # adds one entry for the new page and one for the query string the page writes, and which
    # reaches the browser first decides whether the extra entry is the questionnaire's path
    # with the new query string (it resumes where the user was) or the action plan's
    with runs.finished_after():
        page.go_back()
    if "/action_plan" in page.url:
        expect(page.get_by_role("heading", level=1, name="Maßnahmenplan")).to_be_visible()
        expect(_project(page)).to_have_value(re.compile("^Robotik-AG"))
        with runs.finished_after():
            page.go_back()
    expect(_heading(page, third.name)).to_be_visible()
    expect(page).to_have_url(f"{app_server}/questionnaire?projekt={working}&runde=1&kriterium=AQ3")
    # the criterion reached through "back" is where the round resumes, not the last one chosen
    assert assessments.load_state(app_store, draft).info.current_step == "AQ3"
    wait_for_idle(page)
    _close_sidebar(page, size)

    # a note typed and left at once through the sidebar is stored all the same (the click
    # that takes the focus away may stay on this page: Streamlit sends the note first)
    note.click()
    page.keyboard.press("End")
    page.keyboard.type(", Seite 3")
    _sidebar_link(page, "Mein Profil").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    wait_for_idle(page)
    page.goto(bookmark)  # a new session: what it shows comes from the store
    wait_for_idle(page)
    expect(page.get_by_role("textbox", name="Notizen / Belege")).to_have_value(
        "Konzept liegt im Ordner, Seite 3"
    )
    assert assessments.load_state(app_store, draft).notes["AQ3"] == (
        "Konzept liegt im Ordner, Seite 3"
    )

    # a bookmarked link in another browser (logged in anew) opens the same place
    other = page.context.browser.new_context(locale="de-DE", **VIEWPORTS[size])
    try:
        second = other.new_page()
        log_in(second, app_server, username, PASSWORD)
        second.goto(bookmark)
        wait_for_idle(second)
        expect(_heading(second, third.name)).to_be_visible()
        expect(
            second.get_by_role("radiogroup").nth(0).get_by_role("radio", name="4 – trifft eher zu")
        ).to_be_checked()
    finally:
        other.close()


def test_not_applicable_criterion_and_confirmed_submission(
    app_server: str, app_store, network: int, screen
) -> None:
    size, page = screen
    username, initiative = _initiative(app_store, network, size)
    project = create_project(app_store, initiative, "Ferien-Forscherwoche")
    draft = assessments.start_round(app_store, project)
    first, last = Q.criteria[0], Q.criteria[-1]

    def values(criterion):
        if criterion is first:  # answered, but entirely "nicht zutreffend"
            return {i.id: None for i in criterion.items}
        if criterion is last:  # two ratings, three statements open: too few for a score
            return {i.id: 2 for i in criterion.items[:2]}
        return {i.id: 4 for i in criterion.items}

    _answer_all(app_store, draft, values)
    assessments.set_current_step(app_store, draft, first.id)

    log_in(page, app_server, username, PASSWORD)
    page.goto(f"{app_server}/questionnaire")
    wait_for_idle(page)
    # item 3: the fully n/a criterion is complete and "nicht bewertet"; the open one is named
    expect(page.get_by_text("11 von 12 Kriterien vollständig beantwortet")).to_be_visible()
    expect(page.get_by_text("Nicht bewertet: „Ziele und Zielgruppen“")).to_be_visible()
    expect(page.get_by_text("Es fehlt noch 1 Kriterium:")).to_be_visible()
    expect(page.get_by_role("button", name="Selbstanalyse abschließen …")).to_be_disabled()
    screenshot(page, f"place-{size}-3-one-open")
    page.get_by_role("button", name=f"{last.name}: 3 Aussagen offen").click()
    expect(_heading(page, last.name)).to_be_visible()
    groups = _step(page).get_by_role("radiogroup")
    for n in (2, 3, 4):
        groups.nth(n).get_by_role(
            "radio", name="nicht zutreffend / kann ich nicht beurteilen"
        ).check(force=True)
        expect(
            groups.nth(n).get_by_role("radio", name="nicht zutreffend / kann ich nicht beurteilen")
        ).to_be_checked()
    # now two criteria are "nicht bewertet", and that is no obstacle
    expect(page.get_by_text("12 von 12 Kriterien vollständig beantwortet")).to_be_visible()
    expect(page.get_by_text("Es fehlt noch")).to_have_count(0)
    expect(
        page.get_by_text("Nicht bewertet: „Ziele und Zielgruppen“, „Kommunikation und Transparenz“")
    ).to_be_visible()

    # item 4: a confirmation that says what happens; cancelling changes nothing
    submit = page.get_by_role("button", name="Selbstanalyse abschließen …")
    expect(submit).to_be_enabled()
    submit.click()
    confirmation = page.locator('[class*="st-key-q-confirm-box-"]')
    expect(confirmation).to_contain_text("nicht mehr änderbar")
    expect(confirmation).to_contain_text("neue Runde")
    expect(confirmation).to_contain_text("2 Kriterien bleiben „nicht bewertet“")
    screenshot(page, f"place-{size}-4-confirm")
    page.get_by_role("button", name="Abbrechen").click()
    expect(confirmation).to_have_count(0)
    assert assessments.get_assessment(app_store, draft).status == "draft"
    submit.click()
    page.get_by_role("button", name="Ja, jetzt abschließen").click()
    result = page.get_by_text("Die Selbstanalyse ist abgeschlossen")
    expect(result).to_be_in_viewport()  # the result is shown where the user looks
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    expect(_project(page)).to_have_value(re.compile("Runde 1 abgeschlossen$"))  # selector too
    assert assessments.get_assessment(app_store, draft).status == "submitted"
    screenshot(page, f"place-{size}-5-result")
    page.get_by_role("link", name="Zum Profil").click()
    expect(page.get_by_role("heading", level=1, name="Mein Profil")).to_be_visible()
    expect(page.get_by_text("Nicht bewertet (alle oder fast alle Aussagen")).to_be_visible()

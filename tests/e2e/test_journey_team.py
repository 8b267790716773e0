"""Journey 6 (issue 16): a team round with two members in two browsers.

The lead starts the round "im Team" on the projects page; each member rates on their own sheet
(the last criterion by clicking, the others prepared through the same use case to keep the
journey short) and finishes it after a confirmation. Before finishing, the comparison stays
closed; afterwards both see "Wo sind wir uns einig?" with each other's ratings. The lead fills
the agreed result with the median, writes a "Begründung" for a disputed criterion, submits it
like any round, and the profile shows the agreed radar with the team's band.

The journey makes its own initiative, members and project: the shared server's demo data
stays as it is for the other journeys.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from mintqo.questionnaire import load_questionnaire
from mintqo.services import team
from mintqo.store import assessments
from mintqo.store.organisations import create_initiative
from mintqo.store.projects import create_project, list_projects
from mintqo.store.users import create_user
from tests.e2e.conftest import (
    EXPECT_TIMEOUT_MS,
    follow,
    log_in,
    screenshot,
    store_actor,
    wait_for_idle,
)
from tests.e2e.runs import ServerRuns

Q = load_questionnaire()
PASSWORD = "Gemeinsam bewerten wir besser 2026"
LEAD, MEMBER = ("team-lea", "Lea Lehmann"), ("team-ben", "Ben Bauer")
PROJECT = "Forscherwerkstatt im Park"
DISPUTED = Q.criterion_by_id["EQ2"]  # Evaluation und Wirkungsmessung: 5 against 2
LAST = Q.criteria[-1]  # rated in the browser: 4 against 2


def _setup(engine) -> int:
    initiative = create_initiative(engine, "Team-Journey e.V.", 1)
    for username, name in (LEAD, MEMBER):
        create_user(engine, username, PASSWORD, "initiative", name, initiative_id=initiative)
    return create_project(engine, initiative, PROJECT)


def _prepare_sheet(engine, username: str, aid: int, disputed_value: int) -> None:
    """Every criterion but the last, through the use case (the browser does the last)."""
    actor = store_actor(engine, username)
    sheet = team.my_sheet(engine, actor, aid)
    version = sheet.version
    for criterion in Q.criteria[:-1]:
        value = disputed_value if criterion is DISPUTED else 4
        saved, sheet = team.save_my_step(
            engine, actor, aid, version, criterion.id, {i.id: value for i in criterion.items}, ""
        )
        assert saved
        version = sheet.version


def _step(page: Page):
    return page.locator('[class*="st-key-q-step-"]')


def _rate_and_finish(page: Page, runs: ServerRuns, url: str, value: str, who: str) -> None:
    """Open the sheet's last criterion, rate each statement (each click saved), finish."""
    page.goto(url)
    wait_for_idle(page)
    expect(page.get_by_role("heading", name=LAST.name, exact=True)).to_be_visible()
    groups = _step(page).get_by_role("radiogroup")
    expect(groups).to_have_count(len(LAST.items))
    for n in range(len(LAST.items)):
        with runs.finished_after():
            groups.nth(n).get_by_role("radio", name=value).check(force=True)
    expect(page.get_by_text(f"Gespeichert: „{LAST.name}“")).to_be_visible()
    screenshot(page, f"team-{who}-1-sheet")
    with runs.finished_after():
        page.get_by_role("button", name="Meinen Bogen abschließen …").click()
    expect(page.get_by_text("Ihren Bogen jetzt abschließen?")).to_be_visible()
    with runs.finished_after():
        page.get_by_role("button", name="Ja, Bogen abschließen").click()
    expect(page.get_by_text("Ihr Bogen ist abgeschlossen.")).to_be_visible()


def _open_part(page: Page, runs: ServerRuns, label: str) -> None:
    tab = page.get_by_role("tab", name=label, exact=True)
    if tab.get_attribute("aria-selected") != "true":
        with runs.finished_after():
            tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    wait_for_idle(page)


def test_two_members_compare_and_the_lead_submits_the_agreed_result(
    app_server: str, app_store, browser
) -> None:
    project = _setup(app_store)
    contexts = [
        browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
        for _ in range(2)
    ]
    for context in contexts:
        context.set_default_timeout(EXPECT_TIMEOUT_MS)
    lea, ben = (context.new_page() for context in contexts)
    lea_runs, ben_runs = ServerRuns(lea), ServerRuns(ben)
    try:
        # The lead starts the round "im Team".
        log_in(lea, app_server, LEAD[0], PASSWORD)
        expect(lea.get_by_role("heading", level=1, name="Projekte")).to_be_visible()
        with lea_runs.finished_after():
            lea.get_by_text("im Team", exact=True).click()
        with lea_runs.finished_after():
            lea.get_by_role("button", name="Erste Selbstanalyse beginnen").click()
        expect(lea.get_by_text("ist als Teamrunde angelegt")).to_be_visible()
        aid = next(
            p
            for p in list_projects(app_store, store_actor(app_store, LEAD[0]).initiative_id)
            if p.id == project
        ).draft.assessment_id
        follow(lea, lea.get_by_role("link", name="Weiter zur Selbstanalyse"), "Selbstanalyse")
        expect(lea.get_by_role("tab", name="Gemeinsames Ergebnis")).to_be_visible()
        screenshot(lea, "team-lea-0-started")

        # The colleague joins: their own sheet, and no comparison before it is finished.
        log_in(ben, app_server, MEMBER[0], PASSWORD)
        ben.goto(f"{app_server}/questionnaire?projekt={project}&teil=vergleich")
        wait_for_idle(ben)
        expect(
            ben.get_by_text("sobald Sie Ihren eigenen Bogen abgeschlossen haben")
        ).to_be_visible()
        expect(ben.get_by_test_id("stVegaLiteChart")).to_have_count(0)
        expect(ben.get_by_role("tab", name="Gemeinsames Ergebnis")).to_have_count(0)
        _open_part(ben, ben_runs, "Mein Bogen")
        with ben_runs.finished_after():
            ben.get_by_role("button", name="Meinen Bogen beginnen").click()
        expect(_step(ben)).to_be_visible()

        _prepare_sheet(app_store, LEAD[0], aid, 5)
        _prepare_sheet(app_store, MEMBER[0], aid, 2)
        sheet_url = f"{app_server}/questionnaire?projekt={project}&teil=bogen&kriterium={LAST.id}"
        _rate_and_finish(lea, lea_runs, sheet_url, "4 – trifft eher zu", "lea")
        _rate_and_finish(ben, ben_runs, sheet_url, "2 – trifft eher nicht zu", "ben")
        assert assessments.load_state(app_store, aid).answers == {}  # sheets are not the round

        # Both see where they agree, with each other's names.
        for page, runs, other in ((ben, ben_runs, LEAD[1]), (lea, lea_runs, MEMBER[1])):
            page.reload()
            wait_for_idle(page)
            _open_part(page, runs, "Team-Vergleich")
            expect(page.get_by_role("heading", name="Wo sind wir uns einig?")).to_be_visible()
            expect(page.get_by_text("2 abgeschlossene Bögen")).to_be_visible()
            # the section "Uneinigkeit" (open by default): the least-agreement chart only
            expect(page.get_by_role("tab", name="Uneinigkeit")).to_have_attribute(
                "aria-selected", "true"
            )
            expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(1)
            expect(page.get_by_text(re.compile(f"{other} [1-5]")).first).to_be_visible()
        screenshot(ben, "team-ben-2-comparison")

        # The lead composes the agreed result from the median and submits it.
        _open_part(lea, lea_runs, "Gemeinsames Ergebnis")
        with lea_runs.finished_after():
            lea.get_by_role("button", name="Mit dem Median der 2 Bögen vorbelegen").click()
        expect(lea.get_by_text("mit dem Median der Bögen vorbelegt")).to_be_visible()
        with lea_runs.finished_after():
            lea.get_by_role("button", name=re.compile(f"^{DISPUTED.name}")).click()
        expect(lea.get_by_role("heading", name=DISPUTED.name, exact=True)).to_be_visible()
        expect(lea.get_by_text("Im Team uneinig").first).to_be_visible()
        reason = lea.get_by_role("textbox", name="Begründung")
        reason.click()
        with lea_runs.finished_after():  # a pause in typing stores it
            lea.keyboard.type("Befragungen gibt es, eine Wirkungsmessung noch nicht.")
        expect(lea.get_by_text(f"Gespeichert: „{DISPUTED.name}“")).to_be_visible()
        screenshot(lea, "team-lea-3-agreement")
        with lea_runs.finished_after():
            lea.get_by_role("button", name="Selbstanalyse abschließen …").click()
        expect(
            lea.get_by_text("Das gemeinsame Ergebnis wird das Ergebnis dieser Runde")
        ).to_be_visible()
        with lea_runs.finished_after():
            lea.get_by_role("button", name="Ja, jetzt abschließen").click()
        expect(lea.get_by_text("Die Selbstanalyse ist abgeschlossen")).to_be_visible()
        state = assessments.load_state(app_store, aid)
        assert state.info.status == "submitted"
        assert {state.answers[i.id] for i in LAST.items} == {3}  # the median of 4 and 2
        assert state.notes[DISPUTED.id].startswith("Befragungen gibt es")

        # The profile: the agreed radar with the team's band.
        follow(lea, lea.get_by_role("link", name="Zum Profil"), "Mein Profil")
        expect(lea.get_by_role("checkbox", name="Spannweite des Teams einblenden")).to_be_checked()
        expect(
            lea.get_by_test_id("stVegaLiteChart").first.locator("svg, canvas").first
        ).to_be_visible()
        expect(
            lea.get_by_text(
                "Das Band zeigt je Kriterium den niedrigsten bis höchsten Wert der 2 Bögen"
            )
        ).to_be_visible()
        screenshot(lea, "team-lea-4-profile")
    finally:
        for context in contexts:
            context.close()

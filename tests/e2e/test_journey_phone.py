"""Journey 5: on a phone (390 px wide) a questionnaire step fits the screen: no horizontal
scrolling, every statement's answer options within the viewport, a tap on a rating stores it.

Waiting for the save uses the server's own "run finished" message (``tests/e2e/runs.py``): a
watch of the page's run-state attribute misses quick runs now and then (the frontend can apply
"running" and "not running" in one render)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from mintqo.store import assessments
from mintqo.store.projects import list_projects
from tests.e2e.conftest import EXPECT_TIMEOUT_MS, log_in, screenshot, wait_for_idle
from tests.e2e.runs import ServerRuns

WIDTH = 390
DEMO_DRAFT_PROJECT = 151


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="de-DE",
        viewport={"width": WIDTH, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    page = context.new_page()
    yield page
    try:
        screenshot(page, "phone-final")
    finally:
        context.close()


def no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            return {
                document: document.documentElement.scrollWidth,
                window: window.innerWidth,
                main: main.scrollWidth,
                mainVisible: main.clientWidth,
            };
        }"""
    )
    assert widths["document"] <= widths["window"], widths
    assert widths["main"] <= widths["mainVisible"], widths


def test_questionnaire_step_fits_a_phone(app_server: str, app_store, phone: Page) -> None:
    page = phone
    runs = ServerRuns(page)
    log_in(page, app_server, "demo-initiative")
    draft = next(
        p.draft for p in list_projects(app_store, 1) if p.id == DEMO_DRAFT_PROJECT
    ).assessment_id
    page.goto(f"{app_server}/questionnaire?projekt={DEMO_DRAFT_PROJECT}&kriterium=RQ3")
    wait_for_idle(page)
    groups = page.get_by_role("radiogroup")
    expect(groups).to_have_count(5)
    screenshot(page, "phone-1-step")
    no_horizontal_scroll(page)

    for n in range(groups.count()):
        group = groups.nth(n)
        group.scroll_into_view_if_needed()
        box = group.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, (n, box)
        # every option, "nicht zutreffend / …" at the end included, is on screen and tappable
        for label in group.locator("label").all():
            label_box = label.bounding_box()
            assert label_box is not None
            assert label_box["x"] >= 0 and label_box["x"] + label_box["width"] <= WIDTH, (
                n,
                label_box,
            )
    screenshot(page, "phone-2-statements")

    # a tap on a rating stores it: no button to press, nothing to lose
    first = groups.first
    first.scroll_into_view_if_needed()
    target = 2 if first.get_by_role("radio").nth(3).is_checked() else 3
    with runs.finished_after():
        first.locator("label").nth(target).tap()
    expect(first.get_by_role("radio").nth(target)).to_be_checked()
    status = page.get_by_text("Gespeichert: „Kooperationen und Vernetzung“")
    expect(status).to_be_visible()
    stored = assessments.load_state(app_store, draft).answers
    assert stored["RQ3.1"] == target + 1
    no_horizontal_scroll(page)
    screenshot(page, "phone-3-saved")

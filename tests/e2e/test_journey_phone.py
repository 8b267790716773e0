"""Journey 5: on a phone (390 px wide) a questionnaire step fits the screen: no horizontal
scrolling, every statement's answer options within the viewport, answering works."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import EXPECT_TIMEOUT_MS, log_in, screenshot, script_run, wait_for_idle

WIDTH = 390


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


def test_questionnaire_step_fits_a_phone(app_server: str, phone: Page) -> None:
    page = phone
    log_in(page, app_server, "demo-initiative")
    page.goto(f"{app_server}/questionnaire")  # the open draft of project 151; cookie login
    wait_for_idle(page)
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("radiogroup"))
    expect(form).to_be_visible()
    groups = form.get_by_role("radiogroup")
    expect(groups).to_have_count(5)
    screenshot(page, "phone-1-step")
    no_horizontal_scroll(page)

    for n in range(groups.count()):
        group = groups.nth(n)
        group.scroll_into_view_if_needed()
        box = group.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, (n, box)
        # every option, "n. z." at the end included, is on screen and can be tapped
        last = group.locator("label").last
        last_box = last.bounding_box()
        assert last_box["x"] + last_box["width"] <= WIDTH, (n, last_box)
    screenshot(page, "phone-2-statements")

    # answering works by tapping
    first = groups.first.get_by_text("4", exact=True)
    first.tap()
    expect(groups.first.get_by_role("radio").nth(3)).to_be_checked()
    save = page.get_by_role("button", name="Speichern", exact=True)
    save.scroll_into_view_if_needed()
    box = save.bounding_box()
    assert box["x"] + box["width"] <= WIDTH
    with script_run(page):
        save.tap()
    expect(page.get_by_text("ist gespeichert.")).to_be_visible()
    no_horizontal_scroll(page)
    screenshot(page, "phone-3-saved")

"""The login page in a real browser: an example profile beside the form, and the code of the
first pages' charts and tables loaded before anybody logs in (``mintqo.ui.chunk_preload``)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

# Parts of Streamlit's frontend that the login page itself does not draw: loaded only because
# the page shell asks for them, for the first dashboard after a login.
NOT_ON_THE_LOGIN_PAGE = ("DataFrame", "Metric", "Selectbox")
LOADED = """(parts) => parts.every((part) => performance.getEntriesByType("resource")
    .some((entry) => entry.name.includes(`/static/js/${part}.`)))"""


def test_the_login_page_loads_the_chart_code_before_any_login(app_server: str, page: Page):
    page.goto(app_server)
    expect(page.get_by_role("button", name="Anmelden", exact=True)).to_be_visible()
    # the example profile: a drawn radar whose accessible name says what it shows
    example = page.get_by_test_id("stVegaLiteChart")
    expect(example).to_have_count(1)
    expect(example.locator("svg, canvas").first).to_be_visible()
    expect(example).to_have_attribute(
        "aria-label", re.compile(r"^Runde 2 \(Beispiel\) – stärkstes")
    )
    expect(page.get_by_text("So sieht ein Ergebnis aus")).to_be_visible()
    page.wait_for_function(LOADED, arg=list(NOT_ON_THE_LOGIN_PAGE))
    for part in NOT_ON_THE_LOGIN_PAGE:
        assert page.get_by_test_id(f"st{part}").count() == 0, part

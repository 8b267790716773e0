"""The login page in a real browser: an example profile beside the form, the code of the first
pages' charts and tables loaded before anybody logs in (``mintqo.ui.chunk_preload``), and the
first pages' lazily loaded element kinds drawn unseen (``mintqo.ui.element_warmup``)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from mintqo.ui.element_warmup import KINDS, WARMUP_KEY

# A part of Streamlit's frontend that the login page itself does not draw: loaded only because
# the page shell asks for it.
NOT_ON_THE_LOGIN_PAGE = ("DataFrame",)
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


def test_the_first_pages_element_kinds_are_drawn_unseen(app_server: str, page: Page):
    """One of each kind stands in the page, hidden: no role, no focus, no screen-reader text."""
    page.goto(app_server)
    expect(page.get_by_role("button", name="Anmelden", exact=True)).to_be_visible()
    warmup = page.locator(f".st-key-{WARMUP_KEY}")
    expect(warmup).to_have_count(1)
    expect(warmup).to_be_hidden()
    for kind in KINDS:
        expect(warmup.get_by_test_id(f"st{kind}")).to_have_count(1)
    expect(page.get_by_role("radio")).to_have_count(0)
    expect(page.get_by_role("combobox")).to_have_count(0)
    for text in page.get_by_text("Vorab geladen").all():
        expect(text).to_be_hidden()
    for _ in range(20):  # the keyboard never reaches them
        page.keyboard.press("Tab")
        assert not page.evaluate(f"document.activeElement.closest('.st-key-{WARMUP_KEY}') !== null")

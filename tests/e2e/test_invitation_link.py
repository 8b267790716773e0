"""Item 17 in the browser: the demo coordinator creates an invitation, the page shows its
registration link (built from the address this browser used: the server runs without
``MINTQO_PUBLIC_URL``) and its QR code; the link, opened in a fresh browser, shows the
registration form with the code filled in and says which initiative it creates."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from mintqo.services import accounts
from tests.e2e.conftest import EXPECT_TIMEOUT_MS, log_in, open_page, screenshot, wait_for_idle

NEW_INITIATIVE = "Sternwarte Linkhausen"


def test_invitation_link_opens_registration_with_the_code(
    app_server: str, app_store, page: Page, browser
) -> None:
    log_in(page, app_server, "demo-koordination")
    open_page(page, "Einladungen", "Einladungen und Rücksetzcodes")
    page.get_by_role("textbox", name="Name der neuen Initiative").fill(NEW_INITIATIVE)
    page.get_by_role("button", name="Einladungscode erstellen").click()
    link_block = page.get_by_test_id("stCode").filter(has_text="/register?code=")
    expect(link_block).to_be_visible()
    expect(page.get_by_role("img", name="QR-Code des Registrierungslinks")).to_be_visible()
    expect(page.get_by_role("button", name="QR-Code als PNG (zum Drucken)")).to_be_visible()
    wait_for_idle(page)
    screenshot(page, "invitation-link-1-created")

    link = link_block.inner_text().strip()
    assert link.startswith(f"{app_server}/register?code=")
    code = parse_qs(urlsplit(link).query)["code"][0]
    assert accounts.describe_invitation(app_store, code).label == NEW_INITIATIVE

    # a fresh browser (no login cookie), as the invited person's phone would be
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844})
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    try:
        invited = context.new_page()
        invited.goto(link)
        expect(invited.get_by_role("heading", level=1, name="Registrieren")).to_be_visible()
        wait_for_idle(invited)
        expect(invited.get_by_role("textbox", name="Einladungscode")).to_have_value(code)
        expect(invited.get_by_text(f"die neue Initiative „{NEW_INITIATIVE}“")).to_be_visible()
        screenshot(invited, "invitation-link-2-registration")
    finally:
        context.close()

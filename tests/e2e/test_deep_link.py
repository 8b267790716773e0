"""A deep link as the very first request of a fresh server still goes through app.py.

Streamlit settles per process, at the first request, whether ``pages/`` is routed directly
(without app.py's login gate and role navigation); ``python -m mintqo serve`` settles it for
st.navigation before the server starts.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import COOKIE_KEY, copy_store, screenshot, start_app_server


def test_first_request_to_a_deep_link_gets_the_login_gate(
    e2e_db_template: Path, tmp_path: Path, page: Page
) -> None:
    db = copy_store(e2e_db_template, tmp_path, "deeplink")
    with start_app_server(db, {"MINTQO_COOKIE_KEY": COOKIE_KEY}) as url:
        page.goto(f"{url}/admin")
        expect(page.get_by_role("textbox", name="Benutzername")).to_be_visible()
        screenshot(page, "deep-link-first-request")
        # Only the pages of an anonymous visitor are offered, under their German titles.
        expect(page.get_by_role("link", name="Registrieren")).to_be_visible()
        for raw in ("admin", "national", "profile", "questionnaire"):
            expect(page.get_by_role("link", name=raw, exact=True)).to_have_count(0)
        expect(page.get_by_text("Bitte melden Sie sich an.")).to_have_count(0)

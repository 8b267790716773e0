"""Journey 3: the programme team creates a network, imports initiatives from a CSV file with an
error (shown, nothing written), fixes the file, imports it and looks at the national overview."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from mintqo.store.engine import read_session
from mintqo.store.models import Cohort, Initiative, Network
from tests.e2e.conftest import log_in, open_page, screenshot

NEW_NETWORK = "MINT-Netz Journeytal"
IMPORTED_NETWORK = "MINT-Netz Importhausen"
COHORT = "Kohorte Journey 2026"
GOOD_ROWS = [
    (IMPORTED_NETWORK, COHORT, "Schülerlabor Importhausen"),
    (IMPORTED_NETWORK, COHORT, "Coding Club Importhausen"),
    (NEW_NETWORK, "", "Forscherkiste Journeytal e.V."),
]
BAD_ROW = ("", COHORT, "Initiative ohne Netzwerk")  # line 3 of the faulty file


def csv_file(rows) -> dict:
    text = "Netzwerk;Kohorte;Initiative\n" + "".join(";".join(r) + "\n" for r in rows)
    return {"name": "netzwerke.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}


def counts(engine) -> tuple[int, int, int]:
    with read_session(engine) as s:
        return (
            s.scalar(select(func.count()).select_from(Cohort)),
            s.scalar(select(func.count()).select_from(Network)),
            s.scalar(select(func.count()).select_from(Initiative)),
        )


def initiatives_of(engine, network: str) -> set[str]:
    with read_session(engine) as s:
        return set(
            s.scalars(select(Initiative.name).join(Network).where(Network.name == network)).all()
        )


def shot(page: Page, step: str) -> None:
    screenshot(page, f"admin-{step}")


def test_admin_journey(app_server: str, app_store, page: Page) -> None:
    log_in(page, app_server, "demo-admin")
    open_page(page, "Verwaltung")
    expect(page.get_by_role("tab", name="Kohorten & Netzwerke")).to_be_visible()

    # --- a new network through the form
    page.get_by_role("textbox", name="Name des Netzwerks").fill(NEW_NETWORK)
    page.get_by_role("button", name="Netzwerk anlegen").click()
    created = page.get_by_text(f"Netzwerk „{NEW_NETWORK}“ angelegt.")
    expect(created).to_be_visible()
    created.scroll_into_view_if_needed()
    with read_session(app_store) as s:
        assert s.scalar(select(Network.id).where(Network.name == NEW_NETWORK)) is not None
    shot(page, "1-network-created")

    # --- a file with an error: the error is shown, nothing is written
    before = counts(app_store)
    uploader = page.get_by_test_id("stFileUploaderDropzoneInput")
    uploader.set_input_files(csv_file([GOOD_ROWS[0], BAD_ROW, *GOOD_ROWS[1:]]))
    expect(
        page.get_by_text("Die Datei enthält 1 Fehler; es wurde nichts übernommen.")
    ).to_be_visible()
    expect(page.get_by_text("Zeile 3: Der Netzwerkname fehlt.")).to_be_visible()
    expect(page.get_by_role("button", name="Importieren")).to_have_count(0)
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    assert counts(app_store) == before
    assert initiatives_of(app_store, IMPORTED_NETWORK) == set()
    page.get_by_text("Zeile 3: Der Netzwerkname fehlt.").scroll_into_view_if_needed()
    shot(page, "2-import-error")

    # --- the fixed file: preview, import, everything is there
    uploader.set_input_files(csv_file(GOOD_ROWS))
    expect(
        page.get_by_text("Vorschau: 1 neue Kohorte, 1 neues Netzwerk, 3 neue Initiativen.")
    ).to_be_visible()
    assert counts(app_store) == before  # a preview writes nothing either
    page.get_by_role("button", name="Importieren").click()
    expect(page.get_by_text("Import abgeschlossen.")).to_be_visible()
    assert counts(app_store) == (before[0] + 1, before[1] + 1, before[2] + 3)
    assert initiatives_of(app_store, IMPORTED_NETWORK) == {
        "Schülerlabor Importhausen",
        "Coding Club Importhausen",
    }
    assert initiatives_of(app_store, NEW_NETWORK) == {"Forscherkiste Journeytal e.V."}
    page.get_by_text("Import abgeschlossen.").scroll_into_view_if_needed()
    shot(page, "3-imported")

    # --- the national overview
    open_page(page, "Nationale Übersicht")
    expect(page.get_by_text("Netzwerke in der Auswertung")).to_be_visible()
    heatmap = page.get_by_test_id("stVegaLiteChart").first
    expect(heatmap.locator("canvas, svg").first).to_be_visible()
    expander = page.get_by_test_id("stExpander").filter(has_text="Daten anzeigen").first
    expander.get_by_text("Daten anzeigen").click()
    cells = expander.get_by_test_id("stDataFrame").locator("td")
    expect(cells.filter(has_text=re.compile("^MINT-Region Demoland$"))).to_have_count(1)
    # the new networks have no results yet: below the group size, not listed
    expect(cells.filter(has_text=re.compile(f"^{IMPORTED_NETWORK}$"))).to_have_count(0)
    shot(page, "4-national")

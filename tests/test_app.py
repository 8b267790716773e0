"""The app starts and shows the German start page to visitors."""

from __future__ import annotations

from tests.conftest import app_test


def test_app_runs_and_shows_the_start_page(demo_db) -> None:
    at = app_test().run()
    assert not at.exception
    assert at.title[0].value == "Selbstanalyse für MINT-Initiativen"
    body = " ".join(m.value for m in at.markdown)
    assert "Angebotsqualität" in " ".join(h.value for h in at.subheader)
    assert "zwölf Qualitätskriterien" in body

"""The example profile beside the login form (``mintqo.ui.sample_profile``): drawn for anonymous
visitors only, with every criterion, and without making the login gate import Altair.

In the browser: ``tests/e2e/test_login_page.py``."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import DEMO_PASSWORD, app_test
from tests.test_login_flow import login


def test_the_start_page_shows_an_example_profile_until_the_login(demo_db) -> None:
    """Beside the form: an example radar with made-up values (mintqo.ui.sample_profile), named
    for screen readers by its sentence; the login's run draws the user's page instead."""
    at = app_test().run()
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    assert charts[0].proto.alt.startswith("Runde 2 (Beispiel) – stärkstes Kriterium")
    assert "Gegenüber Runde 1 (Beispiel)" in charts[0].proto.alt
    assert any("erfundenen Werten" in c.value for c in at.caption)
    at = login(at, "demo-initiative", DEMO_PASSWORD)
    assert at.session_state["authentication_status"] is True
    assert not at.get("vega_lite_chart")


def test_the_login_gate_loads_without_the_chart_library() -> None:
    """A login by link or cookie never draws the form's example radar: the modules of the gate
    leave Altair (≈ 0.5 s to import) to the pages that draw charts."""
    code = (
        "import sys; import mintqo.ui.login, mintqo.ui.guard, mintqo.ui.navigation, "
        "mintqo.ui.demo_mode, mintqo.ui.document; print('altair' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_example_profile_rates_every_criterion() -> None:
    from mintqo.questionnaire import load_questionnaire
    from mintqo.ui.sample_profile import EARLIER, LATEST, sample_frames

    q = load_questionnaire()
    profiles, band = sample_frames(q)
    ids = [c.id for c in q.criteria]
    for label in (LATEST, EARLIER):
        rows = profiles[profiles["series"] == label]
        assert list(rows["criterion_id"]) == ids and rows["score"].between(0, 100).all()
    assert list(band["criterion_id"]) == ids and (band["low"] < band["high"]).all()

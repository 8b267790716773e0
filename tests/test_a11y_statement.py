"""The accessibility statement (issue 15, item 7), its allow-list file and the Leichte-Sprache
summary on the start page; browser titles per page through app.py."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_FILE_PATH

from mintqo.access import PAGE_AUDIENCE
from mintqo.ui.accessibility import (
    ALLOWLIST_PATH,
    CONTACT_ENV,
    CONTACT_FALLBACK,
    feedback_contact,
    load_status,
)
from mintqo.ui.start import EASY_READ, EASY_READ_TITLE
from tests.conftest import app_test

COOKIE_KEY = "test-cookie-key-0123456789-abcdefghijklmnop"
USERS = [None, "demo-initiative", "demo-koordination", "demo-admin"]


@pytest.fixture(autouse=True)
def _login_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINTQO_COOKIE_KEY", COOKIE_KEY)
    monkeypatch.setenv("MINTQO_LOGIN_SLEEP", "0")
    monkeypatch.delenv(CONTACT_ENV, raising=False)


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


# --- the allow-list file ---------------------------------------------------------------------


def test_allow_list_is_complete_and_names_streamlit_issues():
    status = load_status()
    assert status.checked <= dt.date.today()
    assert status.pending_since is None or status.pending_since <= dt.date.today()
    for entry in (*status.allowed, *status.limitations):
        assert re.fullmatch(r"https://github\.com/streamlit/streamlit/issues/\d+", entry.issue)
    for entry in (*status.allowed, *status.pending, *status.limitations):
        assert entry.limitation.strip()
    for entry in status.pending:
        assert entry.pages and set(entry.pages) <= set(PAGE_AUDIENCE), entry
        assert entry.owner and entry.fix
    # short, as promised: a handful of entries, not a dump of findings
    assert len(status.allowed) + len(status.pending) <= 6


def test_allow_list_names_the_bundled_axe_version():
    header = AXE_FILE_PATH.read_text(encoding="utf-8")[:200]
    version = re.search(r"axe v(\d+\.\d+\.\d+)", header)
    assert version is not None
    assert load_status().axe_core == version.group(1)


@pytest.mark.parametrize(
    "broken, message",
    [
        ("issue: https://example.org/1", "kein Streamlit-Issue"),
        ("limitation: ''", "'limitation' fehlt"),
    ],
)
def test_incomplete_entries_are_refused(tmp_path: Path, broken: str, message: str):
    text = ALLOWLIST_PATH.read_text(encoding="utf-8")
    key = broken.split(":")[0]
    # break the first limitation entry's field
    head, tail = text.split("limitations:", 1)
    lines = tail.splitlines()
    for n, line in enumerate(lines):
        if line.strip().startswith(f"{key}:") or line.strip().startswith(f"- {key}:"):
            indent = line[: len(line) - len(line.lstrip())]
            dash = "- " if line.strip().startswith("- ") else ""
            lines[n] = f"{indent}{dash}{broken}"
            if key == "limitation":  # drop the folded text that followed
                while n + 1 < len(lines) and lines[n + 1].startswith(indent + "  "):
                    del lines[n + 1]
            break
    path = tmp_path / "allow.yaml"
    path.write_text(head + "limitations:" + "\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_status(path)


# --- the feedback contact (setting) ----------------------------------------------------------


def test_feedback_contact_setting():
    assert feedback_contact({}) == CONTACT_FALLBACK
    assert feedback_contact({CONTACT_ENV: "  "}) == CONTACT_FALLBACK
    assert feedback_contact({CONTACT_ENV: "barrieren@example.org"}) == (
        r"[barrieren@example\.org](mailto:barrieren@example.org)"
    )
    assert feedback_contact({CONTACT_ENV: "https://example.org/kontakt"}) == (
        r"[https\://example\.org/kontakt](https://example.org/kontakt)"
    )
    # any other text is shown as typed, never as Markdown or a link
    assert feedback_contact({CONTACT_ENV: "Programmteam, Tel. 040 [123]"}) == (
        r"Programmteam, Tel\. 040 \[123\]"
    )
    assert feedback_contact({CONTACT_ENV: "javascript:alert(1)"}) == r"javascript\:alert\(1\)"


# --- the page, for everybody -----------------------------------------------------------------


@pytest.mark.parametrize("username", USERS)
def test_statement_is_offered_to_everybody(demo_db, username: str | None):
    at = app_test(username).run()
    assert not at.exception
    at.switch_page("pages/accessibility.py").run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Barrierefreiheit"]
    text = markdown(at)
    status = load_status()
    assert "teilweise vereinbar" in text
    assert status.checked.strftime("%d.%m.%Y") in text and status.axe_core in text
    for entry in (*status.allowed, *status.pending, *status.limitations):
        assert entry.limitation in text
    assert CONTACT_FALLBACK in text


def test_statement_shows_the_configured_contact(demo_db, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(CONTACT_ENV, "barrieren@example.org")
    at = app_test().run()
    at.switch_page("pages/accessibility.py").run()
    assert "mailto:barrieren@example.org" in markdown(at)


def test_statement_without_pending_findings_says_so(tmp_path: Path):
    text = ALLOWLIST_PATH.read_text(encoding="utf-8")
    start, end = text.index("pending:"), text.index("limitations:")
    path = tmp_path / "allow.yaml"
    path.write_text(
        text[:start] + "pending:\n  since: 2026-12-01\n  entries: []\n\n" + text[end:],
        encoding="utf-8",
    )
    assert load_status(path).pending == ()
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_statement_page, args=(str(path),)).run()
    assert not at.exception
    text = markdown(at)
    assert "keine schwerwiegenden oder kritischen Fehler mehr." in text
    assert "bis auf die unten genannten Stellen" not in text


def _statement_page(path: str) -> None:
    from pathlib import Path

    from mintqo.ui.accessibility import render_accessibility_statement

    render_accessibility_statement(Path(path))


# --- browser titles and the start page ---------------------------------------------------------


def test_browser_title_names_the_page():
    from types import SimpleNamespace

    from mintqo.access import Actor
    from mintqo.ui.navigation import page_name

    start = SimpleNamespace(url_path="", title="Start")
    register = SimpleNamespace(url_path="register", title="Registrieren")
    assert page_name(start, None) == "Anmelden"  # the visitors' start page is the login
    assert page_name(register, None) == "Registrieren"
    actor = Actor(1, "u", "U", "coordinator", initiative_id=None, network_id=1)
    network = SimpleNamespace(url_path="", title="Mein Netzwerk")  # a role's default page
    assert page_name(network, actor) == "Mein Netzwerk"


def test_start_page_has_a_leichte_sprache_summary(demo_db):
    at = app_test().run()
    assert not at.exception
    assert EASY_READ_TITLE in [h.value for h in at.header]
    text = markdown(at)
    assert EASY_READ.strip().splitlines()[0] in text
    sentences = [s.strip() for s in re.split(r"[.:?]\s", EASY_READ.replace("\n", " ")) if s]
    # Leichte Sprache: short sentences (at most 15 words each) and no abbreviations
    assert max(len(s.split()) for s in sentences) <= 15
    assert not re.search(r"\b(z\. ?B|usw|bzw|ca|ggf)\b", EASY_READ)

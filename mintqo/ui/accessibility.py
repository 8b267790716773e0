"""'Barrierefreiheit': the accessibility statement ("Erklärung zur Barrierefreiheit").

What it says comes from ``a11y_allowlist.yaml`` next to this module, the same file the browser
check ``tests/e2e/test_a11y_pages.py`` reads: the date and tool of the last check, the axe-core
findings that come from Streamlit itself (allowed, each with its upstream issue), findings on
pages whose fix is pending, and known barriers an automated check does not report. So the
statement cannot promise more than the check measured, and every allow-list entry is shown to
users in plain German. The feedback contact is the setting ``MINTQO_ACCESSIBILITY_CONTACT``.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st
import yaml

from mintqo.text import escape_markdown

ALLOWLIST_PATH = Path(__file__).with_name("a11y_allowlist.yaml")
CONTACT_ENV = "MINTQO_ACCESSIBILITY_CONTACT"
CONTACT_FALLBACK = "das Programmteam der MINT-Qualitätsoffensive"
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_URL = re.compile(r"https://\S+")


@dataclass(frozen=True)
class AllowedFinding:
    """An axe-core finding caused by Streamlit's own markup that the app cannot change."""

    rule: str  # axe rule id
    selector: str  # CSS selector of the elements (matched with Element.closest in the browser)
    issue: str  # the upstream Streamlit issue
    why: str  # why it cannot be fixed in mintqo (English, for developers)
    limitation: str  # what it means for users, in plain German (shown in the statement)


@dataclass(frozen=True)
class PendingFinding:
    """A finding in code another team member owns, with the proposed fix (cleared with them)."""

    rule: str
    pages: tuple[str, ...]  # file stems under pages/ where it was found
    selector: str
    owner: str  # the code that has to change
    fix: str  # the proposed fix (English)
    limitation: str  # plain German


@dataclass(frozen=True)
class Limitation:
    """A known barrier that axe-core does not report (found by the keyboard and focus checks or
    by reading the page)."""

    issue: str
    limitation: str  # plain German


@dataclass(frozen=True)
class CheckStatus:
    checked: dt.date  # the date of the last full check
    axe_core: str  # the axe-core version the check ran with
    standard: str
    allowed: tuple[AllowedFinding, ...]
    pending_since: dt.date | None
    pending: tuple[PendingFinding, ...]
    limitations: tuple[Limitation, ...]


def _text(entry: Mapping[str, Any], key: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{ALLOWLIST_PATH.name}: {key!r} fehlt in {dict(entry)!r}")
    return " ".join(value.split())


def _issue(entry: Mapping[str, Any]) -> str:
    issue = _text(entry, "issue")
    if not issue.startswith("https://github.com/streamlit/streamlit/issues/"):
        raise ValueError(f"{ALLOWLIST_PATH.name}: {issue!r} ist kein Streamlit-Issue")
    return issue


def load_status(path: Path = ALLOWLIST_PATH) -> CheckStatus:
    """The allow-list file, validated (every entry complete, issues are Streamlit issues)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pending = data.get("pending") or {}
    since = pending.get("since")
    return CheckStatus(
        checked=data["checked"],
        axe_core=str(data["axe_core"]),
        standard=str(data["standard"]),
        allowed=tuple(
            AllowedFinding(
                rule=_text(e, "rule"),
                selector=_text(e, "selector"),
                issue=_issue(e),
                why=_text(e, "why"),
                limitation=_text(e, "limitation"),
            )
            for e in data.get("allowed") or ()
        ),
        pending_since=since,
        pending=tuple(
            PendingFinding(
                rule=_text(e, "rule"),
                pages=tuple(str(p) for p in e.get("pages") or ()),
                selector=_text(e, "selector"),
                owner=_text(e, "owner"),
                fix=_text(e, "fix"),
                limitation=_text(e, "limitation"),
            )
            for e in pending.get("entries") or ()
        ),
        limitations=tuple(
            Limitation(issue=_issue(e), limitation=_text(e, "limitation"))
            for e in data.get("limitations") or ()
        ),
    )


def feedback_contact(environ: Mapping[str, str] = os.environ) -> str:
    """The contact for reports of barriers, as Markdown: an e-mail address or https address
    becomes a link, any other text is shown as it is; unset: the programme team."""
    raw = " ".join(environ.get(CONTACT_ENV, "").split())
    if not raw:
        return CONTACT_FALLBACK
    if _EMAIL.fullmatch(raw):
        return f"[{escape_markdown(raw)}](mailto:{raw})"
    if _URL.fullmatch(raw):
        return f"[{escape_markdown(raw)}]({raw})"
    return escape_markdown(raw)


def _date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


INTRO = """
Die MINT-Qualitätsoffensive möchte, dass alle Menschen die Selbstanalyse mintqo nutzen können –
auch mit Tastatur statt Maus, mit Screenreader, mit Vergrößerung oder mit eingeschränktem
Farbsehen. Diese Erklärung gilt für die Web-Anwendung mintqo.
"""

HOW_CHECKED = """
Die Prüfung gehört zu den automatischen Tests der Anwendung: jede Seite für jede Rolle
(ohne Anmeldung, Initiative, Netzwerkkoordination, Programmteam) mit den Demodaten, in den
wichtigen Zuständen (Fragebogen, Profil, Auswertungen, Verwaltung, Anmeldung, Registrierung,
Fehlermeldungen). Die Prüfung umfasst die Regeln des Prüfwerkzeugs axe-core, die Sprache und
den Titel jeder Seite, die Kontraste aller Textfarben, den ersten Tabulator-Halt jeder Seite und
einen sichtbaren Tastaturfokus. Eine automatische Prüfung findet nicht alle Barrieren; eine
Prüfung mit Screenreadern durch Menschen mit Behinderungen steht noch aus.
"""


@functools.lru_cache(maxsize=4)
def _status_as_of(path: Path, modified_ns: int) -> CheckStatus:
    del modified_ns  # part of the key only: an edited file is read again
    return load_status(path)


def render_accessibility_statement(path: Path = ALLOWLIST_PATH) -> None:
    # The YAML is parsed once per version of the file, not on every visit of the page.
    status = _status_as_of(path, path.stat().st_mtime_ns)
    st.title("Barrierefreiheit", anchor=False)
    st.header("Erklärung zur Barrierefreiheit", anchor=False)
    st.markdown(INTRO)

    st.subheader("Stand der Vereinbarkeit", anchor=False)
    own = (
        "In unserem eigenen Code findet die automatische Prüfung keine schwerwiegenden oder "
        "kritischen Fehler mehr."
        if not status.pending
        else "In unserem eigenen Code findet die automatische Prüfung keine schwerwiegenden "
        "oder kritischen Fehler mehr – bis auf die unten genannten Stellen, die gerade "
        "behoben werden."
    )
    st.markdown(
        f"mintqo ist mit den Anforderungen der BITV 2.0 ({status.standard}) **teilweise "
        f"vereinbar**. {own} Die bekannten Einschränkungen stehen unten."
    )
    st.markdown(
        f"Letzte Prüfung: **{_date(status.checked)}** mit axe-core {status.axe_core}. "
        + HOW_CHECKED
    )

    st.subheader("Was noch nicht barrierefrei ist", anchor=False)
    items = [f"- {a.limitation}" for a in status.allowed]
    items += [f"- {p.limitation}" for p in status.pending]
    items += [f"- {limit.limitation}" for limit in status.limitations]
    if items:
        st.markdown("\n".join(items))
    else:
        st.markdown("Derzeit sind keine Einschränkungen bekannt.")
    if status.allowed or status.limitations:
        st.markdown(
            "Einige dieser Einschränkungen liegen in der Software Streamlit, auf der mintqo "
            "aufbaut, und lassen sich nur dort beheben. Wir haben sie dort gemeldet oder "
            "verfolgen die vorhandenen Meldungen."
        )

    st.subheader("Barriere melden", anchor=False)
    st.markdown(
        "Ist Ihnen etwas aufgefallen, das Sie an der Nutzung hindert? Oder brauchen Sie einen "
        "Inhalt in anderer Form? Schreiben Sie uns: "
        f"{feedback_contact()}. Wir antworten so schnell wie möglich."
    )

    st.subheader("Erstellung dieser Erklärung", anchor=False)
    st.markdown(
        f"Diese Erklärung wurde am {_date(status.checked)} erstellt und beruht auf der "
        "oben beschriebenen Prüfung."
    )

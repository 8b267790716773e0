"""Which pages each role is offered: the list handed to ``st.navigation``.

A page that is not in a user's list cannot be opened by them at all (Streamlit serves the
default page instead); each page additionally checks the role itself through ``ui.guard``.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from mintqo.access import Actor

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    roles: frozenset[str]
    section: str


def _roles(*names: str) -> frozenset[str]:
    return frozenset(names)


STAFF = _roles("coordinator", "admin")
LOGGED_IN = _roles("initiative", "coordinator", "admin")

PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/start.py", "Start", ":material/home:", _roles(ANONYMOUS), "mintqo"),
    PageSpec(
        "pages/register.py", "Registrieren", ":material/person_add:", _roles(ANONYMOUS), "mintqo"
    ),
    PageSpec(
        "pages/reset_password.py",
        "Passwort zurücksetzen",
        ":material/key:",
        _roles(ANONYMOUS),
        "mintqo",
    ),
    PageSpec(
        "pages/projects.py", "Projekte", ":material/folder:", _roles("initiative"), "Selbstanalyse"
    ),
    PageSpec(
        "pages/questionnaire.py",
        "Selbstanalyse",
        ":material/checklist:",
        _roles("initiative"),
        "Selbstanalyse",
    ),
    PageSpec(
        "pages/profile.py", "Mein Profil", ":material/radar:", _roles("initiative"), "Selbstanalyse"
    ),
    PageSpec(
        "pages/action_plan.py",
        "Maßnahmenplan",
        ":material/task_alt:",
        _roles("initiative"),
        "Selbstanalyse",
    ),
    PageSpec("pages/network.py", "Mein Netzwerk", ":material/hub:", STAFF, "Netzwerk"),
    PageSpec("pages/workshop.py", "Workshop-Modus", ":material/co_present:", STAFF, "Netzwerk"),
    PageSpec("pages/invitations.py", "Einladungen", ":material/mail:", STAFF, "Netzwerk"),
    PageSpec(
        "pages/national.py",
        "Nationale Übersicht",
        ":material/public:",
        _roles("admin"),
        "Programmteam",
    ),
    PageSpec(
        "pages/admin.py",
        "Verwaltung",
        ":material/admin_panel_settings:",
        _roles("admin"),
        "Programmteam",
    ),
    PageSpec("pages/settings.py", "Einstellungen", ":material/settings:", LOGGED_IN, "Konto"),
)


def specs_for(actor: Actor | None) -> list[PageSpec]:
    """The pages this user may open, in menu order (first one is the default page)."""
    role = actor.role if actor else ANONYMOUS
    return [p for p in PAGES if role in p.roles]


def navigation_for(actor: Actor | None) -> dict[str, list[st.Page]]:
    sections: dict[str, list[st.Page]] = {}
    for index, spec in enumerate(specs_for(actor)):
        page = st.Page(spec.path, title=spec.title, icon=spec.icon, default=index == 0)
        sections.setdefault(spec.section, []).append(page)
    return sections

"""The pages handed to ``st.navigation``: titles, icons and sections, in menu order.

A page that is not in a user's list cannot be opened by them at all (Streamlit serves the
default page instead); each page also checks itself through ``ui.guard``. Who may open which
page is a rule of :mod:`mintqo.access`, asked through :mod:`mintqo.services.pages`.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from mintqo.access import Actor
from mintqo.services import pages


@dataclass(frozen=True)
class PageSpec:
    name: str  # the file stem under pages/, also the name access rules use
    title: str
    icon: str
    section: str

    @property
    def path(self) -> str:
        return f"pages/{self.name}.py"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("start", "Start", ":material/home:", "mintqo"),
    PageSpec("register", "Registrieren", ":material/person_add:", "mintqo"),
    PageSpec("reset_password", "Passwort zurücksetzen", ":material/key:", "mintqo"),
    PageSpec("projects", "Projekte", ":material/folder:", "Selbstanalyse"),
    PageSpec("questionnaire", "Selbstanalyse", ":material/checklist:", "Selbstanalyse"),
    PageSpec("profile", "Mein Profil", ":material/radar:", "Selbstanalyse"),
    PageSpec("action_plan", "Maßnahmenplan", ":material/task_alt:", "Selbstanalyse"),
    PageSpec("network", "Mein Netzwerk", ":material/hub:", "Netzwerk"),
    PageSpec("workshop", "Workshop-Modus", ":material/co_present:", "Netzwerk"),
    PageSpec("invitations", "Einladungen", ":material/mail:", "Netzwerk"),
    PageSpec("national", "Nationale Übersicht", ":material/public:", "Programmteam"),
    PageSpec("admin", "Verwaltung", ":material/admin_panel_settings:", "Programmteam"),
    PageSpec("settings", "Einstellungen", ":material/settings:", "Konto"),
)


def specs_for(actor: Actor | None) -> list[PageSpec]:
    """The pages this user may open, in menu order (first one is the default page)."""
    return [p for p in PAGES if pages.may_open(actor, p.name)]


def navigation_for(actor: Actor | None) -> dict[str, list[st.Page]]:
    sections: dict[str, list[st.Page]] = {}
    for index, spec in enumerate(specs_for(actor)):
        page = st.Page(spec.path, title=spec.title, icon=spec.icon, default=index == 0)
        sections.setdefault(spec.section, []).append(page)
    return sections

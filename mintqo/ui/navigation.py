"""The pages handed to ``st.navigation``: titles and icons, in menu order.

A page that is not in a user's list cannot be opened by them at all (Streamlit serves the
default page instead); each page also checks itself through ``ui.guard``. Who may open which
page is a rule of :mod:`mintqo.access`, asked through :mod:`mintqo.services.pages`.

The menu is one flat list: Streamlit 1.67 draws navigation *sections* as ``<div>``s with a
``<header>`` directly inside the menu's ``<ul>``, which breaks the list for screen readers (axe
rules ``list``/``listitem``, impact "serious"); without sections the menu is a valid list. The
order keeps related pages together. "Barrierefreiheit" (the accessibility statement) is offered
to everybody, logged in or not.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from mintqo.access import Actor
from mintqo.services import pages
from mintqo.ui.st_private import own_page


@dataclass(frozen=True)
class PageSpec:
    name: str  # the file stem under pages/, also the name access rules use
    title: str
    icon: str

    @property
    def path(self) -> str:
        return f"pages/{self.name}.py"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("start", "Start", ":material/home:"),
    PageSpec("register", "Registrieren", ":material/person_add:"),
    PageSpec("reset_password", "Passwort zurücksetzen", ":material/key:"),
    PageSpec("projects", "Projekte", ":material/folder:"),
    PageSpec("questionnaire", "Selbstanalyse", ":material/checklist:"),
    PageSpec("profile", "Mein Profil", ":material/radar:"),
    PageSpec("action_plan", "Maßnahmenplan", ":material/task_alt:"),
    PageSpec("network", "Mein Netzwerk", ":material/hub:"),
    PageSpec("workshop", "Workshop-Modus", ":material/co_present:"),
    PageSpec("invitations", "Einladungen", ":material/mail:"),
    PageSpec("national", "Nationale Übersicht", ":material/public:"),
    PageSpec("admin", "Verwaltung", ":material/admin_panel_settings:"),
    PageSpec("settings", "Einstellungen", ":material/settings:"),
    PageSpec("accessibility", "Barrierefreiheit", ":material/accessibility_new:"),
)
ANONYMOUS_START_TITLE = "Anmelden"  # the start page of visitors is where they log in


def specs_for(actor: Actor | None) -> list[PageSpec]:
    """The pages this user may open, in menu order (first one is the default page)."""
    return [p for p in PAGES if pages.may_open(actor, p.name)]


_PAGES_KEY = "_mintqo_pages"
# Page objects made once per process and set of pages; sessions get copies of them.
_MADE: dict[tuple[PageSpec, ...], tuple[st.Page, ...]] = {}


def navigation_for(actor: Actor | None) -> list[st.Page]:
    """The ``st.Page`` objects of this user's pages, kept per browser session and set of pages.

    ``st.Page`` resolves its file on the disk when it is made (≈ 5 % of a page run, more in a
    session's first run), so each set of pages is made once per process. A session gets its
    own copies (:func:`~mintqo.ui.st_private.own_page`): ``st.navigation`` and ``Page.run``
    flip flags on the chosen object, which concurrent sessions would race on."""
    specs = tuple(specs_for(actor))
    kept = st.session_state.get(_PAGES_KEY)
    if kept is None or kept[0] != specs:
        kept = (specs, [own_page(page) for page in _made(specs)])
        st.session_state[_PAGES_KEY] = kept
    return list(kept[1])


def _made(specs: tuple[PageSpec, ...]) -> tuple[st.Page, ...]:
    made = _MADE.get(specs)
    if made is None:  # a few sets in all (one per role and login state)
        made = _MADE[specs] = tuple(
            st.Page(spec.path, title=spec.title, icon=spec.icon, default=index == 0)
            for index, spec in enumerate(specs)
        )
    return made


def page_link(name: str, label: str, **kwargs: object) -> None:
    """``st.page_link`` to the page ``name`` (file stem under pages/), through this session's
    page object: given an object, Streamlit finds the page by its hash; given a path, it
    resolves the file on the disk at every call (≈ 0.2 ms each, several per page run). Without
    an ``icon`` the link shows the page's menu icon."""
    kept = st.session_state.get(_PAGES_KEY)
    target: st.Page | str = f"pages/{name}.py"
    if kept is not None:
        target = next((page for spec, page in zip(*kept, strict=True) if spec.name == name), target)
    st.page_link(target, label=label, **kwargs)  # type: ignore[arg-type]


def page_name(page: st.Page, actor: Actor | None) -> str:
    """The name of the shown page for its browser title ("Mein Netzwerk"; visitors' start
    page: "Anmelden")."""
    if actor is None and page.url_path == "":
        return ANONYMOUS_START_TITLE
    return page.title

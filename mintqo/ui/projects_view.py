"""Projects page, and the project choice and links the self-analysis pages share.

A round is started "allein" (one shared draft, as it always was) or "im Team" (every member
rates on a sheet of their own first, :mod:`mintqo.ui.team_round`).

Where the user works lives in the URL (``?projekt=…&runde=…&kriterium=…``), so a reload,
back/forward and a bookmarked link return to the same place. Values from the URL and from
session state are raw text here: the use cases (:mod:`mintqo.services.self_analysis`) decide
what they name, and only the actor's own projects are ever shown.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.formats import local_date, plural
from mintqo.services import self_analysis, team
from mintqo.services.self_analysis import ProjectChoice, ProjectSummary
from mintqo.text import escape_markdown
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import current_actor
from mintqo.ui.navigation import page_link

SELECTED_PROJECT = "selected_project_id"  # the project last worked on in this browser session
# URL parameters. Streamlit keeps the query string when the sidebar switches pages, so the
# place travels with the user; each page writes only what it shows (a write that changes the
# URL adds a history entry: one more press of "back").
PROJECT, ROUND, CRITERION = "projekt", "runde", "kriterium"  # questionnaire (and projekt: all)
PROFILE_ROUND = "profilrunde"  # the submitted round "Mein Profil" shows (not the draft's)
TEAM_PART = "teil"  # the open part of a team round: own sheet, comparison, agreed result
TEAM_SECTION = "abschnitt"  # the open section of the team comparison
PLACE_KEYS = (PROJECT, ROUND, CRITERION, PROFILE_ROUND, TEAM_PART, TEAM_SECTION)
FOREIGN_LINK = (
    "Das Projekt aus dem Link gibt es nicht (mehr) oder es gehört nicht zu Ihrer Initiative. "
    "Angezeigt wird stattdessen eines Ihrer eigenen Projekte."
)
FLASH = "projects-flash"  # (kind, text) shown once at the top of the projects page
RENAMING = "projects-renaming"  # the project whose rename dialog is open
CREATING = "projects-creating"  # the new-project dialog is open
NEW_NAME = "new-project-name"
ALONE, TEAM = "allein", "im Team"
MODE_LABELS = {ALONE: "allein", TEAM: "im Team"}
MODE_CAPTIONS = {
    ALONE: "Ein gemeinsamer Fragebogen, den alle aus Ihrer Initiative bearbeiten können.",
    TEAM: "Jede Person bewertet zuerst für sich; danach sehen Sie, wo Sie sich einig sind, und "
    "legen ein gemeinsames Ergebnis fest.",
}


# --- the place in the URL --------------------------------------------------------------------


def url_param(name: str) -> str | None:
    """A raw URL parameter (never trusted: the use cases validate it)."""
    value = st.query_params.get(name)
    return value if isinstance(value, str) else None


def set_place(**values: object) -> None:
    """Write where the user is into the URL, in one message (one history entry): call it
    once per run, with the whole place.

    ``None`` removes a parameter; others (not ours) are left alone. Nothing is sent when the
    URL already says this, so plain reruns add no history entries.
    """
    current = st.query_params.to_dict()
    wanted = dict(current)
    for name, value in values.items():
        if value is None:
            wanted.pop(name, None)
        else:
            wanted[name] = str(value)
    if wanted != current:
        st.query_params.from_dict(wanted)


def place_tabs(labels: list[str], *, param: str, slugs: dict[str, str], key: str):
    """Tabs whose open one is part of the place (``?<param>=<slug>``): a reload or a link opens
    it, an unknown or missing value the first tab; only the open one need be built
    (``tab.open``). A click writes the URL with :func:`set_place`, like the page's selectors.

    Not ``st.tabs(..., bind="query-params")`` as on "Mein Netzwerk": Streamlit refuses to write
    a bound parameter through ``st.query_params``, so every later :func:`set_place` of the page
    (a round chosen, another tab, the page's own place) would fail while the tab is in the URL.
    """
    wanted = {slug: label for label, slug in slugs.items()}.get(url_param(param) or "")
    st.session_state[key] = wanted if wanted in labels else labels[0]
    return st.tabs(labels, key=key, on_change=_on_place_tab, args=(param, slugs, key))


def _on_place_tab(param: str, slugs: dict[str, str], key: str) -> None:
    """Tab callback: the tab chosen goes into the URL with the rest of the place."""
    chosen = st.session_state.get(key)
    if chosen in slugs:
        set_place(**{param: slugs[chosen]})


def remembered_project() -> object:
    return st.session_state.get(SELECTED_PROJECT)


def remember(project_id: int) -> None:
    """The project the user works on: the other self-analysis pages open it by default."""
    st.session_state[SELECTED_PROJECT] = project_id


def own_projects(actor: Actor) -> list[ProjectSummary]:
    return self_analysis.my_projects(get_engine(), actor)


def choose(actor: Actor, *, submitted_only: bool = False) -> ProjectChoice:
    """The project to show, from the URL, the session, or the default rule (use case)."""
    return self_analysis.choose_project(
        get_engine(),
        actor,
        linked=url_param(PROJECT),
        remembered=remembered_project(),
        submitted_only=submitted_only,
    )


def _on_project_chosen(key: str) -> None:
    """Selector callback: the choice goes into the URL (a new history entry) and the session;
    round and criterion of the previous project go."""
    chosen = st.session_state.get(key)
    if isinstance(chosen, int):
        remember(chosen)
        set_place(**{PROJECT: chosen, **dict.fromkeys(PLACE_KEYS[1:])})


def project_selector(
    choice: ProjectChoice,
    *,
    key: str,
    label: Callable[[ProjectSummary], str] | None = None,
    remember_shown: bool = True,
) -> ProjectSummary | None:
    """Draw the project choice (always visible, also with one project). The page writes the
    URL once it knows the whole place (:func:`set_place`: one message, one history entry).

    ``remember_shown``: the page is one where the user works on the project (questionnaire,
    action plan), so the other pages open it too; the profile only remembers a choice the user
    made in its selector.
    """
    if choice.link_refused:
        st.warning(FOREIGN_LINK, icon=":material/link_off:")
    project = choice.project
    if project is None:
        return None
    by_id = {p.id: p for p in choice.projects}
    describe = label or (lambda p: f"{p.name} – {p.status_label}")
    st.session_state[key] = project.id  # the widget follows the URL (reload, back/forward)
    st.selectbox(
        "Projekt",
        list(by_id),
        format_func=lambda pid: describe(by_id[pid]),
        key=key,
        on_change=_on_project_chosen,
        args=(key,),
        # enabled also with one project: Streamlit draws a disabled widget's label at 40 %
        # opacity (2.6:1 on white, below WCAG AA)
        help=None
        if len(by_id) > 1
        else "Ihre Initiative hat ein Projekt. Weitere legen Sie unter „Projekte“ an.",
        placeholder="Bitte wählen",
    )
    if remember_shown:
        remember(project.id)
    return project


# --- the projects page -----------------------------------------------------------------------


def _rounds_lines(project: ProjectSummary) -> str:
    """One Markdown list of the rounds: readable on a phone, nothing cut off."""
    lines = []
    for r in reversed(project.rounds):
        name = f"Runde {r.round_no}" + (" im Team" if r.is_team else "")
        if r.is_draft:
            lines.append(
                f"- {name}: in Bearbeitung seit {local_date(r.started_at)}, "
                f"zuletzt gespeichert {local_date(r.updated_at)}"
            )
        else:
            done = local_date(r.submitted_at) if r.submitted_at else "–"
            lines.append(f"- {name}: abgeschlossen am {done}")
    return "\n".join(lines)


def _flash(kind: str, text: str) -> None:
    st.session_state[FLASH] = (kind, text)


def _run(action: Callable[[Actor], object], done: str) -> bool:
    """Run a use case for the user logged in *now* (callbacks run before the page is drawn,
    so the page shows the result at once); the outcome is shown at the top of the page."""
    actor = current_actor()
    try:
        if actor is None:
            raise UserError("Bitte melden Sie sich an.")
        action(actor)
    except UserError as exc:
        _flash("warning", str(exc))
        return False
    _flash("success", done)
    return True


def _on_start(project_id: int, name: str, round_no: int) -> None:
    in_team = st.session_state.get(f"mode-{project_id}") == TEAM
    prefill = not in_team and st.session_state.get(f"prefill-{project_id}") == "vorbefüllt"
    if in_team:
        done = (
            f"Runde {round_no} für „{escape_markdown(name)}“ ist als Teamrunde angelegt. "
            "Ihr eigener Bogen ist offen; Ihre Kolleginnen und Kollegen finden die Runde unter "
            "„Selbstanalyse“ und beginnen dort ihren Bogen."
        )
    else:
        done = f"Runde {round_no} für „{escape_markdown(name)}“ ist angelegt" + (
            " – mit den Antworten der letzten Runde." if prefill else "."
        )
    if _run(
        lambda actor: (
            team.start(get_engine(), actor, project_id)
            if in_team
            else self_analysis.start_round(get_engine(), actor, project_id, prefill=prefill)
        ),
        done,
    ):
        remember(project_id)
        st.session_state["projects-started"] = project_id


def _create() -> bool:
    name = st.session_state.get(NEW_NAME, "")
    created: list[int] = []
    if _run(
        lambda actor: created.append(self_analysis.create_project(get_engine(), actor, name)),
        f"Das Projekt „{escape_markdown(name.strip())}“ ist angelegt. Beginnen Sie jetzt "
        "seine erste Runde.",
    ):
        remember(created[0])
        return True
    return False


def _rename(project_id: int) -> bool:
    name = st.session_state.get(f"rename-{project_id}", "")
    return _run(
        lambda actor: self_analysis.rename_project(get_engine(), actor, project_id, name),
        f"Das Projekt heißt jetzt „{escape_markdown(name.strip())}“.",
    )


def _start_round(project: ProjectSummary) -> None:
    next_round = (project.rounds[-1].round_no if project.rounds else 0) + 1
    in_team = (
        st.radio(
            "Wer bewertet?",
            [ALONE, TEAM],
            format_func=MODE_LABELS.get,
            key=f"mode-{project.id}",
            horizontal=True,
            captions=[MODE_CAPTIONS[ALONE], MODE_CAPTIONS[TEAM]],
        )
        == TEAM
    )
    if project.latest_submitted is not None and not in_team:
        st.radio(
            "Wie möchten Sie beginnen?",
            ["leer", "vorbefüllt"],
            format_func=lambda v: (
                "Mit leerem Fragebogen" if v == "leer" else "Mit den Antworten der letzten Runde"
            ),
            key=f"prefill-{project.id}",
            horizontal=True,
        )
    st.button(
        f"Runde {next_round} beginnen" if project.rounds else "Erste Selbstanalyse beginnen",
        key=f"start-{project.id}",
        on_click=_on_start,
        args=(project.id, project.name, next_round),
    )


def _project_card(project: ProjectSummary) -> None:
    """One project: its rounds, what comes next, its profile; renaming opens a dialog, so the
    card draws no form for it (200 people opening the page at once pay for every element)."""
    with st.container(border=True, key=f"project-card-{project.id}"):
        st.subheader(escape_markdown(project.name), anchor=False)
        st.markdown(f"**{project.status_label}**\n\n{_rounds_lines(project)}")
        if project.draft is not None:
            page_link(
                "questionnaire",
                label=(
                    f"Teamrunde {project.draft.round_no} öffnen"
                    if project.draft.is_team
                    else f"Runde {project.draft.round_no} fortsetzen"
                ),
                icon=":material/groups:" if project.draft.is_team else ":material/edit:",
                query_params={PROJECT: str(project.id), ROUND: str(project.draft.round_no)},
            )
        else:
            _start_round(project)
        if project.latest_submitted is not None:
            page_link(
                "profile",
                label="Profil ansehen",
                icon=":material/radar:",
                query_params={PROJECT: str(project.id)},
            )
        st.button(
            "Umbenennen",
            key=f"rename-open-{project.id}",
            icon=":material/drive_file_rename_outline:",
            help=f"Das Projekt „{escape_markdown(project.name)}“ umbenennen",
            on_click=st.session_state.__setitem__,
            args=(RENAMING, project.id),
        )
        if st.session_state.get(RENAMING) == project.id:
            _rename_dialog(project.id, project.name)


@st.dialog("Projekt umbenennen", on_dismiss=lambda: st.session_state.pop(RENAMING, None))
def _rename_dialog(project_id: int, name: str) -> None:
    """The new name, asked in a dialog that stays open until it is saved or dismissed (also
    across reruns of the page); saved, the page shows the result at once."""
    st.text_input("Neuer Name", value=name, max_chars=200, key=f"rename-{project_id}")
    _save_button("Namen speichern", f"rename-save-{project_id}", lambda: _rename(project_id))


@st.dialog("Neues Projekt", on_dismiss=lambda: st.session_state.pop(CREATING, None))
def _create_dialog() -> None:
    """The new project's name, asked like a new name (:func:`_rename_dialog`)."""
    st.text_input("Name des Angebots", max_chars=200, key=NEW_NAME)
    _save_button("Projekt anlegen", "create-project", _create)


# Streamlit's input instructions are English ("Press Enter to apply"); the dialog's button says
# what to do. The character counter (second entry) stays, without its leading dot.
_DIALOG_CSS = (
    "<style>"
    '[data-testid="stDialog"] [data-testid="InputInstructions"] > span:first-child'
    "{display:none}"
    '[data-testid="stDialog"] [data-testid="InputInstructions"] > span:nth-child(2)::before'
    "{content:none}"
    "</style>"
)


def _save_button(label: str, key: str, save: Callable[[], bool]) -> None:
    """A dialog's button: saved, the dialog closes and the page shows the result; refused,
    the reason stands in the dialog and nothing typed is lost."""
    st.html(_DIALOG_CSS)
    if st.button(label, key=key, type="primary"):
        if save():
            st.session_state.pop(RENAMING, None)
            st.session_state.pop(CREATING, None)
            st.rerun()
        st.warning(st.session_state.pop(FLASH)[1], icon=":material/warning:")


def render_projects_page(actor: Actor) -> None:
    st.title("Projekte", anchor=False)
    projects = own_projects(actor)
    count = plural(len(projects), "Projekt", "Projekte")
    st.caption(
        "Die Selbstanalyse machen Sie jeweils für ein konkretes Angebot Ihrer Initiative. "
        "Legen Sie dafür ein Projekt an und beginnen Sie eine Runde."
        + (f" Ihre Initiative hat {count}." if projects else "")
    )
    flash = st.session_state.pop(FLASH, None)
    if flash:
        kind, text = flash
        (st.success if kind == "success" else st.warning)(
            text, icon=":material/check_circle:" if kind == "success" else ":material/warning:"
        )
    started = st.session_state.pop("projects-started", None)
    if started is not None:
        page_link(
            "questionnaire",
            label="Weiter zur Selbstanalyse",
            icon=":material/arrow_forward:",
            query_params={PROJECT: str(started)},
        )
    if not projects:
        st.info(
            "Ihre Initiative hat noch keine Projekte. Legen Sie unten mit „Neues Projekt "
            "anlegen“ das erste an."
        )
    for project in projects:
        _project_card(project)
    st.button(
        "Neues Projekt anlegen",
        key="create-open",
        icon=":material/add:",
        on_click=st.session_state.__setitem__,
        args=(CREATING, True),
    )
    if st.session_state.get(CREATING):
        _create_dialog()

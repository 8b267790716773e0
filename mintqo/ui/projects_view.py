"""Projects page, and the project choice the self-analysis pages share."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.services import self_analysis
from mintqo.services.checks import parse_id
from mintqo.services.self_analysis import ProjectSummary
from mintqo.text import escape_markdown
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import current_actor

SELECTED_PROJECT = "selected_project_id"  # plain state shared by the self-analysis pages
FOREIGN_LINK = (
    "Das Projekt aus dem Link gibt es nicht (mehr) oder es gehört nicht zu Ihrer Initiative. "
    "Angezeigt wird stattdessen eines Ihrer eigenen Projekte."
)


def own_projects(actor: Actor) -> list[ProjectSummary]:
    return self_analysis.my_projects(get_engine(), actor)


def select_project(
    projects: list[ProjectSummary],
    *,
    key: str,
    prefer: Callable[[ProjectSummary], bool] | None = None,
) -> ProjectSummary | None:
    """A project selector (shown with several projects) over the actor's own projects.

    The remembered choice (session state or ``?projekt=``) is used only if it is one of them:
    anything else falls back to the default choice, so foreign ids reveal nothing.
    """
    if not projects:
        return None
    by_id = {p.id: p for p in projects}
    linked = st.query_params.get("projekt")
    wanted = parse_id(linked) or st.session_state.get(SELECTED_PROJECT)
    if linked is not None and parse_id(linked) not in by_id:
        st.warning(FOREIGN_LINK, icon=":material/link_off:")
    if wanted not in by_id:
        preferred = [p for p in projects if prefer is None or prefer(p)]
        wanted = (preferred or projects)[0].id
    chosen = by_id[wanted]
    if len(projects) > 1:
        ids = list(by_id)
        chosen_id = st.selectbox(
            "Projekt",
            ids,
            index=ids.index(wanted),
            format_func=lambda pid: f"{by_id[pid].name} – {by_id[pid].status_label}",
            key=key,
        )
        chosen = by_id[chosen_id]
    st.session_state[SELECTED_PROJECT] = chosen.id
    return chosen


def _rounds_table(project: ProjectSummary) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Runde": r.round_no,
                "Status": "in Bearbeitung" if r.status == "draft" else "abgeschlossen",
                "Begonnen": r.started_at.strftime("%d.%m.%Y"),
                "Abgeschlossen": r.submitted_at.strftime("%d.%m.%Y") if r.submitted_at else "",
            }
            for r in project.rounds
        ]
    )


def _attempt(action: Callable[[], object]) -> bool:
    """Run a use case for the user logged in *now*; show a refusal in German."""
    try:
        action()
    except UserError as exc:
        st.warning(str(exc))
        return False
    return True


def _start_round(project: ProjectSummary) -> None:
    has_previous = project.latest_submitted is not None
    with st.form(f"start-{project.id}", border=False):
        prefill = False
        if has_previous:
            prefill = (
                st.radio(
                    "Wie möchten Sie beginnen?",
                    ["leer", "vorbefüllt"],
                    format_func=lambda v: (
                        "Mit leerem Fragebogen"
                        if v == "leer"
                        else "Mit den Antworten der letzten Runde"
                    ),
                    key=f"prefill-{project.id}",
                    horizontal=True,
                )
                == "vorbefüllt"
            )
        if st.form_submit_button("Neue Selbstanalyse beginnen"):
            actor = current_actor()
            if actor is not None and _attempt(
                lambda: self_analysis.start_round(get_engine(), actor, project.id, prefill=prefill)
            ):
                st.session_state[SELECTED_PROJECT] = project.id
                st.success("Die neue Runde ist angelegt.")
                st.page_link(
                    "pages/questionnaire.py",
                    label="Weiter zur Selbstanalyse",
                    icon=":material/arrow_forward:",
                )


def render_projects_page(actor: Actor) -> None:
    st.title("Projekte")
    st.caption(
        "Die Selbstanalyse machen Sie jeweils für ein konkretes Angebot Ihrer Initiative. "
        "Legen Sie dafür ein Projekt an und beginnen Sie eine Runde."
    )
    engine = get_engine()
    projects = own_projects(actor)
    if not projects:
        st.info("Ihre Initiative hat noch keine Projekte. Legen Sie unten das erste an.")
    for project in projects:
        with st.container(border=True):
            st.subheader(escape_markdown(project.name), anchor=False)
            st.caption(project.status_label)
            if project.rounds:
                st.dataframe(_rounds_table(project), hide_index=True, key=f"rounds-{project.id}")
            if project.draft is not None:
                if st.button("Selbstanalyse fortsetzen", key=f"continue-{project.id}"):
                    st.session_state[SELECTED_PROJECT] = project.id
                    st.switch_page("pages/questionnaire.py")
            else:
                _start_round(project)
            with st.expander("Umbenennen"), st.form(f"rename-{project.id}", border=False):
                name = st.text_input("Neuer Name", value=project.name, max_chars=200)
                if st.form_submit_button("Namen speichern") and _attempt(
                    lambda name=name, pid=project.id: self_analysis.rename_project(
                        engine, actor, pid, name
                    )
                ):
                    st.rerun()
    st.subheader("Neues Projekt", anchor=False)
    with st.form("create-project", clear_on_submit=True):
        name = st.text_input("Name des Angebots", max_chars=200, key="new-project-name")
        if st.form_submit_button("Projekt anlegen") and _attempt(
            lambda: self_analysis.create_project(engine, actor, name)
        ):
            st.rerun()

"""Projects page and the project access checks the self-analysis pages share."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from mintqo import access
from mintqo.access import Actor, Ownership
from mintqo.store import assessments as assessment_store
from mintqo.store import projects as project_store
from mintqo.store.organisations import assessment_ownership, project_ownership
from mintqo.text import escape_markdown
from mintqo.ui.engine import get_engine

NO_ACCESS = "Kein Zugriff auf dieses Projekt."
SELECTED_PROJECT = "selected_project_id"  # plain state shared by the self-analysis pages


def _check(actor: Actor, owner: Ownership | None, edit: bool) -> Ownership:
    rule = access.can_edit_project if edit else access.can_read_project
    if owner is None or not rule(actor, owner):
        st.error(NO_ACCESS)
        st.stop()
    return owner


def require_project(actor: Actor, project_id: int, *, edit: bool = False) -> Ownership:
    """Stop the page unless ``actor`` may read (or edit) the project."""
    return _check(actor, project_ownership(get_engine(), int(project_id)), edit)


def require_assessment(actor: Actor, assessment_id: int, *, edit: bool = False) -> Ownership:
    """Stop the page unless ``actor`` may read (or edit) the assessment's project."""
    return _check(actor, assessment_ownership(get_engine(), int(assessment_id)), edit)


def require_edit(actor: Actor, owner: Ownership) -> Ownership:
    """Stop the page unless ``actor`` may edit the project ``owner`` describes (no query)."""
    return _check(actor, owner, True)


def own_projects(actor: Actor) -> list[project_store.ProjectSummary]:
    if actor.initiative_id is None:
        return []
    return project_store.list_projects(get_engine(), actor.initiative_id)


def select_project(
    actor: Actor,
    projects: list[project_store.ProjectSummary],
    *,
    key: str,
    prefer: Callable[[project_store.ProjectSummary], bool] | None = None,
) -> project_store.ProjectSummary | None:
    """A project selector (only shown with several projects); checks access to the choice.

    The remembered choice (session state or ``?projekt=``) is only used if it is one of the
    actor's own projects, and is checked against the access rules again.
    """
    if not projects:
        return None
    by_id = {p.id: p for p in projects}
    wanted = st.session_state.get(SELECTED_PROJECT)
    raw = st.query_params.get("projekt")
    if raw is not None and raw.isdigit():
        wanted = int(raw)
        if wanted not in by_id:
            # Foreign or unknown ids stop here; an own project that this page does not list
            # (e.g. no submitted round on "Mein Profil") falls back to the default choice.
            require_project(actor, wanted)
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
    require_project(actor, chosen.id)
    return chosen


def _rounds_table(project: project_store.ProjectSummary) -> pd.DataFrame:
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


def _start_round(actor: Actor, project: project_store.ProjectSummary) -> None:
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
            require_project(actor, project.id, edit=True)
            try:
                assessment_store.start_round(get_engine(), project.id, prefill=prefill)
            except assessment_store.AssessmentError as exc:
                st.warning(str(exc))
                return
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
        require_project(actor, project.id)
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
                _start_round(actor, project)
            with st.expander("Umbenennen"), st.form(f"rename-{project.id}", border=False):
                name = st.text_input("Neuer Name", value=project.name, max_chars=200)
                if st.form_submit_button("Namen speichern"):
                    require_project(actor, project.id, edit=True)
                    try:
                        project_store.rename_project(engine, project.id, name)
                    except project_store.ProjectError as exc:
                        st.warning(str(exc))
                    else:
                        st.rerun()
    st.subheader("Neues Projekt", anchor=False)
    with st.form("create-project", clear_on_submit=True):
        name = st.text_input("Name des Angebots", max_chars=200, key="new-project-name")
        if st.form_submit_button("Projekt anlegen"):
            try:
                project_store.create_project(engine, actor.initiative_id, name)
            except project_store.ProjectError as exc:
                st.warning(str(exc))
            else:
                st.rerun()

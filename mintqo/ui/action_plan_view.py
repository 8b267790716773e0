"""The 'Maßnahmenplan' page: measures per criterion, with the weakest criteria as suggestions."""

from __future__ import annotations

import streamlit as st

from mintqo.access import Actor
from mintqo.io.answers_export import export_filename
from mintqo.io.tabular import csv_bytes, excel_bytes
from mintqo.questionnaire import load_questionnaire
from mintqo.scoring import weakest_criteria
from mintqo.store import action_plan
from mintqo.store import assessments as store
from mintqo.store.models import ACTION_STATUSES
from mintqo.ui.engine import get_engine
from mintqo.ui.projects_view import own_projects, require_project, select_project


def render_action_plan(actor: Actor) -> None:
    st.title("Maßnahmenplan")
    st.caption(
        "Wählen Sie zwei bis drei Schwerpunkte und halten Sie fest, was bis wann von wem "
        "umgesetzt wird."
    )
    engine = get_engine()
    project = select_project(actor, own_projects(actor), key="plan-project")
    if project is None:
        st.info("Legen Sie zuerst auf der Seite „Projekte“ ein Projekt an.")
        return
    require_project(actor, project.id)
    latest = project.latest_submitted
    q = load_questionnaire(
        store.get_assessment(engine, latest.assessment_id).questionnaire_version if latest else None
    )
    names = {c.id: c.name for c in q.criteria}
    suggestions = (
        weakest_criteria(q, store.criterion_scores(engine, latest.assessment_id), 3)
        if latest
        else []
    )
    if suggestions:
        st.info(
            "Vorschläge aus Ihrem Profil (niedrigste Kriterien): "
            + ", ".join(names[c] for c in suggestions)
        )
    actions = action_plan.list_actions(engine, project.id)
    criterion_ids = suggestions + [c.id for c in q.criteria if c.id not in suggestions]

    st.subheader("Neue Maßnahme", anchor=False)
    with st.form("new-action", clear_on_submit=True):
        criterion = st.selectbox(
            "Kriterium", criterion_ids, format_func=lambda c: names[c], key="new-criterion"
        )
        what = st.text_area("Was?", max_chars=action_plan.WHAT_MAX_CHARS, key="new-what")
        left, mid, right = st.columns(3)
        who = left.text_input("Wer?", max_chars=action_plan.WHO_MAX_CHARS, key="new-who")
        due = mid.date_input("Bis wann?", value=None, format="DD.MM.YYYY", key="new-due")
        status = right.selectbox(
            "Status",
            ACTION_STATUSES,
            format_func=action_plan.STATUS_LABELS.get,
            key="new-status",
        )
        if st.form_submit_button("Maßnahme hinzufügen"):
            require_project(actor, project.id, edit=True)
            try:
                action_plan.add_action(engine, project.id, criterion, what, who, due, status)
            except action_plan.ActionPlanError as exc:
                st.warning(str(exc))
            else:
                st.rerun()

    st.subheader("Geplante Maßnahmen", anchor=False)
    if not actions:
        st.caption("Noch keine Maßnahmen.")
    for item in actions:
        label = f"{names.get(item.criterion_id, item.criterion_id)} · {item.status_label}"
        with st.expander(label), st.form(f"action-{item.id}"):
            what = st.text_area("Was?", value=item.what, max_chars=action_plan.WHAT_MAX_CHARS)
            left, mid, right = st.columns(3)
            who = left.text_input("Wer?", value=item.who, max_chars=action_plan.WHO_MAX_CHARS)
            due = mid.date_input("Bis wann?", value=item.due, format="DD.MM.YYYY")
            status = right.selectbox(
                "Status",
                ACTION_STATUSES,
                index=ACTION_STATUSES.index(item.status),
                format_func=action_plan.STATUS_LABELS.get,
            )
            save, remove = st.columns(2)
            if save.form_submit_button("Speichern"):
                require_project(actor, project.id, edit=True)
                try:
                    action_plan.update_action(
                        engine, project.id, item.id, what=what, who=who, due=due, status=status
                    )
                except action_plan.ActionPlanError as exc:
                    st.warning(str(exc))
                else:
                    st.rerun()
            if remove.form_submit_button("Löschen"):
                require_project(actor, project.id, edit=True)
                action_plan.delete_action(engine, project.id, item.id)
                st.rerun()
    if actions:
        frame = action_plan.actions_frame(actions, names)
        left, right = st.columns(2)
        left.download_button(
            "Maßnahmenplan als CSV",
            lambda: csv_bytes(frame),
            file_name=export_filename("Massnahmenplan", project.name, "csv"),
            mime="text/csv",
        )
        right.download_button(
            "Maßnahmenplan als Excel",
            lambda: excel_bytes({"Maßnahmenplan": frame}),
            file_name=export_filename("Massnahmenplan", project.name, "xlsx"),
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

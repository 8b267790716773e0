"""The 'Maßnahmenplan' page: measures per criterion, with the weakest criteria as suggestions."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.io.answers_export import export_filename
from mintqo.io.tabular import csv_bytes, excel_bytes
from mintqo.questionnaire import load_questionnaire
from mintqo.services import plans
from mintqo.services.plans import (
    ACTION_STATUSES,
    STATUS_LABELS,
    WHAT_MAX_CHARS,
    WHO_MAX_CHARS,
    actions_frame,
)
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import current_actor
from mintqo.ui.projects_view import own_projects, select_project


def _attempt(action: Callable[[object], object]) -> bool:
    """Run a write for the user logged in now; show a refusal in German."""
    actor = current_actor()
    try:
        if actor is None:
            raise UserError("Bitte melden Sie sich an.")
        action(actor)
    except UserError as exc:
        st.warning(str(exc))
        return False
    return True


def render_action_plan(actor: Actor) -> None:
    st.title("Maßnahmenplan")
    st.caption(
        "Wählen Sie zwei bis drei Schwerpunkte und halten Sie fest, was bis wann von wem "
        "umgesetzt wird."
    )
    engine = get_engine()
    project = select_project(own_projects(actor), key="plan-project")
    if project is None:
        st.info("Legen Sie zuerst auf der Seite „Projekte“ ein Projekt an.")
        return
    q = load_questionnaire()
    names = {c.id: c.name for c in q.criteria}
    suggestions = plans.suggestions(engine, actor, project.id)
    if suggestions:
        st.info(
            "Vorschläge aus Ihrem Profil (niedrigste Kriterien): "
            + ", ".join(names.get(c, c) for c in suggestions)
        )
    actions = plans.actions(engine, actor, project.id)
    criterion_ids = suggestions + [c.id for c in q.criteria if c.id not in suggestions]

    st.subheader("Neue Maßnahme", anchor=False)
    with st.form("new-action", clear_on_submit=True):
        criterion = st.selectbox(
            "Kriterium", criterion_ids, format_func=lambda c: names[c], key="new-criterion"
        )
        what = st.text_area("Was?", max_chars=WHAT_MAX_CHARS, key="new-what")
        left, mid, right = st.columns(3)
        who = left.text_input("Wer?", max_chars=WHO_MAX_CHARS, key="new-who")
        due = mid.date_input("Bis wann?", value=None, format="DD.MM.YYYY", key="new-due")
        status = right.selectbox(
            "Status", ACTION_STATUSES, format_func=STATUS_LABELS.get, key="new-status"
        )
        if st.form_submit_button("Maßnahme hinzufügen") and _attempt(
            lambda a: plans.add_action(engine, a, project.id, criterion, what, who, due, status)
        ):
            st.rerun()

    st.subheader("Geplante Maßnahmen", anchor=False)
    if not actions:
        st.caption("Noch keine Maßnahmen.")
    for item in actions:
        label = f"{names.get(item.criterion_id, item.criterion_id)} · {item.status_label}"
        with st.expander(label), st.form(f"action-{item.id}"):
            what = st.text_area("Was?", value=item.what, max_chars=WHAT_MAX_CHARS)
            left, mid, right = st.columns(3)
            who = left.text_input("Wer?", value=item.who, max_chars=WHO_MAX_CHARS)
            due = mid.date_input("Bis wann?", value=item.due, format="DD.MM.YYYY")
            status = right.selectbox(
                "Status",
                ACTION_STATUSES,
                index=ACTION_STATUSES.index(item.status),
                format_func=STATUS_LABELS.get,
            )
            save, remove = st.columns(2)
            if save.form_submit_button("Speichern") and _attempt(
                lambda a, i=item.id, w=what, o=who, d=due, s=status: plans.update_action(
                    engine, a, project.id, i, what=w, who=o, due=d, status=s
                )
            ):
                st.rerun()
            if remove.form_submit_button("Löschen") and _attempt(
                lambda a, i=item.id: plans.delete_action(engine, a, project.id, i)
            ):
                st.rerun()
    if actions:
        frame = actions_frame(actions, names)
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

"""The 'Maßnahmenplan' page: measures per criterion, with the weakest criteria as suggestions.

Every action runs in a widget callback, before the page is drawn, and leaves a German message
at the top: the page always shows the result of what was just done (issue 14, item 6).
Deleting asks first and then says what was deleted (item 16).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.formats import BERLIN, local_date, plural
from mintqo.io.answers_export import export_filename
from mintqo.io.tabular import csv_bytes, excel_bytes
from mintqo.questionnaire import load_questionnaire
from mintqo.services import plans
from mintqo.services.plans import (
    ACTION_STATUSES,
    STATUS_LABELS,
    WHAT_MAX_CHARS,
    WHO_MAX_CHARS,
    Action,
    actions_frame,
)
from mintqo.text import escape_markdown
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import current_actor
from mintqo.ui.navigation import page_link
from mintqo.ui.projects_view import PROJECT, choose, project_selector, set_place

FLASH = "plan-flash"
DATE_HINT = "Datum im Format TT.MM.JJJJ, z. B. 31.03.2027; leer lassen, wenn es keinen Termin gibt."
# Streamlit's empty date field shows English segment placeholders ("dd.mm.yyyy"); on this
# page they read "TT.MM.JJJJ" (the label says it too, for screen readers).
_DATE_CSS = (
    "<style>"
    + "".join(
        f'[class*="st-key-plan-due"] [data-placeholder="true"][data-type="{segment}"]'
        "{font-size:0}"
        f'[class*="st-key-plan-due"] [data-placeholder="true"][data-type="{segment}"]::before'
        f'{{content:"{german}";font-size:0.875rem}}'
        for segment, german in (("day", "TT"), ("month", "MM"), ("year", "JJJJ"))
    )
    + "</style>"
)


def short(text: str, limit: int = 80) -> str:
    """The first line of a measure as its title (the full text is shown below it)."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _flash(kind: str, text: str) -> None:
    st.session_state[FLASH] = (kind, text)


def _run(action: Callable[[Actor], object], done: str) -> bool:
    """Run a write for the user logged in now (callbacks: never an actor from draw time)."""
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


def _on_add(project_id: int) -> None:
    s = st.session_state
    what = s.get("plan-new-what", "") or ""
    if _run(
        lambda a: plans.add_action(
            get_engine(),
            a,
            project_id,
            s.get("plan-new-criterion"),
            what,
            s.get("plan-new-who", "") or "",
            s.get("plan-due-new"),
            s.get("plan-new-status", "open"),
        ),
        f"Die Maßnahme „{escape_markdown(short(what))}“ ist hinzugefügt.",
    ):
        for key in ("plan-new-what", "plan-new-who"):
            s[key] = ""
        s["plan-due-new"] = None


def _on_update(project_id: int, action_id: int, title: str) -> None:
    s = st.session_state
    _run(
        lambda a: plans.update_action(
            get_engine(),
            a,
            project_id,
            action_id,
            what=s.get(f"plan-what-{action_id}", ""),
            who=s.get(f"plan-who-{action_id}", ""),
            due=s.get(f"plan-due-{action_id}"),
            status=s.get(f"plan-status-{action_id}", "open"),
        ),
        f"Die Maßnahme „{escape_markdown(title)}“ ist gespeichert.",
    )


def _on_ask_delete(action_id: int) -> None:
    st.session_state["plan-confirm-delete"] = action_id


def _on_cancel_delete() -> None:
    st.session_state.pop("plan-confirm-delete", None)


def _on_delete(project_id: int, action_id: int, title: str) -> None:
    st.session_state.pop("plan-confirm-delete", None)
    gone: list[bool] = []
    if (
        _run(
            lambda a: gone.append(plans.delete_action(get_engine(), a, project_id, action_id)),
            f"Die Maßnahme „{escape_markdown(title)}“ wurde gelöscht.",
        )
        and not gone[0]
    ):
        _flash("info", "Diese Maßnahme war schon gelöscht (vielleicht in einem anderen Fenster).")


def _facts(item: Action, criterion_name: str, today: dt.date) -> str:
    due = local_date(item.due) if item.due else "ohne Termin"
    overdue = item.due is not None and item.due < today and item.status != "done"
    return " · ".join(
        [
            f"Kriterium: {escape_markdown(criterion_name)}",
            f"Wer: {escape_markdown(item.who) if item.who else 'noch offen'}",
            f"Bis: {due}" + (" (**überfällig**)" if overdue else ""),
            f"Status: {item.status_label}",
        ]
    )


def _render_measure(project_id: int, item: Action, names: dict[str, str], today: dt.date):
    title = short(item.what)  # for messages about it
    first, _, rest = item.what.strip().partition("\n")
    with st.container(border=True, key=f"plan-item-{item.id}"):
        st.markdown(f"**{escape_markdown(first)}**")  # the first line, in full, as its title
        if rest.strip():
            st.text(rest.strip())
        st.markdown(_facts(item, names.get(item.criterion_id, item.criterion_id), today))
        with st.expander("Bearbeiten"):
            st.text_area(
                "Was?", value=item.what, max_chars=WHAT_MAX_CHARS, key=f"plan-what-{item.id}"
            )
            left, mid, right = st.columns(3)
            left.text_input(
                "Wer?", value=item.who, max_chars=WHO_MAX_CHARS, key=f"plan-who-{item.id}"
            )
            mid.date_input(
                "Bis wann? (TT.MM.JJJJ)",
                value=item.due,
                format="DD.MM.YYYY",
                key=f"plan-due-{item.id}",
                help=DATE_HINT,
            )
            right.selectbox(
                "Status",
                ACTION_STATUSES,
                index=ACTION_STATUSES.index(item.status),
                format_func=STATUS_LABELS.get,
                key=f"plan-status-{item.id}",
                placeholder="Bitte wählen",
            )
            st.button(
                "Änderungen speichern",
                key=f"plan-save-{item.id}",
                on_click=_on_update,
                args=(project_id, item.id, title),
            )
        if st.session_state.get("plan-confirm-delete") == item.id:
            st.warning(
                f"Die Maßnahme „{escape_markdown(title)}“ wirklich löschen? Das lässt sich "
                "nicht rückgängig machen.",
                icon=":material/delete:",
            )
            yes, no = st.columns(2)
            yes.button(
                "Ja, löschen",
                type="primary",
                key=f"plan-delete-yes-{item.id}",
                on_click=_on_delete,
                args=(project_id, item.id, title),
            )
            no.button("Abbrechen", key=f"plan-delete-no-{item.id}", on_click=_on_cancel_delete)
        else:
            st.button(
                "Löschen …",
                icon=":material/delete:",
                key=f"plan-delete-{item.id}",
                on_click=_on_ask_delete,
                args=(item.id,),
            )


def _render_new(project_id: int, criterion_ids: list[str], names: dict[str, str]) -> None:
    st.subheader("Neue Maßnahme", anchor=False)
    with st.container(border=True):
        st.selectbox(
            "Kriterium",
            criterion_ids,
            format_func=lambda c: names[c],
            key="plan-new-criterion",
            placeholder="Bitte wählen",
        )
        st.text_area("Was?", max_chars=WHAT_MAX_CHARS, key="plan-new-what")
        left, mid, right = st.columns(3)
        left.text_input("Wer?", max_chars=WHO_MAX_CHARS, key="plan-new-who")
        mid.date_input(
            "Bis wann? (TT.MM.JJJJ)",
            value=None,
            format="DD.MM.YYYY",
            key="plan-due-new",
            help=DATE_HINT,
        )
        right.selectbox(
            "Status",
            ACTION_STATUSES,
            format_func=STATUS_LABELS.get,
            key="plan-new-status",
            placeholder="Bitte wählen",
        )
        st.button("Maßnahme hinzufügen", type="primary", on_click=_on_add, args=(project_id,))
    st.html(_DATE_CSS)


def render_action_plan(actor: Actor) -> None:
    st.title("Maßnahmenplan", anchor=False)
    st.caption(
        "Wählen Sie zwei bis drei Schwerpunkte und halten Sie fest, was bis wann von wem "
        "umgesetzt wird."
    )
    engine = get_engine()
    project = project_selector(choose(actor), key="plan-project")
    if project is None:
        st.info("Legen Sie zuerst auf der Seite „Projekte“ ein Projekt an.")
        page_link("projects", label="Zu den Projekten")
        return
    set_place(**{PROJECT: project.id})
    flash = st.session_state.pop(FLASH, None)
    if flash:
        kind, text = flash
        {"success": st.success, "warning": st.warning}.get(kind, st.info)(text)
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
    _render_new(project.id, criterion_ids, names)

    st.subheader("Geplante Maßnahmen", anchor=False)
    if not actions:
        st.caption("Noch keine Maßnahmen.")
        return
    open_count = sum(1 for a in actions if a.status != "done")
    st.caption(
        f"{plural(len(actions), 'Maßnahme', 'Maßnahmen')}, davon {open_count} noch nicht erledigt."
    )
    today = dt.datetime.now(BERLIN).date()
    for item in actions:
        _render_measure(project.id, item, names, today)
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

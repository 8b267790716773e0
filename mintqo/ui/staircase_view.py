"""The impact staircase (Wirkungstreppe) of a project: its chart, and its editor on request."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mintqo.access import Actor
from mintqo.charts.staircase import staircase_chart, staircase_sentence, staircase_table
from mintqo.errors import UserError
from mintqo.services import plans
from mintqo.services.plans import INDICATOR_MAX_CHARS
from mintqo.ui.charts import show_cached_chart
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import current_actor

EVIDENCE_OPTIONS = (None, "ja", "teilweise", "nein")


def render_staircase(actor: Actor, project_id: int, *, key: str = "stairs") -> None:
    steps = plans.staircase(get_engine(), actor, project_id)
    st.markdown("#### Wirkungstreppe")
    if st.session_state.pop(f"{key}-saved", False):
        st.success("Die Wirkungstreppe ist gespeichert.", icon=":material/check_circle:")
    st.caption(
        "Für welche Stufe haben Sie Belege, dass Ihr Projekt sie erreicht, und woran machen Sie "
        "das fest? Wirkung im engeren Sinn beginnt ab Stufe 4."
    )
    show_cached_chart(
        # the seven rows themselves (step, level, label, evidence, indicator) are the key
        ("staircase", project_id, tuple(steps.astype(object).itertuples(index=False, name=None))),
        lambda: (staircase_chart(steps), staircase_table(steps), staircase_sentence(steps)),
        key=f"{key}-chart",
    )
    # The editor (7 rows of widgets) is drawn only on request: it would cost every rerun of
    # the profile ≈ 10 ms even while collapsed.
    if st.toggle("Wirkungstreppe bearbeiten", key=f"{key}-edit"):
        _staircase_form(project_id, steps, key)


def _staircase_form(project_id: int, steps: pd.DataFrame, key: str) -> None:
    with st.form(f"{key}-form"):
        for row in steps.itertuples():
            left, mid, right = st.columns([3, 2, 3])
            left.write(f"{row.step}. {row.label} ({row.level})")
            mid.selectbox(
                "Nachweis",
                EVIDENCE_OPTIONS,
                index=EVIDENCE_OPTIONS.index(
                    row.evidence if isinstance(row.evidence, str) else None
                ),
                format_func=lambda v: "nicht erfasst" if v is None else v,
                key=f"{key}-ev-{project_id}-{row.step}",
                placeholder="Bitte wählen",
            )
            right.text_input(
                "Indikator",
                value=row.indicator,
                max_chars=INDICATOR_MAX_CHARS,
                key=f"{key}-ind-{project_id}-{row.step}",
            )
        if st.form_submit_button("Wirkungstreppe speichern"):
            values = {
                step: (
                    st.session_state[f"{key}-ev-{project_id}-{step}"],
                    st.session_state[f"{key}-ind-{project_id}-{step}"],
                )
                for step in range(1, 8)
            }
            actor = current_actor()
            try:
                if actor is None:
                    raise UserError("Bitte melden Sie sich an.")
                plans.save_staircase(get_engine(), actor, project_id, values)
            except UserError as exc:
                st.warning(str(exc))
            else:
                st.session_state[f"{key}-saved"] = True  # confirmed after the rerun
                st.rerun()

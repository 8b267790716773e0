"""Offline questionnaire on the self-analysis page: template download and upload into the draft."""

from __future__ import annotations

import functools
import hashlib

import pandas as pd
import streamlit as st

from mintqo.errors import UserError
from mintqo.formats import plural
from mintqo.io.offline_template import template_filename
from mintqo.services import self_analysis
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import current_actor

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPLANATION = (
    "Kein stabiles WLAN im Workshop? Laden Sie die Selbstanalyse als Excel-Vorlage herunter, "
    "füllen Sie sie offline aus und laden Sie sie hier wieder hoch. Die Vorlage enthält Ihre "
    "bisherigen Eingaben; leere Zellen ändern nichts. Die Datei wird nur übernommen, wenn sie "
    "ganz fehlerfrei ist."
)


def _key(kind: str, assessment_id: int) -> str:
    return f"offline-{kind}-{assessment_id}"


NO_EDIT_ACCESS = "Sie dürfen diese Selbstanalyse nicht (mehr) bearbeiten."


def _template(assessment_id: int, fmt: str) -> bytes:
    """Built when the download is clicked, for the user logged in then."""
    actor = current_actor()
    if actor is None:
        return b""
    return self_analysis.offline_template(get_engine(), actor, assessment_id, fmt)


def _apply(assessment_id: int, digest: str, answers: dict, notes: dict) -> None:
    """Button callback: runs once per click, before the rerun; a repeat changes nothing."""
    done_key = _key("done", assessment_id)
    if st.session_state.get(done_key, {}).get("digest") == digest:
        return  # a double click on the same file: already applied
    # Callbacks run before app.py's gate: the user is resolved now, and checked again inside
    # the write's transaction.
    actor = current_actor()
    if actor is None:
        st.session_state[_key("error", assessment_id)] = NO_EDIT_ACCESS
        return
    try:
        outcome = self_analysis.import_offline(get_engine(), actor, assessment_id, answers, notes)
    except UserError as exc:
        st.session_state[_key("error", assessment_id)] = str(exc)
        return
    st.session_state[done_key] = {
        "digest": digest,
        "answers": outcome.changed_answers,
        "notes": outcome.changed_notes,
    }
    # The step editor refills its widgets from the new state, as if the step were opened anew
    # (mintqo.ui.questionnaire_step: without a base it takes what is stored, with no notice).
    for kind in ("shown", "base", "unsaved", "conflict"):
        st.session_state.pop(f"q-{kind}-{assessment_id}", None)


def render_offline_exchange(assessment_id: int, project_name: str) -> None:
    """Download the questionnaire as an Excel template; upload a filled one into the draft.

    Drawn only when switched on: most people fill in the form online, and the download
    buttons, uploader and checks would otherwise cost every questionnaire rerun."""
    if not st.toggle(
        "Offline ausfüllen (Excel-Vorlage)", key=_key("open", assessment_id), value=False
    ):
        return
    actor = current_actor()
    if actor is None:
        return
    try:
        state = self_analysis.round_state(get_engine(), actor, assessment_id)
    except UserError:
        return
    st.write(EXPLANATION)
    left, right = st.columns(2)
    left.download_button(
        "Excel-Vorlage herunterladen",
        data=functools.partial(_template, assessment_id, "xlsx"),
        file_name=template_filename(project_name, "xlsx"),
        mime=XLSX_MIME,
        on_click="ignore",
        icon=":material/download:",
        key=_key("xlsx", assessment_id),
    )
    right.download_button(
        "CSV-Vorlage herunterladen",
        data=functools.partial(_template, assessment_id, "csv"),
        file_name=template_filename(project_name, "csv"),
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key=_key("csv", assessment_id),
    )
    if not state.info.is_draft:
        st.info("Diese Runde ist abgeschlossen; eine hochgeladene Vorlage kann sie nicht ändern.")
        return
    if self_analysis.may_edit(get_engine(), actor, assessment_id):
        _render_upload(assessment_id)


def _render_upload(assessment_id: int) -> None:
    uploaded = st.file_uploader(
        "Ausgefüllte Vorlage hochladen (.xlsx oder .csv, höchstens 5 MB)",
        type=["xlsx", "csv"],
        key=_key("upload", assessment_id),
    )
    error = st.session_state.pop(_key("error", assessment_id), None)
    if error:
        st.error(error)
    if uploaded is None:
        return
    data = uploaded.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    done = st.session_state.get(_key("done", assessment_id))
    if done and done["digest"] == digest:
        if done["answers"] or done["notes"]:
            st.success(
                f"Übernommen: {plural(done['answers'], 'Bewertung', 'Bewertungen')} und "
                f"{plural(done['notes'], 'Notiz', 'Notizen')} "
                f"{'wurde' if done['answers'] + done['notes'] == 1 else 'wurden'} in Ihren "
                "Entwurf geschrieben.",
                icon=":material/check_circle:",
            )
        else:
            st.info("Keine Änderungen: die Datei entspricht schon Ihrem gespeicherten Stand.")
        return
    actor = current_actor()
    if actor is None:
        return
    result = self_analysis.check_offline_file(
        get_engine(), actor, assessment_id, data, uploaded.name
    )
    if not result.ok:
        count = len(result.problems)
        st.error(
            f"Die Datei wurde nicht übernommen; nichts wurde geändert. "
            f"{'Ein Problem' if count == 1 else f'{count} Probleme'} – bitte korrigieren und "
            "erneut hochladen:"
        )
        st.dataframe(
            pd.DataFrame(
                {
                    "Zeile": [p.row for p in result.problems],
                    "Spalte": [p.column or "" for p in result.problems],
                    "Problem": [p.message for p in result.problems],
                }
            ).astype({"Zeile": "Int64"}),
            hide_index=True,
            width="stretch",
        )
        return
    assert result.parsed is not None
    st.write(
        "Die Datei ist in Ordnung: "
        f"{plural(len(result.parsed.answers), 'Bewertung', 'Bewertungen')} und "
        f"{plural(len(result.parsed.notes), 'Notiz', 'Notizen')}."
    )
    st.button(
        "In den Entwurf übernehmen",
        type="primary",
        key=_key("apply", assessment_id),
        on_click=_apply,
        args=(
            assessment_id,
            digest,
            dict(result.parsed.answers),
            dict(result.parsed.notes),
        ),
    )

"""Offline questionnaire on the self-analysis page: template download and upload into the draft."""

from __future__ import annotations

import functools
import hashlib

import pandas as pd
import streamlit as st

from mintqo import access
from mintqo.access import Actor
from mintqo.io.offline_template import template_csv, template_xlsx, validate_file
from mintqo.questionnaire import load_questionnaire
from mintqo.store.answer_import import ImportRefused, import_answers, template_content
from mintqo.store.assessments import get_assessment
from mintqo.store.organisations import assessment_ownership
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import NO_EDIT_ACCESS, may_edit_assessment

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPLANATION = (
    "Kein stabiles WLAN im Workshop? Laden Sie die Selbstanalyse als Excel-Vorlage herunter, "
    "füllen Sie sie offline aus und laden Sie sie hier wieder hoch. Die Vorlage enthält Ihre "
    "bisherigen Eingaben; leere Zellen ändern nichts. Die Datei wird nur übernommen, wenn sie "
    "ganz fehlerfrei ist."
)


def _key(kind: str, assessment_id: int) -> str:
    return f"offline-{kind}-{assessment_id}"


def _template(assessment_id: int, fmt: str) -> bytes:
    content = template_content(get_engine(), assessment_id)
    return template_xlsx(content) if fmt == "xlsx" else template_csv(content)


def _apply(assessment_id: int, digest: str, answers: dict, notes: dict) -> None:
    """Button callback: runs once per click, before the rerun; a repeat changes nothing."""
    done_key = _key("done", assessment_id)
    if st.session_state.get(done_key, {}).get("digest") == digest:
        return  # a double click on the same file: already applied
    # Callbacks run before app.py's gate: check the user against the round before writing.
    if not may_edit_assessment(assessment_id):
        st.session_state[_key("error", assessment_id)] = NO_EDIT_ACCESS
        return
    try:
        outcome = import_answers(get_engine(), assessment_id, answers, notes)
    except ImportRefused as exc:
        st.session_state[_key("error", assessment_id)] = str(exc)
        return
    st.session_state[done_key] = {
        "digest": digest,
        "answers": outcome.changed_answers,
        "notes": outcome.changed_notes,
    }
    # The questionnaire form keeps the draft version it loaded; let it reload the new state.
    st.session_state.pop(f"q-ver-{assessment_id}", None)


def render_offline_exchange(actor: Actor, assessment_id: int) -> None:
    """Download the questionnaire as an Excel template; upload a filled one into the draft.

    Drawn only when switched on: most people fill in the form online, and the download
    buttons, uploader and checks would otherwise cost every questionnaire rerun."""
    if not st.toggle(
        "Offline ausfüllen (Excel-Vorlage)", key=_key("open", assessment_id), value=False
    ):
        return
    engine = get_engine()
    owner = assessment_ownership(engine, assessment_id)
    if owner is None or not access.can_read_project(actor, owner):
        return
    info = get_assessment(engine, assessment_id)
    if info is None:
        return
    st.write(EXPLANATION)
    left, right = st.columns(2)
    left.download_button(
        "Excel-Vorlage herunterladen",
        data=functools.partial(_template, assessment_id, "xlsx"),
        file_name=f"selbstanalyse-{assessment_id}.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
        icon=":material/download:",
        key=_key("xlsx", assessment_id),
    )
    right.download_button(
        "CSV-Vorlage herunterladen",
        data=functools.partial(_template, assessment_id, "csv"),
        file_name=f"selbstanalyse-{assessment_id}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key=_key("csv", assessment_id),
    )
    if not info.is_draft:
        st.info("Diese Runde ist abgeschlossen; eine hochgeladene Vorlage kann sie nicht ändern.")
        return
    if not access.can_edit_project(actor, owner):
        return
    _render_upload(assessment_id, info.questionnaire_version)


def _render_upload(assessment_id: int, version: int) -> None:
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
                f"Übernommen: {done['answers']} Bewertungen und {done['notes']} Notizen wurden "
                "in Ihren Entwurf geschrieben.",
                icon=":material/check_circle:",
            )
        else:
            st.info("Keine Änderungen: die Datei entspricht schon Ihrem gespeicherten Stand.")
        return
    result = validate_file(data, uploaded.name, load_questionnaire(version), assessment_id)
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
        f"Die Datei ist in Ordnung: {len(result.parsed.answers)} Bewertungen und "
        f"{len(result.parsed.notes)} Notizen."
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

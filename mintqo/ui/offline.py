"""Offline questionnaire on the self-analysis page: template download and upload into the draft
– or, in a team round, into the member's own sheet (the same template and checks; the
:class:`~mintqo.ui.questionnaire_target.Target` says which)."""

from __future__ import annotations

import functools
import hashlib

import pandas as pd
import streamlit as st

from mintqo.errors import UserError
from mintqo.formats import plural
from mintqo.io.offline_template import template_filename
from mintqo.services import self_analysis, team, team_offline
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import current_actor
from mintqo.ui.questionnaire_saving import forget
from mintqo.ui.questionnaire_target import Target

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPLANATION = (
    "Kein stabiles WLAN im Workshop? Laden Sie die Selbstanalyse als Excel-Vorlage herunter, "
    "füllen Sie sie offline aus und laden Sie sie hier wieder hoch. Die Vorlage enthält Ihre "
    "bisherigen Eingaben; leere Zellen ändern nichts. Die Datei wird nur übernommen, wenn sie "
    "ganz fehlerfrei ist."
)


SHEET_EXPLANATION = (
    "Kein stabiles WLAN im Workshop? Laden Sie Ihren Bogen als Excel-Vorlage herunter, füllen "
    "Sie ihn offline aus und laden Sie ihn hier wieder hoch. Die Vorlage enthält Ihre bisherigen "
    "Eingaben; leere Zellen ändern nichts. Die Datei wird nur übernommen, wenn sie ganz "
    "fehlerfrei ist."
)


def _key(kind: str, target: Target) -> str:
    return f"offline-{kind}-{target.slot}"


NO_EDIT_ACCESS = "Sie dürfen diese Selbstanalyse nicht (mehr) bearbeiten."


def _template(target: Target, fmt: str) -> bytes:
    """Built when the download is clicked, for the user logged in then."""
    actor = current_actor()
    if actor is None:
        return b""
    if target.kind == "sheet":
        return team_offline.sheet_template(get_engine(), actor, target.assessment_id, fmt)
    return self_analysis.offline_template(get_engine(), actor, target.assessment_id, fmt)


def _apply(target: Target, digest: str, answers: dict, notes: dict) -> None:
    """Button callback: runs once per click, before the rerun; a repeat changes nothing."""
    done_key = _key("done", target)
    if st.session_state.get(done_key, {}).get("digest") == digest:
        return  # a double click on the same file: already applied
    # Callbacks run before app.py's gate: the user is resolved now, and checked again inside
    # the write's transaction.
    actor = current_actor()
    if actor is None:
        st.session_state[_key("error", target)] = NO_EDIT_ACCESS
        return
    aid = target.assessment_id
    try:
        if target.kind == "sheet":
            outcome = team_offline.import_sheet(get_engine(), actor, aid, answers, notes)
        else:
            outcome = self_analysis.import_offline(get_engine(), actor, aid, answers, notes)
    except UserError as exc:
        st.session_state[_key("error", target)] = str(exc)
        return
    st.session_state[done_key] = {
        "digest": digest,
        "answers": outcome.changed_answers,
        "notes": outcome.changed_notes,
    }
    # The step editor refills its widgets from the new state, as if the step were opened anew
    # (without a base it takes what is stored, with no notice).
    forget(target)


def _may_upload(actor, target: Target) -> bool | None:
    """None: nothing to show (no access, no sheet); False: closed (download only)."""
    engine, aid = get_engine(), target.assessment_id
    try:
        if target.kind == "sheet":
            sheet = team.sheet_if_any(engine, actor, aid)
            if sheet is None or sheet.round is None:
                return None
            return sheet.round.is_draft and not sheet.finished
        state = self_analysis.round_state(engine, actor, aid)
    except UserError:
        return None
    return state.info.is_draft and self_analysis.may_edit(engine, actor, aid)


def render_offline_exchange(
    assessment_id: int, project_name: str, *, target: Target | None = None
) -> None:
    """Download the questionnaire as an Excel template; upload a filled one into the draft
    (``target``: default the round's own answers; a member's sheet in a team round).

    Drawn only when switched on: most people fill in the form online, and the download
    buttons, uploader and checks would otherwise cost every questionnaire rerun."""
    target = target or Target(assessment_id)
    if not st.toggle("Offline ausfüllen (Excel-Vorlage)", key=_key("open", target), value=False):
        return
    actor = current_actor()
    if actor is None:
        return
    may_upload = _may_upload(actor, target)
    if may_upload is None:
        return
    st.write(SHEET_EXPLANATION if target.kind == "sheet" else EXPLANATION)
    left, right = st.columns(2)
    left.download_button(
        "Excel-Vorlage herunterladen",
        data=functools.partial(_template, target, "xlsx"),
        file_name=template_filename(project_name, "xlsx"),
        mime=XLSX_MIME,
        on_click="ignore",
        icon=":material/download:",
        key=_key("xlsx", target),
    )
    right.download_button(
        "CSV-Vorlage herunterladen",
        data=functools.partial(_template, target, "csv"),
        file_name=template_filename(project_name, "csv"),
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key=_key("csv", target),
    )
    if not may_upload:
        st.info(
            "Ihr Bogen ist abgeschlossen; eine hochgeladene Vorlage kann ihn nicht ändern."
            if target.kind == "sheet"
            else "Diese Runde ist abgeschlossen; eine hochgeladene Vorlage kann sie nicht ändern."
        )
        return
    _render_upload(target)


def _render_upload(target: Target) -> None:
    where = "Ihren Bogen" if target.kind == "sheet" else "Ihren Entwurf"
    uploaded = st.file_uploader(
        "Ausgefüllte Vorlage hochladen (.xlsx oder .csv, höchstens 5 MB)",
        type=["xlsx", "csv"],
        key=_key("upload", target),
    )
    error = st.session_state.pop(_key("error", target), None)
    if error:
        st.error(error)
    if uploaded is None:
        return
    data = uploaded.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    done = st.session_state.get(_key("done", target))
    if done and done["digest"] == digest:
        if done["answers"] or done["notes"]:
            st.success(
                f"Übernommen: {plural(done['answers'], 'Bewertung', 'Bewertungen')} und "
                f"{plural(done['notes'], 'Notiz', 'Notizen')} "
                f"{'wurde' if done['answers'] + done['notes'] == 1 else 'wurden'} in {where} "
                "geschrieben.",
                icon=":material/check_circle:",
            )
        else:
            st.info("Keine Änderungen: die Datei entspricht schon Ihrem gespeicherten Stand.")
        return
    actor = current_actor()
    if actor is None:
        return
    check = (
        team_offline.check_sheet_file
        if target.kind == "sheet"
        else self_analysis.check_offline_file
    )
    result = check(get_engine(), actor, target.assessment_id, data, uploaded.name)
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
        "In meinen Bogen übernehmen" if target.kind == "sheet" else "In den Entwurf übernehmen",
        type="primary",
        key=_key("apply", target),
        on_click=_apply,
        args=(
            target,
            digest,
            dict(result.parsed.answers),
            dict(result.parsed.notes),
        ),
    )

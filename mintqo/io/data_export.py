"""DSGVO data export: everything stored about one initiative, as a zip of JSON and CSV files.

``daten.json`` holds all of it in one document; one CSV per table (semicolon-separated,
UTF-8 with BOM, formula-safe via :mod:`mintqo.io.tabular`) opens directly in Excel.
Password and recovery-code hashes are never exported. The audit events and the invitation that
created the initiative are the rows erasure pseudonymises (:mod:`mintqo.store.traces`); who did
something is named only if it is one of the initiative's own accounts.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine, Table, false, select

from mintqo.audit_labels import action_label, detail_label, target_label
from mintqo.io.answers_export import export_filename as named_filename
from mintqo.io.tabular import csv_bytes
from mintqo.store.engine import read_session
from mintqo.store.models import (
    ActionItem,
    Answer,
    Assessment,
    AuditEvent,
    CriterionNote,
    CriterionScore,
    ImpactStep,
    Initiative,
    LoginEvent,
    OneTimeCode,
    Project,
    SheetAnswer,
    SheetNote,
    TeamSheet,
    User,
)
from mintqo.store.traces import traces_of

EXCLUDED_COLUMNS = {
    "app_user": {"password_hash", "recovery_hash"},  # hashes of secrets: never in a file
    "one_time_code": {"code_hash"},
    "audit_event": {"id"},  # a running number over everybody's events
}
# Who did something, if it was not one of the initiative's own accounts: never by user name.
FOREIGN_ACTOR = "Koordination, Programmteam oder ehemaliges Mitglied"
FOREIGN_ACCOUNT = "anderes Benutzerkonto"  # a target "user:<name>" outside the initiative
OPERATOR_ACTORS = {"cli": "Betrieb (Kommandozeile)", "system": "Betrieb (automatisch)"}
README = """Datenexport aus mintqo
======================

Dieses Archiv enthält alle Daten, die mintqo zu Ihrer Initiative gespeichert hat:

  daten.json            alles in einer Datei (maschinenlesbar)
  initiative.csv        Name, Netzwerk, Einwilligung zum Teilen der Ergebnisse
  benutzer.csv          Benutzerkonten (ohne Passwörter)
  projekte.csv          Ihre Projekte
  selbstanalysen.csv    Runden der Selbstanalyse mit Status und Zeitpunkten
  antworten.csv         Ihre Bewertungen je Aussage (leer = nicht zutreffend)
  notizen.csv           Notizen und Belege je Kriterium
  ergebnisse.csv        berechnete Werte je Kriterium (0–100)
  wirkungstreppe.csv    Angaben zur Wirkungstreppe
  massnahmen.csv        Ihr Maßnahmenplan
  teambogen.csv         Bögen der Teamrunden: wer teilnimmt, wer leitet, wer abgeschlossen hat
  teambogen-bewertungen.csv  Bewertungen in den Bögen: Ihre eigenen, und die abgeschlossenen
                        Bögen der anderen, sobald Sie den Team-Vergleich sehen dürfen
  teambogen-notizen.csv Notizen in Ihren eigenen Bögen (die anderer bleiben deren eigene)
  einladungen.csv       Einladungs- und Rücksetzcodes, auch die Einladung, mit der Ihre
                        Initiative angelegt wurde (nur Metadaten, keine Codes)
  anmeldungen.csv       Anmeldeversuche Ihrer Benutzerkonten
  protokoll.csv         Protokolleinträge zu Ihrer Initiative und Ihren Benutzerkonten; wer
                        nicht zu Ihrer Initiative gehört (Koordination, Programmteam), steht
                        dort ohne Benutzernamen

Die CSV-Dateien sind durch Semikolon getrennt und UTF-8-kodiert, mit deutschen
Spaltennamen und Werten (Zeiten in deutscher Zeit, z. B. "09.03.2026, 13:01 Uhr").
daten.json enthält dieselben Daten mit den technischen Feldnamen und Zeiten in UTC (ISO 8601).
"""

# file stem -> table, in the order of the README
FILES = (
    ("initiative", "initiative"),
    ("benutzer", "app_user"),
    ("projekte", "project"),
    ("selbstanalysen", "assessment"),
    ("antworten", "answer"),
    ("notizen", "criterion_note"),
    ("ergebnisse", "criterion_score"),
    ("wirkungstreppe", "impact_step"),
    ("massnahmen", "action_item"),
    ("teambogen", "team_sheet"),
    ("teambogen-bewertungen", "sheet_answer"),
    ("teambogen-notizen", "sheet_note"),
    ("einladungen", "one_time_code"),
    ("anmeldungen", "login_event"),
    ("protokoll", "audit_event"),
)


# CSV headers in German (the JSON keeps the stored names, for machines).
COLUMN_LABELS: dict[str, str] = {
    "id": "Nr.",
    "name": "Name",
    "network_id": "Netzwerk-Nr.",
    "initiative_id": "Initiative-Nr.",
    "project_id": "Projekt-Nr.",
    "assessment_id": "Selbstanalyse-Nr.",
    "user_id": "Benutzer-Nr.",
    "share_named_results": "Ergebnisse namentlich geteilt",
    "created_at": "Angelegt am",
    "updated_at": "Geändert am",
    "scores_version": "Stand der Werte",
    "released_version": "Veröffentlichter Stand",
    "username": "Benutzername",
    "display_name": "Anzeigename",
    "role": "Rolle",
    "active": "Aktiv",
    "last_login_at": "Letzte Anmeldung",
    "password_reset_at": "Passwort zurückgesetzt am",
    "password_reset_by": "Passwort zurückgesetzt von",
    "reset_notice_pending": "Hinweis auf Zurücksetzung offen",
    "invited_by": "Eingeladen von",
    "round_no": "Runde",
    "questionnaire_version": "Fragebogen-Version",
    "status": "Status",
    "is_latest": "Neueste Runde",
    "version": "Bearbeitungsstand",
    "current_step": "Aktueller Schritt",
    "started_at": "Begonnen am",
    "submitted_at": "Abgeschickt am",
    "item_id": "Aussage-ID",
    "value": "Bewertung (1–5, leer = nicht zutreffend)",
    "criterion_id": "Kriterium-ID",
    "text": "Text",
    "score": "Wert (0–100)",
    "answered": "Bewertete Aussagen",
    "step": "Stufe",
    "evidence": "Nachweis",
    "indicator": "Indikator",
    "what": "Maßnahme",
    "who": "Wer",
    "due": "Bis wann",
    "kind": "Art",
    "created_by": "Erstellt von",
    "label": "Bezeichnung",
    "expires_at": "Gültig bis",
    "used_at": "Eingelöst am",
    "at": "Zeitpunkt",
    "success": "Erfolgreich",
    "client": "Adresse",
    "sheet_id": "Bogen-Nr.",
    "is_lead": "Leitet die Runde",
    "finished_at": "Abgeschlossen am",
    "mode": "Art der Runde",
    "actor": "Wer",
    "action": "Aktion",
    "target": "Betrifft",
    "detail": "Details",
}
VALUE_LABELS: dict[str, dict[str, str]] = {
    "status": {
        "draft": "in Bearbeitung",
        "submitted": "abgeschickt",
        "open": "offen",
        "in_progress": "in Arbeit",
        "done": "erledigt",
        "finished": "abgeschlossen",
    },
    "mode": {"single": "allein", "team": "im Team"},
    "role": {
        "initiative": "Initiative",
        "coordinator": "Netzwerkkoordination",
        "admin": "Programmteam",
    },
    "kind": {
        "invitation": "Einladung",
        "reset": "Zurücksetzung",
        "login": "Anmeldung",
        "password_check": "Passwortprüfung",
        "unlock": "Entsperrung",
    },
    "evidence": {"ja": "ja", "teilweise": "teilweise", "nein": "nein"},
}


TEXT_LABELS = {"action": action_label, "target": target_label, "detail": detail_label}
"""The audit log's keys in the words of "Verwaltung → Protokoll" (the JSON keeps the keys)."""


def german_frame(columns: list[str], rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A table as the CSV shows it: German headers, German values (status, roles, kinds);
    truth values and times are written in German by :mod:`mintqo.io.tabular`."""
    frame = pd.DataFrame(rows, columns=columns)
    for column, label in TEXT_LABELS.items():
        if column in frame:
            frame[column] = frame[column].map(label)
    for column in columns:
        if column in VALUE_LABELS:
            labels = VALUE_LABELS[column]
            frame[column] = frame[column].map(lambda v, labels=labels: labels.get(v, v))
        if column in ("value", "step", "round_no", "answered", "questionnaire_version"):
            frame[column] = frame[column].astype("Int64")
    return frame.rename(columns=lambda c: COLUMN_LABELS.get(c, c))


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class TableData:
    columns: list[str]
    rows: list[dict[str, Any]]


@dataclass(frozen=True)
class SheetSelection:
    """Which members' sheets of team rounds go into an export: whose ratings, whose notes."""

    ratings: Collection[int]  # sheet ids
    notes: Collection[int]


def collect(
    engine: Engine, initiative_id: int, sheets: SheetSelection | None = None
) -> dict[str, TableData]:
    """All rows belonging to the initiative, per table name (columns as stored, minus secrets).

    ``sheets``: whose sheet ratings and notes are included (the self-service export passes
    what its member may read, :mod:`mintqo.services.initiative`); None: every sheet, as
    erasure sees the initiative. Who takes part in which round (``team_sheet``) is always
    included: every member sees it on the round's page."""
    with read_session(engine) as s:
        project_ids = list(
            s.scalars(select(Project.id).where(Project.initiative_id == initiative_id))
        )
        assessment_ids = list(
            s.scalars(select(Assessment.id).where(Assessment.project_id.in_(project_ids)))
        )
        usernames = list(
            s.scalars(select(User.username).where(User.initiative_id == initiative_id))
        )
        user_ids = list(s.scalars(select(User.id).where(User.initiative_id == initiative_id)))
        traces = traces_of(s, initiative_id)
        audit_events = false() if traces is None else traces.audit_events()
        created_it = false() if traces is None else traces.creating_invitation()
        sheet_ids = list(
            s.scalars(select(TeamSheet.id).where(TeamSheet.assessment_id.in_(assessment_ids)))
        )
        rated = sheet_ids if sheets is None else [i for i in sheet_ids if i in sheets.ratings]
        noted = sheet_ids if sheets is None else [i for i in sheet_ids if i in sheets.notes]
        selections: dict[str, tuple[Table, Any]] = {
            "initiative": (Initiative.__table__, Initiative.id == initiative_id),
            "app_user": (User.__table__, User.initiative_id == initiative_id),
            "project": (Project.__table__, Project.initiative_id == initiative_id),
            "assessment": (Assessment.__table__, Assessment.project_id.in_(project_ids)),
            "answer": (Answer.__table__, Answer.assessment_id.in_(assessment_ids)),
            "criterion_note": (
                CriterionNote.__table__,
                CriterionNote.assessment_id.in_(assessment_ids),
            ),
            "criterion_score": (
                CriterionScore.__table__,
                CriterionScore.assessment_id.in_(assessment_ids),
            ),
            "impact_step": (ImpactStep.__table__, ImpactStep.project_id.in_(project_ids)),
            "action_item": (ActionItem.__table__, ActionItem.project_id.in_(project_ids)),
            "team_sheet": (TeamSheet.__table__, TeamSheet.id.in_(sheet_ids)),
            "sheet_answer": (SheetAnswer.__table__, SheetAnswer.sheet_id.in_(rated)),
            "sheet_note": (SheetNote.__table__, SheetNote.sheet_id.in_(noted)),
            "one_time_code": (
                OneTimeCode.__table__,
                (OneTimeCode.initiative_id == initiative_id)
                | OneTimeCode.user_id.in_(user_ids)
                | created_it,
            ),
            "login_event": (LoginEvent.__table__, LoginEvent.username.in_(usernames)),
            "audit_event": (AuditEvent.__table__, audit_events),
        }
        data: dict[str, TableData] = {}
        for name, (table, condition) in selections.items():
            columns = [c for c in table.columns if c.name not in EXCLUDED_COLUMNS.get(name, ())]
            rows = s.execute(
                select(*columns).where(condition).order_by(*table.primary_key.columns)
            ).all()
            data[name] = TableData([c.name for c in columns], [dict(r._mapping) for r in rows])
    own = set(usernames)
    for row in data["audit_event"].rows:
        row["actor"] = _actor(row["actor"], own)
        kind, _, account = row["target"].partition(":")
        if kind == "user" and account not in own:
            row["target"] = FOREIGN_ACCOUNT
    return data


def _actor(actor: str, own: set[str]) -> str:
    """An audit event's actor as the export names it: the initiative's own accounts by user
    name, the operator's commands as such, everybody else (coordination, programme team, former
    members) only as :data:`FOREIGN_ACTOR`."""
    if actor in own:
        return actor
    return OPERATOR_ACTORS.get(actor, FOREIGN_ACTOR)


def export_zip(engine: Engine, initiative_id: int, sheets: SheetSelection | None = None) -> bytes:
    """The initiative's data as a zip (daten.json, one CSV per table, LIESMICH.txt);
    ``sheets`` as for :func:`collect`."""
    data = collect(engine, initiative_id, sheets)
    if not data["initiative"].rows:
        raise ValueError("Diese Initiative gibt es nicht.")
    document = {
        "format": "mintqo-datenexport",
        "erstellt": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "initiative_id": initiative_id,
        "tabellen": {
            name: [{k: _json_value(v) for k, v in row.items()} for row in table.rows]
            for name, table in data.items()
        },
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("LIESMICH.txt", README)
        zf.writestr(
            "daten.json", json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
        )
        for stem, table in FILES:
            frame = german_frame(data[table].columns, data[table].rows)
            zf.writestr(f"{stem}.csv", csv_bytes(frame))
    return buffer.getvalue()


def export_filename(
    initiative_id: int, today: dt.date | None = None, initiative_name: str | None = None
) -> str:
    """``mintqo-Daten_Robotik-Werkstatt-e-V_2026-11-22.zip`` (the id only without a name)."""
    if initiative_name:
        return named_filename("mintqo-Daten", initiative_name, "zip", today)
    day = (today or dt.date.today()).isoformat()
    return f"mintqo-daten-initiative-{initiative_id}-{day}.zip"

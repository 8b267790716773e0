"""Admin tab "Protokoll": the audit log of actions on other people's data, in German words."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import streamlit as st

from mintqo.access import Actor
from mintqo.formats import local_time
from mintqo.io.tabular import csv_bytes
from mintqo.services import organisations
from mintqo.ui.engine import get_engine
from mintqo.ui.tables import show_table

# German names of the audit log's actions and targets (the log stores stable English keys).
ACTION_LABELS = {
    "buddy.accept": "Buddy-Anfrage angenommen",
    "buddy.decline": "Buddy-Anfrage abgelehnt",
    "buddy.end": "Buddy-Partnerschaft beendet",
    "buddy.request": "Buddy-Partnerschaft angefragt",
    "cohort.create": "Kohorte angelegt",
    "cohort.rename": "Kohorte umbenannt",
    "initiative.delete": "Initiative gelöscht (DSGVO)",
    "initiative.share_named_results": "Namentliche Freigabe der Ergebnisse geändert",
    "invitation.create": "Einladungscode erstellt",
    "invitation.redeem": "Einladungscode eingelöst",
    "invitation.revoke": "Einladungscode zurückgezogen",
    "member.leave": "Mitglied hat die Initiative verlassen",
    "network.archive": "Netzwerk archiviert",
    "network.assign_cohort": "Netzwerk einer Kohorte zugeordnet",
    "network.create": "Netzwerk angelegt",
    "network.rename": "Netzwerk umbenannt",
    "network.unarchive": "Netzwerk wieder aktiviert",
    "org.import": "Netzwerke und Initiativen importiert",
    "password.reset": "Passwort zurückgesetzt",
    "recovery_code.renew": "Wiederherstellungscode erneuert",
    "reset.revoke": "Rücksetzcode zurückgezogen",
    "reset_code.create": "Rücksetzcode erstellt",
    "user.create": "Benutzerkonto angelegt",
    "user.disable": "Benutzerkonto deaktiviert",
    "user.enable": "Benutzerkonto aktiviert",
    "user.role": "Rolle geändert",
    "user.unlock": "Anmeldesperre aufgehoben",
}
TARGET_LABELS = {
    "user": "Benutzerkonto",
    "network": "Netzwerk Nr.",
    "initiative": "Initiative Nr.",
    "cohort": "Kohorte Nr.",
    "code": "Code Nr.",
}
ACTOR_LABELS = {"cli": "Kommandozeile", "system": "System"}
_ROLE_WORDS = {
    "admin": "Programmteam",
    "coordinator": "Netzwerkkoordination",
    "initiative": "Initiative",
    "None": "–",
    "an": "an",
    "aus": "aus",
}
_WORD = re.compile(r"\b(admin|coordinator|initiative|None)\b")


def action_label(action: str) -> str:
    """'invitation.redeem' → 'Einladungscode eingelöst'; unknown keys stay readable as they are."""
    return ACTION_LABELS.get(action, action)


def target_label(target: str) -> str:
    """'network:1' → 'Netzwerk Nr. 1', 'user:kim' → 'Benutzerkonto kim', 'csv' → 'CSV-Datei'."""
    kind, _, rest = target.partition(":")
    if not rest:
        return "CSV-Datei" if target == "csv" else target
    return f"{TARGET_LABELS.get(kind, kind)} {rest}"


def detail_label(detail: str | None) -> str:
    """Role keys and empty values in a detail in German ('coordinator' → 'Netzwerkkoordination')."""
    if not detail:
        return ""
    return _WORD.sub(lambda m: _ROLE_WORDS[m.group(1)], detail)


def audit_frame(actor: Actor, search: str = "") -> pd.DataFrame:
    events = _events(actor, search)
    return pd.DataFrame(
        {
            "Zeitpunkt": [local_time(e.at) for e in events],
            "Wer": [ACTOR_LABELS.get(e.actor, e.actor) for e in events],
            "Aktion": [action_label(e.action) for e in events],
            "Betrifft": [target_label(e.target) for e in events],
            "Details": [detail_label(e.detail) for e in events],
        },
        columns=AUDIT_COLUMNS,
    )


AUDIT_COLUMNS = ["Zeitpunkt", "Wer", "Aktion", "Betrifft", "Details"]
AUDIT_COLUMN_CONFIG = {
    "Zeitpunkt": st.column_config.TextColumn(width=175),
    "Wer": st.column_config.TextColumn(width="small"),
    "Aktion": st.column_config.TextColumn(width="medium"),
    "Betrifft": st.column_config.TextColumn(width="medium"),
    "Details": st.column_config.TextColumn(width="large"),
}


def _events(actor: Actor, search: str) -> list:
    """The log as searched: the text as typed (user, stored action, target), and the actions
    whose German name contains it ("eingelöst" finds "invitation.redeem"); newest first."""
    engine = get_engine()
    found = {e.id: e for e in organisations.audit_log(engine, actor, search=search)}
    needle = search.strip().lower()
    if needle:
        for key, label in ACTION_LABELS.items():
            if needle in label.lower():
                found.update({e.id: e for e in organisations.audit_log(engine, actor, search=key)})
    return sorted(found.values(), key=lambda e: (e.at, e.id), reverse=True)


def render_audit_log(actor: Actor) -> None:
    st.subheader("Protokoll")
    st.caption(
        "Aktionen von Programmteam und Koordination, die Daten anderer betreffen: wer, was, wann."
    )
    search = st.text_input("Suchen (Benutzer, Aktion oder Ziel)", key="admin-audit-search")
    frame = audit_frame(actor, search)
    if frame.empty:
        st.info("Keine Einträge.")
    else:
        show_table(
            frame,
            hide_index=True,
            width="stretch",
            column_config=AUDIT_COLUMN_CONFIG,
        )
        st.download_button(
            "Protokoll als CSV",
            data=csv_bytes(frame),
            file_name=f"mintqo-Protokoll_{dt.date.today().isoformat()}.csv",
            mime="text/csv",
            on_click="ignore",
            key="admin-audit-csv",
        )

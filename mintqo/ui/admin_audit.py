"""Admin tab "Protokoll": the audit log of actions on other people's data, in German words."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from mintqo.access import Actor
from mintqo.audit_labels import (
    ACTION_LABELS,
    ACTOR_LABELS,
    action_label,
    detail_label,
    target_label,
)
from mintqo.formats import local_time
from mintqo.io.tabular import csv_bytes
from mintqo.services import organisations
from mintqo.ui.engine import get_engine
from mintqo.ui.tables import show_table


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

"""The audit log in German (issue 14, items 8 and 9): actions and targets by name, times in
Berlin time, the same in the table and in its CSV."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from mintqo.audit_labels import ACTION_LABELS, action_label, detail_label, target_label
from mintqo.store.engine import write_session
from mintqo.store.models import AuditEvent
from tests.conftest import app_test, open_section

ROOT = Path(__file__).resolve().parents[1]
GERMAN_TIME = re.compile(r"^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr$")


def _recorded_actions() -> set[str]:
    """Every action key the code writes to the audit log: the literal action argument of
    ``audit.record(…)``, an ``action = "…" if … else "…"`` before it, and the revocation
    keys built from a code's kind."""
    keys: set[str] = set()
    call = re.compile(r'audit\.record\(\s*[^,()]+,\s*[^,()]+,\s*"([a-z_]+\.[a-z_]+)"', re.S)
    choice = re.compile(r'action = "([a-z_]+\.[a-z_]+)" if [^\n]+ else "([a-z_]+\.[a-z_]+)"')
    for path in (ROOT / "mintqo").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "audit.record" not in text:
            continue
        keys |= set(call.findall(text))
        keys |= {key for pair in choice.findall(text) for key in pair}
        if 'f"{row.kind}.revoke"' in text:
            keys |= {"invitation.revoke", "reset.revoke"}
    return keys


def test_every_recorded_action_has_a_german_name() -> None:
    recorded = _recorded_actions()
    assert {"invitation.redeem", "user.role", "network.create"} <= recorded
    missing = recorded - set(ACTION_LABELS)
    assert not missing, missing


def test_labels() -> None:
    assert action_label("invitation.redeem") == "Einladungscode eingelöst"
    assert (
        action_label("initiative.share_named_results")
        == "Namentliche Freigabe der Ergebnisse geändert"
    )
    assert target_label("network:1") == "Netzwerk Nr. 1"
    assert target_label("user:kim") == "Benutzerkonto kim"
    assert target_label("csv") == "CSV-Datei"
    assert detail_label("coordinator (Initiative None, Netzwerk 1) → initiative") == (
        "Netzwerkkoordination (Initiative –, Netzwerk 1) → Initiative"
    )


def test_audit_table_and_csv_speak_german(demo_db: Engine) -> None:
    with write_session(demo_db) as s:
        s.add_all(
            [
                AuditEvent(
                    at=dt.datetime(2026, 3, 9, 12, 1),
                    actor="kim",
                    action="invitation.redeem",
                    target="user:kim",
                    detail="initiative: Robotik",
                ),
                AuditEvent(
                    at=dt.datetime(2026, 3, 9, 12, 2),
                    actor="demo-admin",
                    action="initiative.share_named_results",
                    target="network:1",
                    detail="an",
                ),
            ]
        )
    at = app_test("demo-admin").run()
    at.switch_page("pages/admin.py").run()
    open_section(at, "Protokoll")
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "Aktion" in d.value.columns)
    assert list(table.columns) == ["Zeitpunkt", "Wer", "Aktion", "Betrifft", "Details"]
    rows = table.astype(str).to_numpy().tolist()
    assert ["09.03.2026, 13:01 Uhr", "kim", "Einladungscode eingelöst", "Benutzerkonto kim",
            "Initiative: Robotik"] in rows  # fmt: skip
    assert all(GERMAN_TIME.match(v) for v in table["Zeitpunkt"])
    text = table.to_csv()
    for english in ("invitation.redeem", "initiative.share_named_results", "network:1"):
        assert english not in text
    button = next(b for b in at.get("download_button") if "Protokoll" in b.proto.label)
    assert button.proto.label == "Protokoll als CSV"
    # The search also finds German action names.
    at.text_input(key="admin-audit-search").input("eingelöst").run()
    found = next(d.value for d in at.dataframe if "Aktion" in d.value.columns)
    assert set(found["Aktion"]) == {"Einladungscode eingelöst"}


def test_csv_of_the_log_is_german(demo_db: Engine, monkeypatch) -> None:
    from mintqo.io.tabular import csv_bytes

    frame = pd.DataFrame(
        {
            "Zeitpunkt": ["09.03.2026, 13:01 Uhr"],
            "Wer": ["kim"],
            "Aktion": [action_label("user.role")],
            "Betrifft": [target_label("user:kim")],
            "Details": [detail_label("initiative (Initiative 5, Netzwerk None) → admin")],
        }
    )
    text = csv_bytes(frame).decode("utf-8-sig")
    parsed = pd.read_csv(io.StringIO(text), sep=";")
    assert parsed.loc[0, "Aktion"] == "Rolle geändert"
    assert parsed.loc[0, "Details"] == "Initiative (Initiative 5, Netzwerk –) → Programmteam"

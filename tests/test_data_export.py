"""DSGVO data export: an initiative gets all of its own data, and nothing of anybody else's."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from mintqo.access import Actor
from mintqo.io.data_export import (
    FILES,
    FOREIGN_ACCOUNT,
    FOREIGN_ACTOR,
    OPERATOR_ACTORS,
    export_filename,
    export_zip,
)
from mintqo.services import accounts, invitations, user_admin
from mintqo.services import initiative as initiative_service
from mintqo.store.engine import read_session, write_session
from mintqo.store.erasure import _scope, remaining_rows
from mintqo.store.models import AuditEvent, CriterionNote, Network, OneTimeCode, User
from tests.builders import Builder
from tests.test_erasure import _initiative


@pytest.fixture
def two(engine: Engine) -> dict:
    with write_session(engine) as s:
        network = Network(name="Netz")
        s.add(network)
        s.flush()
        mine = _initiative(s, network.id, "Meine Initiative", 40.0)
        other = _initiative(s, network.id, "Andere Initiative", 60.0)
        s.add(
            CriterionNote(
                assessment_id=mine["assessments"][0], criterion_id="RQ1", text="=HYPERLINK(1)"
            )
        )
    return {"mine": mine, "other": other}


def _open(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_export_contains_every_table_of_the_initiative_and_nothing_else(engine: Engine, two: dict):
    mine = two["mine"]
    zf = _open(export_zip(engine, mine["initiative"]))
    names = set(zf.namelist())
    assert names == {"LIESMICH.txt", "daten.json", *(f"{stem}.csv" for stem, _ in FILES)}
    doc = json.loads(zf.read("daten.json"))
    tables = doc["tabellen"]
    # Exactly the rows erasure would delete are exported (export and erasure agree on "mine").
    with read_session(engine) as s:
        expected = remaining_rows(s, mine["initiative"], _scope(s, mine["initiative"]))
    # one_time_code: erasure also counts codes the user issued for others (not their data).
    expected["one_time_code"] -= 1
    # Derived dashboard tables repeat criterion_score (which is exported); no data of their own.
    for derived in ("initiative_criterion_score", "initiative_round_score"):
        assert expected.pop(derived) == 0  # the fixture writes rows without submitting
    # Team sheets go with their rounds and accounts (ON DELETE CASCADE), so erasure does not
    # count them; the fixture's member has one sheet with one rating and one note.
    expected.update(team_sheet=1, sheet_answer=1, sheet_note=1)
    expected["audit_event"] = 0  # the fixture writes no audit events (see the tests below)
    assert {name: len(rows) for name, rows in tables.items()} == expected
    text = json.dumps(doc, ensure_ascii=False)
    assert "Meine Initiative" in text and "Andere Initiative" not in text
    assert "password_hash" not in text and "code_hash" not in text
    assert "recovery_hash" not in text
    assert {r["text"] for r in tables["criterion_note"]} == {
        "Notiz Meine Initiative",
        "=HYPERLINK(1)",
    }


def test_csv_files_open_in_excel_and_are_formula_safe(engine: Engine, two: dict):
    zf = _open(export_zip(engine, two["mine"]["initiative"]))
    raw = zf.read("notizen.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    notes = pd.read_csv(io.BytesIO(raw), sep=";", encoding="utf-8-sig")
    assert set(notes["Text"]) == {"Notiz Meine Initiative", "'=HYPERLINK(1)"}
    users = pd.read_csv(io.BytesIO(zf.read("benutzer.csv")), sep=";", encoding="utf-8-sig")
    assert list(users["Benutzername"]) == [two["mine"]["username"]]
    assert "password_hash" not in users.columns


def test_csv_files_speak_german(engine: Engine, two: dict):
    """Issue 14, item 9: no assessment_id, submitted/draft or True/False in the CSV files."""
    zf = _open(export_zip(engine, two["mine"]["initiative"]))
    texts = {name: zf.read(name).decode("utf-8-sig") for name in zf.namelist()}
    rounds = pd.read_csv(io.StringIO(texts["selbstanalysen.csv"]), sep=";")
    assert "Selbstanalyse-Nr." not in rounds.columns and "Projekt-Nr." in rounds.columns
    assert set(rounds["Status"]) <= {"in Bearbeitung", "abgeschickt"}
    answers = pd.read_csv(io.StringIO(texts["antworten.csv"]), sep=";")
    assert "Selbstanalyse-Nr." in answers.columns and "assessment_id" not in answers.columns
    for name, text in texts.items():
        if not name.endswith(".csv"):
            continue
        header = text.splitlines()[0]
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", header), (name, header)  # no stored names
        assert not re.search(r'"(True|False|submitted|draft|None|nan)"', text), name
        assert not re.search(r"\d{4}-\d{2}-\d{2}T", text), name  # German times, not ISO
    initiative = pd.read_csv(io.StringIO(texts["initiative.csv"]), sep=";")
    assert initiative.loc[0, "Ergebnisse namentlich geteilt"] in {"ja", "nein"}


def test_unknown_initiative_and_filename(engine: Engine):
    with pytest.raises(ValueError, match="gibt es nicht"):
        export_zip(engine, 12345)
    assert export_filename(7, dt.date(2026, 11, 22)) == "mintqo-daten-initiative-7-2026-11-22.zip"
    assert (
        export_filename(7, dt.date(2026, 11, 22), "Robotik-Werkstatt e.V.")
        == "mintqo-Daten_Robotik-Werkstatt-e-V_2026-11-22.zip"
    )


# --- the history: audit events and the invitation that created the initiative (issue 13, 11) ---

PASSWORD = "Gelbe Tomaten fliegen"
MINE, OTHER = "Robotik-Werkstatt e.V.", "Zweite Initiative gGmbH"
GERMAN_TIME = re.compile(r"^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr$")


def _registered(engine: Engine, coordinator: Actor, name: str, username: str) -> tuple:
    """A new initiative as it comes about: the coordinator's invitation, redeemed."""
    network_id = coordinator.network_id
    code = invitations.create_invitation(
        engine, coordinator, role="initiative", network_id=network_id, new_initiative_name=name
    )
    new = accounts.register(
        engine, code.code, username, f"{username.title()} Muster", PASSWORD, PASSWORD
    )
    with read_session(engine) as s:
        initiative_id = s.scalar(select(User.initiative_id).where(User.id == new.user_id))
    member = Actor(new.user_id, username, username, "initiative", initiative_id)
    return member, code.code


@pytest.fixture
def history(engine: Engine) -> dict:
    """Two initiatives of one network, each created by the coordinator's invitation, with a
    consent change and a member's invitation; the programme team disables and enables the
    first one's member."""
    b = Builder(engine)
    network = b.network("Netz")
    coordinator = b.coordinator(network)
    admin = b.user("team-admin", "admin")
    me, created_with = _registered(engine, coordinator, MINE, "robotik")
    other, _ = _registered(engine, coordinator, OTHER, "zweite")
    codes = [created_with]
    for member in (me, other):
        initiative_service.set_consent(engine, member, True)
        codes.append(invitations.create_member_invitation(engine, member).code)
    user_admin.set_active(engine, admin, me.user_id, False)
    user_admin.set_active(engine, admin, me.user_id, True)
    return {"me": me, "other": other, "codes": codes}


def _texts(data: bytes) -> dict[str, str]:
    zf = _open(data)
    return {name: zf.read(name).decode("utf-8-sig") for name in zf.namelist()}


def test_export_contains_the_audit_events_without_foreign_user_names(engine: Engine, history: dict):
    me = history["me"]
    texts = _texts(export_zip(engine, me.initiative_id))
    log = pd.read_csv(io.StringIO(texts["protokoll.csv"]), sep=";", keep_default_na=False)
    assert list(log.columns) == ["Zeitpunkt", "Wer", "Aktion", "Betrifft", "Details"]
    assert all(GERMAN_TIME.match(t) for t in log["Zeitpunkt"])
    events = sorted(zip(log["Aktion"], log["Wer"], strict=True))
    # the actions in the words of "Verwaltung → Protokoll"; the JSON keeps the stored keys
    assert events == sorted(
        [
            ("Namentliche Freigabe der Ergebnisse geändert", "robotik"),
            ("Einladungscode erstellt", FOREIGN_ACTOR),  # the coordinator's invitation created it
            ("Einladungscode erstellt", "robotik"),  # a member invites a colleague
            ("Einladungscode eingelöst", "robotik"),
            ("Benutzerkonto deaktiviert", FOREIGN_ACTOR),  # the programme team
            ("Benutzerkonto aktiviert", FOREIGN_ACTOR),
        ]
    )
    created = log[(log["Aktion"] == "Einladungscode erstellt") & (log["Wer"] == FOREIGN_ACTOR)]
    assert list(created["Details"]) == [f"neue Initiative: {MINE}"]
    doc = json.loads(texts["daten.json"])
    assert len(doc["tabellen"]["audit_event"]) == len(log)
    assert {"user.disable", "invitation.redeem"} <= {
        e["action"] for e in doc["tabellen"]["audit_event"]
    }
    everything = "\n".join(texts.values())
    assert "koord-" not in everything and "team-admin" not in everything  # no foreign accounts
    assert "zweite" not in everything.lower()  # nothing of the other initiative


def test_export_contains_the_invitation_that_created_the_initiative_without_its_code(
    engine: Engine, history: dict
):
    me = history["me"]
    texts = _texts(export_zip(engine, me.initiative_id))
    codes = pd.read_csv(io.StringIO(texts["einladungen.csv"]), sep=";", keep_default_na=False)
    created = codes[codes["Bezeichnung"] == MINE]
    creating = created[created["Initiative-Nr."] == ""]  # the new initiative did not exist yet
    assert len(creating) == 1
    assert creating.iloc[0]["Art"] == "Einladung" and creating.iloc[0]["Eingelöst am"]
    assert "code_hash" not in texts["daten.json"]
    with read_session(engine) as s:
        hashes = list(s.scalars(select(OneTimeCode.code_hash)))
    everything = "\n".join(texts.values())
    secrets = [*history["codes"], *hashes]
    assert not [c for c in secrets if c in everything]
    assert OTHER not in everything


def test_export_hands_out_exactly_the_history_erasure_pseudonymises(engine: Engine, history: dict):
    """The same rows (mintqo.store.traces): what the export shows is what erasure removes."""
    me = history["me"]
    doc = json.loads(_open(export_zip(engine, me.initiative_id)).read("daten.json"))
    exported = sorted((r["at"], r["action"]) for r in doc["tabellen"]["audit_event"])
    invitation = [r for r in doc["tabellen"]["one_time_code"] if r["label"] == MINE]
    assert exported and len(invitation) == 2  # the creating and the member's invitation
    with read_session(engine) as s:
        before = {e.id: (e.actor, e.target, e.detail) for e in s.scalars(select(AuditEvent))}
    initiative_service.delete_own(engine, me, MINE)
    with read_session(engine) as s:
        after = {e.id: e for e in s.scalars(select(AuditEvent))}
        left = list(s.scalars(select(OneTimeCode.id).where(OneTimeCode.label == MINE)))
    changed = sorted(
        (e.at.isoformat(), e.action)
        for i, e in after.items()
        if i in before and before[i] != (e.actor, e.target, e.detail)
    )
    assert changed == exported
    assert left == []


def test_other_accounts_named_in_an_event_stay_unnamed(engine: Engine, history: dict):
    """An event found by the initiative's name in its detail may be about another account."""
    with write_session(engine) as s:
        s.add(
            AuditEvent(
                at=dt.datetime(2026, 3, 9, 12, 1),
                actor="cli",
                action="user.role",
                target="user:fremd-konto",
                detail=f"initiative ({MINE}) → coordinator",
            )
        )
    texts = _texts(export_zip(engine, history["me"].initiative_id))
    log = pd.read_csv(io.StringIO(texts["protokoll.csv"]), sep=";", keep_default_na=False)
    row = log[log["Aktion"] == "Rolle geändert"].iloc[0]
    assert (row["Wer"], row["Betrifft"]) == (OPERATOR_ACTORS["cli"], FOREIGN_ACCOUNT)
    assert row["Zeitpunkt"] == "09.03.2026, 13:01 Uhr"  # Berlin time, stored in UTC
    assert "fremd-konto" not in "\n".join(texts.values())

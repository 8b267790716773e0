"""DSGVO data export: an initiative gets all of its own data, and nothing of anybody else's."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pandas as pd
import pytest
from sqlalchemy import Engine

from mintqo.io.data_export import FILES, export_filename, export_zip
from mintqo.store.engine import read_session, write_session
from mintqo.store.erasure import _scope, remaining_rows
from mintqo.store.models import CriterionNote, Network
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
    import datetime as dt

    assert export_filename(7, dt.date(2026, 11, 22)) == "mintqo-daten-initiative-7-2026-11-22.zip"
    assert (
        export_filename(7, dt.date(2026, 11, 22), "Robotik-Werkstatt e.V.")
        == "mintqo-Daten_Robotik-Werkstatt-e-V_2026-11-22.zip"
    )

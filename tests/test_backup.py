"""Backup and restore: a seeded demo store is reproduced exactly on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from mintqo.cli import main as cli_main
from mintqo.io.backup import (
    NOT_BACKED_UP,
    BackupError,
    backup_bytes,
    load_backup_bytes,
    restore,
    table_summaries,
)
from mintqo.store.engine import read_session
from mintqo.store.models import Base
from mintqo.store.organisations import create_network


def test_demo_store_round_trips_exactly(demo_db: Engine, make_store: Callable[..., Engine]):
    source = table_summaries(demo_db)
    assert source["answer"].rows > 1000 and source["app_user"].rows == 5
    assert set(source) == {t.name for t in Base.metadata.sorted_tables} - NOT_BACKED_UP
    for suffix in ("json", "zip"):
        data = backup_bytes(demo_db, f"backup.{suffix}")
        assert data.startswith(b"PK") == (suffix == "zip")
        target = make_store(migrate=False)  # restore migrates an empty database itself
        verified = restore(target, load_backup_bytes(data))
        assert table_summaries(target) == source
        assert {n: s.rows for n, s in verified.items()} == {n: s.rows for n, s in source.items()}


def test_restored_store_keeps_ids_and_continues_numbering(
    demo_db: Engine, make_store: Callable[..., Engine]
):
    target = make_store()
    restore(target, load_backup_bytes(backup_bytes(demo_db, "b.json")))
    with read_session(demo_db) as s:
        max_network = s.scalar(select(func.max(Base.metadata.tables["network"].c.id)))
    # On PostgreSQL this fails unless the sequences were moved past the restored ids.
    assert create_network(target, "Neues Netzwerk nach der Wiederherstellung") == max_network + 1


def test_restore_refuses_a_non_empty_target(demo_db: Engine, engine: Engine):
    create_network(engine, "Schon da")
    with pytest.raises(BackupError) as info:
        restore(engine, load_backup_bytes(backup_bytes(demo_db, "b.json")))
    assert str(info.value) == (
        "Die Zieldatenbank ist nicht leer – Wiederherstellen geht nur in eine leere Datenbank. "
        "Gefüllte Tabellen: network (1)."
    )
    assert table_summaries(engine)["network"].rows == 1


def test_backup_file_is_versioned_and_checksummed(demo_db: Engine):
    doc = json.loads(backup_bytes(demo_db, "b.json"))
    assert doc["format"] == "mintqo-backup" and doc["format_version"] == 1
    assert doc["schema_revisions"]
    assert doc["tables"]["answer"]["count"] == len(doc["tables"]["answer"]["rows"])
    assert len(doc["tables"]["answer"]["sha256"]) == 64


def _tampered(data: bytes) -> bytes:
    doc = json.loads(data)
    doc["tables"]["assessment"]["rows"][0][1] += 1
    return json.dumps(doc).encode()


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: b"", "Die Datei ist keine mintqo-Sicherung (kein gültiges JSON)."),
        (lambda d: b'{"format": "etwas"}', "Die Datei ist keine mintqo-Sicherung."),
        (
            lambda d: d.replace(b'"format_version":1', b'"format_version":99'),
            "Sicherungsformat 99 wird nicht unterstützt (erwartet: 1).",
        ),
        (_tampered, "Tabelle „assessment“ der Sicherung ist beschädigt (Prüfsumme stimmt nicht)."),
        (lambda d: b"PK\x03\x04kaputt", "Das ZIP-Archiv ist beschädigt."),
    ],
)
def test_damaged_backups_are_refused_before_anything_is_written(demo_db, mutate, message):
    with pytest.raises(BackupError) as info:
        load_backup_bytes(mutate(backup_bytes(demo_db, "b.json")))
    assert str(info.value) == message


def test_cli_backup_and_restore(demo_db: Engine, tmp_path: Path, monkeypatch, capsys):
    path = tmp_path / "sicherung.zip"
    assert cli_main(["backup", str(path)]) == 0  # DATABASE_URL points at the demo copy
    assert zipfile.ZipFile(path).namelist() == ["mintqo-backup.json"]
    assert "Sicherung geschrieben" in capsys.readouterr().out
    # Restoring into the same (non-empty) store is refused with a German message.
    assert cli_main(["restore", str(path)]) == 2
    assert "Die Zieldatenbank ist nicht leer" in capsys.readouterr().err
    target = tmp_path / "neu.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{target}")
    assert cli_main(["restore", str(path)]) == 0
    assert "alle Prüfsummen stimmen" in capsys.readouterr().out
    from mintqo.store.engine import make_engine

    restored = make_engine(f"sqlite:///{target}")
    try:
        assert table_summaries(restored) == table_summaries(demo_db)
    finally:
        restored.dispose()

"""Complete, versioned backups of every table as JSON (or zipped JSON), and exact restores.

The dump lists, per table, the column names, the rows (ordered by primary key), a row count and
a SHA-256 checksum over a canonical JSON form of the rows. Restoring writes into an EMPTY,
migrated database (SQLite or PostgreSQL) in one transaction, ids included, resets PostgreSQL's
sequences, and then re-reads every table and compares counts and checksums with the dump.
This is also the way to move a deployment from SQLite to PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Engine, Table, func, insert, select, text

from mintqo import __version__ as app_version
from mintqo.io.archive_guard import BACKUP as BACKUP_LIMITS
from mintqo.io.archive_guard import ArchiveRefused, NotAnArchive, open_checked, read_entry
from mintqo.store import releases, versions
from mintqo.store.derived_scores import DERIVED_TABLES, rewrite_initiative_scores
from mintqo.store.engine import read_session, write_session
from mintqo.store.migrate import current_revisions, upgrade_to_head
from mintqo.store.models import Base

FORMAT = "mintqo-backup"
FORMAT_VERSION = 1
ZIP_MEMBER = "mintqo-backup.json"
_BATCH = 5_000


class BackupError(Exception):
    """A backup cannot be written or restored; the message is German and meant for the operator."""


@dataclass(frozen=True)
class TableSummary:
    name: str
    rows: int
    sha256: str


NOT_BACKED_UP = frozenset({"data_version", "login_session"})
"""Bookkeeping, not data: cache counters (a restored store gets a new generation, so counters
may start again) and open login sessions (after a restore everybody logs in anew)."""


def _tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_BACKED_UP]


def _order(table: Table) -> list[Any]:
    return list(table.primary_key.columns) or list(table.columns)


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _decode(table: Table, column: str, value: Any) -> Any:
    if value is None:
        return None
    col_type = table.c[column].type
    if isinstance(col_type, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(col_type, Date):
        return dt.date.fromisoformat(value)
    if isinstance(col_type, Boolean):
        return bool(value)
    return value


def _checksum(rows: list[list[Any]]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _read_table(
    session: Any, table: Table, columns: list[str] | None = None
) -> tuple[list[str], list[list[Any]]]:
    columns = columns or [c.name for c in table.columns]
    result = session.execute(select(*(table.c[c] for c in columns)).order_by(*_order(table)))
    return columns, [[_encode(v) for v in row] for row in result]


def table_summaries(engine: Engine) -> dict[str, TableSummary]:
    """Row count and checksum of every table, computed the same way a backup does."""
    with read_session(engine) as s:
        summaries = {}
        for table in _tables():
            _, rows = _read_table(s, table)
            summaries[table.name] = TableSummary(table.name, len(rows), _checksum(rows))
    return summaries


def dump(engine: Engine) -> dict[str, Any]:
    """Every table of the store as a JSON-ready dict (one consistent read transaction)."""
    tables: dict[str, Any] = {}
    with read_session(engine) as s:
        for table in _tables():
            columns, rows = _read_table(s, table)
            tables[table.name] = {
                "columns": columns,
                "count": len(rows),
                "sha256": _checksum(rows),
                "rows": rows,
            }
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": app_version,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "source_dialect": engine.dialect.name,
        "schema_revisions": sorted(current_revisions(engine)),
        "tables": tables,
    }


def backup_bytes(engine: Engine, filename: str) -> bytes:
    """The dump as .json, or zipped JSON when ``filename`` ends in .zip."""
    payload = json.dumps(dump(engine), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if not filename.lower().endswith(".zip"):
        return payload
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(ZIP_MEMBER, payload)
    return buffer.getvalue()


def write_backup(engine: Engine, path: Path) -> dict[str, TableSummary]:
    """Write a backup file (atomically: a temporary file renamed into place)."""
    data = backup_bytes(engine, path.name)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return {
        name: TableSummary(name, t["count"], t["sha256"])
        for name, t in load_backup_bytes(data)["tables"].items()
    }


def _zip_member(data: bytes) -> bytes:
    """The JSON inside a zipped backup, opened only after the archive guard accepted the zip.

    A restore may get a file from someone else; a zip bomb must not take the server down.
    """
    try:
        with open_checked(data, BACKUP_LIMITS) as zf:
            names = zf.namelist()
            member = (
                ZIP_MEMBER
                if ZIP_MEMBER in names
                else next((n for n in names if n.endswith(".json")), None)
            )
            if member is None:
                raise BackupError("Das ZIP-Archiv enthält keine Sicherung (JSON-Datei).")
            return read_entry(zf, member, BACKUP_LIMITS.max_entry_bytes)
    except NotAnArchive as exc:
        raise BackupError("Das ZIP-Archiv ist beschädigt.") from exc
    except ArchiveRefused as exc:
        raise BackupError(
            f"Das ZIP-Archiv wird nicht geöffnet: {exc} Eine mit „python -m mintqo backup“ "
            "erstellte Sicherung enthält genau eine JSON-Datei; bitte prüfen Sie die Herkunft "
            "der Datei."
        ) from exc
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise BackupError("Das ZIP-Archiv ist beschädigt.") from exc


def load_backup_bytes(data: bytes) -> dict[str, Any]:
    """Parse and check a backup file's content (JSON or zip); raises BackupError in German."""
    if data.startswith(b"PK"):
        data = _zip_member(data)
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        # RecursionError: JSON nested thousands of levels deep (a crafted file, not ours).
        raise BackupError("Die Datei ist keine mintqo-Sicherung (kein gültiges JSON).") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise BackupError("Die Datei ist keine mintqo-Sicherung.")
    if doc.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"Sicherungsformat {doc.get('format_version')} wird nicht unterstützt "
            f"(erwartet: {FORMAT_VERSION})."
        )
    known = {t.name: t for t in _tables()}
    for name in NOT_BACKED_UP:  # written by older versions: ignored on restore
        doc.get("tables", {}).pop(name, None)
    for name, entry in doc.get("tables", {}).items():
        if name not in known:
            raise BackupError(f"Die Sicherung enthält die unbekannte Tabelle „{name}“.")
        unknown_columns = set(entry["columns"]) - set(known[name].c.keys())
        if unknown_columns:
            raise BackupError(
                f"Tabelle „{name}“ der Sicherung hat unbekannte Spalten: "
                f"{', '.join(sorted(unknown_columns))}. Bitte zuerst mintqo aktualisieren."
            )
        if len(entry["rows"]) != entry["count"] or _checksum(entry["rows"]) != entry["sha256"]:
            raise BackupError(
                f"Tabelle „{name}“ der Sicherung ist beschädigt (Prüfsumme stimmt nicht)."
            )
    return doc


def _non_empty(session: Any) -> dict[str, int]:
    counts = {t.name: session.scalar(select(func.count()).select_from(t)) or 0 for t in _tables()}
    return {name: n for name, n in counts.items() if n}


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), _BATCH):
        yield rows[start : start + _BATCH]


def _reset_sequences(session: Any) -> None:
    for table in _tables():
        if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement is not False:
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )


def restore(engine: Engine, doc: dict[str, Any]) -> dict[str, TableSummary]:
    """Migrate ``engine``, refuse unless it is empty, write the dump, verify every table.

    All in one transaction: if any table does not match the dump afterwards, nothing stays.
    """
    upgrade_to_head(engine)
    tables = {t.name: t for t in _tables()}
    verified: dict[str, TableSummary] = {}
    with write_session(engine) as s:
        filled = _non_empty(s)
        if filled:
            listing = ", ".join(f"{name} ({n})" for name, n in sorted(filled.items()))
            raise BackupError(
                "Die Zieldatenbank ist nicht leer – Wiederherstellen geht nur in eine leere "
                f"Datenbank. Gefüllte Tabellen: {listing}."
            )
        for name, table in tables.items():
            entry = doc["tables"].get(name)
            if not entry or not entry["rows"]:
                continue
            columns = entry["columns"]
            rows = [
                {c: _decode(table, c, v) for c, v in zip(columns, row, strict=True)}
                for row in entry["rows"]
            ]
            for batch in _batches(rows):
                s.execute(insert(table), batch)
        if engine.dialect.name == "postgresql":
            _reset_sequences(s)
        if DERIVED_TABLES - set(doc["tables"]):
            # A backup from before the derived tables existed: compute them from the scores.
            rewrite_initiative_scores(s)
        if "network_release" not in doc["tables"]:
            # A backup from before releases: its dashboard rows are every network's first release.
            releases.record_existing_as_released(s)
        s.flush()
        for name, entry in doc["tables"].items():
            _, rows = _read_table(s, tables[name], entry["columns"])
            got = TableSummary(name, len(rows), _checksum(rows))
            if got.rows != entry["count"] or got.sha256 != entry["sha256"]:
                raise BackupError(
                    f"Nach dem Wiederherstellen stimmt Tabelle „{name}“ nicht mit der Sicherung "
                    f"überein ({got.rows} statt {entry['count']} Zeilen oder andere Prüfsumme); "
                    "nichts wurde gespeichert."
                )
            verified[name] = got
        # New store contents under old ids and counters: caches must not mistake them.
        versions.renew_generation(s)
    return verified

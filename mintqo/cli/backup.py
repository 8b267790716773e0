"""Backup and restore on the command line (also the way from SQLite to PostgreSQL)."""

from __future__ import annotations

import argparse
from pathlib import Path

from mintqo.cli import CommandError
from mintqo.cli.common import open_engine
from mintqo.io.backup import BackupError, load_backup_bytes, restore, write_backup
from mintqo.store.engine import database_url


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "backup",
        help="Vollständige Sicherung aller Tabellen schreiben (.json oder .zip nach Dateiendung).",
    )
    p.add_argument("file", type=Path, help="Zieldatei, z. B. sicherung-2026-11-22.zip")
    p.set_defaults(func=backup_command)

    p = subparsers.add_parser(
        "restore",
        help="Sicherung in eine LEERE Datenbank (SQLite oder PostgreSQL, DATABASE_URL) einspielen.",
    )
    p.add_argument("file", type=Path, help="Sicherungsdatei (.json oder .zip)")
    p.set_defaults(func=restore_command)


def _print_summary(summaries: dict) -> None:
    for name, summary in summaries.items():
        count = f"{summary.rows:>10,}".replace(",", ".")
        print(f"  {name:<16} {count}  sha256 {summary.sha256[:16]}…")


def backup_command(args: argparse.Namespace) -> int:
    engine = open_engine()
    try:
        summaries = write_backup(engine, args.file)
    except OSError as exc:
        raise CommandError(f"Sicherung konnte nicht geschrieben werden: {exc}") from exc
    print(f"Sicherung geschrieben: {args.file}")
    _print_summary(summaries)
    return 0


def restore_command(args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise CommandError(f"Sicherung konnte nicht gelesen werden: {exc}") from exc
    try:
        doc = load_backup_bytes(data)
        engine = open_engine()
        summaries = restore(engine, doc)
    except BackupError as exc:
        raise CommandError(str(exc)) from exc
    print(f"Sicherung eingespielt in {database_url().split('@')[-1]}; alle Prüfsummen stimmen:")
    _print_summary(summaries)
    return 0

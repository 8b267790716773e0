"""Commands that set up the store and its demo data."""

from __future__ import annotations

import argparse
import time

from mintqo import demo
from mintqo.cli import CommandError
from mintqo.cli.common import open_engine, progress_bars
from mintqo.store.engine import database_url


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("init-db", help="Datenbankschema anlegen bzw. aktualisieren.")
    p.set_defaults(func=init_db)

    p = subparsers.add_parser(
        "seed-demo",
        help="Synthetische Demodaten und Demo-Logins in eine leere Datenbank schreiben.",
    )
    p.add_argument(
        "--scale",
        choices=sorted(demo.SCALES),
        default="demo",
        help="demo: 20 Netzwerke (Standard); national: 130 Netzwerke, ~2 Mio. Antworten",
    )
    p.add_argument("--seed", type=int, default=2026, help="Zufallsstartwert (Standard 2026)")
    p.add_argument(
        "--if-empty",
        action="store_true",
        help="nichts tun (Exit 0), wenn die Datenbank schon Daten enthält",
    )
    p.set_defaults(func=seed_demo)

    p = subparsers.add_parser(
        "demo-reset",
        help="Alle Daten löschen und die Demodaten neu anlegen (für die nächste Gruppe).",
    )
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--yes", action="store_true", help="ohne Rückfrage")
    p.set_defaults(func=demo_reset)


def init_db(args: argparse.Namespace) -> int:
    open_engine()
    print(f"Datenbankschema ist aktuell: {database_url().split('@')[-1]}")
    return 0


def _seed(engine, scale: str, seed: int) -> int:
    started = time.perf_counter()
    with progress_bars() as progress:
        try:
            report = demo.seed(engine, scale=scale, seed=seed, progress=progress)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
    elapsed = time.perf_counter() - started
    print(f"Demodaten ({scale}) in {elapsed:.1f} s angelegt:")
    for table, count in report.counts.items():
        print(f"  {table:<16} {count:>10,}".replace(",", "."))
    users = ", ".join(demo.DEMO_USERS.values())
    if report.password_generated:
        print(f"Demo-Logins: {users} – Passwort: {report.demo_password}")
        print("  (fest einstellen mit MINTQO_DEMO_PASSWORD)")
    else:
        print(f"Demo-Logins: {users} – Passwort aus MINTQO_DEMO_PASSWORD")
    return 0


def seed_demo(args: argparse.Namespace) -> int:
    engine = open_engine()
    if not demo.is_empty(engine):
        if args.if_empty:
            print("Datenbank enthält bereits Daten – keine Demodaten angelegt.")
            return 0
        raise CommandError("Die Datenbank enthält bereits Daten; 'demo-reset' leert sie vorher.")
    return _seed(engine, args.scale, args.seed)


def demo_reset(args: argparse.Namespace) -> int:
    if not args.yes:
        answer = input("Alle Daten dieser Datenbank löschen und Demodaten neu anlegen? [j/N] ")
        if answer.strip().lower() not in {"j", "ja", "y", "yes"}:
            print("Nichts geändert.")
            return 1
    engine = open_engine()
    demo.clear_all(engine)
    return _seed(engine, "demo", args.seed)

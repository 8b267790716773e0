"""``create-user``: accounts for the programme team and for first coordinators."""

from __future__ import annotations

import argparse
import getpass
import os

from mintqo.cli import CommandError
from mintqo.cli.common import open_engine
from mintqo.store.models import ROLES
from mintqo.store.users import UserExistsError, create_user


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("create-user", help="Ein Benutzerkonto anlegen.")
    p.add_argument("username")
    p.add_argument("--role", choices=ROLES, required=True)
    p.add_argument("--name", help="Anzeigename (Standard: Benutzername)")
    p.add_argument("--initiative-id", type=int, help="für die Rolle initiative")
    p.add_argument("--network-id", type=int, help="für die Rolle coordinator")
    p.add_argument(
        "--password-env",
        metavar="VAR",
        help="Passwort aus dieser Umgebungsvariable lesen (sonst wird es abgefragt)",
    )
    p.set_defaults(func=create_user_command)


def _read_password(args: argparse.Namespace) -> str:
    if args.password_env:
        password = os.environ.get(args.password_env, "")
        if not password:
            raise CommandError(
                f"Umgebungsvariable {args.password_env} ist leer oder nicht gesetzt."
            )
        return password
    first = getpass.getpass("Passwort: ")
    if getpass.getpass("Passwort wiederholen: ") != first:
        raise CommandError("Die Passwörter stimmen nicht überein.")
    return first


def create_user_command(args: argparse.Namespace) -> int:
    if args.role == "initiative" and args.initiative_id is None:
        raise CommandError("Die Rolle initiative braucht --initiative-id.")
    if args.role == "coordinator" and args.network_id is None:
        raise CommandError("Die Rolle coordinator braucht --network-id.")
    if args.role == "admin" and (args.initiative_id or args.network_id):
        raise CommandError("Die Rolle admin gehört zu keiner Initiative und keinem Netzwerk.")
    password = _read_password(args)
    engine = open_engine()
    try:
        user_id = create_user(
            engine,
            args.username,
            password,
            args.role,
            display_name=args.name,
            initiative_id=args.initiative_id if args.role == "initiative" else None,
            network_id=args.network_id if args.role == "coordinator" else None,
        )
    except UserExistsError as exc:
        raise CommandError(str(exc)) from exc
    print(f"Benutzer {args.username.strip().lower()} (id {user_id}, Rolle {args.role}) angelegt.")
    return 0

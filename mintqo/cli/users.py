"""``create-user``, ``reset-code``, ``disable-user``, ``enable-user``: the operator's accounts.

The operator has database access anyway, so these commands act as the programme team would;
they are audited as ``cli``. Names and passwords follow the same rules as in the app.
"""

from __future__ import annotations

import argparse
import getpass
import os

from mintqo.cli import CommandError
from mintqo.cli.common import open_engine
from mintqo.errors import UserError
from mintqo.services.account_codes import RESET_HOURS
from mintqo.services.accounts import create_account_as_operator
from mintqo.services.invitations import issue_reset_as_operator
from mintqo.services.user_admin import set_active_as_operator
from mintqo.store.models import ROLES

RECOVERY_HINT = (
    "Persönlicher Wiederherstellungscode (nur jetzt sichtbar; bitte ausdrucken oder sicher "
    "aufbewahren und der Person übergeben – damit setzt sie ihr Passwort selbst zurück):"
)


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

    p = subparsers.add_parser(
        "reset-code",
        help="Einen einmaligen Passwort-Rücksetzcode für ein Konto ausgeben (z. B. fürs Programmteam).",
    )
    p.add_argument("username")
    p.add_argument(
        "--hours", type=int, default=RESET_HOURS, help=f"Gültigkeit (Standard {RESET_HOURS})"
    )
    p.set_defaults(func=reset_code_command)

    p = subparsers.add_parser(
        "disable-user",
        help="Ein Konto deaktivieren (Anmeldung nicht mehr möglich, offene Anmeldungen enden).",
    )
    p.add_argument("username")
    p.set_defaults(func=lambda args: set_active_command(args, False))

    p = subparsers.add_parser("enable-user", help="Ein deaktiviertes Konto wieder aktivieren.")
    p.add_argument("username")
    p.set_defaults(func=lambda args: set_active_command(args, True))


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
    try:
        created = create_account_as_operator(
            open_engine(),
            args.username,
            password,
            args.role,
            display_name=args.name,
            initiative_id=args.initiative_id if args.role == "initiative" else None,
            network_id=args.network_id if args.role == "coordinator" else None,
        )
    except UserError as exc:
        raise CommandError(str(exc)) from exc
    print(f"Benutzer {created.username} (id {created.user_id}, Rolle {args.role}) angelegt.")
    print(RECOVERY_HINT)
    print(created.recovery_code)
    return 0


def reset_code_command(args: argparse.Namespace) -> int:
    if not 1 <= args.hours <= 24 * 30:
        raise CommandError("--hours muss zwischen 1 und 720 liegen.")
    try:
        issued = issue_reset_as_operator(open_engine(), args.username, args.hours)
    except UserError as exc:
        raise CommandError(str(exc)) from exc
    name = args.username.strip().lower()
    print(f"Rücksetzcode für {name} (gültig {args.hours} Stunden): {issued.code}")
    return 0


def set_active_command(args: argparse.Namespace, active: bool) -> int:
    try:
        name = set_active_as_operator(open_engine(), args.username, active)
    except UserError as exc:
        raise CommandError(str(exc)) from exc
    print(f"Konto {name} ist {'aktiv' if active else 'deaktiviert'}.")
    return 0

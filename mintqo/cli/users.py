"""``create-user``: accounts for the programme team and for first coordinators."""

from __future__ import annotations

import argparse
import getpass
import os

from mintqo.auth import codes
from mintqo.auth.accounts import RESET_HOURS, AccountError, check_username
from mintqo.auth.passwords import password_problem
from mintqo.cli import CommandError
from mintqo.cli.common import open_engine
from mintqo.store.models import ROLES
from mintqo.store.users import UserChangeError, UserExistsError, create_user


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
        "disable-user", help="Ein Konto deaktivieren (Anmeldung nicht mehr möglich)."
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
    try:
        check_username(args.username)
    except AccountError as exc:
        raise CommandError(str(exc)) from exc
    password = _read_password(args)
    problem = password_problem(password, args.username)
    if problem:
        raise CommandError(problem)
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
    except (UserExistsError, UserChangeError) as exc:
        raise CommandError(str(exc)) from exc
    print(f"Benutzer {args.username.strip().lower()} (id {user_id}, Rolle {args.role}) angelegt.")
    return 0


def _cli_user(engine, username: str):
    from mintqo.store.users import credential_for

    credential = credential_for(engine, username)
    if credential is None:
        raise CommandError(f"Es gibt kein Konto „{username.strip().lower()}“.")
    return credential


def reset_code_command(args: argparse.Namespace) -> int:
    """Issued by the command line (the operator), audited as 'cli'."""
    import datetime as dt

    from mintqo.auth import clock
    from mintqo.store import audit
    from mintqo.store.engine import write_session
    from mintqo.store.models import OneTimeCode

    if not 1 <= args.hours <= 24 * 30:
        raise CommandError("--hours muss zwischen 1 und 720 liegen.")
    engine = open_engine()
    credential = _cli_user(engine, args.username)
    code = codes.new_code()
    now = clock.now()
    with write_session(engine) as s:
        s.add(
            OneTimeCode(
                code_hash=codes.code_hash(code),
                kind="reset",
                user_id=credential.user_id,
                label=credential.username,
                created_at=now,
                expires_at=now + dt.timedelta(hours=args.hours),
            )
        )
        audit.record(s, "cli", "reset_code.create", f"user:{credential.username}")
    print(f"Rücksetzcode für {credential.username} (gültig {args.hours} Stunden): {code}")
    return 0


def set_active_command(args: argparse.Namespace, active: bool) -> int:
    from sqlalchemy import update

    from mintqo.store import audit
    from mintqo.store.engine import write_session
    from mintqo.store.models import User

    engine = open_engine()
    credential = _cli_user(engine, args.username)
    with write_session(engine) as s:
        s.execute(update(User).where(User.id == credential.user_id).values(active=active))
        action = "user.enable" if active else "user.disable"
        audit.record(s, "cli", action, f"user:{credential.username}")
    print(f"Konto {credential.username} ist {'aktiv' if active else 'deaktiviert'}.")
    return 0

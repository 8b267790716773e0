"""Offline questionnaire on the command line: write a template, import a filled one.

Both act as a user (``--user``) and go through the same use cases as the app: only a member of
the initiative may read or fill its round.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mintqo.cli import CommandError
from mintqo.cli.common import acting_user, open_engine
from mintqo.services import self_analysis


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", required=True, help="Benutzername eines Mitglieds der Initiative")
    parser.add_argument("--assessment", type=int, required=True, help="Nummer der Selbstanalyse")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "export-template",
        help="Offline-Vorlage einer Selbstanalyse schreiben (.xlsx oder .csv nach Dateiendung).",
    )
    _common(p)
    p.add_argument("file", type=Path, help="Zieldatei, z. B. vorlage.xlsx oder vorlage.csv")
    p.set_defaults(func=export_template)

    p = subparsers.add_parser(
        "import-answers",
        help="Ausgefüllte Offline-Vorlage (.xlsx oder .csv) in den Entwurf übernehmen.",
    )
    _common(p)
    p.add_argument("file", type=Path, help="ausgefüllte Vorlage (.xlsx oder .csv)")
    p.set_defaults(func=import_answers_command)


def export_template(args: argparse.Namespace) -> int:
    engine = open_engine()
    actor = acting_user(engine, args.user)
    fmt = "csv" if args.file.suffix.lower() == ".csv" else "xlsx"
    data = self_analysis.offline_template(engine, actor, args.assessment, fmt)
    try:
        args.file.write_bytes(data)
    except OSError as exc:
        raise CommandError(f"Datei konnte nicht geschrieben werden: {exc}") from exc
    print(f"Vorlage für Selbstanalyse Nr. {args.assessment} geschrieben: {args.file}")
    return 0


def import_answers_command(args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise CommandError(f"Datei konnte nicht gelesen werden: {exc}") from exc
    engine = open_engine()
    actor = acting_user(engine, args.user)
    result = self_analysis.check_offline_file(engine, actor, args.assessment, data, args.file.name)
    if not result.ok:
        lines = "\n".join(f"  - {m}" for m in result.messages())
        raise CommandError(f"Die Datei wurde nicht übernommen; nichts wurde geändert.\n{lines}")
    assert result.parsed is not None
    outcome = self_analysis.import_offline(
        engine, actor, args.assessment, result.parsed.answers, result.parsed.notes
    )
    if outcome.changed:
        print(
            f"Übernommen: {outcome.changed_answers} Bewertungen und {outcome.changed_notes} "
            f"Notizen geändert (Selbstanalyse Nr. {args.assessment})."
        )
    else:
        print("Keine Änderungen: die Datei entspricht schon dem gespeicherten Stand.")
    return 0

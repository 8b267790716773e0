"""Offline questionnaire on the command line: write a template, import a filled one."""

from __future__ import annotations

import argparse
from pathlib import Path

from mintqo.cli import CommandError
from mintqo.cli.common import open_engine
from mintqo.io.offline_template import template_bytes, validate_file
from mintqo.questionnaire import load_questionnaire
from mintqo.store.answer_import import (
    ImportRefused,
    import_answers,
    questionnaire_version_of,
    template_content,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "export-template",
        help="Offline-Vorlage einer Selbstanalyse schreiben (.xlsx oder .csv nach Dateiendung).",
    )
    p.add_argument("--assessment", type=int, required=True, help="Nummer der Selbstanalyse")
    p.add_argument("file", type=Path, help="Zieldatei, z. B. vorlage.xlsx oder vorlage.csv")
    p.set_defaults(func=export_template)

    p = subparsers.add_parser(
        "import-answers",
        help="Ausgefüllte Offline-Vorlage (.xlsx oder .csv) in den Entwurf übernehmen.",
    )
    p.add_argument("--assessment", type=int, required=True, help="Nummer der Selbstanalyse")
    p.add_argument("file", type=Path, help="ausgefüllte Vorlage (.xlsx oder .csv)")
    p.set_defaults(func=import_answers_command)


def export_template(args: argparse.Namespace) -> int:
    engine = open_engine()
    try:
        content = template_content(engine, args.assessment)
    except ImportRefused as exc:
        raise CommandError(str(exc)) from exc
    data = template_bytes(content, args.file.name)
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
    version = questionnaire_version_of(engine, args.assessment)
    if version is None:
        raise CommandError(f"Die Selbstanalyse Nr. {args.assessment} gibt es nicht.")
    result = validate_file(data, args.file.name, load_questionnaire(version), args.assessment)
    if not result.ok:
        lines = "\n".join(f"  - {m}" for m in result.messages())
        raise CommandError(f"Die Datei wurde nicht übernommen; nichts wurde geändert.\n{lines}")
    assert result.parsed is not None
    try:
        outcome = import_answers(
            engine, args.assessment, result.parsed.answers, result.parsed.notes
        )
    except ImportRefused as exc:
        raise CommandError(str(exc)) from exc
    if outcome.changed:
        print(
            f"Übernommen: {outcome.changed_answers} Bewertungen und {outcome.changed_notes} "
            f"Notizen geändert (Selbstanalyse Nr. {args.assessment})."
        )
    else:
        print("Keine Änderungen: die Datei entspricht schon dem gespeicherten Stand.")
    return 0

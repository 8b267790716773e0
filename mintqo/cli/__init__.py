"""``python -m mintqo <command>``: every module in this package registers its own commands.

A module exposes ``register(subparsers)`` and sets ``func`` on each parser it adds; ``func``
takes the parsed arguments and returns an exit code. A command that hands unknown arguments on
(``serve`` → ``streamlit run``) sets ``passthrough=True`` and finds them in ``args.extra``.
Mistakes of the user raise :class:`CommandError` and end as one line on stderr with exit
code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from mintqo.errors import UserError


class CommandError(Exception):
    """A user mistake (bad argument, missing file…): printed as one line, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m mintqo",
        description="mintqo – Selbstanalyse der MINT-Qualitätsoffensive (Kommandozeile).",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="<command>", required=True)
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and not getattr(args, "passthrough", False):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.extra = extra
    try:
        return int(args.func(args) or 0)
    except (CommandError, UserError) as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130

"""Helpers shared by the CLI commands: the engine, and progress bars."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from tqdm import tqdm

from mintqo.access import Actor
from mintqo.cli import CommandError
from mintqo.demo import Progress
from mintqo.services import acting
from mintqo.services.runtime import configured_url, open_store


def open_engine() -> Engine:
    """The configured store, migrated to the newest schema."""
    url = configured_url()
    try:
        return open_store(url)
    except OperationalError as exc:
        raise CommandError(
            f"Datenbank nicht erreichbar ({url.split('@')[-1]}): {exc.orig}"
        ) from exc


def acting_user(engine: Engine, username: str) -> Actor:
    """The account a command acts as (``--user``): the same rules apply as in the app."""
    actor = acting.resolve(engine, username)
    if actor is None:
        raise CommandError(f"Ein aktives Benutzerkonto „{username}“ gibt es nicht.")
    return actor


@contextmanager
def progress_bars() -> Iterator[Progress]:
    """A Progress callback drawing one tqdm bar per stage on stderr."""
    bars: dict[str, tqdm] = {}

    def update(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="", file=sys.stderr, leave=True)
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        for bar in bars.values():
            bar.close()

"""German formats for everything the UI and exports show: times in Europe/Berlin. Pure."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def local_time(value: dt.datetime) -> str:
    """A stored time (naive UTC) in German local time, e.g. '09.03.2026, 13:01 Uhr'."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(BERLIN).strftime("%d.%m.%Y, %H:%M Uhr")

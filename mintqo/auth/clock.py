"""The one clock of the accounts code (naive UTC, like the store's timestamps).

Functions take ``now`` as a parameter and fall back to :func:`now`; tests replace this function
(``monkeypatch.setattr(clock, "now", ...)``) to move time, e.g. past a lockout.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def resolve(value: dt.datetime | None) -> dt.datetime:
    """``value`` or the current time (looked up at call time, so a patched clock is seen)."""
    return value if value is not None else now()


BERLIN = ZoneInfo("Europe/Berlin")


def berlin_text(value: dt.datetime) -> str:
    """A stored (naive UTC) time as German local time, e.g. '09.03.2026, 13:01 Uhr'."""
    return value.replace(tzinfo=dt.UTC).astimezone(BERLIN).strftime("%d.%m.%Y, %H:%M Uhr")

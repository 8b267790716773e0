"""The one clock of the accounts code (naive UTC, like the store's timestamps).

Functions take ``now`` as a parameter and fall back to :func:`now`; tests replace this function
(``monkeypatch.setattr(clock, "now", ...)``) to move time, e.g. past a lockout.
"""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def resolve(value: dt.datetime | None) -> dt.datetime:
    """``value`` or the current time (looked up at call time, so a patched clock is seen)."""
    return value if value is not None else now()

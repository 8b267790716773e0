"""Brute-force protection: after 5 failed logins for a user name within 15 minutes, that name is
locked for 15 minutes. Pure logic over login events; the store feeds the events.

Attempts refused because of a lock are not recorded as failures, so the lock ends by itself
15 minutes after the fifth failure, however often an attacker keeps trying. Unknown user names
are counted like known ones (the answer must not reveal which names exist).
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
LOCK = dt.timedelta(minutes=15)
# Events older than this cannot influence a lock that is still running.
LOOKBACK = WINDOW + LOCK

LOCKED_MESSAGE = (
    "Zu viele fehlgeschlagene Anmeldeversuche für diesen Benutzernamen. "
    "Die Anmeldung ist für 15 Minuten gesperrt – bitte versuchen Sie es danach erneut."
)


def locked_until(
    events: Iterable[tuple[dt.datetime, bool]], now: dt.datetime
) -> dt.datetime | None:
    """The end of the running lock for one user name, or None.

    ``events`` are (time, success) pairs of that name, in any order. A success clears the
    failures before it; the fifth failure within ``WINDOW`` starts a lock of ``LOCK``.
    """
    failures: deque[dt.datetime] = deque()
    until: dt.datetime | None = None
    for at, success in sorted(events):
        if until is not None and at < until:
            continue  # cannot normally happen: refused attempts are not recorded
        if success:
            failures.clear()
            continue
        failures.append(at)
        while failures and failures[0] <= at - WINDOW:
            failures.popleft()
        if len(failures) >= MAX_FAILURES:
            until = at + LOCK
            failures.clear()
    return until if until is not None and now < until else None

"""Login throttling: growing delays per (account, client address) and per client address, and a
captcha for accounts under attack. Pure rules over recorded attempts; the store feeds them.

Why not a lockout: anyone who knows a user name could lock its owner out for as long as they
keep typing wrong passwords. Here an attacker's failures slow down only the attacker's own
address; the owner, from another address, is asked at most to solve a captcha.

- **Per account and address**: the first :data:`PAIR_FREE` failures of one account from one
  address within :data:`WINDOW` cost nothing; after that each further attempt waits
  2 s, 4 s, 8 s, … up to :data:`PAIR_MAX_DELAY` after the last failure. A successful login from
  that address, an admin unlock or a password reset clears the count.
- **Per address**, across accounts (someone trying many names): the first :data:`CLIENT_FREE`
  failures in :data:`WINDOW` are free (a workshop behind one school router mistypes too), then
  the same doubling up to :data:`CLIENT_MAX_DELAY`. Only time clears it: a successful login of
  the attacker's own account must not reset it.
- **Captcha**: after :data:`CAPTCHA_AFTER` failures of an account from any address (since its
  last successful login, unlock or reset), or :data:`CLIENT_CAPTCHA_AFTER` failures from one
  address, every attempt must also solve a captcha.

Wrong passwords in the settings (current password for a change or a new recovery code) count
exactly like failed logins. Unknown user names are counted like known ones, so the answer never
tells which names exist. Attempts refused by the throttle are not counted.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

WINDOW = dt.timedelta(hours=1)
PAIR_FREE = 3
PAIR_MAX_DELAY = dt.timedelta(minutes=5)
CLIENT_FREE = 20
CLIENT_MAX_DELAY = dt.timedelta(minutes=1)
BASE_DELAY = dt.timedelta(seconds=2)
CAPTCHA_AFTER = 3
CLIENT_CAPTCHA_AFTER = 10

LOGIN = "login"
PASSWORD_CHECK = "password_check"
UNLOCK = "unlock"
RESET = "reset"
GUESSES = frozenset({LOGIN, PASSWORD_CHECK})
CLEARING = frozenset({UNLOCK, RESET})


@dataclass(frozen=True)
class Attempt:
    """One recorded event: a password guess (login or settings check), an unlock or a reset."""

    at: dt.datetime
    username: str
    client: str
    kind: str
    success: bool

    @property
    def failed_guess(self) -> bool:
        return self.kind in GUESSES and not self.success


@dataclass(frozen=True)
class Verdict:
    """What the next attempt of one account from one address must respect."""

    wait_until: dt.datetime | None = None
    captcha: bool = False

    def wait_seconds(self, now: dt.datetime) -> int:
        if self.wait_until is None or self.wait_until <= now:
            return 0
        return math.ceil((self.wait_until - now).total_seconds())


def delay_after(failures: int, free: int, maximum: dt.timedelta) -> dt.timedelta:
    """The wait after ``failures`` failures: none up to ``free``, then 2 s doubling to ``maximum``."""
    if failures <= free:
        return dt.timedelta(0)
    extra = failures - free - 1
    if extra >= 20:  # far beyond any maximum; avoids huge powers
        return maximum
    return min(BASE_DELAY * (2**extra), maximum)


def _since(events: Iterable[Attempt], start: dt.datetime) -> list[Attempt]:
    return [e for e in events if e.at > start]


def _last(times: Iterable[dt.datetime], default: dt.datetime) -> dt.datetime:
    return max(times, default=default)


def _wait(failures: list[Attempt], free: int, maximum: dt.timedelta) -> dt.datetime | None:
    if len(failures) <= free:
        return None
    return max(f.at for f in failures) + delay_after(len(failures), free, maximum)


def assess(
    account_events: Iterable[Attempt],
    client_events: Iterable[Attempt],
    username: str,
    client: str,
    now: dt.datetime,
) -> Verdict:
    """The throttle for the next attempt of ``username`` from ``client``.

    ``account_events`` are the events of that user name (all addresses), ``client_events`` those
    of that address (all user names), each at least :data:`WINDOW` back; order does not matter.
    """
    start = now - WINDOW
    own = [e for e in _since(account_events, start) if e.username == username]
    cleared = _last((e.at for e in own if e.kind in CLEARING), start)
    pair_clear = _last(
        (e.at for e in own if e.kind in GUESSES and e.success and e.client == client), cleared
    )
    pair_failures = [e for e in own if e.failed_guess and e.client == client and e.at > pair_clear]
    account_clear = _last((e.at for e in own if e.kind in GUESSES and e.success), cleared)
    account_failures = [e for e in own if e.failed_guess and e.at > account_clear]
    client_failures = [
        e for e in _since(client_events, start) if e.failed_guess and e.client == client
    ]

    waits = [
        w
        for w in (
            _wait(pair_failures, PAIR_FREE, PAIR_MAX_DELAY),
            _wait(client_failures, CLIENT_FREE, CLIENT_MAX_DELAY),
        )
        if w is not None and w > now
    ]
    captcha = len(account_failures) >= CAPTCHA_AFTER or len(client_failures) >= CLIENT_CAPTCHA_AFTER
    return Verdict(max(waits) if waits else None, captcha)


def client_needs_captcha(client_events: Iterable[Attempt], client: str, now: dt.datetime) -> bool:
    """Before a user name is known (drawing the login form): does this address need a captcha?"""
    start = now - WINDOW
    failures = [e for e in client_events if e.at > start and e.failed_guess and e.client == client]
    return len(failures) >= CLIENT_CAPTCHA_AFTER


def wait_message(seconds: int) -> str:
    """German: how long to wait before the next attempt."""
    if seconds > 90:
        amount = f"etwa {math.ceil(seconds / 60)} Minuten"
    else:
        amount = "1 Sekunde" if seconds == 1 else f"{seconds} Sekunden"
    return (
        "Zu viele fehlgeschlagene Versuche. Zu Ihrem Schutz wartet die Anmeldung nach jedem "
        f"weiteren Fehlversuch etwas länger: Bitte versuchen Sie es in {amount} erneut."
    )

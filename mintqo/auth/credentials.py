"""The credentials mapping handed to streamlit-authenticator, filled from the User table.

The library keeps a reference to the dict we pass and looks users up in
``credentials["usernames"]`` on every login. Instead of loading every account on every run, we
put a :class:`UserDirectory` there: it loads a user from the database when the library asks for
the name. For a password attempt, the library asks ``name in usernames`` *before* it checks the
password, so that is where the lockout refuses: a locked name is simply "not there", and its
password is never looked at. The directory also remembers which name was tried, so the login
event can be recorded afterwards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Engine

from mintqo.auth import clock, lockout
from mintqo.store.login_events import events_since
from mintqo.store.users import Credential, credential_for


def entry(credential: Credential) -> dict:
    """One user in streamlit-authenticator's format (no e-mail: we do not collect it)."""
    return {
        "name": credential.display_name,
        "password": credential.password_hash,
        "roles": [credential.role],
        "email": None,
    }


def lock_end(engine: Engine, username: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the running lock of ``username`` ends, or None if it may try to log in."""
    now = clock.resolve(now)
    return lockout.locked_until(events_since(engine, username, now - lockout.LOOKBACK), now)


class UserDirectory(dict):
    """``credentials["usernames"]`` for streamlit-authenticator, loaded on demand.

    Outside password mode it only knows the users added with :meth:`admit` (the user of a valid
    login cookie). In password mode, every ``name in directory`` is a login attempt: it is
    recorded in :attr:`attempted`, refused while the name is locked (:attr:`locked_until`), and
    answered from the database (active users only).
    """

    def __init__(self, engine: Engine, now: Callable[[], dt.datetime] | None = None) -> None:
        super().__init__()
        self._engine = engine
        self._now = now
        self.password_mode = False
        self.attempted: str | None = None
        self.locked_until: dt.datetime | None = None

    def admit(self, username: str) -> bool:
        """Make a known user (active or not) available, e.g. for a cookie login."""
        credential = credential_for(self._engine, username)
        if credential is None:
            return False
        self[credential.username] = entry(credential)
        return True

    def __contains__(self, key: object) -> bool:
        if not self.password_mode:
            return super().__contains__(key)
        if not isinstance(key, str):
            return False
        name = key.strip().lower()
        self.attempted = name
        if key != name:  # the library normalises names when a password was typed
            return False
        now = self._now() if self._now else clock.now()
        until = lock_end(self._engine, name, now)
        if until is not None:
            self.locked_until = until
            super().pop(name, None)
            return False
        credential = credential_for(self._engine, name)
        if credential is None or not credential.active:
            super().pop(name, None)
            return False
        self[name] = entry(credential)
        return True

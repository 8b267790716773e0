"""Everything that touches streamlit-authenticator's internals, in one place.

The login relies on parts of streamlit-authenticator 0.4.2 that are not a public contract:
the credentials dict it keeps *by reference* (we put a :class:`UserDirectory` there, a ``dict``
subclass whose ``in`` check runs the throttle and loads the user), its cookie controller (whose
cookie login and cookie writing we switch off: our own token names a server-side session), the
cookie manager component it would create on every run (replaced by an inert stand-in: the
adapter writes the cookie with a few lines of script and reads it from the page load), the
captcha it keeps in session state, and its session
keys, which demo logins and cookie logins write by hand. ``tests/test_auth_adapter_contract.py``
pins each of these assumptions to the version in requirements.txt, so an upgrade fails there,
loudly, instead of somewhere in the login.

Nothing else in mintqo imports ``streamlit_authenticator``. No store access here: the gate
(:mod:`mintqo.ui.login`) hands in the functions that ask :mod:`mintqo.services.login`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import format_datetime
from types import SimpleNamespace
from typing import Any

import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.models import cookie_model as _library_cookie_model
from streamlit_authenticator.utilities import Encryptor, LoginError

from mintqo.auth.config import AuthSettings

PINNED_VERSION = "0.4.2"

# Session keys of the library (it reads and writes them; demo and cookie logins set them too).
STATUS = "authentication_status"
USERNAME = "username"
NAME = "name"
LOGOUT = "logout"
ROLES = "roles"
EMAIL = "email"
CAPTCHA = "login_captcha"  # the encrypted captcha text of the login form
# Ours: the server-side session this browser session belongs to (see mintqo.services.login).
SESSION_ID = "_mintqo_session_id"
# What may stand in the cookie script: a cookie name and a JWT (base64url parts and dots).
_COOKIE_TEXT = re.compile(r"[A-Za-z0-9._-]{1,4096}")


class _NoCookieComponent:
    """Stands in for extra-streamlit-components' CookieManager inside the library, which
    would draw a cookie component (an iframe that reports back with a rerun) on every run.
    The adapter sets and deletes the cookie itself (:meth:`Authenticator.write_cookie`) and
    reads the one the browser sent with the page load (:meth:`Authenticator.read_cookie`)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.cookies: dict[str, str] = {}

    def get(self, cookie: str) -> None:
        return None

    def set(self, *args: object, **kwargs: object) -> None:
        return None

    def delete(self, *args: object, **kwargs: object) -> None:
        return None


_library_cookie_model.stx = SimpleNamespace(CookieManager=_NoCookieComponent)
# The cookie's script takes no room on the page (an element's container adds a gap).
_HIDDEN = (
    "<style>[data-testid=stElementContainer]:has([data-mintqo-cookie]){display:none}</style>"
    "<span data-mintqo-cookie hidden></span>"
)


@dataclass(frozen=True)
class AttemptAnswer:
    """The gate's answer when the library asks whether a typed user name exists."""

    entry: dict | None  # the active account, or None (unknown or disabled: a dummy is checked)
    wait_seconds: int = 0  # > 0: throttled, the password is not looked at
    captcha_required: bool = False


@dataclass(frozen=True)
class FormResult:
    """What happened in the login form during this run."""

    attempted: str | None = None  # the user name of a password attempt in this run
    success: bool = False  # the password was right (for a real, active account)
    wait_seconds: int = 0  # the attempt was refused by the throttle
    captcha_missing: bool = False  # refused: this account needs a captcha the form did not show
    captcha_wrong: bool = False  # the captcha was not solved


def entry(display_name: str, password_hash: str, role: str) -> dict:
    """One user in the library's format (no e-mail: we do not collect it)."""
    return {"name": display_name, "password": password_hash, "roles": [role], "email": None}


class UserDirectory(dict):
    """``credentials["usernames"]`` for the library, answered on demand.

    In password mode every ``name in directory`` is a login attempt (the library asks exactly
    that before checking a password): it asks the gate's ``check`` once per attempt, refuses
    throttled names and names that need a captcha the form did not show, and otherwise answers
    *yes* – for unknown and disabled names with a dummy entry whose bcrypt hash nobody knows the
    password of. So the library always runs one bcrypt check: a wrong name costs as much time
    as a wrong password.
    """

    def __init__(self, check: Callable[[str], AttemptAnswer], dummy_hash: Callable[[], str]):
        super().__init__()
        self._check = check
        self._dummy_hash = dummy_hash
        self.password_mode = False
        self.captcha_shown = False
        self.attempted: str | None = None
        self.answer: AttemptAnswer | None = None
        self.real = False
        self._decided: bool | None = None

    def start_attempt(self, captcha_shown: bool) -> None:
        self.password_mode, self.captcha_shown = True, captcha_shown
        self.attempted, self.answer, self.real, self._decided = None, None, False, None

    def admit(self, username: str, display_name: str) -> None:
        """Make a logged-in user known to the library outside password mode (e.g. for logout)."""
        self[username] = entry(display_name, "", "")

    def __contains__(self, key: object) -> bool:
        if not self.password_mode:
            return super().__contains__(key)
        if not isinstance(key, str):
            return False
        name = key.strip().lower()
        if self._decided is not None and name == self.attempted:
            return self._decided  # the library asks twice after a failure
        self.attempted = name
        if key != name or not name:  # the library normalises names only when a password came
            self._decided = False
            return False
        answer = self.answer = self._check(name)
        if answer.wait_seconds > 0 or (answer.captcha_required and not self.captcha_shown):
            super().pop(name, None)
            self._decided = False
            return False
        self.real = answer.entry is not None
        self[name] = answer.entry or entry("", self._dummy_hash(), "")
        self._decided = True
        return True


def _context_cookies() -> Mapping[str, str]:
    """The cookies the browser sent when it opened this session (tests replace this)."""
    return st.context.cookies


class Authenticator:
    """streamlit-authenticator with our users, throttle, cookie and session keys.

    Build it once per run (the library's widgets have fixed keys).
    """

    def __init__(
        self,
        settings: AuthSettings,
        check: Callable[[str], AttemptAnswer],
        dummy_hash: Callable[[], str],
    ) -> None:
        self.settings = settings
        credentials: dict[str, Any] = {"usernames": {}}
        self._auth = stauth.Authenticate(
            credentials,
            cookie_name=settings.cookie_name,
            cookie_key=settings.cookie_key,
            cookie_expiry_days=settings.cookie_expiry_days,
            auto_hash=False,
            login_sleep_time=settings.login_sleep,
        )
        self.directory = UserDirectory(check, dummy_hash)
        # The library keeps a reference to this dict: from now on it asks the directory.
        credentials["usernames"] = self.directory
        controller = self._auth.cookie_controller
        # Our token (with a session id) replaces the library's cookie; its own cookie login
        # would also raise on tokens signed with another algorithm.
        controller.get_cookie = lambda: None
        controller.set_cookie = lambda: None
        controller.delete_cookie = self.delete_cookie

    # --- who is logged in (the library's session keys) --------------------------------------

    @staticmethod
    def username() -> str | None:
        if st.session_state.get(STATUS) is not True:
            return None
        name = st.session_state.get(USERNAME)
        return name if isinstance(name, str) and name else None

    @staticmethod
    def session_id() -> str | None:
        value = st.session_state.get(SESSION_ID)
        return value if isinstance(value, str) and value else None

    @staticmethod
    def set_session_id(session_id: str) -> None:
        st.session_state[SESSION_ID] = session_id

    def log_in(self, username: str, display_name: str, session_id: str) -> None:
        """Log this browser session in as the library would after a password (demo, cookie).

        Roles are not put into session state: every run reads them from the database.
        """
        self.directory.admit(username, display_name)
        st.session_state[STATUS] = True
        st.session_state[USERNAME] = username
        st.session_state[NAME] = display_name
        st.session_state[ROLES] = None
        st.session_state[EMAIL] = None
        st.session_state[LOGOUT] = None
        st.session_state[SESSION_ID] = session_id

    def log_out(self) -> None:
        """End the login in this browser session (state only; the cookie is the caller's)."""
        st.session_state.pop(SESSION_ID, None)
        if st.session_state.get(STATUS):
            self._auth.authentication_controller.logout()
        else:
            st.session_state[LOGOUT] = True

    @staticmethod
    def forget() -> None:
        """Clear this browser session's login without an authenticator (e.g. after the account
        was deleted from a page); like the library's logout, minus its components."""
        for key in (NAME, USERNAME, STATUS, EMAIL, ROLES):
            st.session_state[key] = None
        st.session_state[LOGOUT] = True
        st.session_state.pop(SESSION_ID, None)

    @staticmethod
    def logged_out_here() -> bool:
        """Did this browser session log out? (Its cookies are those of the page load.)"""
        return st.session_state.get(LOGOUT) is True

    # --- the form and the logout button --------------------------------------------------------

    def login_form(self, fields: dict[str, str], key: str, captcha: bool) -> FormResult:
        """Draw the login form and handle a submitted attempt (captcha first, then password)."""
        self.directory.start_attempt(captcha)
        try:
            self._auth.login(location="main", fields=fields, key=key, captcha=captcha)
        except LoginError:  # the only LoginErrors left with our settings: captcha missing/wrong
            st.session_state.pop(CAPTCHA, None)  # a new picture for the next try
            return FormResult(captcha_wrong=True)
        finally:
            self.directory.password_mode = False
        name, answer = self.directory.attempted, self.directory.answer
        if name is None:
            return FormResult()
        if answer is not None and answer.wait_seconds > 0:
            return FormResult(attempted=name, wait_seconds=answer.wait_seconds)
        if answer is not None and answer.captcha_required and not captcha:
            return FormResult(attempted=name, captcha_missing=True)
        success = self.directory.real and self.username() == name
        return FormResult(attempted=name, success=success)

    def logout_button(self, label: str, key: str, on_logout: Callable[[], None]) -> None:
        """The sidebar button; ``on_logout`` runs before the library clears the session keys."""
        self._auth.logout(label, location="sidebar", key=key, callback=lambda _info: on_logout())

    # --- the cookie ----------------------------------------------------------------------------

    def read_cookie(self) -> str | None:
        """The raw login cookie the browser sent with this session's page load, if any."""
        try:
            value = _context_cookies().get(self.settings.cookie_name)
        except Exception:  # no script context or a malformed header: no cookie
            return None
        return value if isinstance(value, str) and value else None

    def write_cookie(self, token: str, expires_at: dt.datetime) -> None:
        """Set the login cookie in the browser (SameSite=Strict, Secure if configured): a
        script drawn with this run, run by the browser when it shows the run's output."""
        if not _COOKIE_TEXT.fullmatch(token):
            raise ValueError("not a login token")
        self._cookie_script(f"{token}; expires={format_datetime(_utc(expires_at), usegmt=True)}")

    def delete_cookie(self) -> None:
        """Delete the login cookie in the browser (drawn like :meth:`write_cookie`)."""
        self._cookie_script("; expires=Thu, 01 Jan 1970 00:00:00 GMT")

    def _cookie_script(self, value_and_expiry: str) -> None:
        name, value = self.settings.cookie_name, value_and_expiry.split(";", 1)[0]
        if not _COOKIE_TEXT.fullmatch(name) or (value and not _COOKIE_TEXT.fullmatch(value)):
            raise ValueError("not a login cookie")  # nothing but a name and a JWT goes in
        # (the expiry is a date this module formats; the whole text goes in as a JSON string)
        cookie = f"{name}={value_and_expiry}; path=/; SameSite=Strict"
        if self.settings.cookie_secure:
            cookie += "; Secure"
        st.html(
            _HIDDEN + f"<script>document.cookie = {json.dumps(cookie)};</script>",
            unsafe_allow_javascript=True,
        )


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def captcha_text(state: Mapping[str, Any], cookie_key: str) -> str | None:
    """The text of the captcha currently shown to a session (for tests: the library keeps it
    encrypted with the cookie key in session state)."""
    try:  # AppTest's session state offers item access, not .get()
        encrypted = state[CAPTCHA]
    except KeyError:
        return None
    if not isinstance(encrypted, str):
        return None
    return Encryptor(cookie_key).decrypt(encrypted)

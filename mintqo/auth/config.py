"""Cookie and login settings from the environment (or Streamlit secrets).

| variable | meaning | default |
| MINTQO_COOKIE_KEY | secret that signs the login cookie (≥ 32 characters); or ``cookie_key`` in
  ``.streamlit/secrets.toml`` | required outside demo mode |
| MINTQO_COOKIE_EXPIRY_DAYS | how long a browser stays logged in | 1 |
| MINTQO_LOGIN_SLEEP | seconds streamlit-authenticator waits before showing the login form | 0.7 |
| MINTQO_DEMO | ``1`` = demo mode (a fixed, public cookie key is used if none is set) | off |
| MINTQO_COOKIE_SECURE | ``1`` = the login cookie gets the ``Secure`` flag (HTTPS deployments) | off |
| MINTQO_TRUSTED_PROXY | ``1`` = a proxy we trust is in front: the client address is read from its
  ``X-Real-IP`` (or the last ``X-Forwarded-For`` entry) instead of the connection | off |
| MINTQO_LOGIN_EVENT_DAYS | how long login events and ended sessions are kept (days) | 90 |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

COOKIE_NAME = "mintqo_auth"
MIN_KEY_CHARS = 32
DEMO_COOKIE_KEY = "mintqo-demo-mode-cookie-key-public-not-secret"
DEFAULT_EXPIRY_DAYS = 1.0
DEFAULT_LOGIN_SLEEP = 0.7
DEFAULT_LOGIN_EVENT_DAYS = 90

KEY_MISSING = (
    "Die Anmeldung ist nicht eingerichtet: Es fehlt der geheime Schlüssel für das "
    "Anmelde-Cookie. Setzen Sie die Umgebungsvariable MINTQO_COOKIE_KEY (oder `cookie_key` in "
    ".streamlit/secrets.toml) auf eine zufällige Zeichenkette mit mindestens 32 Zeichen, z. B. "
    'erzeugt mit: python -c "import secrets; print(secrets.token_urlsafe(48))" – und starten '
    "Sie die App neu."
)
KEY_TOO_SHORT = (
    "Der geheime Schlüssel für das Anmelde-Cookie (MINTQO_COOKIE_KEY bzw. `cookie_key` in "
    ".streamlit/secrets.toml) ist zu kurz: Er braucht mindestens 32 Zeichen, z. B. erzeugt "
    'mit: python -c "import secrets; print(secrets.token_urlsafe(48))".'
)
BAD_EXPIRY = "MINTQO_COOKIE_EXPIRY_DAYS muss eine Zahl größer als 0 und höchstens 30 sein."
BAD_SLEEP = "MINTQO_LOGIN_SLEEP muss eine Zahl zwischen 0 und 5 (Sekunden) sein."
BAD_RETENTION = "MINTQO_LOGIN_EVENT_DAYS muss eine Zahl zwischen 1 und 3650 (Tagen) sein."


class AuthConfigError(RuntimeError):
    """A configuration problem that stops the app; the message is German and says how to fix it."""


@dataclass(frozen=True)
class AuthSettings:
    cookie_key: str
    cookie_expiry_days: float
    login_sleep: float
    demo: bool
    cookie_name: str = COOKIE_NAME
    cookie_secure: bool = False
    trusted_proxy: bool = False
    login_event_days: float = DEFAULT_LOGIN_EVENT_DAYS


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() in {"1", "true", "yes", "ja", "on"}


def demo_mode(env: Mapping[str, str] | None = None) -> bool:
    return _flag(os.environ if env is None else env, "MINTQO_DEMO")


def login_event_days(env: Mapping[str, str] | None = None) -> float:
    """Retention of login events and ended sessions (also used where no cookie key is needed)."""
    env = os.environ if env is None else env
    return _number(
        env, "MINTQO_LOGIN_EVENT_DAYS", DEFAULT_LOGIN_EVENT_DAYS, 1, 3650, BAD_RETENTION, True
    )


def _number(
    env: Mapping[str, str],
    name: str,
    default: float,
    low: float,
    high: float,
    message: str,
    low_inclusive: bool,
) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        raise AuthConfigError(message) from None
    if not (value >= low if low_inclusive else value > low) or value > high:
        raise AuthConfigError(message)
    return value


def load_settings(
    env: Mapping[str, str] | None = None, secret_cookie_key: str | None = None
) -> AuthSettings:
    """Read and check the settings; raises :class:`AuthConfigError` with a German explanation.

    The cookie key comes from ``MINTQO_COOKIE_KEY`` or, if unset, from the Streamlit secret
    ``cookie_key`` (passed in as ``secret_cookie_key``). Outside demo mode it is required.
    """
    env = os.environ if env is None else env
    demo = demo_mode(env)
    key = env.get("MINTQO_COOKIE_KEY", "").strip() or (secret_cookie_key or "").strip()
    if not key:
        if not demo:
            raise AuthConfigError(KEY_MISSING)
        key = DEMO_COOKIE_KEY
    elif len(key) < MIN_KEY_CHARS:
        raise AuthConfigError(KEY_TOO_SHORT)
    expiry = _number(
        env, "MINTQO_COOKIE_EXPIRY_DAYS", DEFAULT_EXPIRY_DAYS, 0, 30, BAD_EXPIRY, False
    )
    sleep = _number(env, "MINTQO_LOGIN_SLEEP", DEFAULT_LOGIN_SLEEP, 0, 5, BAD_SLEEP, True)
    return AuthSettings(
        cookie_key=key,
        cookie_expiry_days=expiry,
        login_sleep=sleep,
        demo=demo,
        cookie_secure=_flag(env, "MINTQO_COOKIE_SECURE"),
        trusted_proxy=_flag(env, "MINTQO_TRUSTED_PROXY"),
        login_event_days=login_event_days(env),
    )

"""The login cookie's settings, read at the start of every run; the app stops with a German
explanation while they are missing or wrong."""

from __future__ import annotations

import os
import time

import streamlit as st

from mintqo.auth.config import AuthConfigError, AuthSettings, load_settings
from mintqo.ui.document import show_title

SECRETS_RECHECK_S = 60.0
# Until when (monotonic clock) this process takes it that there is no secrets file.
_no_secrets_file_until = [0.0]
_now = time.monotonic


def settings_or_stop() -> AuthSettings:
    """The cookie settings; stops the app with a German explanation if they are missing/wrong."""
    secret = None
    if not os.environ.get("MINTQO_COOKIE_KEY", "").strip():
        secret = _secret_cookie_key()
    try:
        return load_settings(secret_cookie_key=secret if isinstance(secret, str) else None)
    except AuthConfigError as exc:
        show_title("Einrichtung unvollständig")
        st.error(str(exc), icon=":material/key_off:")
        st.stop()
        raise  # unreachable, st.stop() raises


def _secret_cookie_key() -> object:
    """``cookie_key`` from Streamlit's secrets file, if there is one (the environment variable
    is the other way). Without a file, Streamlit looks for it on the disk, under a lock, at
    every call; so a missing file is believed for a minute (every run asks)."""
    if _now() < _no_secrets_file_until[0]:
        return None
    try:
        return st.secrets.get("cookie_key")
    except FileNotFoundError:  # no secrets file at all
        _no_secrets_file_until[0] = _now() + SECRETS_RECHECK_S
        return None
    except Exception:  # a file Streamlit cannot read: load_settings then says what is missing
        return None
